import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle, Tx } from "../../db/client.server";
import { plantingRecords, producerGroups, turnoverEntries } from "../../db/schema";
import { getImpactTotals, producerPlantingSites } from "~/models/impact/ledger.server";
import { writableBackends } from "../support/db";

const TREE = 150_000;
const now = new Date("2026-06-15T05:00:00Z");

/** Runs `body` on an empty ledger and no plantings, inside a transaction that is rolled back afterwards. */
async function onEmptyLedger(handle: DbHandle, body: (tx: Tx) => Promise<void>) {
  const rolledBack = new Error("rolled back on purpose");
  await expect(
    handle.db.transaction(async (tx) => {
      await tx.execute(sql`alter table turnover_entries disable trigger turnover_entries_no_truncate`);
      await tx.execute(sql`truncate turnover_entries`);
      await tx.execute(sql`update images set planting_id = null where planting_id is not null`);
      await tx.execute(sql`delete from planting_records`);
      await body(tx);
      throw rolledBack;
    }),
  ).rejects.toBe(rolledBack);
}

type EntryInput = { producerId: number | null; usdMinor: number; occurredAt: string };
const insertEntries = async (tx: Tx, entries: EntryInput[]) => {
  for (const [i, e] of entries.entries()) {
    const kind = e.usdMinor < 0 ? ("refund" as const) : ("sale" as const);
    await tx.insert(turnoverEntries).values({ channel: "retail", sourceId: `test-${i}`, kind, producerId: e.producerId, currency: "USD", amountMinor: e.usdMinor, usdMinor: e.usdMinor, occurredAt: new Date(e.occurredAt) });
  }
};
const insertPlantings = (tx: Tx, plantings: { plantedOn: string; treeCount: number; place: string }[]) =>
  tx
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
      expect(totals).toEqual({ usdCents: 310_000, treesFunded: 2, treesPlanted: 1, treesVerifiedAlive: 0, treesToPlant: 1, oldestUnplantedSince: "2026-03-07T03:00:00.000000Z" });
      // Group B only finished tree #2, which is not planted yet; tree #1 holds none of its money.
      expect(await producerPlantingSites(tx, { producerId: groupB })).toEqual([]);
    });
  });
});
