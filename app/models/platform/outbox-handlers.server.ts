import type { Executor } from "~db/client.server";
import { deleteImageFilesHandler, DELETE_IMAGE_FILES, renderImageFormatsHandler, RENDER_IMAGE_FORMATS } from "~/models/catalog/images.server";
import { EXPIRE_CHECKOUT_SESSION, expireCheckoutSessionHandler } from "~/models/payments/stripe-checkout.server";
import { getImageStorage } from "~/utils/storage.server";
import { getStripe } from "~/utils/stripe.server";
import { deliverRefundEmail, deliverStoredEmail, EMAIL_DELIVERY, REFUND_EMAIL } from "./emails.server";
import { drainOutbox, type OutboxHandlers } from "./outbox.server";
import { deliverPasswordResetEmail, PASSWORD_RESET_EMAIL } from "./password-reset.server";

/** Every topic this app knows how to deliver; the drain leaves other topics alone. */
export const outboxHandlers: OutboxHandlers = {
  [PASSWORD_RESET_EMAIL]: deliverPasswordResetEmail,
  [REFUND_EMAIL]: deliverRefundEmail,
  [EMAIL_DELIVERY]: deliverStoredEmail,
  [EXPIRE_CHECKOUT_SESSION]: expireCheckoutSessionHandler(getStripe),
  [RENDER_IMAGE_FORMATS]: renderImageFormatsHandler(getImageStorage),
  [DELETE_IMAGE_FILES]: deleteImageFilesHandler(getImageStorage),
};

/**
 * Best effort, right after a commit: deliver what was just enqueued instead of waiting for the next tick of the
 * drain in scripts/start.ts. Not awaited, so a response takes the same time whether or not it enqueued anything.
 */
export function drainOutboxSoon(db: Executor) {
  drainOutbox(db, { handlers: outboxHandlers, limit: 10 }).catch((error: unknown) => console.warn("Draining the outbox failed", error));
}
