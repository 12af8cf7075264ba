import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { jakartaMonthOf } from "~/domain/impact/months";
import { getImpactTotals, listMonthCloses } from "~/models/impact/ledger.server";
import { closeMonths } from "~/models/impact/month-close.server";
import type { ImpactOpenData } from "~/models/impact/open-data.server";
import { queryRows } from "~/utils/db.server";
import { publicOrigin } from "~/utils/env.server";
import { catalogCacheControl } from "~/utils/http.server";
import { loader as csvLoader } from "~/routes/_shop+/impact[.csv]";
import { loader as jsonLoader } from "~/routes/_shop+/impact[.json]";
import { loader as monthLoader } from "~/routes/_shop+/impact.months.$month";
import { loader as plantingsLoader } from "~/routes/_shop+/impact.plantings[.csv]";
import { serveAppFrom, writableBackends } from "../support/db";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
/** "1234.56" → 123456, exactly. */
const cents = (decimal: string) => {
  const match = /^(-?)(\d+)\.(\d{2})$/.exec(decimal);
  if (!match) throw new Error(`Not a dollar amount: ${decimal}`);
  return (match[1] ? -1 : 1) * (Number(match[2]) * 100 + Number(match[3]));
};
const month = (value: string) => monthLoader({ request: new Request(`http://localhost/impact/months/${value}`), params: { month: value }, context: {} });

describe.each(writableBackends())("the impact ledger as open data on $name", ({ open }) => {
  let handle: DbHandle;
  let restoreAppDb: () => void;
  beforeAll(async () => {
    handle = await open();
    restoreAppDb = serveAppFrom(handle);
    await closeMonths(handle.db, { now: new Date() });
  });
  afterAll(async () => {
    restoreAppDb();
    await handle.close();
  });

  it("publishes /impact.json with the totals the ledger sums, links on the public origin and the checksum recipe", async () => {
    const response = await jsonLoader();
    expect(response.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toBe(catalogCacheControl);
    const data = (await response.json()) as ImpactOpenData;
    const totals = await getImpactTotals(handle.db, { now: new Date() });
    expect(data.totals).toMatchObject({ usdCents: totals.usdCents, treesFunded: totals.treesFunded, treesPlanted: totals.treesPlanted });
    expect(cents(data.totals.usd)).toBe(totals.usdCents);
    expect(data.months.reduce((sum, m) => sum + cents(m.usd.total), 0)).toBe(totals.usdCents);
    for (const m of data.months) expect(cents(m.usd.retail) + cents(m.usd.wholesale) + cents(m.usd.bazaar)).toBe(cents(m.usd.total));
    expect(data.months.at(-1)).toMatchObject({ month: jakartaMonthOf(new Date()), checksum: null, treesFunded: totals.treesFunded });
    expect(data.about.checksumRecipe).toContain("SHA-256");
    const closes = await listMonthCloses(handle.db);
    expect(closes.length).toBeGreaterThan(0);
    expect(data.closes.map((c) => c.checksum)).toEqual(closes.map((c) => c.checksum));
    expect(data.closes[0]!.entriesCsv).toBe(`${publicOrigin()}/impact/months/${closes[0]!.month}`);
    for (const planting of data.plantings) for (const photo of planting.evidence) expect(photo.url.startsWith(`${publicOrigin()}/images/`)).toBe(true);
    expect(data.plantings.length).toBe(Number((await queryRows<{ n: string }>(handle.db, sql`select count(*)::text as n from planting_records`))[0]!.n));
  });

  it("publishes /impact.csv as one row per month, dollars from cents, checksum or open", async () => {
    const response = await csvLoader();
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const [header, ...rows] = (await response.text()).trimEnd().split("\n");
    expect(header).toBe("month,retail_usd,wholesale_usd,bazaar_usd,total_usd,trees_funded_cumulative,trees_planted_cumulative,checksum");
    const closes = new Map((await listMonthCloses(handle.db)).map((c) => [c.month, c]));
    const totals = await getImpactTotals(handle.db, { now: new Date() });
    let sum = 0;
    for (const row of rows) {
      const [m, retail, wholesale, bazaar, total, funded, planted, checksum] = row.split(",");
      expect(cents(retail!) + cents(wholesale!) + cents(bazaar!)).toBe(cents(total!));
      sum += cents(total!);
      expect(Number(funded)).toBe(Math.floor(sum / 150_000));
      expect(Number(planted)).toBeLessThanOrEqual(totals.treesPlanted);
      const close = closes.get(m!);
      expect(checksum).toBe(close ? close.checksum : "open");
      if (close) expect(cents(total!)).toBe(close.usdCents);
    }
    expect(sum).toBe(totals.usdCents);
    expect(rows.at(-1)!.endsWith(",open")).toBe(true);
  });

  it("serves each closed month's entries so anyone can recompute its checksum", async () => {
    const closes = await listMonthCloses(handle.db);
    for (const close of [closes[0]!, closes.at(-1)!]) {
      const response = await month(close.month);
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
      const csv = await response.text();
      expect(sha256(`${close.previousChecksum ?? ""}\n${csv}`)).toBe(close.checksum);
      expect(csv.trimEnd().split("\n").length - 1).toBe(close.entryCount);
      expect(csv).not.toMatch(/source_id/);
    }
  });

  it("answers a closed month's entries with or without the .csv ending", async () => {
    const [close] = await listMonthCloses(handle.db);
    const plain = await month(close!.month);
    const suffixed = await month(`${close!.month}.csv`);
    expect(suffixed.status).toBe(200);
    expect(await suffixed.text()).toBe(await plain.text());
  });

  it("answers a malformed month with 400 and a month that is not closed with 404", async () => {
    for (const bad of ["2026-5", "may", "2026-13", "2026-05-01", "1999-12", "2026-05.csv.csv", ".csv"]) {
      const response = await month(bad);
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(/YYYY-MM/);
    }
    for (const notClosed of [jakartaMonthOf(new Date()), "2099-01", "2001-01"]) {
      const response = await month(notClosed);
      expect(response.status).toBe(404);
      expect(await response.text()).toMatch(/not a closed month/);
    }
  });

  it("publishes the plantings as CSV with absolute evidence links", async () => {
    const response = await plantingsLoader();
    const [header, ...rows] = (await response.text()).trimEnd().split("\n");
    expect(header).toBe("id,planted_on,place,province,latitude,longitude,tree_count,species,partner,verified_at,trees_from,trees_to,latest_alive_count,evidence_urls");
    const [{ n }] = (await queryRows<{ n: string }>(handle.db, sql`select count(*)::text as n from planting_records`)) as [{ n: string }];
    expect(rows.length).toBe(Number(n));
  });
});
