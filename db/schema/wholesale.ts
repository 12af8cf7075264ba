import { sql } from "drizzle-orm";
import { check, date, index, integer, pgEnum, pgTable, text } from "drizzle-orm/pg-core";
import { at, currency, id, minor, timestamps } from "./columns";
import { variants } from "./catalog";

export const importerStatus = pgEnum("importer_status", ["pending", "approved", "rejected", "suspended"]);

export const importers = pgTable("importers", {
  id: id(),
  companyName: text("company_name").notNull(),
  country: text("country").notNull(),
  taxId: text("tax_id").notNull(),
  contactName: text("contact_name").notNull(),
  contactEmail: text("contact_email").notNull(),
  phone: text("phone"),
  status: importerStatus("status").notNull().default("pending"),
  approvedAt: at("approved_at"),
  approvedBy: integer("approved_by"),
  ...timestamps,
});

export const quoteStatus = pgEnum("quote_status", [
  "requested",
  "changes_requested",
  "priced",
  "sent",
  "accepted",
  "declined",
  "expired",
]);

export const incoterm = pgEnum("incoterm", ["FOB", "CIF"]);

export const quotes = pgTable(
  "quotes",
  {
    id: id(),
    number: text("number").notNull().unique(),
    importerId: integer("importer_id")
      .notNull()
      .references(() => importers.id),
    status: quoteStatus("status").notNull().default("requested"),
    incoterm: incoterm("incoterm").notNull(),
    /** Required for CIF: the destination port. FOB is always Jakarta (Tanjung Priok). */
    destinationPort: text("destination_port"),
    importerNotes: text("importer_notes").notNull().default(""),
    staffNotes: text("staff_notes").notNull().default(""),
    currency: currency().notNull().default("USD"),
    subtotalMinor: minor("subtotal_minor"),
    freightMinor: minor("freight_minor"),
    totalMinor: minor("total_minor"),
    validUntil: date("valid_until", { mode: "string" }),
    leadTimeDays: integer("lead_time_days"),
    pricedBy: integer("priced_by"),
    sentAt: at("sent_at"),
    respondedAt: at("responded_at"),
    ...timestamps,
  },
  (t) => [
    index("quotes_importer_idx").on(t.importerId, t.createdAt),
    check("quote_cif_port", sql`${t.incoterm} <> 'CIF' OR ${t.destinationPort} IS NOT NULL`),
  ],
);

export const quoteLines = pgTable(
  "quote_lines",
  {
    id: id(),
    quoteId: integer("quote_id")
      .notNull()
      .references(() => quotes.id, { onDelete: "cascade" }),
    variantId: integer("variant_id")
      .notNull()
      .references(() => variants.id),
    quantity: integer("quantity").notNull(),
    unitPriceMinor: minor("unit_price_minor"),
    note: text("note").notNull().default(""),
  },
  (t) => [check("quote_line_quantity", sql`${t.quantity} > 0`)],
);

export const wholesaleOrderStatus = pgEnum("wholesale_order_status", [
  "awaiting_deposit",
  "deposit_paid",
  "in_production",
  "ready_to_ship",
  "shipped",
  "completed",
  "cancelled",
]);

export const paymentMethod = pgEnum("payment_method", ["stripe", "bank_transfer", "cash", "qris", "card", "transfer"]);

export const wholesaleOrders = pgTable("wholesale_orders", {
  id: id(),
  number: text("number").notNull().unique(),
  quoteId: integer("quote_id")
    .notNull()
    .unique()
    .references(() => quotes.id),
  importerId: integer("importer_id")
    .notNull()
    .references(() => importers.id),
  status: wholesaleOrderStatus("status").notNull().default("awaiting_deposit"),
  currency: currency().notNull().default("USD"),
  totalMinor: minor("total_minor").notNull(),
  depositMinor: minor("deposit_minor").notNull(),
  depositPaidAt: at("deposit_paid_at"),
  depositMethod: paymentMethod("deposit_method"),
  depositReference: text("deposit_reference"),
  stripeCheckoutSessionId: text("stripe_checkout_session_id").unique(),
  ...timestamps,
});

export const wholesaleOrderLines = pgTable("wholesale_order_lines", {
  id: id(),
  wholesaleOrderId: integer("wholesale_order_id")
    .notNull()
    .references(() => wholesaleOrders.id, { onDelete: "cascade" }),
  variantId: integer("variant_id")
    .notNull()
    .references(() => variants.id),
  quantity: integer("quantity").notNull(),
  unitPriceMinor: minor("unit_price_minor").notNull(),
});

export type Importer = typeof importers.$inferSelect;
export type Quote = typeof quotes.$inferSelect;
