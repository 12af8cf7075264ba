import type { Executor } from "~db/client.server";
import { deliverRefundEmail, deliverStoredEmail, EMAIL_DELIVERY, REFUND_EMAIL } from "./emails.server";
import { drainOutbox, type OutboxHandlers } from "./outbox.server";
import { deliverPasswordResetEmail, PASSWORD_RESET_EMAIL } from "./password-reset.server";

/** Every topic this app knows how to deliver; the drain leaves other topics alone. */
export const outboxHandlers: OutboxHandlers = {
  [PASSWORD_RESET_EMAIL]: deliverPasswordResetEmail,
  [REFUND_EMAIL]: deliverRefundEmail,
  [EMAIL_DELIVERY]: deliverStoredEmail,
};

/**
 * Best effort, right after a commit: deliver what was just enqueued instead of waiting for the next tick of the
 * drain in scripts/start.ts. Not awaited, so a response takes the same time whether or not it enqueued anything.
 */
export function drainOutboxSoon(db: Executor) {
  drainOutbox(db, outboxHandlers, { limit: 10 }).catch((error: unknown) => console.warn("Draining the outbox failed", error));
}
