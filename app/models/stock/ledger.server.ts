import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { events, locations, reconciliationTasks, stockLevels, stockMovements } from "~db/schema";
import { Refusal } from "~/domain/platform/refusal";
import { planMovement, StockRefusal, type LedgerMovement, type LocationKind, type StockLevelState, type StockShortage } from "~/domain/stock/stock";
import { PG, pgErrorCode } from "~/utils/pg-errors.server";

/**
 * The one stock ledger (docs/decisions/010-one-stock-ledger.md): every change to stock is a row in
 * `stock_movements`, and `stock_levels` moves in step in the same transaction. Nothing else writes either table.
 */

export type StockKey = { variantId: number; locationId: number };

export type Movement = StockKey &
  LedgerMovement & {
    reason?: string;
    orderId?: string;
    posSaleId?: number;
    transferId?: number;
    productionOrderId?: number;
    userId?: number;
  };

export type LockedLevel = StockKey & StockLevelState & { locationKind: LocationKind };

export type RecordedLevel = StockKey & { locationKind: LocationKind; before: StockLevelState; after: StockLevelState; shortfall: number };

const noSuchLevel = () => Refusal.notFound("There is no such variant or stock location.");

const keyOf = (k: StockKey) => `${k.variantId}:${k.locationId}`;

/** Distinct keys in (variant_id, location_id) order: the one order every writer locks levels in, so none deadlock. */
function sortedKeys(keys: StockKey[]): StockKey[] {
  const unique = new Map(keys.map((k) => [keyOf(k), { variantId: k.variantId, locationId: k.locationId }]));
  return [...unique.values()].sort((a, b) => a.variantId - b.variantId || a.locationId - b.locationId);
}

const keyList = (keys: StockKey[]) => sql.join(keys.map((k) => sql`(${k.variantId}::int, ${k.locationId}::int)`), sql`, `);

/** Creates the empty level of any key never stocked before, so there is a row to lock. */
export async function ensureStockLevels(tx: Executor, { keys }: { keys: StockKey[] }) {
  const sorted = sortedKeys(keys);
  if (!sorted.length) return;
  try {
    await tx.execute(sql`insert into ${stockLevels} (variant_id, location_id, location_kind)
      select k.variant_id, l.id, l.kind from (values ${keyList(sorted)}) as k(variant_id, location_id)
      join ${locations} l on l.id = k.location_id
      order by k.variant_id, k.location_id
      on conflict do nothing`);
  } catch (error) {
    if (pgErrorCode(error) === PG.foreignKeyViolation) throw noSuchLevel();
    throw error;
  }
}

/**
 * Locks the levels of the given keys with SELECT … FOR UPDATE in (variant_id, location_id) order, creating any
 * missing one first. Held until the transaction ends; a caller that must read a level before deciding (a count,
 * a checkout) locks here and then records, and recording locks the same rows again at no cost.
 */
export async function lockStockLevels(tx: Executor, { keys }: { keys: StockKey[] }): Promise<Map<string, LockedLevel>> {
  const sorted = sortedKeys(keys);
  if (!sorted.length) return new Map();
  await ensureStockLevels(tx, { keys: sorted });
  const rows = await tx
    .select({ variantId: stockLevels.variantId, locationId: stockLevels.locationId, onHand: stockLevels.onHand, reserved: stockLevels.reserved, locationKind: stockLevels.locationKind })
    .from(stockLevels)
    .where(sql`(${stockLevels.variantId}, ${stockLevels.locationId}) in (${keyList(sorted)})`)
    .orderBy(asc(stockLevels.variantId), asc(stockLevels.locationId))
    .for("update");
  return new Map(rows.map((r) => [keyOf(r), r]));
}

export const levelOf = (levels: Map<string, LockedLevel>, key: StockKey) => levels.get(keyOf(key));

/**
 * Records movements and moves their levels, all or nothing, inside the caller's transaction: lock the levels,
 * plan each movement in turn with the domain's rule (app/domain/stock/stock.ts), write the levels and the ledger,
 * and open or grow a reconciliation task where an event sold short. A refusal throws StockRefusal before anything
 * but a missing empty level is written (the transaction stays usable); the database CHECKs are the last line, and a violation is thrown as
 * the same refusal (the transaction is then aborted, so the caller must let it roll back).
 */
export async function recordMovements(tx: Executor, input: { movements: Movement[] }): Promise<RecordedLevel[]> {
  const { movements } = input;
  if (!movements.length) return [];
  const levels = await lockStockLevels(tx, { keys: movements });

  // Plan: each movement against the level as the ones before it in this call left it.
  const running = new Map<string, RecordedLevel>();
  const shortages: StockShortage[] = [];
  const rows: (typeof stockMovements.$inferInsert)[] = [];
  for (const movement of movements) {
    const key = keyOf(movement);
    const locked = levels.get(key);
    if (!locked) throw noSuchLevel();
    const current = running.get(key) ?? { variantId: locked.variantId, locationId: locked.locationId, locationKind: locked.locationKind, before: { onHand: locked.onHand, reserved: locked.reserved }, after: { onHand: locked.onHand, reserved: locked.reserved }, shortfall: 0 };
    const planned = planMovement(current.after, movement, locked.locationKind);
    if (!planned.ok) {
      shortages.push({ variantId: movement.variantId, locationId: movement.locationId, refusal: planned.refusal });
      continue;
    }
    running.set(key, { ...current, after: planned.plan.after, shortfall: current.shortfall + planned.plan.shortfall });
    rows.push({
      variantId: movement.variantId,
      locationId: movement.locationId,
      kind: movement.kind,
      onHandDelta: planned.plan.delta.onHandDelta,
      reservedDelta: planned.plan.delta.reservedDelta,
      reason: movement.reason,
      orderId: movement.orderId,
      posSaleId: movement.posSaleId,
      transferId: movement.transferId,
      productionOrderId: movement.productionOrderId,
      userId: movement.userId,
    });
  }
  if (shortages.length) throw new StockRefusal(shortages);

  const recorded = [...running.values()];
  try {
    await tx.execute(sql`update ${stockLevels} s
      set on_hand = s.on_hand + v.on_hand_delta, reserved = s.reserved + v.reserved_delta, updated_at = now()
      from (values ${sql.join(recorded.map((l) => sql`(${l.variantId}::int, ${l.locationId}::int, ${l.after.onHand - l.before.onHand}::int, ${l.after.reserved - l.before.reserved}::int)`), sql`, `)})
        as v(variant_id, location_id, on_hand_delta, reserved_delta)
      where s.variant_id = v.variant_id and s.location_id = v.location_id`);
  } catch (error) {
    if (pgErrorCode(error) === PG.checkViolation) throw new StockRefusal([], "That would take stock below zero or below what is reserved. Nothing was changed.", { transactionAborted: true });
    throw error;
  }
  await tx.insert(stockMovements).values(rows);
  await openShortfallTasks(tx, { levels: recorded.filter((l) => l.shortfall > 0), posSaleId: movements.find((m) => m.posSaleId !== undefined)?.posSaleId });
  return recorded;
}

/**
 * An event that sold more than it had gets one open reconciliation task per piece: opened by the first short sale,
 * its shortfall grown by each later one until staff resolve it. The level's row lock serialises this per piece.
 */
async function openShortfallTasks(tx: Executor, input: { levels: RecordedLevel[]; posSaleId?: number }) {
  if (!input.levels.length) return;
  const eventRows = await tx
    .select({ id: events.id, locationId: events.locationId })
    .from(events)
    .where(inArray(events.locationId, [...new Set(input.levels.map((l) => l.locationId))]));
  const eventAt = new Map(eventRows.map((e) => [e.locationId, e.id]));
  for (const level of input.levels) {
    const eventId = eventAt.get(level.locationId);
    // Only an event's own location may go negative, and a shortfall with no event to reconcile would be lost.
    if (eventId === undefined) throw new Error(`Stock location ${level.locationId} sold short but belongs to no event`);
    await tx
      .insert(reconciliationTasks)
      .values({ eventId, variantId: level.variantId, saleId: input.posSaleId, shortfall: level.shortfall })
      .onConflictDoUpdate({
        target: [reconciliationTasks.eventId, reconciliationTasks.variantId],
        targetWhere: sql`${reconciliationTasks.status} = 'open'`,
        set: { shortfall: sql`${reconciliationTasks.shortfall} + excluded.shortfall`, updatedAt: sql`now()` },
      });
  }
}

/** The warehouse that sells online. */
export async function findOnlineLocationId(tx: Executor): Promise<number> {
  const [row] = await tx.select({ id: locations.id }).from(locations).where(eq(locations.sellsOnline, true));
  if (!row) throw new Error("No stock location sells online");
  return row.id;
}
