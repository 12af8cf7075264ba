import { sql } from "drizzle-orm";
import { check, date, doublePrecision, index, integer, pgEnum, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { images } from "./catalog";
import { at, createdAt, currency, id, minor } from "./columns";
import { producerGroups } from "./producers";
import { users } from "./users";

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
    /**
     * When the ledger counts it: `occurred_at`, or the start of the first open month when that is later (a
     * trigger sets it), so an entry that arrives after its month was closed lands in the open month and a
     * closed month's checksum never changes.
     */
    bookedAt: at("booked_at").notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("turnover_once").on(t.channel, t.sourceId, t.kind, t.entryKey, sql`coalesce(${t.producerId}, 0)`),
    index("turnover_occurred_idx").on(t.occurredAt),
    index("turnover_booked_idx").on(t.bookedAt),
    index("turnover_producer_idx").on(t.producerId, t.occurredAt),
    check("turnover_sign", sql`(${t.kind} = 'sale' AND ${t.usdMinor} >= 0 AND ${t.amountMinor} >= 0) OR (${t.kind} = 'refund' AND ${t.usdMinor} <= 0 AND ${t.amountMinor} <= 0)`),
    check("turnover_rate_positive", sql`${t.rateMicros} > 0`),
  ],
);

/**
 * A planting: trees in the ground, covering the next `tree_count` trees funded (in the order they were
 * planted). Counted as planted as soon as it is recorded with its evidence; "verified" once staff confirmed
 * that evidence. The place must lie on the map the impact page draws (Indonesia's bounding box).
 */
export const plantingRecords = pgTable(
  "planting_records",
  {
    id: id(),
    plantedOn: date("planted_on", { mode: "string" }).notNull(),
    place: text("place").notNull(),
    province: text("province").notNull(),
    latitude: doublePrecision("latitude").notNull(),
    longitude: doublePrecision("longitude").notNull(),
    treeCount: integer("tree_count").notNull(),
    species: text("species").notNull(),
    partner: text("partner").notNull().default(""),
    notes: text("notes").notNull().default(""),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    verifiedAt: at("verified_at"),
    verifiedBy: integer("verified_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    check("planting_positive", sql`${t.treeCount} > 0 AND ${t.treeCount} <= 1000000`),
    check("planting_on_the_map", sql`${t.latitude} BETWEEN -11.5 AND 6.5 AND ${t.longitude} BETWEEN 94.5 AND 141.5`),
    check("planting_date_sane", sql`${t.plantedOn} >= '2000-01-01'`),
    index("planting_planted_on_idx").on(t.plantedOn, t.id),
  ],
);

/** A later count of how many of a planting's trees are alive (for example at 6 and 12 months). */
export const survivalChecks = pgTable(
  "survival_checks",
  {
    id: id(),
    plantingId: integer("planting_id")
      .notNull()
      .references(() => plantingRecords.id, { onDelete: "cascade" }),
    checkedOn: date("checked_on", { mode: "string" }).notNull(),
    aliveCount: integer("alive_count").notNull(),
    notes: text("notes").notNull().default(""),
    recordedBy: integer("recorded_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("survival_check_once_a_day").on(t.plantingId, t.checkedOn),
    check("survival_alive_non_negative", sql`${t.aliveCount} >= 0`),
  ],
);

export const evidenceGps = pgEnum("evidence_gps", ["matches", "mismatch", "missing"]);

/**
 * What a planting's evidence photo says about itself: the GPS position and time read from its EXIF, and how
 * far that lies from the planting's stated place (a mismatch is flagged, never silently accepted). The photo
 * itself is an `images` row owned by the planting; a survival check's photo also names the check.
 */
export const plantingEvidence = pgTable(
  "planting_evidence",
  {
    imageId: integer("image_id")
      .primaryKey()
      .references(() => images.id, { onDelete: "cascade" }),
    plantingId: integer("planting_id")
      .notNull()
      .references(() => plantingRecords.id, { onDelete: "cascade" }),
    survivalCheckId: integer("survival_check_id").references(() => survivalChecks.id, { onDelete: "cascade" }),
    gps: evidenceGps("gps").notNull(),
    gpsLatitude: doublePrecision("gps_latitude"),
    gpsLongitude: doublePrecision("gps_longitude"),
    /** Metres between the photo's position and the planting's stated place. */
    distanceMetres: integer("distance_metres"),
    takenAt: at("taken_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("planting_evidence_planting_idx").on(t.plantingId, t.imageId),
    check("evidence_gps_consistent", sql`(${t.gps} = 'missing') = (${t.gpsLatitude} IS NULL) AND (${t.gpsLatitude} IS NULL) = (${t.gpsLongitude} IS NULL) AND (${t.gpsLatitude} IS NULL) = (${t.distanceMetres} IS NULL)`),
  ],
);

/**
 * A closed month of the turnover ledger (months run in Asia/Jakarta time). `checksum` is the SHA-256 of the
 * previous month's checksum and the month's entries in their published form, so editing any closed month
 * breaks every checksum after it. Append-only, like the ledger.
 */
export const impactMonthCloses = pgTable(
  "impact_month_closes",
  {
    month: date("month", { mode: "string" }).primaryKey(),
    entryCount: integer("entry_count").notNull(),
    usdMinor: minor("usd_minor").notNull(),
    checksum: text("checksum").notNull(),
    previousChecksum: text("previous_checksum"),
    closedAt: at("closed_at").notNull().defaultNow(),
  },
  (t) => [
    check("month_close_first_day", sql`extract(day from ${t.month}) = 1`),
    check("month_close_checksum_hex", sql`${t.checksum} ~ '^[0-9a-f]{64}$'`),
  ],
);

export type PlantingRecord = typeof plantingRecords.$inferSelect;
export type SurvivalCheck = typeof survivalChecks.$inferSelect;
export type PlantingEvidence = typeof plantingEvidence.$inferSelect;
export type ImpactMonthClose = typeof impactMonthCloses.$inferSelect;
