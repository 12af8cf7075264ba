import { sql } from "drizzle-orm";
import { check, date, doublePrecision, index, integer, pgEnum, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { at, createdAt, currency, id, minor } from "./columns";
import { producerGroups } from "./producers";

export const turnoverChannel = pgEnum("turnover_channel", ["retail", "wholesale", "bazaar"]);
export const turnoverKind = pgEnum("turnover_kind", ["sale", "refund"]);

/**
 * Turnover ledger, append-only (a trigger refuses UPDATE and DELETE): one row per sale and producer group on any
 * channel, in US cents at the sale's stored rate, dated when the money moved. A refund is a new negative row
 * dated when it happened; history is never edited. `producer_id` splits a multi-group sale by line (null only
 * for the organisation's historical totals, which predate the split). Trees owed = floor(sum / 150_000).
 * `source_id` names the sale (an order, a POS sale, a wholesale payment) and `entry_key` the refund within it,
 * so recording the same thing twice finds the unique key.
 */
export const turnoverEntries = pgTable(
  "turnover_entries",
  {
    id: id(),
    channel: turnoverChannel("channel").notNull(),
    sourceId: text("source_id").notNull(),
    kind: turnoverKind("kind").notNull().default("sale"),
    /** What within the source this row records: empty for the sale, the refunded running total for a refund. */
    entryKey: text("entry_key").notNull().default(""),
    producerId: integer("producer_id").references(() => producerGroups.id),
    /** The amount in the sale's own currency, and the rate (units per USD ×1e6) it was converted at. */
    currency: currency().notNull().default("USD"),
    amountMinor: minor("amount_minor").notNull(),
    rateMicros: minor("rate_micros").notNull().default(1_000_000),
    usdMinor: minor("usd_minor").notNull(),
    occurredAt: at("occurred_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("turnover_once").on(t.channel, t.sourceId, t.kind, t.entryKey, sql`coalesce(${t.producerId}, 0)`),
    index("turnover_occurred_idx").on(t.occurredAt),
    index("turnover_producer_idx").on(t.producerId, t.occurredAt),
    check("turnover_sign", sql`(${t.kind} = 'sale' AND ${t.usdMinor} >= 0 AND ${t.amountMinor} >= 0) OR (${t.kind} = 'refund' AND ${t.usdMinor} <= 0 AND ${t.amountMinor} <= 0)`),
    check("turnover_rate_positive", sql`${t.rateMicros} > 0`),
  ],
);

export const plantingRecords = pgTable(
  "planting_records",
  {
    id: id(),
    plantedOn: date("planted_on", { mode: "string" }).notNull(),
    place: text("place").notNull(),
    province: text("province").notNull(),
    latitude: doublePrecision("latitude"),
    longitude: doublePrecision("longitude"),
    treeCount: integer("tree_count").notNull(),
    species: text("species").notNull(),
    partner: text("partner").notNull().default(""),
    notes: text("notes").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [check("planting_positive", sql`${t.treeCount} > 0`)],
);

export type PlantingRecord = typeof plantingRecords.$inferSelect;
