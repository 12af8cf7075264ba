import { aliasedTable, and, asc, count, desc, eq, ilike, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { stringify } from "csv-stringify/sync";
import type { Db, Executor } from "~db/client.server";
import {
  fieldVisitChecks,
  fieldVisits,
  importers,
  payouts,
  producerGroups,
  productionEvents,
  productionOrderLines,
  productionOrders,
  products,
  qcInspections,
  users,
  variants,
  wholesaleOrders,
} from "~db/schema";
import { formatMoney, money } from "~/domain/money/money";
import { isRefusal, Refusal } from "~/domain/platform/refusal";
import { owedOnCancellation, productionStatusLabels, transition, type ProductionAction, type ProductionStatus } from "~/domain/production/status";
import { jakartaDate, minorToDecimal } from "~/domain/retail/admin-orders";
import { recordAudit, type Actor } from "~/models/platform/audit.server";
import { ensureStockLevels, findOnlineLocationId, recordMovements } from "~/models/stock/ledger.server";
import { PG, pgErrorCode } from "~/utils/pg-errors.server";

/**
 * Production orders after acceptance (issue 11.5): the producer group's advance before production, QC with
 * rework, the balance only after QC passed, receipt into the stock ledger, and cancellation that never claws back
 * the advance. Each step is one transaction that locks the order's row, asks the domain's state machine
 * (app/domain/production/status.ts) and writes a production_events row; the database CHECK is the last word.
 */

export const payoutMethods = ["bank_transfer", "cash"] as const;
export type PayoutMethod = (typeof payoutMethods)[number];
export type PayoutKind = "advance" | "balance" | "settlement";

const ENTITY = "production_order";
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

type LockedOrder = typeof productionOrders.$inferSelect;

const rupiah = (amountMinor: number, currency: string) => formatMoney(money(amountMinor, currency));

async function lockOrder(tx: Executor, number: string): Promise<LockedOrder> {
  const [order] = await tx.select().from(productionOrders).where(eq(productionOrders.number, number)).for("update");
  if (!order) throw Refusal.notFound(`There is no production order ${number}.`);
  return order;
}

/** The state machine's answer for this order, or its refusal thrown. */
function move(order: LockedOrder, action: ProductionAction): ProductionStatus {
  const next = transition({ status: order.status, advancePaid: order.advancePayoutId !== null }, action);
  if (isRefusal(next)) throw next;
  return next.status;
}

async function recordStep(tx: Executor, input: { order: LockedOrder; to: ProductionStatus; action: string; actor: Actor; note?: string; changes?: Record<string, unknown> }) {
  const { order, to, action, actor, note = "", changes = {} } = input;
  await tx.insert(productionEvents).values({ productionOrderId: order.id, status: to, note, userId: actor.userId });
  await recordAudit(tx, { userId: actor.userId, action, entityType: ENTITY, entityId: order.number, changes: { status: { from: order.status, to }, ...changes }, ip: actor.ip });
}

/**
 * Rolls the wholesale order forward: in production once one of its production orders starts, ready to ship
 * once every one that was not cancelled is received. Locked, so two receipts at once see each other.
 */
async function rollWholesaleOrder(tx: Executor, wholesaleOrderId: number, now: Date) {
  const [order] = await tx.select({ status: wholesaleOrders.status }).from(wholesaleOrders).where(eq(wholesaleOrders.id, wholesaleOrderId)).for("update");
  if (!order || !["awaiting_deposit", "deposit_paid", "in_production"].includes(order.status)) return;
  const rows = await tx.select({ status: productionOrders.status }).from(productionOrders).where(eq(productionOrders.wholesaleOrderId, wholesaleOrderId));
  const live = rows.filter((r) => r.status !== "cancelled");
  let next = order.status;
  if (live.length > 0 && live.every((r) => r.status === "received")) next = "ready_to_ship";
  else if (live.some((r) => !["draft", "advance_paid"].includes(r.status)) && order.status !== "in_production") next = "in_production";
  if (next !== order.status) await tx.update(wholesaleOrders).set({ status: next, updatedAt: now }).where(eq(wholesaleOrders.id, wholesaleOrderId));
}

/** The earliest day a payout may carry: Kriya's books start long after it, and the databases' date range too. */
const EARLIEST_PAYOUT_DAY = "2000-01-01";

/** A payout date as typed: a real calendar day, from 2000 on, not after today (Jakarta). */
function checkPaidOn(paidOn: string, now: Date): string {
  const value = paidOn.trim();
  const parsed = new Date(`${value}T00:00:00Z`);
  if (!datePattern.test(value) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) {
    throw Refusal.invalid("Enter the date the payout was made, e.g. 2026-12-01.", { field: "paidOn" });
  }
  if (value < EARLIEST_PAYOUT_DAY) throw Refusal.invalid("A payout can't be dated before 2000.", { field: "paidOn" });
  if (value > jakartaDate(now)) throw Refusal.invalid("A payout can't be dated in the future.", { field: "paidOn" });
  return value;
}

function checkReference(reference: string): string {
  const value = reference.trim();
  if (!value) throw Refusal.invalid("Enter the bank reference or the receipt number of the payout.", { field: "reference" });
  if (value.length > 200) throw Refusal.invalid("Keep the reference under 200 characters.", { field: "reference" });
  return value;
}

function checkMethod(method: string): PayoutMethod {
  if (!(payoutMethods as readonly string[]).includes(method)) throw Refusal.invalid("Choose bank transfer or cash.", { field: "method" });
  return method as PayoutMethod;
}

const alreadyRecorded = (kind: PayoutKind) => Refusal.conflict(`The ${kind} for this production order is already recorded.`);

type PayoutInput = { number: string; amountMinor: number; paidOn: string; method: string; reference: string; actor: Actor; now?: Date };

async function insertPayout(tx: Executor, values: typeof payouts.$inferInsert) {
  const [row] = await tx.insert(payouts).values(values).returning({ id: payouts.id });
  return row!.id;
}

/** Runs a payout write; two staff recording the same payout at once leave one row and a 409, never a 500. */
async function payoutTransaction<T>(db: Db, kind: PayoutKind, work: (tx: Executor) => Promise<T>): Promise<T> {
  try {
    return await db.transaction(work);
  } catch (error) {
    if (pgErrorCode(error) === PG.uniqueViolation) throw alreadyRecorded(kind);
    throw error;
  }
}

function checkAmount(amountMinor: number, expected: number, currency: string, what: string) {
  if (!Number.isSafeInteger(amountMinor) || amountMinor !== expected) {
    throw Refusal.invalid(`${what} is ${rupiah(expected, currency)}.`, { field: "amount" });
  }
}

/** Records the group's advance (exactly advance_minor) and moves the order to advance_paid. */
export async function recordAdvancePayout(db: Db, input: PayoutInput) {
  const now = input.now ?? new Date();
  return payoutTransaction(db, "advance", async (tx) => {
    const order = await lockOrder(tx, input.number);
    const to = move(order, "record_advance");
    checkAmount(input.amountMinor, order.advanceMinor, order.currency, "The advance for this order");
    const paidOn = checkPaidOn(input.paidOn, now);
    const method = checkMethod(input.method);
    const reference = checkReference(input.reference);
    const payoutId = await insertPayout(tx, { productionOrderId: order.id, kind: "advance", amountMinor: order.advanceMinor, currency: order.currency, paidOn, method, reference, recordedBy: input.actor.userId });
    await tx.update(productionOrders).set({ status: to, advancePayoutId: payoutId, updatedAt: now }).where(eq(productionOrders.id, order.id));
    await recordStep(tx, { order, to, action: "record_advance", actor: input.actor, note: `Advance ${rupiah(order.advanceMinor, order.currency)} paid by ${method.replace("_", " ")} (${reference})`, changes: { payoutId, amountMinor: order.advanceMinor } });
    return { payoutId, status: to };
  });
}

/** advance_paid → in_production. */
export async function startProduction(db: Db, { number, actor, now = new Date() }: { number: string; actor: Actor; now?: Date }) {
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, number);
    const to = move(order, "start_production");
    await tx.update(productionOrders).set({ status: to, startedAt: now, updatedAt: now }).where(eq(productionOrders.id, order.id));
    await recordStep(tx, { order, to, action: "start_production", actor, note: "Production started" });
    await rollWholesaleOrder(tx, order.wholesaleOrderId, now);
    return { status: to };
  });
}

async function orderedQuantity(tx: Executor, productionOrderId: number): Promise<number> {
  const [row] = await tx.select({ total: sql<number>`coalesce(sum(${productionOrderLines.quantity}), 0)::int` }).from(productionOrderLines).where(eq(productionOrderLines.productionOrderId, productionOrderId));
  return Number(row?.total ?? 0);
}

/**
 * Records an inspection. The order passes QC when every piece ordered was inspected and passed; anything less
 * is a fail that goes to rework and a new inspection.
 */
export async function recordQc(
  db: Db,
  { number, quantityInspected, quantityPassed, notes = "", actor, now = new Date() }: { number: string; quantityInspected: number; quantityPassed: number; notes?: string; actor: Actor; now?: Date },
) {
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, number);
    const ordered = await orderedQuantity(tx, order.id);
    if (!Number.isInteger(quantityInspected) || quantityInspected < 1 || quantityInspected > ordered) {
      throw Refusal.invalid(`Pieces inspected must be a whole number from 1 to the ${ordered} ordered.`, { field: "quantityInspected" });
    }
    if (!Number.isInteger(quantityPassed) || quantityPassed < 0 || quantityPassed > quantityInspected) {
      throw Refusal.invalid(`Pieces passed must be a whole number from 0 to the ${quantityInspected} inspected.`, { field: "quantityPassed" });
    }
    const passed = quantityPassed === ordered;
    const to = move(order, passed ? "pass_qc" : "fail_qc");
    const text = notes.trim().slice(0, 2000);
    await tx.insert(qcInspections).values({ productionOrderId: order.id, result: passed ? "passed" : "failed", quantityInspected, quantityPassed, notes: text, inspectedBy: actor.userId, inspectedAt: now });
    await tx.update(productionOrders).set({ status: to, ...(passed ? { qcPassedAt: now } : {}), updatedAt: now }).where(eq(productionOrders.id, order.id));
    await recordStep(tx, { order, to, action: passed ? "pass_qc" : "fail_qc", actor, note: `QC: ${quantityPassed} of ${quantityInspected} inspected passed (${ordered} ordered)${text ? `. ${text}` : ""}`, changes: { quantityInspected, quantityPassed } });
    return { status: to, passed };
  });
}

/** qc_failed → in_production, for rework and a new inspection. */
export async function sendToRework(db: Db, { number, note = "", actor, now = new Date() }: { number: string; note?: string; actor: Actor; now?: Date }) {
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, number);
    const to = move(order, "rework");
    await tx.update(productionOrders).set({ status: to, updatedAt: now }).where(eq(productionOrders.id, order.id));
    await recordStep(tx, { order, to, action: "rework", actor, note: note.trim() ? `Sent to rework: ${note.trim().slice(0, 500)}` : "Sent to rework" });
    return { status: to };
  });
}

/** The balance (exactly balance_minor), only after QC passed: qc_passed → balance_paid. */
export async function recordBalancePayout(db: Db, input: PayoutInput) {
  const now = input.now ?? new Date();
  return payoutTransaction(db, "balance", async (tx) => {
    const order = await lockOrder(tx, input.number);
    const to = move(order, "pay_balance");
    checkAmount(input.amountMinor, order.balanceMinor, order.currency, "The balance for this order");
    const paidOn = checkPaidOn(input.paidOn, now);
    const method = checkMethod(input.method);
    const reference = checkReference(input.reference);
    // A total below one whole rupiah is paid in full as the advance, leaving no balance row to write.
    const payoutId = order.balanceMinor > 0 ? await insertPayout(tx, { productionOrderId: order.id, kind: "balance", amountMinor: order.balanceMinor, currency: order.currency, paidOn, method, reference, recordedBy: input.actor.userId }) : null;
    await tx.update(productionOrders).set({ status: to, updatedAt: now }).where(eq(productionOrders.id, order.id));
    await recordStep(tx, { order, to, action: "pay_balance", actor: input.actor, note: `Balance ${rupiah(order.balanceMinor, order.currency)} paid by ${method.replace("_", " ")} (${reference})`, changes: { payoutId, amountMinor: order.balanceMinor } });
    return { payoutId, status: to };
  });
}

/** balance_paid → received: one receipt per line into the warehouse that sells online, through the one ledger. */
export async function receiveGoods(db: Db, { number, actor, now = new Date() }: { number: string; actor: Actor; now?: Date }) {
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, number);
    const to = move(order, "receive");
    const lines = await tx.select({ variantId: productionOrderLines.variantId, quantity: productionOrderLines.quantity }).from(productionOrderLines).where(eq(productionOrderLines.productionOrderId, order.id)).orderBy(asc(productionOrderLines.id));
    const locationId = await findOnlineLocationId(tx);
    await ensureStockLevels(tx, { keys: lines.map((l) => ({ variantId: l.variantId, locationId })) });
    await recordMovements(tx, {
      movements: lines.map((l) => ({ variantId: l.variantId, locationId, kind: "receipt" as const, quantity: l.quantity, productionOrderId: order.id, userId: actor.userId, reason: `Received from production order ${order.number}` })),
    });
    await tx.update(productionOrders).set({ status: to, receivedAt: now, updatedAt: now }).where(eq(productionOrders.id, order.id));
    await recordStep(tx, { order, to, action: "receive", actor, note: `Received ${lines.reduce((n, l) => n + l.quantity, 0)} pieces into the warehouse`, changes: { locationId } });
    await rollWholesaleOrder(tx, order.wholesaleOrderId, now);
    return { status: to, locationId };
  });
}

async function paidSoFar(tx: Executor, productionOrderId: number, kinds: PayoutKind[] = ["advance", "balance"]): Promise<number> {
  const [row] = await tx.select({ sum: sql<string>`coalesce(sum(${payouts.amountMinor}), 0)` }).from(payouts).where(and(eq(payouts.productionOrderId, productionOrderId), inArray(payouts.kind, kinds)));
  return Number(row?.sum ?? 0);
}

/**
 * Cancels an order before it is received. What was paid stays with the group; the agreed share of work done
 * beyond it is stored as owed, and shows on the payouts page as a settlement due.
 */
export async function cancelProductionOrder(
  db: Db,
  { number, workDonePercent, reason, actor, now = new Date() }: { number: string; workDonePercent: number; reason: string; actor: Actor; now?: Date },
) {
  const why = reason.trim();
  if (!why) throw Refusal.invalid("Say why the order is cancelled: the group is told this reason.", { field: "reason" });
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, number);
    const to = move(order, "cancel");
    const paid = await paidSoFar(tx, order.id);
    const settlement = owedOnCancellation({ total: money(order.totalMinor, order.currency), advancePaid: money(paid, order.currency), workDonePercent });
    await tx
      .update(productionOrders)
      .set({ status: to, cancelledAt: now, cancelReason: why.slice(0, 1000), workDonePercent, owedOnCancelMinor: settlement.owed.amountMinor, updatedAt: now })
      .where(eq(productionOrders.id, order.id));
    await recordStep(tx, {
      order,
      to,
      action: "cancel",
      actor,
      note: `Cancelled at ${workDonePercent}% work done: ${rupiah(paid, order.currency)} paid stays with the group, ${rupiah(settlement.owed.amountMinor, order.currency)} owed. ${why}`,
      changes: { workDonePercent, paidMinor: paid, owedMinor: settlement.owed.amountMinor },
    });
    await rollWholesaleOrder(tx, order.wholesaleOrderId, now);
    return { status: to, paidMinor: paid, workDoneMinor: settlement.workDone.amountMinor, owedMinor: settlement.owed.amountMinor };
  });
}

/** Pays what a cancellation left owed for work done (exactly that amount, once). */
export async function recordSettlementPayout(db: Db, input: PayoutInput) {
  const now = input.now ?? new Date();
  return payoutTransaction(db, "settlement", async (tx) => {
    const order = await lockOrder(tx, input.number);
    if (order.status !== "cancelled") throw Refusal.conflict("A settlement is paid only on a cancelled production order.");
    const owed = order.owedOnCancelMinor ?? 0;
    if (owed <= 0) throw Refusal.conflict("Nothing is owed to the group on this cancelled order.");
    const [existing] = await tx.select({ id: payouts.id }).from(payouts).where(and(eq(payouts.productionOrderId, order.id), eq(payouts.kind, "settlement"), isNull(payouts.correctsPayoutId)));
    if (existing) throw alreadyRecorded("settlement");
    checkAmount(input.amountMinor, owed, order.currency, "What is owed to the group");
    const paidOn = checkPaidOn(input.paidOn, now);
    const method = checkMethod(input.method);
    const reference = checkReference(input.reference);
    const payoutId = await insertPayout(tx, { productionOrderId: order.id, kind: "settlement", amountMinor: owed, currency: order.currency, paidOn, method, reference, recordedBy: input.actor.userId });
    await tx.insert(productionEvents).values({ productionOrderId: order.id, status: order.status, note: `Settlement ${rupiah(owed, order.currency)} paid (${reference})`, userId: input.actor.userId });
    await recordAudit(tx, { userId: input.actor.userId, action: "pay_settlement", entityType: ENTITY, entityId: order.number, changes: { payoutId, amountMinor: owed }, ip: input.actor.ip });
    return { payoutId };
  });
}

/**
 * Puts a payout right with a new row that references it and carries the signed difference (payouts are
 * append-only). The payout with its corrections must stay above zero.
 */
export async function correctPayout(
  db: Db,
  { number, payoutId, amountMinor, note, reference, actor, now = new Date() }: { number: string; payoutId: number; amountMinor: number; note: string; reference?: string; actor: Actor; now?: Date },
) {
  const why = note.trim();
  if (!Number.isSafeInteger(amountMinor) || amountMinor === 0) throw Refusal.invalid("Enter the difference to correct by: more than zero, or below zero to take some back.", { field: "amount" });
  if (!why) throw Refusal.invalid("Say why the payout is corrected.", { field: "note" });
  return db.transaction(async (tx) => {
    // The order named by the page first: a payout is corrected only from its own production order.
    const order = await lockOrder(tx, number);
    const [original] = await tx.select().from(payouts).where(and(eq(payouts.id, payoutId), eq(payouts.productionOrderId, order.id)));
    if (!original) throw Refusal.notFound("This production order has no such payout.");
    if (original.correctsPayoutId !== null) throw Refusal.invalid("Correct the original payout, not a correction.");
    const [net] = await tx.select({ sum: sql<string>`coalesce(sum(${payouts.amountMinor}), 0)` }).from(payouts).where(or(eq(payouts.id, payoutId), eq(payouts.correctsPayoutId, payoutId)));
    if (Number(net?.sum ?? 0) + amountMinor <= 0) throw Refusal.invalid("A correction can't take a payout to zero or below.", { field: "amount" });
    const id = await insertPayout(tx, {
      productionOrderId: order.id,
      kind: original.kind,
      amountMinor,
      currency: original.currency,
      paidOn: jakartaDate(now),
      method: original.method,
      reference: reference?.trim() || original.reference,
      recordedBy: actor.userId,
      correctsPayoutId: original.id,
      note: why.slice(0, 1000),
    });
    await tx.insert(productionEvents).values({ productionOrderId: order.id, status: order.status, note: `Correction to the ${original.kind}: ${amountMinor > 0 ? "+" : ""}${rupiah(amountMinor, original.currency)}. ${why}`, userId: actor.userId });
    await recordAudit(tx, { userId: actor.userId, action: "correct_payout", entityType: ENTITY, entityId: order.number, changes: { payoutId: id, corrects: original.id, amountMinor, note: why }, ip: actor.ip });
    return { payoutId: id };
  });
}

// ——— What staff see ———

const finished: ProductionStatus[] = ["received", "cancelled"];

export type OverviewFilters = { status?: ProductionStatus; producerId?: number; q?: string; today: string };

export async function listProductionOverview(db: Executor, { status, producerId, q, today }: OverviewFilters) {
  const conditions: SQL[] = [];
  if (status) conditions.push(eq(productionOrders.status, status));
  if (producerId) conditions.push(eq(productionOrders.producerId, producerId));
  const term = q?.trim();
  if (term) {
    const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(productionOrders.number, like), ilike(productionOrders.batchCode, like), ilike(wholesaleOrders.number, like), ilike(producerGroups.name, like), ilike(importers.companyName, like))!);
  }
  const rows = await db
    .select({
      number: productionOrders.number,
      status: productionOrders.status,
      batchCode: productionOrders.batchCode,
      dueOn: productionOrders.dueOn,
      totalMinor: productionOrders.totalMinor,
      currency: productionOrders.currency,
      producerId: producerGroups.id,
      producerName: producerGroups.name,
      wholesaleOrderNumber: wholesaleOrders.number,
      importerName: importers.companyName,
      createdAt: productionOrders.createdAt,
    })
    .from(productionOrders)
    .innerJoin(producerGroups, eq(producerGroups.id, productionOrders.producerId))
    .innerJoin(wholesaleOrders, eq(wholesaleOrders.id, productionOrders.wholesaleOrderId))
    .innerJoin(importers, eq(importers.id, wholesaleOrders.importerId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(sql`${productionOrders.dueOn} asc nulls last`, desc(productionOrders.id))
    .limit(500);
  const byStatus = await db.select({ status: productionOrders.status, count: count() }).from(productionOrders).groupBy(productionOrders.status);
  const byGroup = await db
    .select({
      producerId: producerGroups.id,
      producerName: producerGroups.name,
      open: sql<number>`count(*) filter (where ${productionOrders.status} not in ('received', 'cancelled'))::int`,
      overdue: sql<number>`count(*) filter (where ${productionOrders.status} not in ('received', 'cancelled') and ${productionOrders.dueOn} < ${today})::int`,
      total: sql<number>`count(*)::int`,
    })
    .from(productionOrders)
    .innerJoin(producerGroups, eq(producerGroups.id, productionOrders.producerId))
    .groupBy(producerGroups.id, producerGroups.name)
    .orderBy(asc(producerGroups.name));
  return {
    rows: rows.map((r) => ({ ...r, overdue: r.dueOn !== null && r.dueOn < today && !finished.includes(r.status) })),
    byStatus: Object.fromEntries(byStatus.map((s) => [s.status, Number(s.count)])) as Partial<Record<ProductionStatus, number>>,
    byGroup: byGroup.map((g) => ({ ...g, open: Number(g.open), overdue: Number(g.overdue), total: Number(g.total) })),
  };
}

export type PayoutFilters = { kind?: PayoutKind; producerId?: number; status: "due" | "paid" | "all"; from?: string; to?: string; today: string };

export type PayoutRow = {
  state: "due" | "paid";
  kind: PayoutKind;
  productionOrderNumber: string;
  productionStatus: ProductionStatus;
  wholesaleOrderNumber: string;
  producerId: number;
  producerName: string;
  amountMinor: number;
  currency: string;
  /** Due: since when it is due (today's date when it is due now). Paid: the day it was paid. */
  date: string;
  method: PayoutMethod | null;
  reference: string | null;
  recordedBy: string | null;
  payoutId: number | null;
  correctsPayoutId: number | null;
  note: string;
};

/**
 * What is owed to each group and what was paid: advances due on draft orders (due now: the advance comes before
 * production), balances due once QC passed, settlements due on cancelled orders that left something owed, and
 * every payout row with its date, method, reference and who recorded it.
 */
export async function listPayoutsDue(db: Executor, filters: PayoutFilters) {
  const { kind, producerId, status, from, to, today } = filters;
  const result: PayoutRow[] = [];
  const orderColumns = {
    id: productionOrders.id,
    number: productionOrders.number,
    status: productionOrders.status,
    currency: productionOrders.currency,
    advanceMinor: productionOrders.advanceMinor,
    balanceMinor: productionOrders.balanceMinor,
    owedOnCancelMinor: productionOrders.owedOnCancelMinor,
    createdAt: productionOrders.createdAt,
    qcPassedAt: productionOrders.qcPassedAt,
    cancelledAt: productionOrders.cancelledAt,
    producerId: producerGroups.id,
    producerName: producerGroups.name,
    wholesaleOrderNumber: wholesaleOrders.number,
  };
  if (status !== "paid") {
    const settled = sql`exists (select 1 from ${payouts} p where p.production_order_id = ${productionOrders.id} and p.kind = 'settlement' and p.corrects_payout_id is null)`;
    const due = await db
      .select(orderColumns)
      .from(productionOrders)
      .innerJoin(producerGroups, eq(producerGroups.id, productionOrders.producerId))
      .innerJoin(wholesaleOrders, eq(wholesaleOrders.id, productionOrders.wholesaleOrderId))
      .where(
        and(
          or(
            eq(productionOrders.status, "draft"),
            and(eq(productionOrders.status, "qc_passed"), sql`${productionOrders.balanceMinor} > 0`),
            and(eq(productionOrders.status, "cancelled"), sql`${productionOrders.owedOnCancelMinor} > 0`, sql`not ${settled}`),
          ),
          producerId ? eq(productionOrders.producerId, producerId) : undefined,
        ),
      )
      .orderBy(asc(productionOrders.id));
    for (const o of due) {
      const [dueKind, amountMinor, since] =
        o.status === "draft" ? (["advance", o.advanceMinor, today] as const) : o.status === "qc_passed" ? (["balance", o.balanceMinor, o.qcPassedAt ? jakartaDate(o.qcPassedAt) : today] as const) : (["settlement", o.owedOnCancelMinor ?? 0, o.cancelledAt ? jakartaDate(o.cancelledAt) : today] as const);
      result.push({ state: "due", kind: dueKind, productionOrderNumber: o.number, productionStatus: o.status, wholesaleOrderNumber: o.wholesaleOrderNumber, producerId: o.producerId, producerName: o.producerName, amountMinor, currency: o.currency, date: since, method: null, reference: null, recordedBy: null, payoutId: null, correctsPayoutId: null, note: "" });
    }
  }
  if (status !== "due") {
    const recorder = aliasedTable(users, "recorder");
    const paid = await db
      .select({
        id: payouts.id,
        kind: payouts.kind,
        amountMinor: payouts.amountMinor,
        currency: payouts.currency,
        paidOn: payouts.paidOn,
        method: payouts.method,
        reference: payouts.reference,
        correctsPayoutId: payouts.correctsPayoutId,
        note: payouts.note,
        recordedBy: recorder.name,
        number: productionOrders.number,
        status: productionOrders.status,
        producerId: producerGroups.id,
        producerName: producerGroups.name,
        wholesaleOrderNumber: wholesaleOrders.number,
      })
      .from(payouts)
      .innerJoin(productionOrders, eq(productionOrders.id, payouts.productionOrderId))
      .innerJoin(producerGroups, eq(producerGroups.id, productionOrders.producerId))
      .innerJoin(wholesaleOrders, eq(wholesaleOrders.id, productionOrders.wholesaleOrderId))
      .leftJoin(recorder, eq(recorder.id, payouts.recordedBy))
      .where(producerId ? eq(productionOrders.producerId, producerId) : undefined)
      .orderBy(desc(payouts.paidOn), desc(payouts.id));
    for (const p of paid) {
      result.push({ state: "paid", kind: p.kind, productionOrderNumber: p.number, productionStatus: p.status, wholesaleOrderNumber: p.wholesaleOrderNumber, producerId: p.producerId, producerName: p.producerName, amountMinor: p.amountMinor, currency: p.currency, date: p.paidOn, method: p.method, reference: p.reference, recordedBy: p.recordedBy, payoutId: p.id, correctsPayoutId: p.correctsPayoutId, note: p.note });
    }
  }
  const rows = result.filter((r) => (!kind || r.kind === kind) && (!from || r.date >= from) && (!to || r.date <= to));
  const groups = new Map<number, { producerId: number; producerName: string; currency: string; dueMinor: number; paidMinor: number }>();
  for (const r of rows) {
    const g = groups.get(r.producerId) ?? { producerId: r.producerId, producerName: r.producerName, currency: r.currency, dueMinor: 0, paidMinor: 0 };
    if (r.state === "due") g.dueMinor += r.amountMinor;
    else g.paidMinor += r.amountMinor;
    groups.set(r.producerId, g);
  }
  const bySum = [...groups.values()].sort((a, b) => a.producerName.localeCompare(b.producerName));
  return { rows, groups: bySum, dueMinor: bySum.reduce((n, g) => n + g.dueMinor, 0), paidMinor: bySum.reduce((n, g) => n + g.paidMinor, 0) };
}

const csvColumns = ["state", "kind", "producer_group", "production_order", "wholesale_order", "amount", "currency", "date", "method", "reference", "recorded_by", "payout_id", "corrects_payout_id", "note"] as const;

/** The payouts list as CSV: the same quoting and formula-injection guard as the orders export. */
export async function payoutsCsv(db: Executor, filters: PayoutFilters): Promise<string> {
  const { rows } = await listPayoutsDue(db, filters);
  const records = rows.map((r) => ({
    state: r.state,
    kind: r.kind,
    producer_group: r.producerName,
    production_order: r.productionOrderNumber,
    wholesale_order: r.wholesaleOrderNumber,
    // A number, so a negative correction stays a number to a spreadsheet (escape_formulas guards text only);
    // payouts are in IDR, which shows whole rupiah.
    amount: Number(minorToDecimal(r.amountMinor, r.currency)),
    currency: r.currency,
    date: r.date,
    method: r.method ?? "",
    reference: r.reference ?? "",
    recorded_by: r.recordedBy ?? "",
    payout_id: r.payoutId ?? "",
    corrects_payout_id: r.correctsPayoutId ?? "",
    note: r.note,
  }));
  return stringify(records, { header: true, columns: [...csvColumns], bom: true, escape_formulas: true, record_delimiter: "windows", quoted_match: /[\r\n]/ });
}

/** Everything staff need on one production order, including the group's payout bank details (staff only). */
export async function getProductionOrderForStaff(db: Executor, { number }: { number: string }) {
  const [order] = await db
    .select({
      order: productionOrders,
      producer: {
        id: producerGroups.id,
        slug: producerGroups.slug,
        name: producerGroups.name,
        village: producerGroups.village,
        regency: producerGroups.regency,
        province: producerGroups.province,
        contactName: producerGroups.contactName,
        contactPhone: producerGroups.contactPhone,
        payoutBankName: producerGroups.payoutBankName,
        payoutAccountName: producerGroups.payoutAccountName,
        payoutAccountNumber: producerGroups.payoutAccountNumber,
      },
      wholesaleOrder: { id: wholesaleOrders.id, number: wholesaleOrders.number, status: wholesaleOrders.status },
      importer: { id: importers.id, companyName: importers.companyName, country: importers.country },
    })
    .from(productionOrders)
    .innerJoin(producerGroups, eq(producerGroups.id, productionOrders.producerId))
    .innerJoin(wholesaleOrders, eq(wholesaleOrders.id, productionOrders.wholesaleOrderId))
    .innerJoin(importers, eq(importers.id, wholesaleOrders.importerId))
    .where(eq(productionOrders.number, number));
  if (!order) return null;
  const id = order.order.id;
  const lines = await db
    .select({ id: productionOrderLines.id, sku: variants.sku, variantTitle: variants.title, productTitle: products.title, quantity: productionOrderLines.quantity, unitPriceMinor: productionOrderLines.unitPriceMinor, lineTotalMinor: productionOrderLines.lineTotalMinor })
    .from(productionOrderLines)
    .innerJoin(variants, eq(variants.id, productionOrderLines.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .where(eq(productionOrderLines.productionOrderId, id))
    .orderBy(asc(productionOrderLines.id));
  const recorder = aliasedTable(users, "recorder");
  const payoutRows = await db
    .select({ id: payouts.id, kind: payouts.kind, amountMinor: payouts.amountMinor, currency: payouts.currency, paidOn: payouts.paidOn, method: payouts.method, reference: payouts.reference, correctsPayoutId: payouts.correctsPayoutId, note: payouts.note, recordedBy: recorder.name, createdAt: payouts.createdAt })
    .from(payouts)
    .leftJoin(recorder, eq(recorder.id, payouts.recordedBy))
    .where(eq(payouts.productionOrderId, id))
    .orderBy(asc(payouts.id));
  const inspections = await db
    .select({ id: qcInspections.id, result: qcInspections.result, quantityInspected: qcInspections.quantityInspected, quantityPassed: qcInspections.quantityPassed, notes: qcInspections.notes, inspectedAt: qcInspections.inspectedAt, inspectedBy: users.name })
    .from(qcInspections)
    .leftJoin(users, eq(users.id, qcInspections.inspectedBy))
    .where(eq(qcInspections.productionOrderId, id))
    .orderBy(asc(qcInspections.inspectedAt), asc(qcInspections.id));
  const history = await db
    .select({ id: productionEvents.id, status: productionEvents.status, note: productionEvents.note, createdAt: productionEvents.createdAt, userName: users.name })
    .from(productionEvents)
    .leftJoin(users, eq(users.id, productionEvents.userId))
    .where(eq(productionEvents.productionOrderId, id))
    .orderBy(asc(productionEvents.createdAt), asc(productionEvents.id));
  const paidMinor = payoutRows.filter((p) => p.kind !== "settlement").reduce((n, p) => n + p.amountMinor, 0);
  return {
    ...order,
    lines,
    quantityOrdered: lines.reduce((n, l) => n + l.quantity, 0),
    payouts: payoutRows,
    inspections,
    events: history,
    paidMinor,
    statusLabel: productionStatusLabels[order.order.status],
  };
}

export type StaffProductionOrder = NonNullable<Awaited<ReturnType<typeof getProductionOrderForStaff>>>;

/**
 * The public batch page's facts: who made it, where and when, the pieces, and the group's latest field visit.
 * Never prices, payouts, bank details or the importer. A cancelled batch was never made and is not shown.
 */
export async function getBatch(db: Executor, { code }: { code: string }) {
  const [batch] = await db
    .select({
      id: productionOrders.id,
      batchCode: productionOrders.batchCode,
      status: productionOrders.status,
      startedAt: productionOrders.startedAt,
      qcPassedAt: productionOrders.qcPassedAt,
      receivedAt: productionOrders.receivedAt,
      producer: {
        id: producerGroups.id,
        slug: producerGroups.slug,
        name: producerGroups.name,
        summary: producerGroups.summary,
        village: producerGroups.village,
        regency: producerGroups.regency,
        province: producerGroups.province,
        island: producerGroups.island,
        crafts: producerGroups.crafts,
        memberCount: producerGroups.memberCount,
        womenCount: producerGroups.womenCount,
        foundedYear: producerGroups.foundedYear,
      },
    })
    .from(productionOrders)
    .innerJoin(producerGroups, eq(producerGroups.id, productionOrders.producerId))
    .where(and(eq(productionOrders.batchCode, code), sql`${productionOrders.status} <> 'cancelled'`));
  if (!batch) return null;
  const pieces = await db
    .select({ productTitle: products.title, productSlug: products.slug, variantTitle: variants.title, quantity: productionOrderLines.quantity })
    .from(productionOrderLines)
    .innerJoin(variants, eq(variants.id, productionOrderLines.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .where(eq(productionOrderLines.productionOrderId, batch.id))
    .orderBy(asc(productionOrderLines.id));
  const [visit] = await db.select({ id: fieldVisits.id, visitedOn: fieldVisits.visitedOn }).from(fieldVisits).where(eq(fieldVisits.producerId, batch.producer.id)).orderBy(desc(fieldVisits.visitedOn), desc(fieldVisits.id)).limit(1);
  const checks = visit
    ? await db.select({ principle: fieldVisitChecks.principle, met: fieldVisitChecks.met, note: fieldVisitChecks.note }).from(fieldVisitChecks).where(eq(fieldVisitChecks.visitId, visit.id)).orderBy(asc(fieldVisitChecks.principle))
    : [];
  const { id: _id, producer, ...rest } = batch;
  return {
    ...rest,
    batchCode: batch.batchCode!,
    producer: { ...producer, crafts: [...producer.crafts] },
    pieces,
    latestVisit: visit ? { visitedOn: visit.visitedOn, checks, principlesMet: checks.filter((c) => c.met).length } : null,
  };
}

export type PublicBatch = NonNullable<Awaited<ReturnType<typeof getBatch>>>;

/** The groups for the production and payouts filters. */
export async function listProducerGroupOptions(db: Executor) {
  return db.select({ id: producerGroups.id, name: producerGroups.name }).from(producerGroups).orderBy(asc(producerGroups.name));
}
