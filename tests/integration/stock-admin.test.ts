import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle, Executor } from "../../db/client.server";
import { auditLog, locations, stockLevels, stockMovements, users, variants } from "../../db/schema";
import { isRefusal } from "~/domain/platform/refusal";
import { LOW_STOCK_THRESHOLD } from "~/domain/stock/stock";
import { recordMovements } from "~/models/stock/ledger.server";
import { adjustStock, findVariantIdBySku, getVariantStock, listStockLocations, listStockMovements, listStockPage, type AdjustStockInput } from "~/models/stock/stock.server";
import { writableBackends } from "../support/db";
import { placeOne, setOnlineStock, someVariant } from "../support/retail";

async function level(db: Executor, variantId: number, locationId: number) {
  const [row] = await db.select({ onHand: stockLevels.onHand, reserved: stockLevels.reserved }).from(stockLevels).where(and(eq(stockLevels.variantId, variantId), eq(stockLevels.locationId, locationId)));
  return row ?? null;
}

/** How many ledger and audit rows exist: a rejected adjustment must leave both untouched. */
async function writes(db: Executor) {
  const [[movements], [audits]] = await Promise.all([db.select({ n: count() }).from(stockMovements), db.select({ n: count() }).from(auditLog)]);
  return { movements: movements!.n, audits: audits!.n };
}

describe.each(writableBackends())("the back-office stock section on $name", ({ open }) => {
  let handle: DbHandle;
  let staffId: number;
  let warehouseId: number;
  let eventId: number;
  /** The adjustment, or the refusal's kind, field and message, as one value to compare. */
  const adjust = (input: Omit<AdjustStockInput, "userId" | "locationId"> & { locationId?: number }) =>
    adjustStock(handle.db, { locationId: warehouseId, userId: staffId, ip: "203.0.113.7", ...input } as AdjustStockInput).then(
      (adjusted) => ({ ok: true as const, ...adjusted }),
      (error: unknown) => {
        if (!isRefusal(error)) throw error;
        return { ok: false as const, code: error.kind, message: error.message, ...(error.field ? { field: error.field } : {}) };
      },
    );

  beforeAll(async () => {
    handle = await open();
    const [staff] = await handle.db.select({ id: users.id }).from(users).where(eq(users.role, "staff"));
    staffId = staff!.id;
    const [warehouse] = await handle.db.select({ id: locations.id }).from(locations).where(eq(locations.sellsOnline, true));
    warehouseId = warehouse!.id;
    const [event] = await handle.db.insert(locations).values({ code: "EVT-TEST", name: "Test bazaar stand", kind: "event" }).returning({ id: locations.id });
    eventId = event!.id;
  });
  afterAll(async () => {
    await handle.close();
  });

  it("adds or removes a signed change, and records who, why and the before/after in the ledger and audit log", async () => {
    const variant = await someVariant(handle.db, 60);
    await setOnlineStock(handle.db, variant.id, 10);

    const added = await adjust({ variantId: variant.id, delta: 5, reason: "count_correction", note: "Found behind shelf B" });
    expect(added).toMatchObject({ ok: true, kind: "adjustment", before: { onHand: 10, reserved: 0 }, after: { onHand: 15, reserved: 0 }, onHandDelta: 5 });
    const removed = await adjust({ variantId: variant.id, delta: -2, reason: "damaged" });
    expect(removed).toMatchObject({ ok: true, after: { onHand: 13 } });
    expect(await level(handle.db, variant.id, warehouseId)).toEqual({ onHand: 13, reserved: 0 });

    const ledger = await listStockMovements(handle.db, { variantId: variant.id });
    expect(ledger[0]).toMatchObject({ kind: "adjustment", onHandDelta: -2, reservedDelta: 0, reason: "Damaged", userName: "Dewi Lestari", orderNumber: null });
    expect(ledger[1]).toMatchObject({ kind: "adjustment", onHandDelta: 5, reason: "Count correction: Found behind shelf B", locationName: "Jakarta warehouse" });

    const [entry] = await handle.db.select().from(auditLog).where(eq(auditLog.entityId, `${variant.id}:${warehouseId}`)).orderBy(sql`${auditLog.id} desc`).limit(1);
    expect(entry).toMatchObject({
      userId: staffId,
      action: "adjust",
      entityType: "stock_level",
      ip: "203.0.113.7",
      changes: { reason: "Damaged", onHand: { from: 15, to: 13 }, reserved: 0, available: { from: 15, to: 13 } },
    });
  });

  it("sets a counted quantity against the current level", async () => {
    const variant = await someVariant(handle.db, 61);
    await setOnlineStock(handle.db, variant.id, 7);
    const result = await adjust({ variantId: variant.id, countedQuantity: 4, reason: "count_correction", note: "Stocktake" });
    expect(result).toMatchObject({ ok: true, before: { onHand: 7 }, after: { onHand: 4 }, onHandDelta: -3 });
    const [last] = await listStockMovements(handle.db, { variantId: variant.id, limit: 1 });
    expect(last).toMatchObject({ onHandDelta: -3, reason: "Count correction (counted 4): Stocktake" });

    const before = await writes(handle.db);
    expect(await adjust({ variantId: variant.id, countedQuantity: 4, reason: "count_correction" })).toMatchObject({ ok: false, code: "conflict", message: "There are already 4 on hand; nothing to change." });
    expect(await writes(handle.db)).toEqual(before);
  });

  it("books goods received from a producer as a receipt", async () => {
    const variant = await someVariant(handle.db, 62);
    await setOnlineStock(handle.db, variant.id, 2);
    expect(await adjust({ variantId: variant.id, delta: 12, reason: "received", note: "Batch from Tanjung Gusta" })).toMatchObject({ ok: true, kind: "receipt", after: { onHand: 14 } });
    const [last] = await listStockMovements(handle.db, { variantId: variant.id, limit: 1 });
    expect(last).toMatchObject({ kind: "receipt", onHandDelta: 12, reason: "Received from producer: Batch from Tanjung Gusta" });
    const [entry] = await handle.db.select().from(auditLog).where(eq(auditLog.entityId, `${variant.id}:${warehouseId}`)).orderBy(sql`${auditLog.id} desc`).limit(1);
    expect(entry).toMatchObject({ action: "receive", changes: { onHand: { from: 2, to: 14 } } });
    // A receipt never takes stock away, whatever sign was typed.
    expect(await adjust({ variantId: variant.id, delta: -1, reason: "received" })).toMatchObject({ ok: false });
  });

  it("refuses to go below zero or below what is reserved, and writes nothing at all", async () => {
    const variant = await someVariant(handle.db, 63);
    await setOnlineStock(handle.db, variant.id, 3);
    const order = await placeOne(handle.db, variant.id, 2);
    const before = await writes(handle.db);

    const tooMany = await adjust({ variantId: variant.id, delta: -2, reason: "lost" });
    expect(tooMany).toEqual({ ok: false, code: "conflict", field: "quantity", message: "Can't remove 2: only 1 available (3 on hand, 2 reserved). Nothing was changed." });
    expect(await adjust({ variantId: variant.id, delta: -50, reason: "lost" })).toMatchObject({ ok: false, code: "conflict" });
    expect(await adjust({ variantId: variant.id, countedQuantity: 1, reason: "count_correction" })).toMatchObject({ ok: false, message: expect.stringContaining("2 pieces are reserved") });
    expect(await writes(handle.db)).toEqual(before);
    expect(await level(handle.db, variant.id, warehouseId)).toEqual({ onHand: 3, reserved: 2 });

    // The reservation shows in the ledger with its order number.
    const [reservation] = await listStockMovements(handle.db, { variantId: variant.id, limit: 1 });
    expect(reservation).toMatchObject({ kind: "reservation", reservedDelta: 2, orderNumber: order.number });
  });

  it("requires a reason, a note for Other, and a non-zero change; nothing is written otherwise", async () => {
    const variant = await someVariant(handle.db, 64);
    await setOnlineStock(handle.db, variant.id, 5);
    const before = await writes(handle.db);
    expect(await adjust({ variantId: variant.id, delta: 1, reason: "" as never })).toMatchObject({ ok: false, code: "invalid", field: "reason", message: "Choose a reason for the adjustment" });
    expect(await adjust({ variantId: variant.id, delta: 1, reason: "other" })).toMatchObject({ ok: false, code: "invalid", field: "note" });
    expect(await adjust({ variantId: variant.id, delta: 1, reason: "other", note: "  " })).toMatchObject({ ok: false, field: "note" });
    expect(await adjust({ variantId: variant.id, delta: 0, reason: "count_correction" })).toMatchObject({ ok: false, code: "invalid", message: "A change of zero does nothing" });
    expect(await adjust({ variantId: variant.id, delta: 2.5, reason: "count_correction" })).toMatchObject({ ok: false, code: "invalid" });
    expect(await adjust({ variantId: variant.id, delta: 1, countedQuantity: 3, reason: "count_correction" } as never)).toMatchObject({ ok: false, code: "invalid" });
    expect(await adjust({ variantId: 999_999, delta: 1, reason: "count_correction" })).toMatchObject({ ok: false, code: "not_found" });
    expect(await adjust({ variantId: variant.id, locationId: 999_999, delta: 1, reason: "count_correction" })).toMatchObject({ ok: false, code: "not_found" });
    expect(await writes(handle.db)).toEqual(before);
    expect(await adjust({ variantId: variant.id, delta: 1, reason: "other", note: "Photo shoot sample came back" })).toMatchObject({ ok: true });
  });

  it("stocks a variant at a location it has never been at, and leaves no empty row after a refusal", async () => {
    const variant = await someVariant(handle.db, 65);
    expect(await adjust({ variantId: variant.id, locationId: eventId, delta: -1, reason: "lost" })).toMatchObject({ ok: false, code: "conflict" });
    expect(await level(handle.db, variant.id, eventId)).toBeNull();
    expect(await adjust({ variantId: variant.id, locationId: eventId, countedQuantity: 6, reason: "count_correction" })).toMatchObject({ ok: true, before: { onHand: 0 }, after: { onHand: 6 } });
    expect(await level(handle.db, variant.id, eventId)).toEqual({ onHand: 6, reserved: 0 });
    const stock = await getVariantStock(handle.db, { variantId: variant.id });
    expect(stock!.levels.find((l) => l.locationId === eventId)).toMatchObject({ onHand: 6, available: 6, tracked: true });
  });

  it("lets exactly one of two simultaneous -1 adjustments take the last available piece", async () => {
    const variant = await someVariant(handle.db, 66);
    await setOnlineStock(handle.db, variant.id, 1);
    const before = await writes(handle.db);
    const results = await Promise.all([
      adjust({ variantId: variant.id, delta: -1, reason: "damaged" }),
      adjust({ variantId: variant.id, delta: -1, reason: "lost" }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, code: "conflict", message: expect.stringContaining("only 0 available") });
    expect(await level(handle.db, variant.id, warehouseId)).toEqual({ onHand: 0, reserved: 0 });
    expect(await writes(handle.db)).toEqual({ movements: before.movements + 1, audits: before.audits + 1 });
  });

  it("computes simultaneous counts against the locked level, so they never add up", async () => {
    const variant = await someVariant(handle.db, 67);
    await setOnlineStock(handle.db, variant.id, 2);
    const results = await Promise.all([1, 2, 3].map(() => adjust({ variantId: variant.id, countedQuantity: 9, reason: "count_correction" })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await level(handle.db, variant.id, warehouseId)).toEqual({ onHand: 9, reserved: 0 });
    // And a burst of removals stops exactly at zero.
    const removals = await Promise.all(Array.from({ length: 12 }, () => adjust({ variantId: variant.id, delta: -1, reason: "sample_gift" })));
    expect(removals.filter((r) => r.ok)).toHaveLength(9);
    expect(await level(handle.db, variant.id, warehouseId)).toEqual({ onHand: 0, reserved: 0 });
  });

  it("recordMovements moves an existing level down as well as up, and still refuses stock that isn't there", async () => {
    const variant = await someVariant(handle.db, 71);
    await setOnlineStock(handle.db, variant.id, 4);
    await handle.db.transaction((tx) => recordMovements(tx, { movements: [{ variantId: variant.id, locationId: warehouseId, kind: "transfer_out", quantity: 3 }] }));
    expect(await level(handle.db, variant.id, warehouseId)).toEqual({ onHand: 1, reserved: 0 });
    await expect(handle.db.transaction((tx) => recordMovements(tx, { movements: [{ variantId: variant.id, locationId: warehouseId, kind: "adjustment", quantity: -2, reason: "Lost" }] }))).rejects.toThrow();
    await expect(handle.db.transaction((tx) => recordMovements(tx, { movements: [{ variantId: variant.id, locationId: eventId, kind: "transfer_out", quantity: 1 }] }))).rejects.toThrow();
    await handle.db.transaction((tx) => recordMovements(tx, { movements: [{ variantId: variant.id, locationId: eventId, kind: "transfer_in", quantity: 2 }] }));
    await handle.db.transaction((tx) => recordMovements(tx, { movements: [{ variantId: variant.id, locationId: eventId, kind: "adjustment", quantity: -2, reason: "Sold at the stand" }] }));
    expect(await level(handle.db, variant.id, eventId)).toEqual({ onHand: 0, reserved: 0 });
  });

  describe("the stock list", () => {
    it("finds a variant by SKU, case-insensitively, and by product title", async () => {
      const [variant] = await handle.db.select({ id: variants.id, sku: variants.sku }).from(variants).orderBy(variants.id).offset(70).limit(1);
      const locs = await listStockLocations(handle.db);
      const bySku = await listStockPage(handle.db, { query: { q: variant!.sku.toLowerCase(), lowOnly: false, page: 1 }, locations: locs });
      expect(bySku.rows.map((r) => r.sku)).toContain(variant!.sku);
      expect(await findVariantIdBySku(handle.db, { sku: variant!.sku.toLowerCase() })).toBe(variant!.id);
      expect(await findVariantIdBySku(handle.db, { sku: "NO-SUCH-SKU" })).toBeNull();

      const title = bySku.rows[0]!.productTitle;
      const byTitle = await listStockPage(handle.db, { query: { q: title.slice(2, 10), lowOnly: false, page: 1 }, locations: locs });
      expect(byTitle.rows.some((r) => r.productTitle === title)).toBe(true);

      // LIKE wildcards are searched literally.
      expect((await listStockPage(handle.db, { query: { q: "%", lowOnly: false, page: 1 }, locations: locs })).total).toBe(0);
      expect((await listStockPage(handle.db, { query: { q: "_", lowOnly: false, page: 1 }, locations: locs })).total).toBe(0);
    });

    it("shows each location's on hand, reserved and available, or only the chosen location", async () => {
      const variant = await someVariant(handle.db, 68);
      await setOnlineStock(handle.db, variant.id, 8);
      await placeOne(handle.db, variant.id, 3);
      await adjust({ variantId: variant.id, locationId: eventId, delta: 4, reason: "returned" });
      const [{ sku }] = (await handle.db.select({ sku: variants.sku }).from(variants).where(eq(variants.id, variant.id))) as [{ sku: string }];
      const locs = await listStockLocations(handle.db);
      expect(locs[0]).toMatchObject({ id: warehouseId, sellsOnline: true });

      const all = await listStockPage(handle.db, { query: { q: sku, lowOnly: false, page: 1 }, locations: locs });
      expect(all.locations.map((l) => l.id)).toEqual(locs.map((l) => l.id));
      const row = all.rows.find((r) => r.sku === sku)!;
      expect(row.levels[locs.findIndex((l) => l.id === warehouseId)]).toEqual({ onHand: 8, reserved: 3, available: 5 });
      expect(row.levels[locs.findIndex((l) => l.id === eventId)]).toEqual({ onHand: 4, reserved: 0, available: 4 });

      const atEvent = await listStockPage(handle.db, { query: { q: sku, locationId: eventId, lowOnly: false, page: 1 }, locations: locs });
      expect(atEvent.locations.map((l) => l.id)).toEqual([eventId]);
      expect(atEvent.rows.find((r) => r.sku === sku)!.levels).toEqual([{ onHand: 4, reserved: 0, available: 4 }]);
    });

    it("filters to low stock at the online warehouse, or at the chosen location", async () => {
      const low = await someVariant(handle.db, 69);
      const plenty = await someVariant(handle.db, 70);
      await setOnlineStock(handle.db, low.id, 1);
      await setOnlineStock(handle.db, plenty.id, 40);
      const locs = await listStockLocations(handle.db);
      const page = await listStockPage(handle.db, { query: { lowOnly: true, page: 1 }, locations: locs, pageSize: 1000 });
      const ids = page.rows.map((r) => r.variantId);
      expect(ids).toContain(low.id);
      expect(ids).not.toContain(plenty.id);
      const online = locs.findIndex((l) => l.sellsOnline);
      expect(page.rows.every((r) => (r.levels[online]?.available ?? 0) <= LOW_STOCK_THRESHOLD)).toBe(true);

      // At the event stand, everything not sent there counts as none available.
      const atEvent = await listStockPage(handle.db, { query: { lowOnly: true, locationId: eventId, page: 1 }, locations: locs, pageSize: 1000 });
      expect(atEvent.rows.map((r) => r.variantId)).toContain(plenty.id);
    });

    it("pages through variants in a stable order", async () => {
      const locs = await listStockLocations(handle.db);
      const first = await listStockPage(handle.db, { query: { lowOnly: false, page: 1 }, locations: locs, pageSize: 10 });
      const second = await listStockPage(handle.db, { query: { lowOnly: false, page: 2 }, locations: locs, pageSize: 10 });
      const [{ n }] = (await handle.db.select({ n: count() }).from(variants)) as [{ n: number }];
      expect(first.total).toBe(n);
      expect(first.pageCount).toBe(Math.ceil(n / 10));
      expect(first.rows).toHaveLength(10);
      expect(new Set([...first.rows, ...second.rows].map((r) => r.variantId)).size).toBe(20);
      const beyond = await listStockPage(handle.db, { query: { lowOnly: false, page: 999 }, locations: locs, pageSize: 10 });
      expect(beyond.rows).toEqual([]);
      expect(beyond.total).toBe(n);
    });
  });
});
