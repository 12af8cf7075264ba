import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { at, createdAt, currency, id, minor, timestamps } from "./columns";
import { variants } from "./catalog";
import { producerGroups } from "./producers";

/** A cart is addressed by an unguessable uuid held in a signed cookie. */
export const carts = pgTable("carts", {
  id: uuid("id").primaryKey().defaultRandom(),
  currency: currency().notNull().default("USD"),
  shippingCountry: text("shipping_country"),
  ...timestamps,
});

export const cartLines = pgTable(
  "cart_lines",
  {
    cartId: uuid("cart_id")
      .notNull()
      .references(() => carts.id, { onDelete: "cascade" }),
    variantId: integer("variant_id")
      .notNull()
      .references(() => variants.id, { onDelete: "cascade" }),
    quantity: integer("quantity").notNull(),
    addedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.cartId, t.variantId] }), check("cart_line_quantity", sql`${t.quantity} BETWEEN 1 AND 999`)],
);

export const shippingZones = pgTable("shipping_zones", {
  id: id(),
  name: text("name").notNull(),
  /** ISO 3166-1 alpha-2 codes. */
  countries: text("countries").array().notNull(),
  position: smallint("position").notNull().default(0),
});

/** Rate for parcels up to `maxWeightGrams`, shipped from Indonesia, in USD. */
export const shippingRates = pgTable(
  "shipping_rates",
  {
    zoneId: integer("zone_id")
      .notNull()
      .references(() => shippingZones.id, { onDelete: "cascade" }),
    maxWeightGrams: integer("max_weight_grams").notNull(),
    priceMinor: minor("price_minor").notNull(),
    currency: currency().notNull().default("USD"),
  },
  (t) => [primaryKey({ columns: [t.zoneId, t.maxWeightGrams] }), check("shipping_rate_positive", sql`${t.priceMinor} >= 0`)],
);

export const orderStatus = pgEnum("order_status", [
  "pending_payment",
  "paid",
  "packed",
  "shipped",
  "cancelled",
  "refunded",
]);

/** Retail is paid through Stripe Checkout, or through the labelled demo checkout when no Stripe keys are set. */
export const retailPaymentMethod = pgEnum("retail_payment_method", ["stripe", "demo"]);

export type PostalAddress = {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  region?: string;
  country: string;
};

export const orders = pgTable(
  "orders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Human-facing number, e.g. KR-26-4F7K2Q. */
    number: text("number").notNull().unique(),
    status: orderStatus("status").notNull().default("pending_payment"),
    email: text("email").notNull(),
    customerName: text("customer_name"),
    shippingAddress: jsonb("shipping_address").$type<PostalAddress>(),
    shippingCountry: text("shipping_country").notNull(),
    currency: currency().notNull(),
    /** Units of `currency` per USD ×1e6, frozen when the order was placed. */
    rateMicros: minor("rate_micros").notNull(),
    subtotalMinor: minor("subtotal_minor").notNull(),
    shippingMinor: minor("shipping_minor").notNull(),
    totalMinor: minor("total_minor").notNull(),
    /** The total in US cents at the order's rate, for turnover and impact. */
    totalUsdMinor: minor("total_usd_minor").notNull(),
    refundedMinor: minor("refunded_minor").notNull().default(0),
    /** The cart the order was placed from; a swept cart leaves the order with none. */
    cartId: uuid("cart_id").references(() => carts.id, { onDelete: "set null" }),
    /** The network address that placed the order: unpaid reservations are capped per address. */
    placedFrom: text("placed_from"),
    demo: boolean("demo").notNull().default(false),
    /** How the shopper paid; set with `paid_at`. */
    paymentMethod: retailPaymentMethod("payment_method"),
    stripeCheckoutSessionId: text("stripe_checkout_session_id").unique(),
    stripePaymentIntentId: text("stripe_payment_intent_id"),
    /** Stripe Checkout's `payment_status` as last reported, or `processing` while a bank debit settles. */
    paymentStatus: text("payment_status"),
    expiresAt: at("expires_at"),
    paidAt: at("paid_at"),
    packedAt: at("packed_at"),
    shippedAt: at("shipped_at"),
    carrier: text("carrier"),
    trackingNumber: text("tracking_number"),
    cancelledAt: at("cancelled_at"),
    refundedAt: at("refunded_at"),
    /** Set when a payment event disagreed with the order (amount, currency or session); staff resolve it. */
    paymentProblem: text("payment_problem"),
    ...timestamps,
  },
  (t) => [
    index("orders_status_created_idx").on(t.status, t.createdAt),
    index("orders_email_idx").on(sql`lower(${t.email})`),
    // One cart holds at most one unpaid order: parallel checkouts of a cart serialise on this key.
    uniqueIndex("orders_one_pending_per_cart").on(t.cartId).where(sql`${t.status} = 'pending_payment'`),
    index("orders_pending_from_idx").on(t.placedFrom).where(sql`${t.status} = 'pending_payment'`),
    index("orders_cart_idx").on(t.cartId),
    index("orders_payment_intent_idx").on(t.stripePaymentIntentId),
    check("order_payment_status", sql`${t.paymentStatus} IS NULL OR ${t.paymentStatus} IN ('paid', 'unpaid', 'no_payment_required', 'processing')`),
    check("order_paid_has_method", sql`${t.paidAt} IS NULL OR ${t.paymentMethod} IS NOT NULL`),
    check("order_totals", sql`${t.totalMinor} = ${t.subtotalMinor} + ${t.shippingMinor} AND ${t.subtotalMinor} >= 0`),
    check("order_refund_range", sql`${t.refundedMinor} BETWEEN 0 AND ${t.totalMinor}`),
  ],
);

export const orderLines = pgTable(
  "order_lines",
  {
    id: id(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    variantId: integer("variant_id")
      .notNull()
      .references(() => variants.id),
    producerId: integer("producer_id")
      .notNull()
      .references(() => producerGroups.id),
    productTitle: text("product_title").notNull(),
    variantTitle: text("variant_title").notNull(),
    sku: text("sku").notNull(),
    quantity: integer("quantity").notNull(),
    unitPriceMinor: minor("unit_price_minor").notNull(),
    lineTotalMinor: minor("line_total_minor").notNull(),
  },
  (t) => [
    index("order_lines_order_idx").on(t.orderId),
    index("order_lines_variant_idx").on(t.variantId),
    index("order_lines_producer_idx").on(t.producerId),
    check("order_line_quantity", sql`${t.quantity} > 0`),
    check("order_line_total", sql`${t.lineTotalMinor} = ${t.unitPriceMinor} * ${t.quantity}`),
  ],
);

/** The status timeline shown to shoppers and staff. */
export const orderEvents = pgTable(
  "order_events",
  {
    id: id(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    status: orderStatus("status").notNull(),
    note: text("note").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [index("order_events_order_idx").on(t.orderId, t.createdAt)],
);

export const stripeEventOutcome = pgEnum("stripe_event_outcome", ["handled", "not_applied", "no_handler", "unknown_kind", "not_routed"]);

/**
 * Every Stripe event id is stored once; a duplicate delivery finds its row and changes nothing. `kind` is the
 * payment kind its metadata named (as received, so an unknown one is kept too) and `outcome` what became of it:
 * handled, not applied (the handler left it, e.g. an order already paid), no handler for a known kind yet, an
 * unknown or missing kind, or a type the dispatcher does not route.
 */
export const stripeEvents = pgTable("stripe_events", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  objectId: text("object_id"),
  kind: text("kind"),
  outcome: stripeEventOutcome("outcome"),
  receivedAt: createdAt(),
}, (t) => [check("stripe_event_kind_length", sql`length(${t.kind}) <= 64`)]);

export type Order = typeof orders.$inferSelect;
export type StripeEventOutcome = (typeof stripeEventOutcome.enumValues)[number];
export type OrderLine = typeof orderLines.$inferSelect;
export type Cart = typeof carts.$inferSelect;
