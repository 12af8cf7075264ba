import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id, timestamps } from "./columns";
import { importers } from "./wholesale";

export const userRole = pgEnum("user_role", ["admin", "staff", "bazaar", "importer"]);

export const users = pgTable(
  "users",
  {
    id: id(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: userRole("role").notNull(),
    passwordHash: text("password_hash").notNull(),
    /** Preferred UI language: bazaar staff default to Bahasa Indonesia. */
    locale: text("locale").notNull().default("en"),
    importerId: integer("importer_id").references(() => importers.id, { onDelete: "set null" }),
    disabledAt: at("disabled_at"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("users_email_lower_key").on(sql`lower(${t.email})`),
    index("users_importer_idx").on(t.importerId),
    check("users_locale", sql`${t.locale} IN ('en', 'id')`),
    check("users_importer_has_company", sql`${t.role} <> 'importer' OR ${t.importerId} IS NOT NULL`),
  ],
);

/** Server-side session records, so a session can be revoked and rotated at login. */
export const sessions = pgTable(
  "sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: at("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const passwordResetTokens = pgTable("password_reset_tokens", {
  id: id(),
  userId: integer("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  /** SHA-256 of the emailed token; the token itself is never stored. */
  tokenHash: text("token_hash").notNull().unique(),
  expiresAt: at("expires_at").notNull(),
  usedAt: at("used_at"),
  createdAt: createdAt(),
});

/** Fixed-window counters for login rate limits; kept in the db so every app server shares them. */
export const rateLimitHits = pgTable(
  "rate_limit_hits",
  {
    key: text("key").notNull(),
    windowStart: at("window_start").notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: id(),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    changes: jsonb("changes").$type<Record<string, unknown>>(),
    ip: text("ip"),
    createdAt: createdAt(),
  },
  (t) => [index("audit_log_entity_idx").on(t.entityType, t.entityId), index("audit_log_created_idx").on(t.createdAt)],
);

/**
 * One row per back-office form submission that carried a form key, claimed in the same transaction as the write.
 * A second post of the same key (a reload that re-posts, a double click, a retried request) finds the row and
 * gets the first outcome back instead of writing again.
 */
export const formSubmissions = pgTable(
  "form_submissions",
  {
    key: uuid("key").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** What the form did, e.g. "stock.adjust"; a key is only honoured for the same action. */
    action: text("action").notNull(),
    /** What the first submission answered, replayed to the repeats. */
    outcome: jsonb("outcome").$type<unknown>(),
    createdAt: createdAt(),
  },
  (t) => [index("form_submissions_created_idx").on(t.createdAt)],
);

export type User = typeof users.$inferSelect;
export type UserRole = (typeof userRole.enumValues)[number];
