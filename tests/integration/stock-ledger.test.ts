import { and, count, eq, inArray, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { events, locations, reconciliationTasks, stockLevels, stockMovements, variants } from "../../db/schema";
import { StockRefusal, type MovementKind } from "~/domain/stock/stock";
import { recordMovements, type Movement } from "~/models/stock/ledger.server";
import { writableBackends } from "../support/db";

type Level = { onHand: number; reserved: number };
/** A movement as the property generates it: which of two variants, and the warehouse or the event stand. */
type Step = { variant: 0 | 1; atEvent: boolean; kind: MovementKind; quantity: number; fromReservation?: boolean };

const step: fc.Arbitrary<Step> = fc.record({
  variant: fc.constantFrom<0 | 1>(0, 1),
  atEvent: fc.boolean(),
  movement: fc.oneof(
    fc.record({ kind: fc.constantFrom<MovementKind>("receipt", "reservation", "release", "transfer_out", "transfer_in", "return"), quantity: fc.integer({ min: 1, max: 5 }) }),
    fc.record({ kind: fc.constant<MovementKind>("adjustment"), quantity: fc.integer({ min: -5, max: 5 }).filter((n) => n !== 0) }),
    fc.record({ kind: fc.constant<MovementKind>("sale"), quantity: fc.integer({ min: 1, max: 5 }), fromReservation: fc.boolean() }),
  ),
}).map(({ variant, atEvent, movement }) => ({ variant, atEvent, ...movement }));

/**
 * The rules as the brief states them, written out independently of app/domain/stock: what a movement does to
 * on hand and reserved, and whether it is allowed (null when refused).
 */
function expectedAfter(level: Level, s: Step): Level | null {
  const q = Math.abs(s.quantity);
  const [onHand, reserved] = {
    receipt: [q, 0], transfer_in: [q, 0], return: [q, 0], transfer_out: [-q, 0], reservation: [0, q], release: [0, -q],
    adjustment: [s.quantity, 0], sale: s.fromReservation ? [-q, -q] : [-q, 0],
  }[s.kind];
  const after = { onHand: level.onHand + onHand!, reserved: level.reserved + reserved! };
  if (after.reserved < 0) return null;
  if (s.atEvent && s.kind === "sale" && !s.fromReservation) return after;
  const takesSomething = onHand! < 0 || onHand! - reserved! < 0;
  if (takesSomething && (after.onHand < 0 || after.onHand - after.reserved < 0)) return null;
  return after;
}

const deficit = (level: Level) => Math.max(0, -level.onHand);

describe.each(writableBackends())("the stock ledger on $name", ({ open }) => {
  let handle: DbHandle;
  let variantIds: [number, number];
  let serial = 0;

  /** A warehouse and an event stand of their own, so every run starts from empty levels. */
  async function freshLocations() {
    serial += 1;
    const [warehouse] = await handle.db.insert(locations).values({ code: `LEDGER-WH-${serial}`, name: `Ledger warehouse ${serial}`, kind: "warehouse" }).returning({ id: locations.id });
    const [stand] = await handle.db.insert(locations).values({ code: `LEDGER-EV-${serial}`, name: `Ledger stand ${serial}`, kind: "event" }).returning({ id: locations.id });
    const [event] = await handle.db
      .insert(events)
      .values({ slug: `ledger-bazaar-${serial}`, name: `Ledger bazaar ${serial}`, venue: "Hall B", startsOn: "2025-06-01", endsOn: "2025-06-02", locationId: stand!.id })
      .returning({ id: events.id });
    return { warehouseId: warehouse!.id, standId: stand!.id, eventId: event!.id };
  }

  async function state(locationIds: number[]) {
    const [levels, sums, tasks, [moves]] = await Promise.all([
      handle.db
        .select({ variantId: stockLevels.variantId, locationId: stockLevels.locationId, locationKind: stockLevels.locationKind, onHand: stockLevels.onHand, reserved: stockLevels.reserved })
        .from(stockLevels)
        .where(inArray(stockLevels.locationId, locationIds))
        .orderBy(stockLevels.variantId, stockLevels.locationId),
      handle.db
        .select({
          variantId: stockMovements.variantId,
          locationId: stockMovements.locationId,
          onHand: sql<number>`sum(${stockMovements.onHandDelta})`.mapWith(Number),
          reserved: sql<number>`sum(${stockMovements.reservedDelta})`.mapWith(Number),
        })
        .from(stockMovements)
        .where(inArray(stockMovements.locationId, locationIds))
        .groupBy(stockMovements.variantId, stockMovements.locationId),
      handle.db
        .select({ eventId: reconciliationTasks.eventId, variantId: reconciliationTasks.variantId, shortfall: reconciliationTasks.shortfall, status: reconciliationTasks.status })
        .from(reconciliationTasks)
        .innerJoin(events, eq(events.id, reconciliationTasks.eventId))
        .where(inArray(events.locationId, locationIds))
        .orderBy(reconciliationTasks.variantId),
      handle.db.select({ n: count() }).from(stockMovements).where(inArray(stockMovements.locationId, locationIds)),
    ]);
    return { levels, sums, tasks, movements: moves!.n };
  }

  beforeAll(async () => {
    handle = await open();
    const rows = await handle.db.select({ id: variants.id }).from(variants).orderBy(variants.id).limit(2);
    variantIds = [rows[0]!.id, rows[1]!.id];
  });
  afterAll(async () => {
    await handle.close();
  });

  it("keeps every level equal to its ledger, never lets a warehouse go negative, and opens a task where an event sells short", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(step, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 8 }), async (batches) => {
        const { warehouseId, standId, eventId } = await freshLocations();
        const model = new Map<string, Level>();
        const soldShort = new Map<number, number>();
        for (const batch of batches) {
          const movements: Movement[] = batch.map((s) => ({
            variantId: variantIds[s.variant],
            locationId: s.atEvent ? standId : warehouseId,
            kind: s.kind,
            quantity: s.quantity,
            fromReservation: s.fromReservation,
            reason: s.kind === "adjustment" ? "Property test" : undefined,
          }));
          // The model: the whole batch or nothing.
          const next = new Map(model);
          const short = new Map<number, number>();
          let allowed = true;
          for (const [i, s] of batch.entries()) {
            const key = `${movements[i]!.variantId}:${movements[i]!.locationId}`;
            const before = next.get(key) ?? { onHand: 0, reserved: 0 };
            const after = expectedAfter(before, s);
            if (!after) allowed = false;
            else {
              next.set(key, after);
              // Pieces sold beyond what was there: how much further below zero this took the stand.
              if (s.atEvent) short.set(s.variant, (short.get(s.variant) ?? 0) + Math.max(0, deficit(after) - deficit(before)));
            }
          }

          const before = await state([warehouseId, standId]);
          const outcome = await handle.db.transaction((tx) => recordMovements(tx, { movements })).then(
            () => "recorded" as const,
            (error: unknown) => {
              if (!(error instanceof StockRefusal)) throw error;
              return "refused" as const;
            },
          );
          expect(outcome).toBe(allowed ? "recorded" : "refused");
          if (!allowed) {
            // A refused batch leaves nothing behind: no level (not even an empty one), no ledger row, no task.
            expect(await state([warehouseId, standId])).toEqual(before);
            continue;
          }
          for (const [key, level] of next) model.set(key, level);
          for (const [variant, pieces] of short) if (pieces > 0) soldShort.set(variant, (soldShort.get(variant) ?? 0) + pieces);
        }

        const after = await state([warehouseId, standId]);
        // Every level is the sum of its ledger rows, and is what the model says.
        for (const level of after.levels) {
          const sum = after.sums.find((s) => s.variantId === level.variantId && s.locationId === level.locationId) ?? { onHand: 0, reserved: 0 };
          expect({ onHand: level.onHand, reserved: level.reserved }).toEqual({ onHand: sum.onHand, reserved: sum.reserved });
          expect({ onHand: level.onHand, reserved: level.reserved }).toEqual(model.get(`${level.variantId}:${level.locationId}`) ?? { onHand: 0, reserved: 0 });
          expect(level.locationKind).toBe(level.locationId === standId ? "event" : "warehouse");
          expect(level.reserved).toBeGreaterThanOrEqual(0);
          if (level.locationId === warehouseId) {
            expect(level.onHand).toBeGreaterThanOrEqual(0);
            expect(level.onHand - level.reserved).toBeGreaterThanOrEqual(0);
          }
        }
        for (const sum of after.sums) expect(after.levels.some((l) => l.variantId === sum.variantId && l.locationId === sum.locationId)).toBe(true);
        // One open task per piece that sold short at the stand, holding every piece sold beyond what was there.
        expect(after.tasks.every((t) => t.eventId === eventId && t.status === "open")).toBe(true);
        expect(new Map(after.tasks.map((t) => [t.variantId, t.shortfall]))).toEqual(new Map([...soldShort].map(([variant, pieces]) => [variantIds[variant], pieces])));
        for (const level of after.levels.filter((l) => l.locationId === standId && l.onHand < 0)) {
          const task = after.tasks.find((t) => t.variantId === level.variantId);
          expect(task?.shortfall).toBeGreaterThanOrEqual(-level.onHand);
        }
      }),
      { numRuns: 30 },
    );
  }, 120_000);

  it("lets exactly one of parallel reservations of the last piece through", async () => {
    const { warehouseId } = await freshLocations();
    const key = { variantId: variantIds[0], locationId: warehouseId };
    await handle.db.transaction((tx) => recordMovements(tx, { movements: [{ ...key, kind: "receipt", quantity: 1 }] }));
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => handle.db.transaction((tx) => recordMovements(tx, { movements: [{ ...key, kind: "reservation", quantity: 1 }] }))));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === "rejected")) {
      expect(r.reason).toBeInstanceOf(StockRefusal);
      expect((r.reason as StockRefusal).message).toBe("Sold out");
    }
    const [level] = await handle.db.select({ onHand: stockLevels.onHand, reserved: stockLevels.reserved }).from(stockLevels).where(and(eq(stockLevels.variantId, key.variantId), eq(stockLevels.locationId, warehouseId)));
    expect(level).toEqual({ onHand: 1, reserved: 1 });
  }, 60_000);

  it("grows one open task per event and piece, and opens a new one once staff resolved it", async () => {
    const { standId, eventId } = await freshLocations();
    const sale = (quantity: number, posSaleId?: number) =>
      handle.db.transaction((tx) => recordMovements(tx, { movements: [{ variantId: variantIds[1], locationId: standId, kind: "sale", fromReservation: false, quantity, posSaleId }] }));
    await handle.db.transaction((tx) => recordMovements(tx, { movements: [{ variantId: variantIds[1], locationId: standId, kind: "transfer_in", quantity: 2 }] }));
    await sale(3);
    await sale(2);
    const tasks = () => handle.db.select({ shortfall: reconciliationTasks.shortfall, status: reconciliationTasks.status }).from(reconciliationTasks).where(eq(reconciliationTasks.eventId, eventId)).orderBy(reconciliationTasks.id);
    expect(await tasks()).toEqual([{ shortfall: 3, status: "open" }]);
    // Refused at the stand all the same: a transfer out of stock that isn't there.
    await expect(handle.db.transaction((tx) => recordMovements(tx, { movements: [{ variantId: variantIds[1], locationId: standId, kind: "transfer_out", quantity: 1 }] }))).rejects.toThrow(StockRefusal);

    await handle.db.update(reconciliationTasks).set({ status: "resolved", resolution: "Counted at close", resolvedAt: new Date() }).where(eq(reconciliationTasks.eventId, eventId));
    await sale(1);
    expect(await tasks()).toEqual([{ shortfall: 3, status: "resolved" }, { shortfall: 1, status: "open" }]);
    const [level] = await handle.db.select({ onHand: stockLevels.onHand }).from(stockLevels).where(and(eq(stockLevels.variantId, variantIds[1]), eq(stockLevels.locationId, standId)));
    expect(level!.onHand).toBe(-4);
  });

  it("refuses an unknown variant or location as not found, not as a database error", async () => {
    const { warehouseId } = await freshLocations();
    const [{ maxId }] = (await handle.db.select({ maxId: sql<number>`max(${variants.id})`.mapWith(Number) }).from(variants)) as [{ maxId: number }];
    await expect(handle.db.transaction((tx) => recordMovements(tx, { movements: [{ variantId: maxId + 1, locationId: warehouseId, kind: "receipt", quantity: 1 }] }))).rejects.toMatchObject({ kind: "not_found" });
    await expect(handle.db.transaction((tx) => recordMovements(tx, { movements: [{ variantId: variantIds[0], locationId: warehouseId + 1000, kind: "receipt", quantity: 1 }] }))).rejects.toMatchObject({ kind: "not_found" });
  });

  it("turns a CHECK the rules did not foresee into a refusal, not a database error", async () => {
    const { warehouseId } = await freshLocations();
    // A stricter constraint than the rules know of stands in for a disagreement between them and the database.
    await handle.db.execute(sql`alter table stock_levels add constraint ledger_test_cap check (on_hand <= 100000) not valid`);
    try {
      const attempt = handle.db.transaction((tx) => recordMovements(tx, { movements: [{ variantId: variantIds[0], locationId: warehouseId, kind: "receipt", quantity: 100001 }] }));
      await expect(attempt).rejects.toMatchObject({ kind: "conflict", transactionAborted: true, message: expect.stringMatching(/Nothing was changed/) });
      await expect(attempt).rejects.toBeInstanceOf(StockRefusal);
    } finally {
      await handle.db.execute(sql`alter table stock_levels drop constraint ledger_test_cap`);
    }
  });
});
