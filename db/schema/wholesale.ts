import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, jsonb, pgEnum, pgTable, primaryKey, smallint, text, unique, uniqueIndex } from "drizzle-orm/pg-core";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { at, createdAt, currency, id, minor, timestamps } from "./columns";
import { variants } from "./catalog";
import { users } from "./users";

export const importerStatus = pgEnum("importer_status", ["pending", "approved", "rejected", "suspended"]);

export const importers = pgTable("importers", {
  id: id(),
  companyName: text("company_name").notNull(),
  country: text("country").notNull(),
  taxId: text("tax_id").notNull(),
  contactName: text("contact_name").notNull(),
  contactEmail: text("contact_email").notNull(),
  phone: text("phone"),
  website: text("website"),
  /** What the applicant expects to buy a year, as they put it on the application (e.g. "US$10,000–50,000"). */
  expectedVolume: text("expected_volume").notNull().default(""),
  /** Share of an accepted quote paid up front; 50% unless staff agree otherwise with this importer. */
  depositPercent: smallint("deposit_percent").notNull().default(50),
  status: importerStatus("status").notNull().default("pending"),
  approvedAt: at("approved_at"),
  approvedBy: integer("approved_by").references((): AnyPgColumn => users.id, { onDelete: "set null" }),
  rejectedAt: at("rejected_at"),
  /** Staff's note on the decision, sent to the applicant when it is a rejection. */
  reviewNote: text("review_note").notNull().default(""),
  ...timestamps,
}, (t) => [
  uniqueIndex("importers_contact_email_key").on(sql`lower(${t.contactEmail})`),
  index("importers_status_idx").on(t.status, t.createdAt),
  check("importers_deposit_percent", sql`${t.depositPercent} BETWEEN 0 AND 100`),
  check("importers_approved", sql`${t.status} <> 'approved' OR ${t.approvedAt} IS NOT NULL`),
  check("importers_rejected", sql`${t.status} <> 'rejected' OR ${t.rejectedAt} IS NOT NULL`),
]);

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
    pricedBy: integer("priced_by").references(() => users.id, { onDelete: "set null" }),
    /** Each re-pricing by staff is a new version; earlier ones stay readable in `quote_versions`. */
    version: integer("version").notNull().default(1),
    sentAt: at("sent_at"),
    respondedAt: at("responded_at"),
    ...timestamps,
  },
  (t) => [
    index("quotes_importer_idx").on(t.importerId, t.createdAt),
    check("quote_cif_port", sql`${t.incoterm} <> 'CIF' OR ${t.destinationPort} IS NOT NULL`),
    check("quote_version_positive", sql`${t.version} >= 1`),
    index("quotes_status_idx").on(t.status, t.validUntil),
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
    /** Why staff priced this line below its producer cost; empty when it is not below. */
    belowCostReason: text("below_cost_reason").notNull().default(""),
  },
  (t) => [
    check("quote_line_quantity", sql`${t.quantity} > 0`),
    index("quote_lines_quote_idx").on(t.quoteId),
    index("quote_lines_variant_idx").on(t.variantId),
  ],
);

/** A priced version of a quote as it was sent: its lines, freight, validity and lead time, frozen. */
export const quoteVersions = pgTable(
  "quote_versions",
  {
    id: id(),
    quoteId: integer("quote_id")
      .notNull()
      .references(() => quotes.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    lines: jsonb("lines").$type<QuoteVersionLine[]>().notNull(),
    currency: currency().notNull().default("USD"),
    subtotalMinor: minor("subtotal_minor").notNull(),
    freightMinor: minor("freight_minor").notNull().default(0),
    totalMinor: minor("total_minor").notNull(),
    validUntil: date("valid_until", { mode: "string" }).notNull(),
    leadTimeDays: integer("lead_time_days").notNull(),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    unique("quote_version_once").on(t.quoteId, t.version),
    check("quote_version_total", sql`${t.totalMinor} = ${t.subtotalMinor} + ${t.freightMinor} AND ${t.subtotalMinor} >= 0 AND ${t.freightMinor} >= 0`),
  ],
);

export type QuoteVersionLine = {
  variantId: number;
  sku: string;
  title: string;
  quantity: number;
  unitPriceMinor: number;
  /** Producer cost per piece in IDR minor units, and the reason staff gave for pricing below it. */
  producerCostMinor: number;
  belowCostReason?: string;
};

export const quoteEventKind = pgEnum("quote_event_kind", [
  "requested",
  "message",
  "priced",
  "sent",
  "changes_requested",
  "accepted",
  "declined",
  "expired",
]);

export const quoteParty = pgEnum("quote_party", ["importer", "staff", "system"]);

/** The quote's thread: every step and every message, in order, by whom. */
export const quoteEvents = pgTable(
  "quote_events",
  {
    id: id(),
    quoteId: integer("quote_id")
      .notNull()
      .references(() => quotes.id, { onDelete: "cascade" }),
    kind: quoteEventKind("kind").notNull(),
    party: quoteParty("party").notNull(),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    /** The quote version the step concerns. */
    version: integer("version"),
    message: text("message").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [
    index("quote_events_quote_idx").on(t.quoteId, t.createdAt),
    check("quote_event_message", sql`${t.kind} <> 'message' OR length(${t.message}) > 0`),
  ],
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

/** How an importer pays a deposit or balance: Stripe Checkout, or a bank transfer staff record with its proof. */
export const wholesalePaymentMethod = pgEnum("wholesale_payment_method", ["stripe", "bank_transfer"]);

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
  /** What the importer owes up front; payments received are rows of `wholesale_payments`. */
  depositMinor: minor("deposit_minor").notNull(),
  /** The Checkout Session (Stripe or demo) currently open for the deposit; a new one replaces it. */
  depositCheckoutSessionId: text("deposit_checkout_session_id").unique(),
  /** The deposit session was made by the labelled demo checkout: only demo-signed events may pay it. */
  depositDemo: boolean("deposit_demo").notNull().default(false),
  ...timestamps,
}, (t) => [
  index("wholesale_orders_importer_idx").on(t.importerId, t.createdAt),
  check("wholesale_deposit_range", sql`${t.depositMinor} BETWEEN 0 AND ${t.totalMinor}`),
]);

export const wholesalePaymentKind = pgEnum("wholesale_payment_kind", ["deposit", "balance"]);

/**
 * Money received from an importer, each when it arrived (turnover counts it then). A Stripe payment keeps its
 * session; a bank transfer keeps the bank's reference and its proof. At most one deposit per order.
 */
export const wholesalePayments = pgTable(
  "wholesale_payments",
  {
    id: id(),
    wholesaleOrderId: integer("wholesale_order_id")
      .notNull()
      .references(() => wholesaleOrders.id),
    kind: wholesalePaymentKind("kind").notNull(),
    method: wholesalePaymentMethod("method").notNull(),
    currency: currency().notNull().default("USD"),
    amountMinor: minor("amount_minor").notNull(),
    /** Units of `currency` per USD ×1e6 when it was received. */
    rateMicros: minor("rate_micros").notNull(),
    receivedAt: at("received_at").notNull(),
    stripeCheckoutSessionId: text("stripe_checkout_session_id").unique(),
    stripePaymentIntentId: text("stripe_payment_intent_id"),
    reference: text("reference"),
    /** Storage key of the transfer's proof (a scan or PDF the staff uploaded). */
    proofFile: text("proof_file"),
    recordedBy: integer("recorded_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("wholesale_payments_order_idx").on(t.wholesaleOrderId),
    uniqueIndex("wholesale_one_deposit").on(t.wholesaleOrderId).where(sql`${t.kind} = 'deposit'`),
    check("wholesale_payment_positive", sql`${t.amountMinor} > 0 AND ${t.rateMicros} > 0`),
    check("wholesale_payment_stripe_session", sql`${t.method} <> 'stripe' OR ${t.stripeCheckoutSessionId} IS NOT NULL`),
    check("wholesale_payment_transfer_reference", sql`${t.method} <> 'bank_transfer' OR length(coalesce(${t.reference}, '')) > 0`),
  ],
);

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
}, (t) => [
  index("wholesale_order_lines_order_idx").on(t.wholesaleOrderId),
  check("wholesale_line_quantity", sql`${t.quantity} > 0 AND ${t.unitPriceMinor} >= 0`),
]);

/** An importer's quote basket: what they mean to ask a quote for, kept between visits until they send it. */
export const wholesaleBasketLines = pgTable(
  "wholesale_basket_lines",
  {
    importerId: integer("importer_id")
      .notNull()
      .references(() => importers.id, { onDelete: "cascade" }),
    variantId: integer("variant_id")
      .notNull()
      .references(() => variants.id, { onDelete: "cascade" }),
    quantity: integer("quantity").notNull(),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.importerId, t.variantId] }),
    check("basket_quantity", sql`${t.quantity} > 0 AND ${t.quantity} <= 100000`),
  ],
);

export type Importer = typeof importers.$inferSelect;
export type Quote = typeof quotes.$inferSelect;
