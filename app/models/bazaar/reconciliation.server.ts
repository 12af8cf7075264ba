import { aliasedTable, and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import type { Db, Executor } from "~db/client.server";
import { events, posDevices, posSales, posSetAsideSales, products, reconciliationTasks, stockLevels, users, variants } from "~db/schema";
import { Refusal } from "~/domain/platform/refusal";
import { recordAudit, type Actor } from "~/models/platform/audit.server";
import { lockStockLevels, recordMovements } from "~/models/stock/ledger.server";

/**
 * What an event leaves for staff to settle (issue 12.3, 12.5): pieces sold beyond stock, QRIS payments that wait
 * to be matched on the merchant's QRIS statement, and sales the server set aside. Each write locks its rows
 * and is one transaction; a second resolve of the same thing is a conflict, never a second write.
 */

const MAX_NOTE = 1000;

function checkNote(text: string, field: string, what: string) {
  const note = text.trim();
  if (!note) throw Refusal.invalid(`Say how ${what} was settled.`, { field });
  if (note.length > MAX_NOTE) throw Refusal.invalid(`Keep the note under ${MAX_NOTE} characters.`, { field });
  return note;
}

async function eventLocation(db: Executor, eventId: number) {
  const [event] = await db.select({ id: events.id, locationId: events.locationId }).from(events).where(eq(events.id, eventId));
  if (!event) throw Refusal.notFound("There is no such event.");
  return event;
}

const resolver = aliasedTable(users, "resolver");

/** The event's reconciliation tasks, open first, with the piece, its level at the event and the sale that opened it. */
export async function listReconciliationTasks(db: Executor, { eventId }: { eventId: number }) {
  const event = await eventLocation(db, eventId);
  return db
    .select({
      id: reconciliationTasks.id,
      status: reconciliationTasks.status,
      shortfall: reconciliationTasks.shortfall,
      resolution: reconciliationTasks.resolution,
      resolvedAt: reconciliationTasks.resolvedAt,
      resolvedByName: resolver.name,
      openedAt: reconciliationTasks.createdAt,
      sku: variants.sku,
      variantTitle: variants.title,
      productTitle: products.title,
      onHand: stockLevels.onHand,
      saleId: posSales.id,
      clientSaleId: posSales.clientSaleId,
      deviceId: posSales.deviceId,
      deviceLabel: posDevices.label,
      deviceSeq: posSales.deviceSeq,
      soldAt: posSales.soldAt,
    })
    .from(reconciliationTasks)
    .innerJoin(variants, eq(variants.id, reconciliationTasks.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .leftJoin(stockLevels, and(eq(stockLevels.variantId, reconciliationTasks.variantId), eq(stockLevels.locationId, event.locationId)))
    .leftJoin(posSales, eq(posSales.id, reconciliationTasks.saleId))
    .leftJoin(posDevices, eq(posDevices.id, posSales.deviceId))
    .leftJoin(resolver, eq(resolver.id, reconciliationTasks.resolvedBy))
    .where(eq(reconciliationTasks.eventId, eventId))
    .orderBy(desc(eq(reconciliationTasks.status, "open")), desc(reconciliationTasks.createdAt), desc(reconciliationTasks.id));
}

/**
 * Settles a shortfall. A write-off books the missing pieces back as an `adjustment` at the event (the note is its
 * reason), so the level returns toward zero; without it the task is closed with its explanation only (say, the
 * piece turned up and was counted in by a transfer). The level is locked before the task, the order the sync
 * locks them in, so the two never deadlock.
 */
export async function resolveTask(db: Db, input: { eventId: number; taskId: number; resolution: string; writeOff: boolean; actor: Actor; now?: Date }) {
  const resolution = checkNote(input.resolution, "resolution", "the shortfall");
  const now = input.now ?? new Date();
  const event = await eventLocation(db, input.eventId);
  return db.transaction(async (tx) => {
    const [seen] = await tx.select({ variantId: reconciliationTasks.variantId }).from(reconciliationTasks).where(and(eq(reconciliationTasks.id, input.taskId), eq(reconciliationTasks.eventId, event.id)));
    if (!seen) throw Refusal.notFound("This event has no such reconciliation task.");
    await lockStockLevels(tx, { keys: [{ variantId: seen.variantId, locationId: event.locationId }] });
    const [task] = await tx.select().from(reconciliationTasks).where(eq(reconciliationTasks.id, input.taskId)).for("update");
    if (!task || task.status !== "open") throw Refusal.conflict("This task is already resolved.");
    if (input.writeOff) {
      await recordMovements(tx, { movements: [{ variantId: task.variantId, locationId: event.locationId, kind: "adjustment", quantity: task.shortfall, reason: `Reconciliation write-off: ${resolution}`, userId: input.actor.userId }] });
    }
    await tx.update(reconciliationTasks).set({ status: "resolved", resolution, resolvedBy: input.actor.userId, resolvedAt: now, updatedAt: now }).where(eq(reconciliationTasks.id, task.id));
    await recordAudit(tx, { userId: input.actor.userId, action: input.writeOff ? "resolve_write_off" : "resolve", entityType: "reconciliation_task", entityId: String(task.id), changes: { shortfall: task.shortfall, resolution, writeOff: input.writeOff }, ip: input.actor.ip });
    return { id: task.id, writtenOff: input.writeOff ? task.shortfall : 0 };
  });
}

/**
 * QRIS sales nobody has matched on the merchant's QRIS statement yet, oldest first: all of them, online or offline,
 * because a static QR code gives the till no confirmation of payment (see recordSale in pos-sync.server.ts).
 */
export async function listQrisToVerify(db: Executor, { eventId }: { eventId: number }) {
  await eventLocation(db, eventId);
  return db
    .select({ id: posSales.id, clientSaleId: posSales.clientSaleId, soldAt: posSales.soldAt, businessDate: posSales.businessDate, totalMinor: posSales.totalMinor, paymentReference: posSales.paymentReference, deviceId: posSales.deviceId, deviceSeq: posSales.deviceSeq, deviceLabel: posDevices.label })
    .from(posSales)
    .leftJoin(posDevices, eq(posDevices.id, posSales.deviceId))
    .where(and(eq(posSales.eventId, eventId), eq(posSales.paymentMethod, "qris"), isNull(posSales.verifiedAt)))
    .orderBy(asc(posSales.soldAt), asc(posSales.id));
}

/**
 * Marks QRIS sales as matched on the bank statement. Every id must be a QRIS sale of this event; ones someone
 * else verified a moment ago are left as they are, and a request that finds none left to verify is a conflict.
 */
export async function verifySales(db: Db, input: { eventId: number; saleIds: number[]; actor: Actor; now?: Date }) {
  const ids = [...new Set(input.saleIds)].sort((a, b) => a - b);
  if (!ids.length) throw Refusal.invalid("Tick the QRIS sales you found on the bank statement.", { field: "saleIds" });
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: posSales.id, verifiedAt: posSales.verifiedAt })
      .from(posSales)
      .where(and(inArray(posSales.id, ids), eq(posSales.eventId, input.eventId), eq(posSales.paymentMethod, "qris")))
      .orderBy(asc(posSales.id))
      .for("update");
    if (rows.length !== ids.length) throw Refusal.notFound("Some of those are not QRIS sales of this event. Reload the page and tick them again.", { field: "saleIds" });
    const open = rows.filter((r) => r.verifiedAt === null).map((r) => r.id);
    if (!open.length) throw Refusal.conflict("Those QRIS sales are already verified.", { field: "saleIds" });
    await tx.update(posSales).set({ verifiedAt: now, verifiedBy: input.actor.userId }).where(inArray(posSales.id, open));
    await recordAudit(tx, { userId: input.actor.userId, action: "verify_qris", entityType: "event", entityId: String(input.eventId), changes: { saleIds: open }, ip: input.actor.ip });
    return { verified: open.length };
  });
}

const setAsideResolver = aliasedTable(users, "set_aside_resolver");

/** Sales the server could not record as sent, open first, each with its reason and the payload as the till sent it. */
export async function listSetAsideSales(db: Executor, { eventId }: { eventId: number }) {
  await eventLocation(db, eventId);
  const rows = await db
    .select({
      id: posSetAsideSales.id,
      deviceId: posSetAsideSales.deviceId,
      deviceLabel: posDevices.label,
      clientSaleId: posSetAsideSales.clientSaleId,
      deviceSeq: posSetAsideSales.deviceSeq,
      reason: posSetAsideSales.reason,
      payload: posSetAsideSales.payload,
      createdAt: posSetAsideSales.createdAt,
      resolution: posSetAsideSales.resolution,
      resolvedAt: posSetAsideSales.resolvedAt,
      resolvedByName: setAsideResolver.name,
    })
    .from(posSetAsideSales)
    .leftJoin(posDevices, eq(posDevices.id, posSetAsideSales.deviceId))
    .leftJoin(setAsideResolver, eq(setAsideResolver.id, posSetAsideSales.resolvedBy))
    .where(eq(posSetAsideSales.eventId, eventId))
    .orderBy(desc(isNull(posSetAsideSales.resolvedAt)), desc(posSetAsideSales.createdAt), desc(posSetAsideSales.id));
  return rows.map(({ payload, ...row }) => ({ ...row, payloadText: JSON.stringify(payload, null, 2) }));
}

/** Records how a set-aside sale was settled (rung up again by hand, refunded, a test sale); it stays on file. */
export async function resolveSetAside(db: Db, input: { eventId: number; id: number; resolution: string; actor: Actor; now?: Date }) {
  const resolution = checkNote(input.resolution, "resolution", "the set-aside sale");
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ id: posSetAsideSales.id, resolvedAt: posSetAsideSales.resolvedAt }).from(posSetAsideSales).where(and(eq(posSetAsideSales.id, input.id), eq(posSetAsideSales.eventId, input.eventId))).for("update");
    if (!row) throw Refusal.notFound("This event has no such set-aside sale.");
    if (row.resolvedAt) throw Refusal.conflict("This set-aside sale is already resolved.");
    await tx.update(posSetAsideSales).set({ resolution, resolvedBy: input.actor.userId, resolvedAt: now }).where(eq(posSetAsideSales.id, row.id));
    await recordAudit(tx, { userId: input.actor.userId, action: "resolve", entityType: "pos_set_aside_sale", entityId: String(row.id), changes: { resolution }, ip: input.actor.ip });
    return { id: row.id };
  });
}
