import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
} from "drizzle-orm/pg-core";
import { createdAt, id, timestamps } from "./columns";
import { users } from "./users";

export const producerGroups = pgTable(
  "producer_groups",
  {
    id: id(),
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    /** One line for cards and meta descriptions. */
    summary: text("summary").notNull(),
    story: text("story").notNull(),
    province: text("province").notNull(),
    regency: text("regency").notNull(),
    village: text("village").notNull(),
    /** Island, used for browsing ("Java", "Bali", "Sumatra"). */
    island: text("island").notNull(),
    latitude: doublePrecision("latitude").notNull(),
    longitude: doublePrecision("longitude").notNull(),
    crafts: text("crafts").array().notNull().default(sql`'{}'::text[]`),
    foundedYear: smallint("founded_year").notNull(),
    memberCount: integer("member_count").notNull(),
    womenCount: integer("women_count").notNull(),
    homeworkers: boolean("homeworkers").notNull().default(false),
    contactName: text("contact_name"),
    contactPhone: text("contact_phone"),
    contactEmail: text("contact_email"),
    /** Payout details: admin-only, never selected by storefront queries. */
    payoutBankName: text("payout_bank_name"),
    payoutAccountName: text("payout_account_name"),
    payoutAccountNumber: text("payout_account_number"),
    active: boolean("active").notNull().default(true),
    ...timestamps,
  },
  (t) => [
    check("producer_women_le_members", sql`${t.womenCount} >= 0 AND ${t.womenCount} <= ${t.memberCount}`),
    check("producer_lat_range", sql`${t.latitude} BETWEEN -90 AND 90`),
    check("producer_lng_range", sql`${t.longitude} BETWEEN -180 AND 180`),
  ],
);

/** Units a group can make per week, per craft; drives wholesale lead times. */
export const producerCapacities = pgTable(
  "producer_capacities",
  {
    producerId: integer("producer_id")
      .notNull()
      .references(() => producerGroups.id, { onDelete: "cascade" }),
    craft: text("craft").notNull(),
    unitsPerWeek: integer("units_per_week").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.producerId, t.craft] }),
    check("capacity_positive", sql`${t.unitsPerWeek} > 0`),
  ],
);

export const fieldVisits = pgTable(
  "field_visits",
  {
    id: id(),
    producerId: integer("producer_id")
      .notNull()
      .references(() => producerGroups.id, { onDelete: "cascade" }),
    visitedOn: date("visited_on", { mode: "string" }).notNull(),
    visitor: text("visitor").notNull(),
    notes: text("notes").notNull().default(""),
    recordedBy: integer("recorded_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("field_visits_producer_date_idx").on(t.producerId, t.visitedOn)],
);

/** One row per WFTO principle checked on a visit. */
export const fieldVisitChecks = pgTable(
  "field_visit_checks",
  {
    visitId: integer("visit_id")
      .notNull()
      .references(() => fieldVisits.id, { onDelete: "cascade" }),
    principle: smallint("principle").notNull(),
    met: boolean("met").notNull(),
    note: text("note").notNull().default(""),
  },
  (t) => [
    primaryKey({ columns: [t.visitId, t.principle] }),
    check("principle_range", sql`${t.principle} BETWEEN 1 AND 10`),
  ],
);

export type ProducerGroup = typeof producerGroups.$inferSelect;
export type FieldVisit = typeof fieldVisits.$inferSelect;
