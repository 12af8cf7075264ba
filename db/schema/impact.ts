import { sql } from "drizzle-orm";
import { check, date, doublePrecision, index, integer, pgTable, text, unique } from "drizzle-orm/pg-core";
import { at, createdAt, id, minor } from "./columns";

/**
 * Turnover ledger, one row per paid sale on any channel, in US cents at the sale's stored rate.
 * Refunds add negative rows. Trees owed = floor(sum / 150_000).
 */
export const turnoverEntries = pgTable(
  "turnover_entries",
  {
    id: id(),
    channel: text("channel").$type<"retail" | "wholesale" | "bazaar">().notNull(),
    sourceId: text("source_id").notNull(),
    kind: text("kind").$type<"sale" | "refund">().notNull().default("sale"),
    usdMinor: minor("usd_minor").notNull(),
    occurredAt: at("occurred_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [unique("turnover_once").on(t.channel, t.sourceId, t.kind), index("turnover_occurred_idx").on(t.occurredAt)],
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
