import { createHash } from "node:crypto";
import { stringify } from "csv-stringify/sync";
import { and, asc, count, desc, eq, gt, gte, ilike, inArray, isNotNull, lt, or, sql, sum, type SQL } from "drizzle-orm";
import type Stripe from "stripe";
import type { Db, Executor } from "~db/client.server";
import { auditLog, orderEvents, orderLines, orders, stockMovements, users, type PostalAddress } from "~db/schema";
import { ADMIN_ORDERS_PAGE_SIZE, PAYMENT_PROBLEM, REFUND_OWED, jakartaDayRange, minorToDecimal, shipmentSchema, type AdminOrderFilters, type AdminOrderQuery } from "~/domain/retail/admin-orders";
import { formatMoney } from "~/domain/money/money";
import { isRefusal, Refusal } from "~/domain/platform/refusal";
import { canTransition, orderStatusLabels, refundBlocker, type OrderStatus } from "~/domain/retail/order-status";
import { parseRefundAmount } from "~/domain/payments/refund-amount";
import { adjustmentReasonText } from "~/domain/stock/stock-adjustment";
import { recordAudit } from "~/models/platform/audit.server";
import { queueShippedEmail } from "~/models/platform/emails.server";
import { owingRefund, recordRefund } from "./orders.server";
import { applyDemoEvent, demoRefundEvent } from "~/models/payments/demo-events.server";
import { createRefund } from "~/models/payments/stripe-checkout.server";
import { findOnlineLocationId, recordMovements, type Movement } from "~/models/stock/ledger.server";
import { isStripeError } from "~/utils/stripe.server";

export type Actor = { userId: number; ip?: string | null };

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function whereFilters(filters: AdminOrderFilters): SQL | undefined {
  const conditions: SQL[] = [];
  if (filters.status === REFUND_OWED) conditions.push(owingRefund);
  else if (filters.status === PAYMENT_PROBLEM) conditions.push(isNotNull(orders.paymentProblem));
  else if (filters.status) conditions.push(eq(orders.status, filters.status));
  if (filters.demo) conditions.push(eq(orders.demo, filters.demo === "demo"));
  const { start, end } = jakartaDayRange(filters);
  if (start) conditions.push(gte(orders.createdAt, start));
  if (end) conditions.push(lt(orders.createdAt, end));
  if (filters.q) {
    const pattern = likePattern(filters.q);
    conditions.push(or(ilike(orders.number, pattern), ilike(orders.email, pattern), ilike(orders.customerName, pattern))!);
  }
  return conditions.length ? and(...conditions) : undefined;
}

// Written out with aliases: drizzle leaves column names unqualified inside a select list.
const itemCount = sql<number>`(select coalesce(sum(ol.quantity), 0) from ${orderLines} ol where ol.order_id = ${orders}.id)`.mapWith(Number);

/** One page of orders, newest first, with the total count for pagination: two statements. */
export async function listAdminOrders(db: Executor, query: AdminOrderQuery) {
  const where = whereFilters(query);
  const [[counted], rows] = await Promise.all([
    db.select({ total: count() }).from(orders).where(where),
    db
      .select({
        number: orders.number,
        status: orders.status,
        paymentStatus: orders.paymentStatus,
        demo: orders.demo,
        email: orders.email,
        customerName: orders.customerName,
        shippingCountry: orders.shippingCountry,
        currency: orders.currency,
        totalMinor: orders.totalMinor,
        refundedMinor: orders.refundedMinor,
        paymentProblem: orders.paymentProblem,
        items: itemCount,
        createdAt: orders.createdAt,
      })
      .from(orders)
      .where(where)
      .orderBy(desc(orders.createdAt), desc(orders.id))
      .limit(ADMIN_ORDERS_PAGE_SIZE)
      .offset((query.page - 1) * ADMIN_ORDERS_PAGE_SIZE),
  ]);
  const total = counted?.total ?? 0;
  return { orders: rows, total, page: query.page, pageCount: Math.max(1, Math.ceil(total / ADMIN_ORDERS_PAGE_SIZE)) };
}

/** Pieces of each variant already returned to stock by refunds of this order (see refundOrder). */
async function restockedByVariant(db: Executor, orderId: string): Promise<Map<number, number>> {
  const rows = await db
    .select({ variantId: stockMovements.variantId, returned: sum(stockMovements.onHandDelta).mapWith(Number) })
    .from(stockMovements)
    // Returns are `return` movements; refunds recorded before that kind existed restocked as positive adjustments.
    .where(and(eq(stockMovements.orderId, orderId), inArray(stockMovements.kind, ["return", "adjustment"]), gt(stockMovements.onHandDelta, 0)))
    .groupBy(stockMovements.variantId);
  return new Map(rows.map((r) => [r.variantId, r.returned]));
}

/** Only pieces that were sold from stock and have not left the workshop can go back on the shelf. */
const restockableStatuses: readonly OrderStatus[] = ["paid", "packed"];

/** The detail page: order with lines and timeline, and who changed it in the back office. */
export async function getAdminOrder(db: Executor, { number }: { number: string }) {
  const [order, history] = await Promise.all([
    db.query.orders.findFirst({
      where: eq(orders.number, number),
      with: {
        lines: { orderBy: (l, { asc }) => [asc(l.id)] },
        events: { orderBy: (e, { asc }) => [asc(e.createdAt), asc(e.id)] },
      },
    }),
    db
      .select({ id: auditLog.id, action: auditLog.action, changes: auditLog.changes, createdAt: auditLog.createdAt, userName: users.name })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.userId))
      .where(and(eq(auditLog.entityType, "order"), eq(auditLog.entityId, number)))
      .orderBy(asc(auditLog.id)),
  ]);
  if (!order) return null;
  const restocked = restockableStatuses.includes(order.status) ? await restockedByVariant(db, order.id) : new Map<number, number>();
  // How many of each line a refund may still put back on the shelf (0 once shipped, or for a late payment).
  const lines = order.lines.map((l) => ({ ...l, restockable: restockableStatuses.includes(order.status) ? Math.max(0, l.quantity - (restocked.get(l.variantId) ?? 0)) : 0 }));
  return { ...order, lines, history };
}

type OrderRow = typeof orders.$inferSelect;

async function lockOrderByNumber(tx: Executor, number: string): Promise<OrderRow> {
  const [order] = await tx.select().from(orders).where(eq(orders.number, number)).for("update");
  if (!order) throw Refusal.notFound("We couldn't find that order.");
  return order;
}

function assertTransition(order: Pick<OrderRow, "number" | "status">, to: OrderStatus) {
  if (!canTransition(order.status, to)) {
    throw Refusal.conflict(`Order ${order.number} is ${orderStatusLabels[order.status].toLowerCase()}, so it can't be marked ${orderStatusLabels[to].toLowerCase()}.`);
  }
}

/** paid → packed, with its timeline entry and audit entry in the same transaction. */
export async function packOrder(db: Db, input: { number: string } & Actor) {
  return db.transaction(async (tx) => {
    const order = await lockOrderByNumber(tx, input.number);
    assertTransition(order, "packed");
    await tx.update(orders).set({ status: "packed", packedAt: new Date() }).where(eq(orders.id, order.id));
    await tx.insert(orderEvents).values({ orderId: order.id, status: "packed", note: "Packed in Jakarta" });
    await recordAudit(tx, { userId: input.userId, ip: input.ip, action: "pack", entityType: "order", entityId: order.number, changes: { status: { from: order.status, to: "packed" } } });
    return { status: "packed" as const };
  });
}

/**
 * packed → shipped (a paid order is packed and shipped in one go, both steps on the timeline), with the
 * carrier and tracking number, the customer's email queued, and the audit entry: all in one transaction.
 */
export async function shipOrder(db: Db, input: { number: string; carrier: string; trackingNumber: string } & Actor) {
  const parsed = shipmentSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw Refusal.invalid(issue.message, { field: issue.path[0] === "carrier" ? "carrier" : "trackingNumber" });
  }
  const { carrier, trackingNumber } = parsed.data;
  return db.transaction(async (tx) => {
    const order = await lockOrderByNumber(tx, input.number);
    const now = new Date();
    if (order.status === "paid") {
      assertTransition(order, "packed");
      await tx.insert(orderEvents).values({ orderId: order.id, status: "packed", note: "Packed in Jakarta" });
    }
    assertTransition({ number: order.number, status: order.status === "paid" ? "packed" : order.status }, "shipped");
    await tx
      .update(orders)
      .set({ status: "shipped", packedAt: order.packedAt ?? now, shippedAt: now, carrier, trackingNumber })
      .where(eq(orders.id, order.id));
    await tx.insert(orderEvents).values({ orderId: order.id, status: "shipped", note: `Shipped with ${carrier}, tracking number ${trackingNumber}` });
    await queueShippedEmail(tx, { orderId: order.id });
    await recordAudit(tx, {
      userId: input.userId,
      ip: input.ip,
      action: "ship",
      entityType: "order",
      entityId: order.number,
      changes: { status: { from: order.status, to: "shipped" }, carrier, trackingNumber },
    });
    return { status: "shipped" as const, carrier, trackingNumber };
  });
}

export type RefundInput = {
  number: string;
  /** What staff typed, in the order's currency as the page shows it: "12.50", "57,95", "Rp 150.000". */
  amount: string;
  /** Unshipped pieces to put back on the shelf with this refund, per order line. */
  restock?: { lineId: number; quantity: number }[];
  /** The refunded total the page showed when staff decided; a different one means someone else refunded meanwhile. */
  expectedRefundedMinor: number;
} & Actor;

/**
 * A full or partial refund. Checked first without a lock, then Stripe refunds (outside any transaction, with an
 * idempotency key made of the order, the refunded total staff saw and the amount, so a double submit refunds
 * once), then the refund is recorded with its audit entry (which keeps the key) in one transaction. Recording is
 * cumulative and monotonic (see recordRefund), so the charge.refunded webhook for the same refund, arriving
 * before or after, changes nothing. Demo orders skip Stripe and then get a signed demo charge.refunded event.
 * A cancelled order whose payment came late (see holdsLatePayment) is refunded the same way and stays cancelled.
 */
export async function refundOrder(db: Db, input: RefundInput & { stripe: Stripe | null }): Promise<RefundResult> {
  const { stripe } = input;
  const [order] = await db.select().from(orders).where(eq(orders.number, input.number));
  if (!order) throw Refusal.notFound("We couldn't find that order.");
  const money = (minor: number) => formatMoney({ amountMinor: minor, currency: order.currency });
  let amountMinor: number;
  try {
    amountMinor = parseRefundAmount(input.amount, order.currency);
  } catch (error) {
    throw Refusal.invalid(`${(error as Error).message} (the order is in ${order.currency}).`, { field: "amount" });
  }
  // Keyed on the refunded total the form showed, not the amount: two different refunds started from the same
  // view share a key, so Stripe makes the first and refuses the second (idempotency_error) instead of paying twice.
  const idempotencyKey = `kriya-refund-${order.id}-${input.expectedRefundedMinor}`;
  if (order.refundedMinor !== input.expectedRefundedMinor) {
    // The same form sent again (a double click, a reload) finds the refund it already made.
    const done = await findRecordedRefund(db, order.number, idempotencyKey);
    if (done && done.amountMinor === amountMinor) return { ...done, refundedMinor: order.refundedMinor, totalMinor: order.totalMinor, currency: order.currency, status: order.status, replayed: true };
    throw Refusal.conflict(`This order changed while you were looking at it: ${money(order.refundedMinor)} has been refunded so far. Check the amount and try again.`);
  }
  const blocker = refundBlocker(order);
  if (blocker === "nothing_left") throw Refusal.conflict(`Order ${order.number} is already refunded in full (${money(order.refundedMinor)}); nothing is left to refund.`);
  if (blocker === "not_paid") {
    const why = order.status === "cancelled" ? "was cancelled and no payment for it has arrived" : `is ${orderStatusLabels[order.status].toLowerCase()}`;
    throw Refusal.conflict(`Order ${order.number} ${why}; only paid, packed or shipped orders, or cancelled ones whose payment came late, can be refunded.`);
  }
  const remaining = order.totalMinor - order.refundedMinor;
  if (amountMinor <= 0) throw Refusal.invalid("Enter an amount above zero.", { field: "amount" });
  if (amountMinor > remaining) throw Refusal.invalid(`You can refund at most ${money(remaining)}.`, { field: "amount" });
  const restock = await planRestock(db, order, input.restock ?? []);

  let refundId: string;
  if (order.demo) {
    refundId = `re_demo_${createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 24)}`;
  } else {
    if (!order.stripePaymentIntentId) throw Refusal.conflict("This order has no Stripe payment to refund.");
    if (!stripe) throw Refusal.unavailable("Stripe is not configured on this server, so nothing was refunded. Refund in the Stripe dashboard instead.");
    refundId = await createStripeRefund(stripe, { order, amountMinor, idempotencyKey });
  }

  const result = await db.transaction(async (tx): Promise<RefundResult> => {
    const before = await lockOrderByNumber(tx, order.number);
    // Two identical submissions at once get the same Stripe refund; only the first records it.
    const done = await findRecordedRefund(tx, order.number, idempotencyKey);
    if (done && done.amountMinor !== amountMinor) throw Refusal.conflict(anotherRefund(money(before.refundedMinor)));
    if (done) return { ...done, refundedMinor: before.refundedMinor, totalMinor: order.totalMinor, currency: order.currency, status: before.status, replayed: true };
    if (before.refundedMinor !== input.expectedRefundedMinor && order.demo) throw Refusal.conflict(anotherRefund(money(before.refundedMinor)));
    const status = (await recordRefund(tx, { orderId: order.id, refundedMinor: input.expectedRefundedMinor + amountMinor, payment: { paymentIntentId: order.stripePaymentIntentId } })) ?? before.status;
    const restocked = await returnToStock(tx, { ...before, userId: input.userId }, restock, status);
    const [after] = await tx.select({ refundedMinor: orders.refundedMinor }).from(orders).where(eq(orders.id, order.id));
    await recordAudit(tx, {
      userId: input.userId,
      ip: input.ip,
      action: "refund",
      entityType: "order",
      entityId: order.number,
      changes: {
        refundId,
        idempotencyKey,
        amountMinor,
        currency: order.currency,
        refundedMinor: { from: before.refundedMinor, to: after!.refundedMinor },
        status: { from: before.status, to: status },
        ...(restocked.length ? { restocked } : {}),
      },
    });
    return { refundId, amountMinor, refundedMinor: after!.refundedMinor, totalMinor: order.totalMinor, currency: order.currency, status, replayed: false, restocked: restocked.reduce((n, r) => n + r.quantity, 0) };
  });

  if (order.demo && !result.replayed) {
    const payload = await demoRefundEvent(db, order.id, result.refundedMinor);
    if (payload) await applyDemoEvent(db, payload);
  }
  return result;
}

export type RefundResult = { refundId: string; amountMinor: number; refundedMinor: number; totalMinor: number; currency: string; status: OrderStatus; replayed: boolean; restocked?: number };

type RestockLine = { lineId: number; variantId: number; sku: string; quantity: number };

/** Checks the pieces staff chose to put back against what each line can still return; throws before Stripe is called. */
async function planRestock(db: Executor, order: OrderRow, requested: { lineId: number; quantity: number }[]): Promise<RestockLine[]> {
  const wanted = requested.filter((r) => r.quantity > 0);
  if (!wanted.length) return [];
  if (!restockableStatuses.includes(order.status)) {
    throw Refusal.invalid(`Order ${order.number} is ${orderStatusLabels[order.status].toLowerCase()}: only pieces of a paid or packed order, not yet shipped, can go back to stock.`, { field: "restock" });
  }
  const lines = await db.select({ id: orderLines.id, variantId: orderLines.variantId, sku: orderLines.sku, quantity: orderLines.quantity }).from(orderLines).where(eq(orderLines.orderId, order.id));
  const restocked = await restockedByVariant(db, order.id);
  return wanted.map((r) => {
    const line = lines.find((l) => l.id === r.lineId);
    if (!line) throw Refusal.invalid("One of the pieces to return to stock is not on this order. Reload the page and try again.", { field: "restock" });
    const left = line.quantity - (restocked.get(line.variantId) ?? 0);
    if (!Number.isSafeInteger(r.quantity) || r.quantity > left) {
      throw Refusal.invalid(`At most ${left} of ${line.sku} can go back to stock (${line.quantity} ordered${left < line.quantity ? `, ${line.quantity - left} already returned` : ""}).`, { field: "restock" });
    }
    return { lineId: line.id, variantId: line.variantId, sku: line.sku, quantity: r.quantity };
  });
}

/**
 * Puts refunded, unshipped pieces back on the online shelf through the stock ledger, inside the refund's
 * transaction. Checked again under the order's lock: if it was shipped meanwhile, nothing goes back.
 */
async function returnToStock(tx: Executor, order: OrderRow & { userId: number }, plan: RestockLine[], statusNow: OrderStatus) {
  if (!plan.length || !restockableStatuses.includes(order.status)) return [];
  const locationId = await findOnlineLocationId(tx);
  const restocked = await restockedByVariant(tx, order.id);
  const lines = await tx.select({ id: orderLines.id, quantity: orderLines.quantity }).from(orderLines).where(eq(orderLines.orderId, order.id));
  const done: { sku: string; quantity: number }[] = [];
  const movements: Movement[] = [];
  for (const item of [...plan].sort((a, b) => a.variantId - b.variantId)) {
    const ordered = lines.find((l) => l.id === item.lineId)?.quantity ?? 0;
    const quantity = Math.min(item.quantity, ordered - (restocked.get(item.variantId) ?? 0));
    if (quantity <= 0) continue;
    movements.push({
      variantId: item.variantId,
      locationId,
      kind: "return",
      quantity,
      reason: adjustmentReasonText("returned", `refund of order ${order.number}, not shipped`),
      orderId: order.id,
      userId: order.userId,
    });
    done.push({ sku: item.sku, quantity });
  }
  await recordMovements(tx, { movements });
  if (done.length) {
    await tx.insert(orderEvents).values({ orderId: order.id, status: statusNow, note: `Returned to stock: ${done.map((d) => `${d.quantity} × ${d.sku}`).join(", ")}` });
  }
  return done;
}

async function findRecordedRefund(db: Executor, number: string, idempotencyKey: string) {
  const [row] = await db
    .select({ changes: auditLog.changes })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "order"), eq(auditLog.entityId, number), eq(auditLog.action, "refund"), sql`${auditLog.changes}->>'idempotencyKey' = ${idempotencyKey}`))
    .limit(1);
  return row ? { refundId: String(row.changes?.refundId), amountMinor: Number(row.changes?.amountMinor) } : null;
}

function anotherRefund(total: string) {
  return `Someone else refunded this order a moment ago (${total} refunded so far), so nothing more was refunded. Reload and check before trying again.`;
}

async function createStripeRefund(stripe: Stripe, { order, amountMinor, idempotencyKey }: { order: OrderRow; amountMinor: number; idempotencyKey: string }) {
  try {
    const refund = await createRefund(stripe, {
      kind: "retail_order",
      ids: { order_id: order.id, order_number: order.number },
      paymentIntentId: order.stripePaymentIntentId!,
      amount: { amountMinor, currency: order.currency },
      idempotencyKey,
    });
    if (refund.status === "failed" || refund.status === "canceled") throw Refusal.upstreamFailed(`Stripe could not refund this payment (refund ${refund.id} ${refund.status}).`);
    return refund.id;
  } catch (error) {
    if (isRefusal(error)) throw error;
    if (isStripeError(error, "StripeIdempotencyError")) throw Refusal.conflict("Someone else refunded this order a moment ago, so nothing more was refunded. Reload and check before trying again.");
    if (isStripeError(error, "StripeConnectionError")) {
      throw Refusal.upstreamFailed("Stripe did not answer, so nothing was recorded. Try again: the same refund will not be made twice.");
    }
    if (isStripeError(error, "StripeAPIError")) {
      // Stripe replays a failed idempotent request's answer for 24 hours, so a retry would only repeat this.
      throw Refusal.upstreamFailed("Stripe had a problem with this refund, so nothing was recorded. Check the payment in the Stripe dashboard before trying again.");
    }
    if (isStripeError(error)) throw Refusal.upstreamFailed(`Stripe refused the refund: ${error.message}`);
    throw error;
  }
}

const EXPORT_BATCH = 500;
/** A cap so a mistaken export can't run forever; the list's count shows when filters are needed. */
export const EXPORT_LIMIT = 50_000;

const csvColumns = [
  "number", "placed_at", "status", "payment_status", "demo", "email", "customer_name", "ship_to_country", "ship_to",
  "items", "currency", "subtotal", "shipping", "total", "refunded", "total_usd", "paid_at", "packed_at", "shipped_at",
  "carrier", "tracking_number", "stripe_payment_intent",
] as const;

const oneLine = (a: PostalAddress | null) => (a ? [a.name, a.line1, a.line2, `${a.postalCode} ${a.city}`.trim(), a.region, a.country].filter(Boolean).join(", ") : "");
const iso = (d: Date | null) => (d ? d.toISOString() : "");

/**
 * The filtered list as CSV, newest first, read in keyset batches and streamed as it is pulled. Cells that a
 * spreadsheet would run as a formula (= + - @ tab CR) get a leading apostrophe; money is an exact decimal.
 */
export function exportOrdersCsv(db: Executor, { filters, batchSize = EXPORT_BATCH }: { filters: AdminOrderFilters; batchSize?: number }): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: { createdAt: string; id: string } | null = null;
  let sent = 0;
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const where = and(whereFilters(filters), cursor ? sql`(${orders.createdAt}, ${orders.id}) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)` : undefined);
      const rows = await db
        .select({
          id: orders.id,
          // Exact to the microsecond, so the next batch starts precisely after this one.
          cursor: sql<string>`to_char(${orders.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
          number: orders.number,
          createdAt: orders.createdAt,
          status: orders.status,
          paymentStatus: orders.paymentStatus,
          demo: orders.demo,
          email: orders.email,
          customerName: orders.customerName,
          shippingCountry: orders.shippingCountry,
          shippingAddress: orders.shippingAddress,
          items: itemCount,
          currency: orders.currency,
          subtotalMinor: orders.subtotalMinor,
          shippingMinor: orders.shippingMinor,
          totalMinor: orders.totalMinor,
          refundedMinor: orders.refundedMinor,
          totalUsdMinor: orders.totalUsdMinor,
          paidAt: orders.paidAt,
          packedAt: orders.packedAt,
          shippedAt: orders.shippedAt,
          carrier: orders.carrier,
          trackingNumber: orders.trackingNumber,
          paymentIntent: orders.stripePaymentIntentId,
        })
        .from(orders)
        .where(where)
        .orderBy(desc(orders.createdAt), desc(orders.id))
        .limit(Math.min(batchSize, EXPORT_LIMIT - sent));
      const records = rows.map((o) => {
        const decimal = (minor: number) => minorToDecimal(minor, o.currency);
        return [
          o.number, iso(o.createdAt), o.status, o.paymentStatus ?? "", o.demo ? "yes" : "no", o.email, o.customerName ?? "", o.shippingCountry,
          oneLine(o.shippingAddress), String(o.items), o.currency, decimal(o.subtotalMinor), decimal(o.shippingMinor), decimal(o.totalMinor),
          decimal(o.refundedMinor), minorToDecimal(o.totalUsdMinor, "USD"), iso(o.paidAt), iso(o.packedAt), iso(o.shippedAt),
          o.carrier ?? "", o.trackingNumber ?? "", o.paymentIntent ?? "",
        ];
      });
      if (first || records.length) {
        // CRLF rows (RFC 4180); a cell holding a lone CR or LF is quoted too, or a spreadsheet would split the row.
        controller.enqueue(encoder.encode(stringify(records, { header: first, columns: first ? [...csvColumns] : undefined, bom: first, escape_formulas: true, record_delimiter: "windows", quoted_match: /[\r\n]/ })));
      }
      first = false;
      sent += rows.length;
      const last = rows.at(-1);
      if (!last || rows.length < batchSize || sent >= EXPORT_LIMIT) controller.close();
      else cursor = { createdAt: last.cursor, id: last.id };
    },
  });
}
