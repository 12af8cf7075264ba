import { sql } from "drizzle-orm";
import { check, date, index, integer, pgEnum, pgTable, smallint, text, unique } from "drizzle-orm/pg-core";
import { at, createdAt, currency, id, minor, timestamps } from "./columns";
import { variants } from "./catalog";
import { locations } from "./stock";
import { users } from "./users";
import { paymentMethod } from "./wholesale";

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

export const posSales = pgTable(
  "pos_sales",
  {
    id: id(),
    /** ULID made on the device; syncing the same sale twice records it once. */
    clientSaleId: text("client_sale_id").notNull().unique(),
    eventId: integer("event_id")
      .notNull()
      .references(() => events.id),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    soldAt: at("sold_at").notNull(),
    paymentMethod: paymentMethod("payment_method").notNull(),
    currency: currency().notNull().default("IDR"),
    totalMinor: minor("total_minor").notNull(),
    tenderedMinor: minor("tendered_minor"),
    changeMinor: minor("change_minor"),
    /** The Fair Trade principle printed on the receipt (1–10). */
    receiptPrinciple: smallint("receipt_principle").notNull(),
    /** US cents at the rate when synced, for turnover and impact. */
    totalUsdMinor: minor("total_usd_minor").notNull(),
    syncedAt: createdAt(),
  },
  (t) => [index("pos_sales_event_idx").on(t.eventId, t.soldAt), check("pos_total", sql`${t.totalMinor} >= 0`)],
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
  (t) => [check("pos_line_quantity", sql`${t.quantity} > 0`)],
);

/** Opened when an offline sale sold more than the event's stock showed. */
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
  status: text("status").$type<"open" | "resolved">().notNull().default("open"),
  resolution: text("resolution"),
  resolvedBy: integer("resolved_by").references(() => users.id, { onDelete: "set null" }),
  resolvedAt: at("resolved_at"),
  ...timestamps,
});

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
