import { sql } from "drizzle-orm";
import { boolean, check, date, jsonb, index, integer, pgEnum, pgTable, smallint, text, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { at, createdAt, currency, id, minor, timestamps } from "./columns";
import { variants } from "./catalog";
import { locations } from "./stock";
import { users } from "./users";

export const eventStatus = pgEnum("event_status", ["planned", "open", "closed"]);

export const events = pgTable("events", {
  id: id(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  venue: text("venue").notNull(),
  city: text("city").notNull().default("Jakarta"),
  startsOn: date("starts_on", { mode: "string" }).notNull(),
  endsOn: date("ends_on", { mode: "string" }).notNull(),
  status: eventStatus("status").notNull().default("planned"),
  /** Each event has its own stock location; stock reaches it by transfer from the warehouse. */
  locationId: integer("location_id")
    .notNull()
    .unique()
    .references(() => locations.id),
  /** The till's usual opening float, offered when a day is closed. */
  openingFloatMinor: minor("opening_float_minor").notNull().default(0),
  /** The merchant's static QRIS payload (EMVCo text), shown as a QR code at the till; empty hides QRIS. */
  qrisPayload: text("qris_payload").notNull().default(""),
  qrisMerchantName: text("qris_merchant_name").notNull().default(""),
  ...timestamps,
}, (t) => [
  check("event_dates", sql`${t.endsOn} >= ${t.startsOn}`),
  check("event_float_non_negative", sql`${t.openingFloatMinor} >= 0`),
]);

/** How a bazaar buyer paid: cash, the merchant's static QRIS code, a card on the EDC terminal, or a bank transfer. */
export const posPaymentMethod = pgEnum("pos_payment_method", ["cash", "qris", "card", "transfer"]);

export const posSales = pgTable(
  "pos_sales",
  {
    id: id(),
    /** ULID made on the device; syncing the same sale twice records it once. */
    clientSaleId: text("client_sale_id").notNull().unique(),
    /** The device that rang it up, and its own running number: a gap shows a sale not yet synced. */
    deviceId: text("device_id").notNull(),
    deviceSeq: integer("device_seq").notNull(),
    eventId: integer("event_id")
      .notNull()
      .references(() => events.id),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    soldAt: at("sold_at").notNull(),
    paymentMethod: posPaymentMethod("payment_method").notNull(),
    /** QRIS reference or EDC approval code; a QRIS sale taken offline waits for staff to verify it. */
    paymentReference: text("payment_reference"),
    verifiedAt: at("verified_at"),
    verifiedBy: integer("verified_by").references(() => users.id, { onDelete: "set null" }),
    /** Rung up with no network: a QRIS payment then waits for staff to match it on the bank statement. */
    offline: boolean("offline").notNull().default(false),
    /** The day in Jakarta (Asia/Jakarta) it was sold on: the day close it belongs to. */
    businessDate: date("business_date", { mode: "string" }).notNull(),
    currency: currency().notNull().default("IDR"),
    totalMinor: minor("total_minor").notNull(),
    tenderedMinor: minor("tendered_minor"),
    changeMinor: minor("change_minor"),
    /** The Fair Trade principle printed on the receipt (1–10). */
    receiptPrinciple: smallint("receipt_principle").notNull(),
    /** Rupiah per USD ×1e6 stored on the server when the sale synced (never a rate from the device), and the total in US cents at it. */
    rateMicros: minor("rate_micros").notNull(),
    totalUsdMinor: minor("total_usd_minor").notNull(),
    syncedAt: createdAt(),
  },
  (t) => [
    index("pos_sales_event_idx").on(t.eventId, t.soldAt),
    index("pos_sales_event_day_idx").on(t.eventId, t.businessDate),
    unique("pos_sale_device_seq").on(t.deviceId, t.deviceSeq),
    check("pos_total", sql`${t.totalMinor} >= 0 AND ${t.totalUsdMinor} >= 0 AND ${t.rateMicros} > 0`),
    check("pos_device_seq_positive", sql`${t.deviceSeq} >= 1`),
    check("pos_cash_change", sql`${t.paymentMethod} <> 'cash' OR (${t.tenderedMinor} >= ${t.totalMinor} AND ${t.changeMinor} = ${t.tenderedMinor} - ${t.totalMinor})`),
    check("pos_receipt_principle", sql`${t.receiptPrinciple} BETWEEN 1 AND 10`),
  ],
);

export const posSaleLines = pgTable(
  "pos_sale_lines",
  {
    id: id(),
    saleId: integer("sale_id")
      .notNull()
      .references(() => posSales.id, { onDelete: "cascade" }),
    variantId: integer("variant_id")
      .notNull()
      .references(() => variants.id),
    quantity: integer("quantity").notNull(),
    unitPriceMinor: minor("unit_price_minor").notNull(),
  },
  (t) => [check("pos_line_quantity", sql`${t.quantity} > 0`), index("pos_sale_lines_sale_idx").on(t.saleId)],
);

export const reconciliationStatus = pgEnum("reconciliation_status", ["open", "resolved"]);

/**
 * Opened when an offline sale sold more than the event's stock showed; one open task per event and piece, whose
 * shortfall adds up the pieces sold beyond stock until staff resolve it.
 */
export const reconciliationTasks = pgTable("reconciliation_tasks", {
  id: id(),
  eventId: integer("event_id")
    .notNull()
    .references(() => events.id),
  variantId: integer("variant_id")
    .notNull()
    .references(() => variants.id),
  saleId: integer("sale_id").references(() => posSales.id),
  shortfall: integer("shortfall").notNull(),
  status: reconciliationStatus("status").notNull().default("open"),
  resolution: text("resolution"),
  resolvedBy: integer("resolved_by").references(() => users.id, { onDelete: "set null" }),
  resolvedAt: at("resolved_at"),
  ...timestamps,
}, (t) => [
  uniqueIndex("reconciliation_one_open").on(t.eventId, t.variantId).where(sql`${t.status} = 'open'`),
  check("reconciliation_shortfall_positive", sql`${t.shortfall} > 0`),
  check("reconciliation_resolved", sql`${t.status} = 'open' OR (${t.resolvedAt} IS NOT NULL AND length(coalesce(${t.resolution}, '')) > 0)`),
]);

/**
 * One close per event and Jakarta day, across every device. Expected cash is the float plus cash taken (change
 * given back is already netted out of `total_minor`); a difference needs a note. A close while a device still
 * holds unsynced sales or a sequence gap needs a supervisor's reason.
 */
export const dayCloses = pgTable(
  "day_closes",
  {
    id: id(),
    eventId: integer("event_id")
      .notNull()
      .references(() => events.id),
    businessDate: date("business_date", { mode: "string" }).notNull(),
    currency: currency().notNull().default("IDR"),
    openingFloatMinor: minor("opening_float_minor").notNull().default(0),
    cashSalesMinor: minor("cash_sales_minor").notNull().default(0),
    expectedCashMinor: minor("expected_cash_minor").notNull(),
    countedCashMinor: minor("counted_cash_minor").notNull(),
    /** Pieces counted per denomination, keyed by the denomination in minor units: {"10000000": 3, …}. */
    denominations: jsonb("denominations").$type<Record<string, number>>().notNull().default({}),
    qrisMinor: minor("qris_minor").notNull().default(0),
    cardMinor: minor("card_minor").notNull().default(0),
    transferMinor: minor("transfer_minor").notNull().default(0),
    saleCount: integer("sale_count").notNull().default(0),
    notes: text("notes").notNull().default(""),
    overrideReason: text("override_reason"),
    overriddenBy: integer("overridden_by").references(() => users.id, { onDelete: "set null" }),
    closedBy: integer("closed_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    unique("day_close_once").on(t.eventId, t.businessDate),
    check("day_close_amounts", sql`${t.openingFloatMinor} >= 0 AND ${t.countedCashMinor} >= 0 AND ${t.cashSalesMinor} >= 0 AND ${t.qrisMinor} >= 0 AND ${t.cardMinor} >= 0 AND ${t.transferMinor} >= 0 AND ${t.saleCount} >= 0`),
    check("day_close_expected", sql`${t.expectedCashMinor} = ${t.openingFloatMinor} + ${t.cashSalesMinor}`),
    check("day_close_difference_noted", sql`${t.countedCashMinor} = ${t.expectedCashMinor} OR length(${t.notes}) > 0`),
    check("day_close_override_reason", sql`${t.overrideReason} IS NULL OR length(${t.overrideReason}) > 0`),
  ],
);

/**
 * A till: one browser install, named by the id it made for itself. Each sync reports the last sequence number it
 * issued and how many sales still wait on it, so the close knows about sales it has not seen yet.
 */
export const posDevices = pgTable("pos_devices", {
  id: text("id").primaryKey(),
  eventId: integer("event_id").references(() => events.id),
  userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
  label: text("label").notNull().default(""),
  issuedSeq: integer("issued_seq").notNull().default(0),
  pendingCount: integer("pending_count").notNull().default(0),
  lastSyncAt: at("last_sync_at"),
  createdAt: createdAt(),
}, (t) => [check("pos_device_counts", sql`${t.issuedSeq} >= 0 AND ${t.pendingCount} >= 0`)]);

/**
 * A sale the server could not record as sent (an unknown piece, a bad amount, not a ULID), kept whole with its
 * reason so nothing is lost and staff can see it. `fingerprint` (a hash of the device and the raw sale) makes the
 * same bad sale synced again one row.
 */
export const posSetAsideSales = pgTable("pos_set_aside_sales", {
  id: id(),
  fingerprint: text("fingerprint").notNull().unique(),
  deviceId: text("device_id").notNull(),
  eventId: integer("event_id").references(() => events.id),
  clientSaleId: text("client_sale_id"),
  deviceSeq: integer("device_seq"),
  payload: jsonb("payload").notNull(),
  reason: text("reason").notNull(),
  userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
  resolution: text("resolution"),
  resolvedBy: integer("resolved_by").references(() => users.id, { onDelete: "set null" }),
  resolvedAt: at("resolved_at"),
  createdAt: createdAt(),
}, (t) => [
  index("pos_set_aside_event_idx").on(t.eventId, t.createdAt),
  index("pos_set_aside_device_idx").on(t.deviceId),
  check("pos_set_aside_resolved", sql`${t.resolvedAt} IS NULL OR length(coalesce(${t.resolution}, '')) > 0`),
]);

export type BazaarEvent = typeof events.$inferSelect;
export type PosSale = typeof posSales.$inferSelect;
export type DayClose = typeof dayCloses.$inferSelect;
