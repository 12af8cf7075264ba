import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlCounter, type DbHandle, type SqlCount, type Tx } from "../../db/client.server";
import { images, plantingEvidence, plantingRecords, producerGroups, survivalChecks, turnoverEntries } from "../../db/schema";
import { jakartaMonthOf, lastClosableMonth, monthsBetween } from "~/domain/impact/months";
import { oldestUnplantedEntry, plantingsTouched } from "~/domain/impact/tree-ledger";
import { getImpactReport, getImpactTotals, listMonthCloses, producerPlantingSites } from "~/models/impact/ledger.server";
import { closeMonths, verifyMonthCloses } from "~/models/impact/month-close.server";
import { queryRows } from "~/utils/db.server";
import { writableBackends } from "../support/db";

const TREE = 150_000;
const now = new Date("2026-06-15T05:00:00Z");

/** Runs `body` on an empty ledger and no plantings, inside a transaction that is rolled back afterwards. */
async function onEmptyLedger(handle: DbHandle, body: (tx: Tx) => Promise<void>) {
  const rolledBack = new Error("rolled back on purpose");
  await expect(
    handle.db.transaction(async (tx) => {
      await tx.execute(sql`alter table turnover_entries disable trigger turnover_entries_no_truncate`);
      await tx.execute(sql`alter table impact_month_closes disable trigger impact_month_closes_no_truncate`);
      await tx.execute(sql`truncate turnover_entries, impact_month_closes`);
      await tx.execute(sql`update images set planting_id = null where planting_id is not null`);
      await tx.execute(sql`delete from planting_records`);
      await body(tx);
      throw rolledBack;
    }),
  ).rejects.toBe(rolledBack);
}

type EntryInput = { producerId: number | null; usdMinor: number; occurredAt: string; channel?: "retail" | "wholesale" | "bazaar" };
const insertEntries = async (tx: Tx, entries: EntryInput[]) => {
  for (const [i, e] of entries.entries()) {
    const kind = e.usdMinor < 0 ? ("refund" as const) : ("sale" as const);
    await tx.insert(turnoverEntries).values({ channel: e.channel ?? "retail", sourceId: `test-${i}-${e.occurredAt}`, kind, producerId: e.producerId, currency: "USD", amountMinor: e.usdMinor, usdMinor: e.usdMinor, occurredAt: new Date(e.occurredAt) });
  }
};
async function counted<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const store: SqlCount = { count: 0, statements: [] };
  const result = await sqlCounter.run(store, fn);
  return { result, statements: store.count };
}
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const insertPlantings = async (tx: Tx, plantings: { plantedOn: string; treeCount: number; place: string }[]) =>
  plantings.length === 0
    ? []
    : tx
        .insert(plantingRecords)
        .values(plantings.map((p) => ({ ...p, province: "Jawa Tengah", latitude: -6.6, longitude: 110.7, species: "Teak" })))
        .returning({ id: plantingRecords.id });

describe.each(writableBackends())("the tree ledger on $name", ({ open }) => {
  let handle: DbHandle;
  let groupA: number;
  let groupB: number;
  beforeAll(async () => {
    handle = await open();
    const groups = await handle.db.select({ id: producerGroups.id }).from(producerGroups).orderBy(producerGroups.id).limit(2);
    [groupA, groupB] = groups.map((g) => g.id) as [number, number];
  });
  afterAll(async () => {
    await handle.close();
  });

  /** Trees: A funds #1 (part), B #1–#2, A refunds, A #2–#3, B #3–#4. */
  const ledger = (): EntryInput[] => [
    { producerId: groupA, usdMinor: 100_000, occurredAt: "2026-01-05T03:00:00Z" },
    { producerId: groupB, usdMinor: 100_000, occurredAt: "2026-01-20T03:00:00Z" },
    { producerId: groupA, usdMinor: -50_000, occurredAt: "2026-02-02T03:00:00Z" },
    { producerId: groupA, usdMinor: 200_000, occurredAt: "2026-03-03T03:00:00Z" },
    { producerId: groupB, usdMinor: 250_000, occurredAt: "2026-04-04T03:00:00Z" },
  ];

  it("places a group's trees in the plantings that cover them, each tree once", async () => {
    await onEmptyLedger(handle, async (tx) => {
      await insertEntries(tx, ledger());
      const [p1, p2, p3] = await insertPlantings(tx, [
        { plantedOn: "2026-01-10", treeCount: 1, place: "First" },
        { plantedOn: "2026-02-01", treeCount: 2, place: "Second" },
        { plantedOn: "2026-03-01", treeCount: 5, place: "Third" },
      ]);
      const a = await producerPlantingSites(tx, { producerId: groupA });
      expect(a.map((s) => [s.plantingId, s.trees])).toEqual([[p1!.id, 1], [p2!.id, 2]]);
      expect(a[0]).toMatchObject({ place: "First", plantedOn: "2026-01-10", province: "Jawa Tengah", latitude: -6.6, longitude: 110.7 });
      const b = await producerPlantingSites(tx, { producerId: groupB });
      expect(b.map((s) => [s.plantingId, s.trees])).toEqual([[p1!.id, 1], [p2!.id, 2], [p3!.id, 1]]);
      expect(await producerPlantingSites(tx, { producerId: 2_000_000_000 })).toEqual([]);

      const totals = await getImpactTotals(tx, { now });
      expect(totals).toEqual({ usdCents: 600_000, treesFunded: 4, treesPlanted: 8, treesVerifiedAlive: 0, treesToPlant: 0, oldestUnplantedSince: null });
    });
  });

  it("dates the oldest unplanted tree by the last entry that funded it, after a refund took it back", async () => {
    await onEmptyLedger(handle, async (tx) => {
      await insertEntries(tx, [
        { producerId: groupA, usdMinor: 2 * TREE, occurredAt: "2026-01-05T03:00:00Z" },
        { producerId: groupA, usdMinor: -10_000, occurredAt: "2026-02-06T03:00:00Z" },
        { producerId: groupB, usdMinor: 20_000, occurredAt: "2026-03-07T03:00:00Z" },
      ]);
      await insertPlantings(tx, [{ plantedOn: "2026-01-10", treeCount: 1, place: "First" }]);
      const totals = await getImpactTotals(tx, { now });
      expect(totals).toEqual({ usdCents: 310_000, treesFunded: 2, treesPlanted: 1, treesVerifiedAlive: 0, treesToPlant: 1, oldestUnplantedSince: "2026-03-07T03:00:00.000Z" });
      // Group B only finished tree #2, which is not planted yet; tree #1 holds none of its money.
      expect(await producerPlantingSites(tx, { producerId: groupB })).toEqual([]);
    });
  });

  it("reports every month zero-filled by channel, trees at each month's end, and plantings with their trees, checks and photos", async () => {
    await onEmptyLedger(handle, async (tx) => {
      await insertEntries(tx, [
        { producerId: groupA, usdMinor: 100_000, occurredAt: "2026-01-05T03:00:00Z" },
        { producerId: groupB, usdMinor: 70_000, occurredAt: "2026-01-31T18:00:00Z", channel: "bazaar" }, // 1 Feb in Jakarta
        { producerId: groupA, usdMinor: 200_000, occurredAt: "2026-04-03T03:00:00Z", channel: "wholesale" },
        { producerId: groupA, usdMinor: -20_000, occurredAt: "2026-04-04T03:00:00Z" },
        { producerId: groupA, usdMinor: 999_000, occurredAt: "2026-07-01T03:00:00Z" }, // after `now`: not yet counted
      ]);
      const [p1, p2] = await insertPlantings(tx, [
        { plantedOn: "2026-02-10", treeCount: 1, place: "First" },
        { plantedOn: "2026-04-20", treeCount: 3, place: "Second" },
      ]);
      await insertPlantings(tx, [{ plantedOn: "2026-06-20", treeCount: 9, place: "Not yet" }]);
      await tx.update(plantingRecords).set({ verifiedAt: new Date("2026-05-01T00:00:00Z") }).where(sql`${plantingRecords.id} in (${p1!.id}, ${p2!.id})`);
      const [check] = await tx.insert(survivalChecks).values({ plantingId: p2!.id, checkedOn: "2026-06-01", aliveCount: 2 }).returning({ id: survivalChecks.id });
      const [photo] = await tx
        .insert(images)
        .values({ hash: "ab".repeat(32), originalExt: "jpg", width: 1280, height: 960, widths: [320, 640, 1280], alt: "Seedlings in rows", plantingId: p2!.id })
        .returning({ id: images.id });
      await tx.insert(plantingEvidence).values({ imageId: photo!.id, plantingId: p2!.id, survivalCheckId: check!.id, gps: "mismatch", gpsLatitude: -6.7, gpsLongitude: 110.9, distanceMetres: 24_000 });

      const { result: report, statements } = await counted(() => getImpactReport(tx, { now }));
      expect(statements).toBeLessThanOrEqual(8);
      expect(report.monthly.map((m) => m.month)).toEqual(["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]);
      expect(report.monthly[0]).toEqual({ month: "2026-01", usdCents: { retail: 100_000, wholesale: 0, bazaar: 0 }, totalUsdCents: 100_000 });
      expect(report.monthly[1]!.usdCents).toEqual({ retail: 0, wholesale: 0, bazaar: 70_000 });
      expect(report.monthly[3]).toEqual({ month: "2026-04", usdCents: { retail: -20_000, wholesale: 200_000, bazaar: 0 }, totalUsdCents: 180_000 });
      expect(report.trees.map((t) => [t.month, t.treesFunded, t.treesPlanted])).toEqual([
        ["2026-01", 0, 0],
        ["2026-02", 1, 1],
        ["2026-03", 1, 1],
        ["2026-04", 2, 4],
        ["2026-05", 2, 4],
        ["2026-06", 2, 4],
      ]);
      expect(report.totals).toEqual({ usdCents: 350_000, treesFunded: 2, treesPlanted: 4, treesVerifiedAlive: 1 + 2, treesToPlant: 0, oldestUnplantedSince: null });
      expect(report.plantings.map((p) => [p.place, p.treesFrom, p.treesTo])).toEqual([
        ["First", 1, 1],
        ["Second", 2, 4],
      ]);
      const second = report.plantings[1]!;
      expect(second.verifiedAt).toBe("2026-05-01T00:00:00.000Z");
      expect(second.checks).toEqual([{ id: check!.id, checkedOn: "2026-06-01", aliveCount: 2, notes: "" }]);
      expect(second.photos).toEqual([
        {
          image: { hash: "ab".repeat(32), width: 1280, height: 960, widths: [320, 640, 1280], alt: "Seedlings in rows", placeholder: "#e9e1d4" },
          gps: "mismatch",
          distanceMetres: 24_000,
          takenAt: null,
          survivalCheckId: check!.id,
        },
      ]);
      expect(report.producers.length).toBeGreaterThan(0);
      expect(report.closes).toEqual([]);
    });
  });

  it("agrees with the tree numbering rules on random ledgers", async () => {
    const ledgers = fc.array(fc.tuple(fc.boolean(), fc.integer({ min: -120_000, max: 400_000 })), { minLength: 1, maxLength: 12 });
    const counts = fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 5 });
    await fc.assert(
      fc.asyncProperty(ledgers, counts, async (steps, treeCounts) => {
        // Refunds never take the ledger below zero, as in the shop.
        let sum = 0;
        const usd = steps.map(([, cents]) => {
          const kept = Math.max(cents, -sum);
          sum += kept;
          return kept;
        });
        await onEmptyLedger(handle, async (tx) => {
          await insertEntries(tx, usd.map((cents, i) => ({ producerId: steps[i]![0] ? groupA : groupB, usdMinor: cents, occurredAt: new Date(Date.UTC(2026, 0, 1 + i)).toISOString() })));
          const ids = await insertPlantings(tx, treeCounts.map((treeCount, i) => ({ plantedOn: `2026-02-${String(10 + i).padStart(2, "0")}`, treeCount, place: `Site ${i}` })));
          const expected = plantingsTouched(usd, steps.map(([mine]) => mine), treeCounts).map((p) => [ids[p.planting]!.id, p.trees]);
          const sites = await producerPlantingSites(tx, { producerId: groupA });
          expect(sites.map((site) => [site.plantingId, site.trees])).toEqual(expected);
          const totals = await getImpactTotals(tx, { now });
          const oldest = oldestUnplantedEntry(usd, treeCounts.reduce((a, b) => a + b, 0));
          expect(totals.oldestUnplantedSince).toBe(oldest === null ? null : new Date(Date.UTC(2026, 0, 1 + oldest)).toISOString());
        });
      }),
      { numRuns: 12 },
    );
  });

  it("counts what the SQL sums say, on the seeded ledger", async () => {
    const later = new Date(Date.now() + 365 * 86_400_000);
    const [sums] = await queryRows<{ usd: string; planted: string; alive: string }>(
      handle.db,
      sql`select (select coalesce(sum(usd_minor), 0)::text from turnover_entries) as usd,
        (select coalesce(sum(tree_count), 0)::text from planting_records) as planted,
        (select coalesce(sum(coalesce((select alive_count from survival_checks c where c.planting_id = p.id order by checked_on desc limit 1), tree_count)), 0)::text
          from planting_records p where verified_at is not null) as alive`,
    );
    const totals = await getImpactTotals(handle.db, { now: later });
    expect(totals.usdCents).toBe(Number(sums!.usd));
    expect(totals.treesFunded).toBe(Math.floor(Number(sums!.usd) / TREE));
    expect(totals.treesPlanted).toBe(Number(sums!.planted));
    expect(totals.treesVerifiedAlive).toBe(Number(sums!.alive));
    expect(totals.treesToPlant).toBe(Math.max(0, totals.treesFunded - totals.treesPlanted));
    const report = await getImpactReport(handle.db, { now: later });
    expect(report.totals).toEqual(totals);
    expect(report.monthly.reduce((sum, m) => sum + m.totalUsdCents, 0)).toBe(totals.usdCents);
    expect(report.trees.at(-1)).toMatchObject({ treesFunded: totals.treesFunded, treesPlanted: totals.treesPlanted });
    expect(report.plantings.at(-1)?.treesTo ?? 0).toBe(totals.treesPlanted);
    expect(report.monthly.at(-1)!.month).toBe(jakartaMonthOf(later));
  });
});

describe.each(writableBackends())("closing months of the ledger on $name", ({ open }) => {
  let handle: DbHandle;
  let groupA: number;
  beforeAll(async () => {
    handle = await open();
    const [group] = await handle.db.select({ id: producerGroups.id }).from(producerGroups).orderBy(producerGroups.id).limit(1);
    groupA = group!.id;
  });
  afterAll(async () => {
    await handle.close();
  });

  it("closes each ended month once, chained, and books a late entry into the open month", async () => {
    await onEmptyLedger(handle, async (tx) => {
      await insertEntries(tx, [
        { producerId: groupA, usdMinor: 100_000, occurredAt: "2026-01-05T03:00:00Z" },
        { producerId: null, usdMinor: 50_000, occurredAt: "2026-03-31T16:59:59Z" }, // still March in Jakarta
        { producerId: groupA, usdMinor: 30_000, occurredAt: "2026-03-31T17:00:00Z" }, // 1 April in Jakarta
      ]);
      // 3 April in Jakarta: March ended, but not three days ago.
      expect(await closeMonths(tx, { now: new Date("2026-04-03T12:00:00Z") })).toEqual({ closed: ["2026-01", "2026-02"] });
      expect(await closeMonths(tx, { now: new Date("2026-04-03T16:59:59Z") })).toEqual({ closed: [] });
      expect(await closeMonths(tx, { now: new Date("2026-04-03T17:00:00Z") })).toEqual({ closed: ["2026-03"] });
      expect(await closeMonths(tx, { now: new Date("2026-04-20T00:00:00Z") })).toEqual({ closed: [] });

      const closes = await listMonthCloses(tx);
      expect(closes.map((c) => [c.month, c.entryCount, c.usdCents])).toEqual([
        ["2026-01", 1, 100_000],
        ["2026-02", 0, 0],
        ["2026-03", 1, 50_000],
      ]);
      const header = "id,booked_at,occurred_at,channel,kind,producer_id,currency,amount_minor,rate_micros,usd_minor\n";
      expect(closes[1]!.checksum).toBe(sha256(`${closes[0]!.checksum}\n${header}`));
      expect(closes[1]!.previousChecksum).toBe(closes[0]!.checksum);
      expect(closes[0]!.previousChecksum).toBeNull();
      const [march] = await queryRows<{ id: number }>(tx, sql`select id from turnover_entries where occurred_at = '2026-03-31T16:59:59Z'`);
      expect(closes[2]!.checksum).toBe(
        sha256(`${closes[1]!.checksum}\n${header}${march!.id},2026-03-31T16:59:59.000000Z,2026-03-31T16:59:59.000000Z,retail,sale,,USD,50000,1000000,50000\n`),
      );
      expect(await verifyMonthCloses(tx)).toEqual({ checked: 3, broken: [] });

      // A bank transfer received in February arrives after February closed: it is booked into April, the open month.
      await insertEntries(tx, [{ producerId: groupA, usdMinor: 7_000, occurredAt: "2026-02-14T03:00:00Z", channel: "wholesale" }]);
      const [late] = await queryRows<{ booked_at: string }>(
        tx,
        sql`select to_char(booked_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as booked_at from turnover_entries where occurred_at = '2026-02-14T03:00:00Z'`,
      );
      expect(late!.booked_at).toBe("2026-03-31T17:00:00Z");
      expect(await listMonthCloses(tx)).toEqual(closes);
      expect(await verifyMonthCloses(tx)).toEqual({ checked: 3, broken: [] });
      const report = await getImpactReport(tx, { now: new Date("2026-04-20T00:00:00Z") });
      expect(report.monthly.find((m) => m.month === "2026-04")!.usdCents).toEqual({ retail: 30_000, wholesale: 7_000, bazaar: 0 });
      expect(report.monthly.find((m) => m.month === "2026-02")!.totalUsdCents).toBe(0);
    });
  });

  it("notices a closed month edited behind the ledger's back, and every month after it", async () => {
    await onEmptyLedger(handle, async (tx) => {
      await insertEntries(tx, [
        { producerId: groupA, usdMinor: 100_000, occurredAt: "2026-01-05T03:00:00Z" },
        { producerId: groupA, usdMinor: 40_000, occurredAt: "2026-02-05T03:00:00Z" },
        { producerId: groupA, usdMinor: 60_000, occurredAt: "2026-03-05T03:00:00Z" },
      ]);
      await closeMonths(tx, { now: new Date("2026-04-10T00:00:00Z") });
      await tx.execute(sql`alter table turnover_entries disable trigger turnover_entries_no_update`);
      await tx.execute(sql`update turnover_entries set usd_minor = 4000, amount_minor = 4000 where occurred_at = '2026-02-05T03:00:00Z'`);
      const { checked, broken } = await verifyMonthCloses(tx);
      expect(checked).toBe(3);
      expect(broken.map((b) => b.month)).toEqual(["2026-02", "2026-03"]);
    });
  });

  it("closes the seeded history from its first month, once, even when two servers close at the same time", async () => {
    const now = new Date();
    const [first] = await queryRows<{ month: string }>(handle.db, sql`select to_char(min(booked_at) at time zone 'Asia/Jakarta', 'YYYY-MM') as month from turnover_entries`);
    const already = (await listMonthCloses(handle.db)).map((c) => c.month);
    const [one, two] = await Promise.all([closeMonths(handle.db, { now }), closeMonths(handle.db, { now })]);
    const closedNow = [...one!.closed, ...two!.closed].sort();
    expect(new Set(closedNow).size).toBe(closedNow.length);
    const months = monthsBetween(first!.month, lastClosableMonth(now));
    expect([...already, ...closedNow].sort()).toEqual(months);
    expect((await listMonthCloses(handle.db)).map((c) => c.month)).toEqual(months);
    expect(await verifyMonthCloses(handle.db)).toEqual({ checked: months.length, broken: [] });
    expect(await closeMonths(handle.db, { now })).toEqual({ closed: [] });
  });
});
