import { sql } from "drizzle-orm";
import { bigint, boolean, check, foreignKey, index, integer, pgEnum, pgTable, primaryKey, text, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id } from "./columns";
import { variants } from "./catalog";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { events, posSales } from "./bazaar";
import { productionOrders } from "./production";
import { orders } from "./retail";
import { users } from "./users";

export const locationKind = pgEnum("location_kind", ["warehouse", "event"]);

export const locations = pgTable("locations", {
  id: id(),
  code: text("code").notNull().unique(),
  name: text("name").notNull(),
  kind: locationKind("kind").notNull(),
  /** The warehouse that sells online; at most one row has it. */
  sellsOnline: boolean("sells_online").notNull().default(false),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex("locations_one_online_key").on(t.sellsOnline).where(sql`${t.sellsOnline}`),
  // Target of stock_levels' (location_id, location_kind) key, so a level always knows its location's kind.
  unique("locations_id_kind_key").on(t.id, t.kind),
  check("locations_online_is_warehouse", sql`NOT ${t.sellsOnline} OR ${t.kind} = 'warehouse'`),
]);

/**
 * Current stock per variant and location, kept in step with `stock_movements` in the same transaction by the one
 * ledger function (app/models/stock/ledger.server.ts). The CHECKs are the last line against oversell:
 * at a warehouse (and so online) on hand and available (on hand minus reserved) never drop below zero.
 * An event location may go negative: a bazaar sale made offline is never refused, because the piece is already
 * gone; the shortfall opens a reconciliation task. `location_kind` copies the location's kind, and the composite
 * key to `locations (id, kind)` keeps the copy right.
 */
export const stockLevels = pgTable(
  "stock_levels",
  {
    variantId: integer("variant_id")
      .notNull()
      .references(() => variants.id, { onDelete: "cascade" }),
    locationId: integer("location_id").notNull(),
    locationKind: locationKind("location_kind").notNull(),
    onHand: integer("on_hand").notNull().default(0),
    reserved: integer("reserved").notNull().default(0),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.variantId, t.locationId] }),
    index("stock_levels_location_idx").on(t.locationId),
    foreignKey({ name: "stock_levels_location_fk", columns: [t.locationId, t.locationKind], foreignColumns: [locations.id, locations.kind] })
      .onDelete("cascade")
      .onUpdate("cascade"),
    check("stock_reserved_non_negative", sql`${t.reserved} >= 0`),
    check("stock_on_hand_non_negative", sql`${t.locationKind} = 'event' OR ${t.onHand} >= 0`),
    check("stock_available_non_negative", sql`${t.locationKind} = 'event' OR ${t.onHand} - ${t.reserved} >= 0`),
  ],
);

export const movementKind = pgEnum("movement_kind", [
  "receipt",
  "sale",
  "reservation",
  "release",
  "transfer_out",
  "transfer_in",
  "adjustment",
  "return",
]);

export const transferDirection = pgEnum("transfer_direction", ["to_event", "to_warehouse"]);
export const transferStatus = pgEnum("transfer_status", ["sent", "received"]);

/**
 * Stock on its way between the warehouse and an event, in two steps: `sent` writes a `transfer_out` at the
 * origin, `received` a `transfer_in` of what arrived at the destination. Between the two the pieces are on the
 * road, at neither place. `code` is printed on the packing list.
 */
export const stockTransfers = pgTable("stock_transfers", {
  id: id(),
  code: text("code").unique(),
  fromLocationId: integer("from_location_id")
    .notNull()
    .references(() => locations.id),
  toLocationId: integer("to_location_id")
    .notNull()
    .references(() => locations.id),
  eventId: integer("event_id").references((): AnyPgColumn => events.id),
  direction: transferDirection("direction"),
  status: transferStatus("status").notNull().default("sent"),
  note: text("note").notNull().default(""),
  userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
  receivedBy: integer("received_by").references(() => users.id, { onDelete: "set null" }),
  receivedAt: at("received_at"),
  createdAt: createdAt(),
}, (t) => [
  index("stock_transfers_event_idx").on(t.eventId, t.createdAt),
  check("transfer_two_places", sql`${t.fromLocationId} <> ${t.toLocationId}`),
  check("transfer_received_when", sql`(${t.status} = 'received') = (${t.receivedAt} IS NOT NULL)`),
]);

/**
 * What a transfer carried: sent when it left, received when it arrived. A difference needs a reason (broken on
 * the road, miscounted), and the missing pieces were already written off the origin when it was sent.
 */
export const stockTransferLines = pgTable("stock_transfer_lines", {
  id: id(),
  transferId: integer("transfer_id")
    .notNull()
    .references(() => stockTransfers.id, { onDelete: "cascade" }),
  variantId: integer("variant_id")
    .notNull()
    .references(() => variants.id),
  quantitySent: integer("quantity_sent").notNull(),
  quantityReceived: integer("quantity_received"),
  differenceReason: text("difference_reason"),
}, (t) => [
  unique("transfer_line_once").on(t.transferId, t.variantId),
  check("transfer_line_sent_positive", sql`${t.quantitySent} > 0`),
  check("transfer_line_received_range", sql`${t.quantityReceived} IS NULL OR ${t.quantityReceived} >= 0`),
  check("transfer_line_difference_reason", sql`${t.quantityReceived} IS NULL OR ${t.quantityReceived} = ${t.quantitySent} OR length(coalesce(${t.differenceReason}, '')) > 0`),
]);

/**
 * Append-only ledger, written only by `recordMovements` (app/models/stock/ledger.server.ts). Deltas are signed: a
 * reserved sale moves both columns, an unreserved sale (bazaar, late payment) only on hand; `return` is a
 * refunded piece back on the shelf.
 */
export const stockMovements = pgTable(
  "stock_movements",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    variantId: integer("variant_id")
      .notNull()
      .references(() => variants.id, { onDelete: "cascade" }),
    locationId: integer("location_id")
      .notNull()
      .references(() => locations.id),
    kind: movementKind("kind").notNull(),
    onHandDelta: integer("on_hand_delta").notNull().default(0),
    reservedDelta: integer("reserved_delta").notNull().default(0),
    reason: text("reason"),
    orderId: uuid("order_id").references((): AnyPgColumn => orders.id, { onDelete: "set null" }),
    posSaleId: integer("pos_sale_id").references((): AnyPgColumn => posSales.id, { onDelete: "set null" }),
    transferId: integer("transfer_id").references(() => stockTransfers.id),
    /** A `receipt` of goods a producer group made on a production order. */
    productionOrderId: integer("production_order_id").references((): AnyPgColumn => productionOrders.id),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("stock_movements_variant_idx").on(t.variantId, t.createdAt),
    index("stock_movements_order_idx").on(t.orderId),
    index("stock_movements_level_idx").on(t.variantId, t.locationId),
    index("stock_movements_pos_sale_idx").on(t.posSaleId),
    index("stock_movements_transfer_idx").on(t.transferId),
    index("stock_movements_production_idx").on(t.productionOrderId),
    check("movement_adjustment_has_reason", sql`${t.kind} <> 'adjustment' OR length(coalesce(${t.reason}, '')) > 0`),
    check("movement_not_empty", sql`${t.onHandDelta} <> 0 OR ${t.reservedDelta} <> 0`),
  ],
);

export type StockLevel = typeof stockLevels.$inferSelect;
export type Location = typeof locations.$inferSelect;
