import type { Executor } from "~db/client.server";
import { USD_CENTS_PER_TREE } from "~/domain/impact/impact";
import { monthStart, nextMonth } from "~/domain/impact/months";
import { CHECKSUM_RECIPE, csvLine, monthEntriesCsv, usdDecimal } from "~/domain/impact/open-data";
import { absoluteUrl } from "~/utils/http.server";
import { imageUrl, type ImageRef } from "~/utils/images";
import { getImpactReport, listMonthCloses } from "./ledger.server";
import { publishedEntries } from "./month-close.server";
import { IMPACT_CHANNELS, type ImpactReport } from "./types";

/**
 * The ledger as open data: /impact.json, /impact.csv, /impact/plantings.csv and each closed month's entries CSV.
 * Links are absolute on the configured public origin, never on the request's Host.
 */
export const monthEntriesPath = (month: string) => `/impact/months/${month}`;

/** An evidence photo's largest JPEG, absolute. */
const photoUrl = (image: ImageRef) => absoluteUrl(imageUrl(image.hash, image.widths.at(-1) ?? image.width, "jpeg"));

/** A closed month's entries CSV, exactly what its checksum hashes; null when the month is not closed. */
export async function getClosedMonthEntriesCsv(db: Executor, { month }: { month: string }): Promise<string | null> {
  const closes = await listMonthCloses(db);
  if (!closes.some((c) => c.month === month)) return null;
  const entries = await publishedEntries(db, { from: monthStart(month), to: monthStart(nextMonth(month)) });
  return monthEntriesCsv(entries);
}

/** The report as JSON anyone can read without our code: dollars as decimal strings, photos and checksums linked. */
export function impactOpenData(report: ImpactReport, { now }: { now: Date }) {
  const closes = new Map(report.closes.map((c) => [c.month, c]));
  return {
    about: {
      promise: `One tree for every US$${usdDecimal(USD_CENTS_PER_TREE)} of handicraft turnover, on every channel.`,
      months: "Calendar months in Asia/Jakarta (UTC+7); an entry belongs to the month it was booked in.",
      money: "US dollars, as decimal strings; usdCents fields give the same amounts as whole cents.",
      treesFunded: `floor(cumulative US cents / ${USD_CENTS_PER_TREE})`,
      closing: "A month closes three days after it ended in Jakarta; an entry that arrives later is booked into the open month.",
      checksumRecipe: CHECKSUM_RECIPE,
      csv: absoluteUrl("/impact.csv"),
      plantingsCsv: absoluteUrl("/impact/plantings.csv"),
    },
    generatedAt: now.toISOString(),
    totals: { ...report.totals, usd: usdDecimal(report.totals.usdCents) },
    months: report.monthly.map((m, i) => ({
      month: m.month,
      usd: { retail: usdDecimal(m.usdCents.retail), wholesale: usdDecimal(m.usdCents.wholesale), bazaar: usdDecimal(m.usdCents.bazaar), total: usdDecimal(m.totalUsdCents) },
      usdCents: { ...m.usdCents, total: m.totalUsdCents },
      treesFunded: report.trees[i]!.treesFunded,
      treesPlanted: report.trees[i]!.treesPlanted,
      checksum: closes.get(m.month)?.checksum ?? null,
    })),
    plantings: report.plantings.map((p) => ({
      id: p.id,
      plantedOn: p.plantedOn,
      place: p.place,
      province: p.province,
      latitude: p.latitude,
      longitude: p.longitude,
      treeCount: p.treeCount,
      species: p.species,
      partner: p.partner,
      verifiedAt: p.verifiedAt,
      treesFrom: p.treesFrom,
      treesTo: p.treesTo,
      survivalChecks: p.checks.map((c) => ({ checkedOn: c.checkedOn, aliveCount: c.aliveCount, notes: c.notes })),
      evidence: p.photos.map((photo) => ({
        url: photoUrl(photo.image),
        width: photo.image.width,
        height: photo.image.height,
        alt: photo.image.alt,
        gps: photo.gps,
        distanceMetres: photo.distanceMetres,
        takenAt: photo.takenAt,
        survivalCheckOn: p.checks.find((c) => c.id === photo.survivalCheckId)?.checkedOn ?? null,
      })),
    })),
    closes: report.closes.map((c) => ({ ...c, usd: usdDecimal(c.usdCents), entriesCsv: absoluteUrl(monthEntriesPath(c.month)) })),
  };
}

export type ImpactOpenData = ReturnType<typeof impactOpenData>;

/** /impact.csv: one row per month. */
export function impactMonthsCsv(report: ImpactReport): string {
  const closes = new Map(report.closes.map((c) => [c.month, c.checksum]));
  const header = csvLine(["month", "retail_usd", "wholesale_usd", "bazaar_usd", "total_usd", "trees_funded_cumulative", "trees_planted_cumulative", "checksum"]);
  return (
    header +
    report.monthly
      .map((m, i) =>
        csvLine([
          m.month,
          ...IMPACT_CHANNELS.map((c) => usdDecimal(m.usdCents[c])),
          usdDecimal(m.totalUsdCents),
          report.trees[i]!.treesFunded,
          report.trees[i]!.treesPlanted,
          closes.get(m.month) ?? "open",
        ]),
      )
      .join("")
  );
}

/** /impact/plantings.csv: one row per planting, photos as absolute links separated by spaces. */
export function impactPlantingsCsv(report: ImpactReport): string {
  const header = csvLine(["id", "planted_on", "place", "province", "latitude", "longitude", "tree_count", "species", "partner", "verified_at", "trees_from", "trees_to", "latest_alive_count", "evidence_urls"]);
  return (
    header +
    report.plantings
      .map((p) =>
        csvLine([
          p.id,
          p.plantedOn,
          p.place,
          p.province,
          p.latitude,
          p.longitude,
          p.treeCount,
          p.species,
          p.partner,
          p.verifiedAt,
          p.treesFrom,
          p.treesTo,
          p.checks.at(-1)?.aliveCount ?? null,
          p.photos.map((photo) => photoUrl(photo.image)).join(" "),
        ]),
      )
      .join("")
  );
}

/** The report and its open forms, as of `now`. */
export async function getImpactOpenData(db: Executor, { now }: { now: Date }) {
  return impactOpenData(await getImpactReport(db, { now }), { now });
}
