import type Stripe from "stripe";
import type { Db } from "~db/client.server";
import { eq } from "drizzle-orm";
import { stripeEvents, type StripeEventOutcome } from "~db/schema";
import { kindLabel, type PaymentKind } from "~/domain/payments/payment-kind";
import { idOf, isHandledEvent, parseStripeEvent, type HandledStripeEvent } from "~/domain/payments/stripe-event";
import { Refusal } from "~/domain/platform/refusal";
import { enqueue } from "~/models/platform/outbox.server";
import { retailOrderPayments } from "~/models/retail/order-payments.server";
import { wholesaleDepositPayments } from "~/models/wholesale/deposits.server";
import { stripeWebhooks } from "~/utils/stripe.server";
import type { PaymentHandlers } from "./payment-events.server";
import { paymentIntentMetadata } from "./stripe-checkout.server";

/**
 * The inbound half of payments: verify, parse, store once, then route on `metadata.kind`. A kind is handled by
 * the handler registered here (retail orders, wholesale deposits); a known kind without one would be stored,
 * acknowledged and parked for its future handler; an unknown or missing kind is stored and acknowledged and
 * touches nothing. See docs/decisions/005-checkout-and-payments.md.
 */
export const paymentHandlers: PaymentHandlers = {
  retail_order: retailOrderPayments,
  wholesale_deposit: wholesaleDepositPayments,
};

/** Outbox topic with no handler on purpose: events of a known kind that nothing handles yet, kept for it. */
export const UNHANDLED_PAYMENT_EVENT = "stripe.unhandled_event";

/** Verifies the signature on the raw body (refused as `invalid`, a 400, when it fails) and returns the event. */
export function verifyStripeEvent(rawBody: string, signature: string | null, secret: string): Stripe.Event {
  if (!signature) throw Refusal.invalid("Invalid signature: Missing Stripe-Signature header");
  try {
    return stripeWebhooks().constructEvent(rawBody, signature, secret) as Stripe.Event;
  } catch (error) {
    throw Refusal.invalid(`Invalid signature: ${(error as Error).message}`);
  }
}

export type WebhookResult = {
  duplicate: boolean;
  orderId: string | null;
  handled: boolean;
  problem?: string;
  /** Set when the event's kind kept it from any handler: what its metadata said, and why it stopped there. */
  skipped?: { kind: string | null; reason: "unknown_kind" | "no_handler" };
};

type Route = { kind: PaymentKind; intentMetadata: Record<string, string> | null } | { kind: null; label: string | null };

/**
 * The kind of a handled event. Checkout Sessions carry `metadata.kind`; a charge carries its PaymentIntent's
 * metadata, and when it does not, the PaymentIntent is asked (never for demo-signed events). Legacy objects made
 * before kinds existed carry none: a handler may claim one only by an id it stored itself (see claimsUnlabelled),
 * so a missing kind is never read as a retail order on metadata alone.
 */
async function routeOf(db: Db, event: HandledStripeEvent, options: { stripe: Stripe | null; demo: boolean; handlers: PaymentHandlers }): Promise<Route> {
  const claimed = async (ref: { sessionId?: string; paymentIntentId?: string }): Promise<PaymentKind | null> => {
    for (const [kind, handler] of Object.entries(options.handlers) as [PaymentKind, PaymentHandlers[PaymentKind]][]) {
      if (handler?.claimsUnlabelled && (await handler.claimsUnlabelled(db, ref))) return kind;
    }
    return null;
  };

  if (event.type !== "charge.refunded") {
    const label = kindLabel(event.object.metadata);
    if ("kind" in label) return { kind: label.kind, intentMetadata: null };
    if ("unknown" in label) return { kind: null, label: label.unknown };
    const kind = await claimed({ sessionId: event.object.id });
    return kind ? { kind, intentMetadata: null } : { kind: null, label: null };
  }

  const charge = event.object;
  const paymentIntentId = idOf(charge.payment_intent) ?? undefined;
  const label = kindLabel(charge.metadata);
  if ("kind" in label) return { kind: label.kind, intentMetadata: null };
  if ("unknown" in label) return { kind: null, label: label.unknown };
  const legacy = paymentIntentId ? await claimed({ paymentIntentId }) : null;
  if (legacy) return { kind: legacy, intentMetadata: null };
  if (paymentIntentId && options.stripe && !options.demo) {
    const intentMetadata = await paymentIntentMetadata(options.stripe, paymentIntentId);
    const intentLabel = kindLabel(intentMetadata);
    if ("kind" in intentLabel) return { kind: intentLabel.kind, intentMetadata };
    if ("unknown" in intentLabel) return { kind: null, label: intentLabel.unknown };
  }
  return { kind: null, label: null };
}

/**
 * Applies one verified event. Each event id is stored once (a duplicate changes nothing), whatever its kind; an
 * event of a handled type whose object has an odd shape is refused before anything is stored. With `demo: true`
 * (verified with the demo secret) the event is recorded but handlers never apply it to a non-demo record.
 */
export async function applyStripeEvent(
  db: Db,
  rawEvent: unknown,
  options: { stripe?: Stripe | null; demo?: boolean; handlers?: PaymentHandlers } = {},
): Promise<WebhookResult> {
  const event = parseStripeEvent(rawEvent);
  const demo = options.demo ?? false;
  const handlers = options.handlers ?? paymentHandlers;
  // Routing may ask Stripe for a PaymentIntent: done before the transaction, so no lock is held across it.
  const route = isHandledEvent(event) ? await routeOf(db, event, { stripe: options.stripe ?? null, demo, handlers }) : null;

  return db.transaction(async (tx): Promise<WebhookResult> => {
    const stored = await tx
      .insert(stripeEvents)
      .values({ id: event.id, type: event.type, objectId: typeof event.object.id === "string" ? event.object.id : null })
      .onConflictDoNothing()
      .returning({ id: stripeEvents.id });
    if (stored.length === 0) return { duplicate: true, orderId: null, handled: false };
    // What became of the event is kept on its row, so staff and the next handler can see it.
    const note = (kind: string | null, outcome: StripeEventOutcome) => tx.update(stripeEvents).set({ kind: kind?.slice(0, 64) ?? null, outcome }).where(eq(stripeEvents.id, event.id));
    if (!route || !isHandledEvent(event)) {
      await note(null, "not_routed");
      return { duplicate: false, orderId: null, handled: false };
    }
    if (route.kind === null) {
      await note(route.label, "unknown_kind");
      return { duplicate: false, orderId: null, handled: false, skipped: { kind: route.label, reason: "unknown_kind" } };
    }
    const handler = handlers[route.kind];
    if (!handler) {
      // Kept where the kind's future handler can find it; the drain leaves a topic without a handler alone.
      await enqueue(tx, {
        topic: UNHANDLED_PAYMENT_EVENT,
        payload: { eventId: event.id, type: event.type, kind: route.kind, objectId: event.object.id, demo },
        dedupeKey: `${UNHANDLED_PAYMENT_EVENT}:${event.id}`,
      });
      await note(route.kind, "no_handler");
      return { duplicate: false, orderId: null, handled: false, skipped: { kind: route.kind, reason: "no_handler" } };
    }
    const outcome = await handler.handle(tx, event, { demo, intentMetadata: route.intentMetadata });
    await note(route.kind, outcome.handled ? "handled" : "not_applied");
    return { duplicate: false, orderId: outcome.orderId ?? null, handled: outcome.handled, ...(outcome.problem ? { problem: outcome.problem } : {}) };
  });
}

/** The webhook route's whole job below HTTP: verify with the given secret, then apply. */
export async function receiveStripeWebhook(
  db: Db,
  input: { rawBody: string; signature: string | null; verification: { secret: string; demo: boolean }; stripe: Stripe | null },
): Promise<WebhookResult> {
  const event = verifyStripeEvent(input.rawBody, input.signature, input.verification.secret);
  return applyStripeEvent(db, event, { stripe: input.verification.demo ? null : input.stripe, demo: input.verification.demo });
}
