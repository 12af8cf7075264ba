import type { Db, Executor } from "~db/client.server";
import type { PaymentKind } from "~/domain/payments/payment-kind";
import type { HandledStripeEvent } from "~/domain/payments/stripe-event";

/**
 * The contract between the webhook dispatcher (webhooks.server.ts) and the kinds it routes to. Each kind's
 * handler lives with its domain (retail: app/models/retail/order-payments.server.ts) and is registered in
 * `paymentHandlers` there.
 */

export type PaymentEventContext = {
  /** Verified with the demo secret: such an event may only ever move demo records. */
  demo: boolean;
  /** The PaymentIntent's metadata when the dispatcher had to fetch it (a charge that carried no kind). */
  intentMetadata: Record<string, string> | null;
};

export type PaymentEventOutcome = { handled: boolean; orderId?: string | null; problem?: string };

export type PaymentKindHandler = {
  /**
   * Applies one verified, stored-for-the-first-time event inside the dispatcher's transaction. It must check
   * its record's current state, so events arriving in any order end in the same place.
   */
  handle(tx: Executor, event: HandledStripeEvent, context: PaymentEventContext): Promise<PaymentEventOutcome>;
  /**
   * For objects made before `metadata.kind` existed: whether an id this kind stored itself (a session id, a
   * PaymentIntent id) names the object. Metadata alone never claims an event.
   */
  claimsUnlabelled?(db: Db | Executor, ref: { sessionId?: string; paymentIntentId?: string }): Promise<boolean>;
};

/** Every known kind, with its handler or null while nothing handles it yet (its events are stored and parked). */
export type PaymentHandlers = Record<PaymentKind, PaymentKindHandler | null>;
