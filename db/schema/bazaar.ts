import { sql } from "drizzle-orm";
import { check, date, index, integer, pgEnum, pgTable, smallint, text, unique, uniqueIndex } from "drizzle-orm/pg-core";
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
  ...timestamps,
}, (t) => [check("event_dates", sql`${t.endsOn} >= ${t.startsOn}`)]);

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
    currency: currency().notNull().default("IDR"),
    totalMinor: minor("total_minor").notNull(),
    tenderedMinor: minor("tendered_minor"),
    changeMinor: minor("change_minor"),
    /** The Fair Trade principle printed on the receipt (1–10). */
    receiptPrinciple: smallint("receipt_principle").notNull(),
    /** Rupiah per USD ×1e6 the device held when it sold, and the total in US cents at that rate. */
    rateMicros: minor("rate_micros").notNull(),
    totalUsdMinor: minor("total_usd_minor").notNull(),
    syncedAt: createdAt(),
  },
  (t) => [
    index("pos_sales_event_idx").on(t.eventId, t.soldAt),
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

export const dayCloses = pgTable(
  "day_closes",
  {
    id: id(),
    eventId: integer("event_id")
      .notNull()
      .references(() => events.id),
    businessDate: date("business_date", { mode: "string" }).notNull(),
    currency: currency().notNull().default("IDR"),
    expectedCashMinor: minor("expected_cash_minor").notNull(),
    countedCashMinor: minor("counted_cash_minor").notNull(),
    notes: text("notes").notNull().default(""),
    closedBy: integer("closed_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [unique("day_close_once").on(t.eventId, t.businessDate)],
);

export type BazaarEvent = typeof events.$inferSelect;
