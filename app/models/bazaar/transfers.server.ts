import { randomBytes } from "node:crypto";
import { aliasedTable, and, asc, desc, eq, gt, ilike, inArray, or, sql } from "drizzle-orm";
import type { Db, Executor } from "~db/client.server";
import { events, locations, producerGroups, products, stockLevels, stockTransferLines, stockTransfers, users, variants } from "~db/schema";
import { jakartaDate } from "~/domain/bazaar/business-date";
import { mayReceiveStock, mayReturnStock } from "~/domain/bazaar/event-status";
import { planReceipt, planReturn, planSend, type CountedLine, type SendLine, type TransferDirection } from "~/domain/bazaar/transfer";
import { formatReferenceCode } from "~/domain/platform/reference-code";
import { isRefusal, Refusal } from "~/domain/platform/refusal";
import { refusalMessage, StockRefusal } from "~/domain/stock/stock";
import { recordAudit, type Actor } from "~/models/platform/audit.server";
import { findOnlineLocationId, recordMovements } from "~/models/stock/ledger.server";

/**
 * Stock between the warehouse and an event, in two steps (issue 12.1): sending writes `transfer_out` at the
 * origin, receiving a `transfer_in` of what arrived at the destination, each in one transaction with the
 * transfer's rows. Between the two the pieces are on the road, at neither place.
 */

const ENTITY = "stock_transfer";

/** The event's row, shared-locked so its status can't change under a transfer (a status change locks it for update). */
async function lockEventForTransfer(tx: Executor, eventId: number) {
  const [event] = await tx.select({ id: events.id, status: events.status, endsOn: events.endsOn, locationId: events.locationId }).from(events).where(eq(events.id, eventId)).for("share");
  if (!event) throw Refusal.notFound("There is no such event.");
  return event;
}

/** Pieces by id, for messages that name them; an id that names no piece is refused. */
async function piecesByVariant(tx: Executor, variantIds: number[]) {
  const rows = await tx
    .select({ id: variants.id, sku: variants.sku, title: variants.title, productTitle: products.title })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(inArray(variants.id, variantIds));
  if (rows.length !== new Set(variantIds).size) throw Refusal.notFound("One of those pieces does not exist. Reload the page and choose again.", { field: "lines" });
  return new Map(rows.map((r) => [r.id, `${r.productTitle}${r.title ? ` (${r.title})` : ""}, ${r.sku}`]));
}

/** The ledger's "not enough stock", said per piece: "Only 2 left of Rattan basket (Small), KR-…". */
function namedShortage(error: StockRefusal, names: Map<number, string>, place: string): Refusal {
  const items = error.shortages.map((s) => `${refusalMessage(s.refusal)} of ${names.get(s.variantId) ?? "a piece"} at ${place}`);
  return Refusal.conflict(items.length ? `Not sent: ${items.join("; ")}. Nothing was sent.` : error.message, { field: "lines", details: { items } });
}

async function writeTransfer(
  tx: Executor,
  input: { event: { id: number; locationId: number }; direction: TransferDirection; lines: SendLine[]; note: string; actor: Actor; now: Date },
) {
  const { event, direction, lines, actor, now } = input;
  const warehouseId = await findOnlineLocationId(tx);
  const [fromLocationId, toLocationId] = direction === "to_event" ? [warehouseId, event.locationId] : [event.locationId, warehouseId];
  const names = await piecesByVariant(tx, lines.map((l) => l.variantId));
  const code = formatReferenceCode("TR", randomBytes(8), now);
  const [transfer] = await tx
    .insert(stockTransfers)
    .values({ code, fromLocationId, toLocationId, eventId: event.id, direction, status: "sent", note: input.note.trim().slice(0, 1000), userId: actor.userId, createdAt: now })
    .returning({ id: stockTransfers.id });
  const transferId = transfer!.id;
  await tx.insert(stockTransferLines).values(lines.map((l) => ({ transferId, variantId: l.variantId, quantitySent: l.quantity })));
  try {
    await recordMovements(tx, { movements: lines.map((l) => ({ variantId: l.variantId, locationId: fromLocationId, kind: "transfer_out" as const, quantity: l.quantity, transferId, userId: actor.userId })) });
  } catch (error) {
    if (error instanceof StockRefusal) throw namedShortage(error, names, direction === "to_event" ? "the warehouse" : "the event");
    throw error;
  }
  await recordAudit(tx, { userId: actor.userId, action: "send", entityType: ENTITY, entityId: code, changes: { eventId: event.id, direction, lines: lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity })) }, ip: actor.ip });
  return { id: transferId, code };
}

/**
 * Sends stock: to an event from the warehouse (never beyond what the warehouse has free), or back from the event.
 * The transfer, its lines and the `transfer_out`s are one transaction; a refusal leaves nothing written.
 */
export async function sendTransfer(db: Db, input: { eventId: number; direction: TransferDirection; lines: SendLine[]; note: string; actor: Actor; now?: Date }) {
  const lines = planSend(input.lines);
  if (isRefusal(lines)) throw lines;
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const event = await lockEventForTransfer(tx, input.eventId);
    if (input.direction === "to_event" && !mayReceiveStock(event)) throw Refusal.conflict("This event is closed: no more stock goes to it.");
    return writeTransfer(tx, { event, direction: input.direction, lines, note: input.note, actor: input.actor, now });
  });
}

/** Everything still on hand at an event goes back to the warehouse, once the event is closed or over. */
export async function returnRemainingStock(db: Db, input: { eventId: number; note?: string; actor: Actor; now?: Date }) {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const event = await lockEventForTransfer(tx, input.eventId);
    if (!mayReturnStock(event, jakartaDate(now))) throw Refusal.conflict("Stock goes back once the event is closed or its last day is over.");
    // Locked, so a sale syncing at the same moment either lands before this count or after the return.
    const levels = await tx.select({ variantId: stockLevels.variantId, onHand: stockLevels.onHand }).from(stockLevels).where(eq(stockLevels.locationId, event.locationId)).orderBy(asc(stockLevels.variantId)).for("update");
    const lines = planReturn(levels);
    if (isRefusal(lines)) throw lines;
    return writeTransfer(tx, { event, direction: "to_warehouse", lines, note: input.note ?? "What remained after the event", actor: input.actor, now });
  });
}

/**
 * Receives a transfer: each line counted (prefilled with what was sent), a difference with its reason, a
 * `transfer_in` of what arrived at the destination. The transfer's row lock makes a second receipt wait and
 * then be refused, so stock is never received twice.
 */
export async function receiveTransfer(db: Db, input: { eventId: number; transferId: number; lines: CountedLine[]; actor: Actor; now?: Date }) {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [transfer] = await tx
      .select({ id: stockTransfers.id, code: stockTransfers.code, status: stockTransfers.status, toLocationId: stockTransfers.toLocationId })
      .from(stockTransfers)
      .where(and(eq(stockTransfers.id, input.transferId), eq(stockTransfers.eventId, input.eventId)))
      .for("update");
    if (!transfer) throw Refusal.notFound("This event has no such transfer.");
    if (transfer.status === "received") throw Refusal.conflict(`Transfer ${transfer.code ?? ""} was already received. Nothing was changed.`);
    const sent = await tx
      .select({ id: stockTransferLines.id, variantId: stockTransferLines.variantId, quantitySent: stockTransferLines.quantitySent, sku: variants.sku, productTitle: products.title })
      .from(stockTransferLines)
      .innerJoin(variants, eq(variants.id, stockTransferLines.variantId))
      .innerJoin(products, eq(products.id, variants.productId))
      .where(eq(stockTransferLines.transferId, transfer.id))
      .orderBy(asc(stockTransferLines.variantId));
    const planned = planReceipt(sent.map((l) => ({ variantId: l.variantId, quantitySent: l.quantitySent, label: `${l.productTitle} (${l.sku})` })), input.lines);
    if (isRefusal(planned)) throw planned;
    await tx.execute(sql`update ${stockTransferLines} l set quantity_received = v.received, difference_reason = v.reason
      from (values ${sql.join(planned.map((p) => sql`(${p.variantId}::int, ${p.quantityReceived}::int, ${p.differenceReason}::text)`), sql`, `)}) as v(variant_id, received, reason)
      where l.transfer_id = ${transfer.id} and l.variant_id = v.variant_id`);
    const arrived = planned.filter((p) => p.quantityReceived > 0);
    await recordMovements(tx, { movements: arrived.map((p) => ({ variantId: p.variantId, locationId: transfer.toLocationId, kind: "transfer_in" as const, quantity: p.quantityReceived, reason: p.differenceReason ?? undefined, transferId: transfer.id, userId: input.actor.userId })) });
    await tx.update(stockTransfers).set({ status: "received", receivedBy: input.actor.userId, receivedAt: now }).where(eq(stockTransfers.id, transfer.id));
    const short = planned.filter((p) => p.differenceReason !== null);
    await recordAudit(tx, { userId: input.actor.userId, action: "receive", entityType: ENTITY, entityId: transfer.code ?? String(transfer.id), changes: { received: planned.reduce((n, p) => n + p.quantityReceived, 0), differences: short.map((p) => ({ variantId: p.variantId, sent: p.quantitySent, received: p.quantityReceived, reason: p.differenceReason })) }, ip: input.actor.ip });
    return { id: transfer.id, received: planned.reduce((n, p) => n + p.quantityReceived, 0), differences: short.length };
  });
}

/**
 * What the close page offers once the event is over: how many pieces are still at the event, and the latest
 * transfer back to the warehouse (on its way or received), so it links that instead of asking for a second one.
 */
export async function findReturnState(db: Executor, { eventId }: { eventId: number }) {
  const [event] = await db.select({ locationId: events.locationId }).from(events).where(eq(events.id, eventId));
  if (!event) throw Refusal.notFound("There is no such event.");
  const [[left], [latest]] = await Promise.all([
    db.select({ pieces: sql<number>`coalesce(sum(greatest(${stockLevels.onHand}, 0)), 0)::int` }).from(stockLevels).where(eq(stockLevels.locationId, event.locationId)),
    db
      .select({ id: stockTransfers.id, code: stockTransfers.code, status: stockTransfers.status })
      .from(stockTransfers)
      .where(and(eq(stockTransfers.eventId, eventId), eq(stockTransfers.direction, "to_warehouse")))
      .orderBy(desc(stockTransfers.createdAt), desc(stockTransfers.id))
      .limit(1),
  ]);
  return { remaining: Number(left?.pieces ?? 0), lastReturn: latest ?? null };
}

export type ReturnState = Awaited<ReturnType<typeof findReturnState>>;

const sender = aliasedTable(users, "sender");
const receiver = aliasedTable(users, "receiver");

/** An event's transfers, newest first, with what each carried. */
export async function listTransfers(db: Executor, { eventId }: { eventId: number }) {
  const rows = await db
    .select({
      id: stockTransfers.id,
      code: stockTransfers.code,
      direction: stockTransfers.direction,
      status: stockTransfers.status,
      createdAt: stockTransfers.createdAt,
      receivedAt: stockTransfers.receivedAt,
      // Aliased: inside a select from one table drizzle leaves column names unqualified.
      sent: sql<number>`(select coalesce(sum(tl.quantity_sent), 0) from stock_transfer_lines tl where tl.transfer_id = "stock_transfers"."id")::int`,
      received: sql<number | null>`(select sum(tl.quantity_received) from stock_transfer_lines tl where tl.transfer_id = "stock_transfers"."id")::int`,
    })
    .from(stockTransfers)
    .where(eq(stockTransfers.eventId, eventId))
    .orderBy(desc(stockTransfers.createdAt), desc(stockTransfers.id));
  return rows.map((r) => ({ ...r, received: r.status === "received" ? Number(r.received ?? 0) : null }));
}

/** One transfer of an event, with its lines (piece, SKU, producer group) and who sent and received it. */
export async function getTransfer(db: Executor, { eventId, transferId }: { eventId: number; transferId: number }) {
  const fromLocation = aliasedTable(locations, "from_location");
  const toLocation = aliasedTable(locations, "to_location");
  const [transfer] = await db
    .select({
      id: stockTransfers.id,
      code: stockTransfers.code,
      direction: stockTransfers.direction,
      status: stockTransfers.status,
      note: stockTransfers.note,
      createdAt: stockTransfers.createdAt,
      receivedAt: stockTransfers.receivedAt,
      fromName: fromLocation.name,
      toName: toLocation.name,
      sentBy: sender.name,
      receivedBy: receiver.name,
    })
    .from(stockTransfers)
    .innerJoin(fromLocation, eq(fromLocation.id, stockTransfers.fromLocationId))
    .innerJoin(toLocation, eq(toLocation.id, stockTransfers.toLocationId))
    .leftJoin(sender, eq(sender.id, stockTransfers.userId))
    .leftJoin(receiver, eq(receiver.id, stockTransfers.receivedBy))
    .where(and(eq(stockTransfers.id, transferId), eq(stockTransfers.eventId, eventId)));
  if (!transfer) throw Refusal.notFound("This event has no such transfer.");
  const lines = await db
    .select({
      variantId: stockTransferLines.variantId,
      sku: variants.sku,
      variantTitle: variants.title,
      productTitle: products.title,
      producerName: producerGroups.name,
      quantitySent: stockTransferLines.quantitySent,
      quantityReceived: stockTransferLines.quantityReceived,
      differenceReason: stockTransferLines.differenceReason,
    })
    .from(stockTransferLines)
    .innerJoin(variants, eq(variants.id, stockTransferLines.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .innerJoin(producerGroups, eq(producerGroups.id, products.producerId))
    .where(eq(stockTransferLines.transferId, transferId))
    .orderBy(asc(producerGroups.name), asc(products.title), asc(variants.sku));
  return { transfer, lines };
}

export const SENDABLE_LIMIT = 200;

/** Pieces the warehouse has free to send, found by product name or SKU. */
export async function listSendableStock(db: Executor, { query = "" }: { query?: string } = {}) {
  const warehouseId = await findOnlineLocationId(db);
  const text = query.trim();
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .select({
      variantId: variants.id,
      sku: variants.sku,
      variantTitle: variants.title,
      productTitle: products.title,
      producerName: producerGroups.name,
      available: sql<number>`(${stockLevels.onHand} - ${stockLevels.reserved})::int`,
    })
    .from(stockLevels)
    .innerJoin(variants, eq(variants.id, stockLevels.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .innerJoin(producerGroups, eq(producerGroups.id, products.producerId))
    .where(and(eq(stockLevels.locationId, warehouseId), gt(sql`${stockLevels.onHand} - ${stockLevels.reserved}`, 0), text ? or(ilike(products.title, pattern), ilike(variants.sku, pattern)) : undefined))
    .orderBy(asc(products.title), asc(variants.sku))
    .limit(SENDABLE_LIMIT);
}
