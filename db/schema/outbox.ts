import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { at, createdAt, id } from "./columns";

/**
 * Work that must happen after a commit (emails, Stripe calls, image processing). Any app server drains it
 * with SELECT … FOR UPDATE SKIP LOCKED; `dedupeKey` makes enqueueing idempotent.
 */
export const outboxMessages = pgTable(
  "outbox_messages",
  {
    id: id(),
    topic: text("topic").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    dedupeKey: text("dedupe_key").unique(),
    attempts: integer("attempts").notNull().default(0),
    availableAt: at("available_at").notNull().defaultNow(),
    processedAt: at("processed_at"),
    lastError: text("last_error"),
    createdAt: createdAt(),
  },
  (t) => [index("outbox_pending_idx").on(t.availableAt).where(sql`${t.processedAt} IS NULL`)],
);

/**
 * Rendered emails: the mailbox copy, shown at /dev/emails in development. The outbox hands each one over after
 * commit; `sentAt` is when SMTP accepted it (or, without SMTP_URL, when it was delivered into this mailbox).
 */
export const emails = pgTable(
  "emails",
  {
    id: id(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    orderId: uuid("order_id"),
    sentAt: at("sent_at"),
    createdAt: createdAt(),
  },
  (t) => [index("emails_to_idx").on(t.to)],
);
