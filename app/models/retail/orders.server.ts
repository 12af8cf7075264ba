import { and, asc, eq, lt, sql } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { cartLines, orderEvents, orderLines, orders, turnoverEntries, type PostalAddress } from "~db/schema";
import { goodsShare, producerShares, refundUsdMinor } from "~/domain/impact/turnover";
import { formatMoney } from "~/domain/money/money";
import { canTransition, holdsLatePayment, isPaidStatus, type OrderStatus } from "~/domain/retail/order-status";
import { StockRefusal } from "~/domain/stock/stock";
import { orderLookupLimit, orderLookupLimitKey, retryAfterSeconds } from "~/domain/platform/rate-limit";
import { queueOrderConfirmation, queueRefundEmail } from "~/models/platform/emails.server";
import { reserveRateLimitHit } from "~/models/platform/users.server";
import { findOnlineLocationId, recordMovements, type Movement } from "~/models/stock/ledger.server";

type OrderRow = typeof orders.$inferSelect;

async function lockOrder(tx: Executor, orderId: string): Promise<OrderRow | undefined> {
  const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for("update");
  return order;
}

/** A movement per order line at the online warehouse; the ledger computes what each does to the level. */
async function orderMovements(tx: Executor, orderId: string, kind: "release" | "sale", options: { fromReservation?: boolean; reason?: string } = {}): Promise<Movement[]> {
  const lines = await tx
    .select({ variantId: orderLines.variantId, quantity: orderLines.quantity })
    .from(orderLines)
    .where(eq(orderLines.orderId, orderId))
    .orderBy(asc(orderLines.variantId));
  if (!lines.length) return [];
  const locationId = await findOnlineLocationId(tx);
  return lines.map((l) => ({ variantId: l.variantId, locationId, kind, quantity: l.quantity, orderId, ...options }));
}

/** Cancels a pending order and gives its reserved pieces back. Does nothing to any other status. */
export async function releaseReservation(tx: Executor, { orderId, status, note }: { orderId: string; status: "cancelled"; note: string }) {
  const order = await lockOrder(tx, orderId);
  if (!order || order.status !== "pending_payment") return false;
  await recordMovements(tx, { movements: await orderMovements(tx, orderId, "release") });
  await tx.update(orders).set({ status, cancelledAt: new Date() }).where(eq(orders.id, orderId));
  await tx.insert(orderEvents).values({ orderId, status, note });
  return true;
}

export type PaymentDetails = {
  sessionId?: string | null;
  paymentIntentId?: string | null;
  email?: string | null;
  customerName?: string | null;
  shippingAddress?: PostalAddress | null;
};

/** The payment's own facts on the order: what a newer event names wins, anything it leaves out is kept. */
function paymentColumns(order: OrderRow, payment: PaymentDetails) {
  return {
    paymentStatus: "paid",
    stripeCheckoutSessionId: payment.sessionId ?? order.stripeCheckoutSessionId,
    stripePaymentIntentId: payment.paymentIntentId ?? order.stripePaymentIntentId,
    customerName: payment.customerName ?? order.customerName,
    shippingAddress: payment.shippingAddress ?? order.shippingAddress,
    paymentMethod: order.demo ? ("demo" as const) : ("stripe" as const),
  };
}

/** What a retail order's pieces are worth in US cents, without its shipping: the handicraft turnover it brings. */
export function retailGoodsUsdMinor(order: { subtotalMinor: number; totalMinor: number; totalUsdMinor: number }): number {
  return goodsShare(order.totalUsdMinor, order.subtotalMinor, order.totalMinor);
}

/**
 * Turnover for a sale or a refund of a retail order: one append-only entry per producer group, split by the
 * order's lines, counting the pieces and not their shipping (a refund takes off its goods' part), in the order's currency and in US cents at its stored rate.
 */
async function recordRetailTurnover(
  tx: Executor,
  order: OrderRow,
  entry: { kind: "sale" | "refund"; entryKey?: string; amountMinor: number; usdMinor: number; occurredAt: Date },
) {
  const lines = await tx.select({ producerId: orderLines.producerId, lineTotalMinor: orderLines.lineTotalMinor }).from(orderLines).where(eq(orderLines.orderId, order.id)).orderBy(asc(orderLines.id));
  const shares = producerShares(lines, entry.amountMinor, entry.usdMinor);
  if (shares.length === 0) return;
  await tx
    .insert(turnoverEntries)
    .values(
      shares.map((share) => ({
        channel: "retail" as const,
        sourceId: order.id,
        entryKey: entry.entryKey ?? "",
        kind: entry.kind,
        producerId: share.producerId,
        currency: order.currency,
        amountMinor: share.amountMinor,
        rateMicros: order.rateMicros,
        usdMinor: share.usdMinor,
        occurredAt: entry.occurredAt,
      })),
    )
    .onConflictDoNothing();
}

/** Cancelled orders whose payment arrived after their pieces were sold, and which are not yet refunded in full. */
export const owingRefund = and(eq(orders.status, "cancelled"), eq(orders.paymentStatus, "paid"), lt(orders.refundedMinor, orders.totalMinor))!;

/**
 * Payment arrived: the reservation becomes a sale, turnover is recorded, the cart is emptied and the
 * confirmation email is queued. Idempotent: an order that is already paid (or later) is left alone.
 * A payment for a cancelled order sells from free stock if it is there; otherwise the order stays cancelled
 * with the payment recorded on it (see holdsLatePayment), so staff can refund it.
 */
export async function markOrderPaid(
  tx: Executor,
  { orderId, payment, now = new Date() }: { orderId: string; payment: PaymentDetails; now?: Date },
): Promise<OrderStatus | null> {
  const order = await lockOrder(tx, orderId);
  if (!order) return null;
  if (order.status !== "pending_payment" && order.status !== "cancelled") return order.status;

  if (order.status === "cancelled") {
    if (holdsLatePayment(order)) {
      // The late payment is already on file (another event for it, e.g. a refund that came first): only fill in
      // what is still missing. Never sell now, even if stock came back: staff may already be refunding it.
      const missing = {
        stripeCheckoutSessionId: order.stripeCheckoutSessionId ?? payment.sessionId ?? null,
        stripePaymentIntentId: order.stripePaymentIntentId ?? payment.paymentIntentId ?? null,
        customerName: order.customerName ?? payment.customerName ?? null,
        shippingAddress: order.shippingAddress ?? payment.shippingAddress ?? null,
      };
      const adds = (Object.keys(missing) as (keyof typeof missing)[]).some((key) => order[key] === null && missing[key] !== null);
      if (adds) await tx.update(orders).set(missing).where(eq(orders.id, orderId));
      return "cancelled";
    }
    // The session expired (or was replaced) and then the money came anyway: sell from free stock if it is there.
    try {
      await recordMovements(tx, { movements: await orderMovements(tx, orderId, "sale", { fromReservation: false, reason: "Paid after the reservation had lapsed" }) });
    } catch (error) {
      // The ledger refuses before writing anything, so the transaction goes on; a refusal by the CHECKs can't.
      if (!(error instanceof StockRefusal) || error.transactionAborted) throw error;
      // Kept cancelled, no stock moves and no turnover: the money is owed back, and this is how staff find it.
      await tx.update(orders).set({ ...paymentColumns(order, payment), paidAt: now }).where(eq(orders.id, orderId));
      await tx.insert(orderEvents).values({ orderId, status: "cancelled", note: "Payment received after the pieces were released and sold: refund required" });
      return "cancelled";
    }
  } else {
    await recordMovements(tx, { movements: await orderMovements(tx, orderId, "sale") });
  }

  const paidAt = now;
  await tx
    .update(orders)
    .set({ ...paymentColumns(order, payment), status: "paid", paidAt, cancelledAt: null })
    .where(eq(orders.id, orderId));
  await tx.insert(orderEvents).values({ orderId, status: "paid", note: "Payment received" });
  await recordRetailTurnover(tx, order, { kind: "sale", amountMinor: order.subtotalMinor, usdMinor: retailGoodsUsdMinor(order), occurredAt: paidAt });
  if (order.cartId) await tx.delete(cartLines).where(eq(cartLines.cartId, order.cartId));
  await queueOrderConfirmation(tx, { orderId });
  return "paid";
}

/** An asynchronous payment method is still settling (bank debit): the order waits, stock stays reserved. */
export async function notePaymentProcessing(tx: Executor, { orderId, sessionId }: { orderId: string; sessionId: string | null }) {
  const order = await lockOrder(tx, orderId);
  if (!order || order.status !== "pending_payment" || order.paymentStatus === "processing") return;
  await tx.update(orders).set({ paymentStatus: "processing", stripeCheckoutSessionId: sessionId ?? order.stripeCheckoutSessionId }).where(eq(orders.id, orderId));
  await tx.insert(orderEvents).values({ orderId, status: "pending_payment", note: "Payment is processing; we will confirm when it clears" });
}

/**
 * Records a refund of `refundedMinor` (cumulative, order currency). A refund for an order we had not yet seen
 * paid (events out of order) first records the payment, so the books and stock end the same either way.
 * A late payment on a cancelled order is refunded the same way; the order stays cancelled.
 */
export async function recordRefund(
  tx: Executor,
  { orderId, refundedMinor, payment = {}, now = new Date() }: { orderId: string; refundedMinor: number; payment?: PaymentDetails; now?: Date },
) {
  let order = await lockOrder(tx, orderId);
  if (!order) return null;
  if (order.status === "pending_payment" || (order.status === "cancelled" && !holdsLatePayment(order))) {
    await markOrderPaid(tx, { orderId, payment });
    order = await lockOrder(tx, orderId);
    if (!order) return null;
  }
  if (!isPaidStatus(order.status) && order.status !== "refunded" && !holdsLatePayment(order)) return order.status;
  const amount = Math.min(order.totalMinor, Math.max(order.refundedMinor, refundedMinor));
  // Cumulative and monotonic: a refund already counted (by the back office or an earlier event) changes nothing.
  if (amount === order.refundedMinor) return order.status;
  const full = amount >= order.totalMinor;
  // A cancelled order can't become refunded (canTransition): it stays cancelled, with its refund on record.
  const status: OrderStatus = full && canTransition(order.status, "refunded") ? "refunded" : order.status;
  await tx
    .update(orders)
    .set({ refundedMinor: amount, status, refundedAt: full ? now : order.refundedAt })
    .where(eq(orders.id, orderId));
  const money = (minor: number) => formatMoney({ amountMinor: minor, currency: order.currency });
  const note = full ? `Refunded in full (${money(amount - order.refundedMinor)})` : `Partly refunded: ${money(amount - order.refundedMinor)}, ${money(amount)} of ${money(order.totalMinor)} so far`;
  await tx.insert(orderEvents).values({ orderId, status, note });
  // Once per refunded total, whoever made it (back office or the Stripe dashboard): a repeat event changes nothing above.
  await queueRefundEmail(tx, { orderId, amountMinor: amount - order.refundedMinor, refundedMinor: amount });
  // A late payment never became a sale (no turnover entry), so returning it takes nothing off turnover.
  if (holdsLatePayment(order)) return status;
  // A new negative entry for this refund alone, dated now; the one before it is never edited. Its key is the
  // refunded total it brought the order to, so a repeat of the same refund finds the unique key.
  await recordRetailTurnover(tx, order, {
    kind: "refund",
    entryKey: String(amount),
    amountMinor: -(goodsShare(amount, order.subtotalMinor, order.totalMinor) - goodsShare(order.refundedMinor, order.subtotalMinor, order.totalMinor)),
    usdMinor: refundUsdMinor({ totalMinor: order.totalMinor, totalUsdMinor: retailGoodsUsdMinor(order) }, order.refundedMinor, amount),
    occurredAt: now,
  });
  return status;
}

export async function findOrderIdByPaymentIntent(db: Executor, { paymentIntentId }: { paymentIntentId: string }) {
  const [row] = await db.select({ id: orders.id }).from(orders).where(eq(orders.stripePaymentIntentId, paymentIntentId));
  return row?.id ?? null;
}

/** Lookup by number and email together; either alone finds nothing, so numbers can't be probed. */
export async function findOrderForLookup(db: Executor, { number, email }: { number: string; email: string }) {
  const [row] = await db
    .select({ id: orders.id, number: orders.number })
    .from(orders)
    .where(and(eq(orders.number, number.toUpperCase()), sql`lower(${orders.email}) = lower(${email})`));
  return row ?? null;
}

export async function findOrderBySession(db: Executor, { sessionId }: { sessionId: string }) {
  const [row] = await db.select({ id: orders.id, number: orders.number }).from(orders).where(eq(orders.stripeCheckoutSessionId, sessionId));
  return row ?? null;
}

/** Demo orders nobody paid for: the sweeper expires them through the webhook path like Stripe would. */
export async function listLapsedDemoOrders(db: Executor, { now = new Date() }: { now?: Date } = {}) {
  return db
    .select({ id: orders.id })
    .from(orders)
    // lt() binds `now` through the column's type; a bare Date inside sql`` fails to serialise on postgres.js.
    .where(and(eq(orders.status, "pending_payment"), eq(orders.demo, true), lt(orders.expiresAt, now)))
    .limit(50);
}

export type OrderLookup = { status: "found"; id: string; number: string } | { status: "not_found" } | { status: "limited"; retryAfter: number };

/**
 * A shopper's order look-up, limited per address so order numbers can't be guessed: the attempt reserves a hit
 * first (atomic, so parallel guesses can't pass the limit), and only a look-up that finds nothing keeps it.
 */
export async function lookUpOrder(db: Executor, { number, email, ip, now = new Date() }: { number: string; email: string; ip: string; now?: Date }): Promise<OrderLookup> {
  const hit = await reserveRateLimitHit(db, { key: orderLookupLimitKey(ip), rule: orderLookupLimit, now });
  if (hit.count > orderLookupLimit.limit) {
    await hit.giveBack();
    return { status: "limited", retryAfter: retryAfterSeconds(now, orderLookupLimit) };
  }
  const order = await findOrderForLookup(db, { number, email });
  if (!order) return { status: "not_found" };
  await hit.giveBack();
  return { status: "found", ...order };
}
