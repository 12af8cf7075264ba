import { sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { check, date, foreignKey, index, integer, pgEnum, pgTable, smallint, text, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { at, createdAt, currency, id, minor, timestamps } from "./columns";
import { variants } from "./catalog";
import { producerGroups } from "./producers";
import { users } from "./users";
import { wholesaleOrders } from "./wholesale";

export const productionStatus = pgEnum("production_status", [
  "draft",
  "advance_paid",
  "in_production",
  "qc_passed",
  "qc_failed",
  "balance_paid",
  "received",
  "cancelled",
]);

/** One per producer group per wholesale order, priced at producer prices (IDR). */
export const productionOrders = pgTable(
  "production_orders",
  {
    id: id(),
    number: text("number").notNull().unique(),
    wholesaleOrderId: integer("wholesale_order_id")
      .notNull()
      .references(() => wholesaleOrders.id),
    producerId: integer("producer_id")
      .notNull()
      .references(() => producerGroups.id),
    status: productionStatus("status").notNull().default("draft"),
    currency: currency().notNull().default("IDR"),
    totalMinor: minor("total_minor").notNull(),
    /** ceil(50%) of the total, paid before production may start. */
    advanceMinor: minor("advance_minor").notNull(),
    balanceMinor: minor("balance_minor").notNull(),
    /**
     * The advance payout, set by recording it. The CHECK below means no production order leaves `draft` (other
     * than to `cancelled`) without one, and the composite key means it is this order's own payout.
     */
    advancePayoutId: integer("advance_payout_id"),
    dueOn: date("due_on", { mode: "string" }),
    /** Public code printed on the batch's tags; `/batch/<code>` tells who made it, where and when. */
    batchCode: text("batch_code"),
    startedAt: at("started_at"),
    qcPassedAt: at("qc_passed_at"),
    receivedAt: at("received_at"),
    cancelledAt: at("cancelled_at"),
    cancelReason: text("cancel_reason").notNull().default(""),
    /** On cancellation: the agreed share of the work done (0–100) and what it leaves owed to the group. */
    workDonePercent: smallint("work_done_percent"),
    owedOnCancelMinor: minor("owed_on_cancel_minor"),
    ...timestamps,
  },
  (t) => [
    unique("production_order_per_producer").on(t.wholesaleOrderId, t.producerId),
    index("production_orders_producer_idx").on(t.producerId, t.status),
    check("production_split", sql`${t.advanceMinor} + ${t.balanceMinor} = ${t.totalMinor} AND ${t.advanceMinor} >= 0 AND ${t.balanceMinor} >= 0`),
    check("production_needs_advance", sql`${t.status} IN ('draft', 'cancelled') OR ${t.advancePayoutId} IS NOT NULL`),
    foreignKey({ name: "production_orders_advance_payout_fk", columns: [t.advancePayoutId, t.id], foreignColumns: [payouts.id, payouts.productionOrderId] }),
    index("production_orders_wholesale_idx").on(t.wholesaleOrderId),
    uniqueIndex("production_orders_batch_code_key").on(t.batchCode),
    check("production_cancelled_when", sql`${t.status} <> 'cancelled' OR (${t.cancelledAt} IS NOT NULL AND ${t.owedOnCancelMinor} IS NOT NULL)`),
    check("production_work_done_percent", sql`${t.workDonePercent} IS NULL OR ${t.workDonePercent} BETWEEN 0 AND 100`),
    check("production_owed_non_negative", sql`${t.owedOnCancelMinor} IS NULL OR ${t.owedOnCancelMinor} >= 0`),
  ],
);

export const productionOrderLines = pgTable(
  "production_order_lines",
  {
    id: id(),
    productionOrderId: integer("production_order_id")
      .notNull()
      .references(() => productionOrders.id, { onDelete: "cascade" }),
    variantId: integer("variant_id")
      .notNull()
      .references(() => variants.id),
    quantity: integer("quantity").notNull(),
    unitPriceMinor: minor("unit_price_minor").notNull(),
    lineTotalMinor: minor("line_total_minor").notNull(),
  },
  (t) => [
    check("production_line_total", sql`${t.lineTotalMinor} = ${t.unitPriceMinor} * ${t.quantity} AND ${t.quantity} > 0`),
    index("production_order_lines_order_idx").on(t.productionOrderId),
  ],
);

/** `settlement` pays what a cancellation left owed to the group for work done beyond the advance. */
export const payoutKind = pgEnum("payout_kind", ["advance", "balance", "settlement"]);

/** How a producer group is paid: to its bank account, or in cash against a signed receipt. */
export const payoutMethod = pgEnum("payout_method", ["bank_transfer", "cash"]);

/**
 * A payment to a producer group, append-only (a trigger refuses UPDATE and DELETE). The advance row must exist
 * before production starts. Each kind is paid once per production order; a mistake is put right by a new
 * correction row that references the payout it corrects and carries the signed difference.
 */
export const payouts = pgTable(
  "payouts",
  {
    id: id(),
    productionOrderId: integer("production_order_id")
      .notNull()
      .references((): AnyPgColumn => productionOrders.id),
    kind: payoutKind("kind").notNull(),
    amountMinor: minor("amount_minor").notNull(),
    currency: currency().notNull().default("IDR"),
    paidOn: date("paid_on", { mode: "string" }).notNull(),
    method: payoutMethod("method").notNull(),
    reference: text("reference").notNull(),
    recordedBy: integer("recorded_by").references(() => users.id, { onDelete: "set null" }),
    correctsPayoutId: integer("corrects_payout_id").references((): AnyPgColumn => payouts.id),
    note: text("note").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("payout_once_per_kind").on(t.productionOrderId, t.kind).where(sql`${t.correctsPayoutId} IS NULL`),
    index("payouts_corrects_idx").on(t.correctsPayoutId),
    // Target of production_orders' advance key: a payout is referenced together with its own order.
    unique("payouts_id_order_key").on(t.id, t.productionOrderId),
    check("payout_positive", sql`${t.amountMinor} > 0 OR (${t.correctsPayoutId} IS NOT NULL AND ${t.amountMinor} <> 0)`),
    check("payout_correction_explained", sql`${t.correctsPayoutId} IS NULL OR length(${t.note}) > 0`),
  ],
);

export const qcResult = pgEnum("qc_result", ["passed", "failed"]);

export const qcInspections = pgTable("qc_inspections", {
  id: id(),
  productionOrderId: integer("production_order_id")
    .notNull()
    .references(() => productionOrders.id, { onDelete: "cascade" }),
  result: qcResult("result").notNull(),
  /** Pieces inspected and how many of them passed. */
  quantityInspected: integer("quantity_inspected").notNull(),
  quantityPassed: integer("quantity_passed").notNull(),
  notes: text("notes").notNull().default(""),
  inspectedBy: integer("inspected_by").references(() => users.id, { onDelete: "set null" }),
  inspectedAt: at("inspected_at").notNull().defaultNow(),
}, (t) => [
  index("qc_inspections_order_idx").on(t.productionOrderId, t.inspectedAt),
  check("qc_quantities", sql`${t.quantityInspected} > 0 AND ${t.quantityPassed} BETWEEN 0 AND ${t.quantityInspected}`),
]);

/** Each step of a production order, in order, by whom: its history for staff and its progress for the importer. */
export const productionEvents = pgTable("production_events", {
  id: id(),
  productionOrderId: integer("production_order_id")
    .notNull()
    .references(() => productionOrders.id, { onDelete: "cascade" }),
  status: productionStatus("status").notNull(),
  note: text("note").notNull().default(""),
  userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
}, (t) => [index("production_events_order_idx").on(t.productionOrderId, t.createdAt)]);

export type ProductionOrder = typeof productionOrders.$inferSelect;
