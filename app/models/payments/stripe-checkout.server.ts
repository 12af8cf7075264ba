import type Stripe from "stripe";
import type { Executor } from "~db/client.server";
import { money, toStripeAmount, type Money } from "~/domain/money/money";
import { paymentMetadata, type PaymentKind } from "~/domain/payments/payment-kind";
import { enqueue, type OutboxHandler } from "~/models/platform/outbox.server";
import { isStripeError } from "~/utils/stripe.server";

/**
 * The outbound half of payments: everything this app asks of Stripe. It knows payment kinds and amounts, not
 * orders: each kind (retail orders now, wholesale deposits later) describes what it sells and names its object.
 */

export type CheckoutSessionInput = {
  kind: PaymentKind;
  /** The paid object's own ids, e.g. `{ order_id, order_number }`; they go into metadata after `kind`. */
  ids: Record<string, string>;
  /** Stripe's `client_reference_id`: the paid object's id. */
  reference: string;
  currency: string;
  customerEmail: string;
  lines: { name: string; quantity: number; unitAmountMinor: number; sku?: string }[];
  shipping?: { label: string; amountMinor: number; country: string };
  expiresAt: Date;
  successUrl: string;
  cancelUrl: string;
  /** One per paid object, so a retried request finds the session it made. */
  idempotencyKey: string;
};

/**
 * Checkout Session parameters: every amount in Stripe's minor units (toStripeAmount), and `metadata.kind` with
 * the object's ids on the session and on its PaymentIntent, so refunds and charges can be routed too.
 */
function checkoutSessionParams(input: CheckoutSessionInput): Stripe.Checkout.SessionCreateParams {
  const currency = input.currency.toLowerCase();
  const amount = (minor: number) => toStripeAmount(money(minor, input.currency));
  const metadata = paymentMetadata(input.kind, input.ids);
  return {
    mode: "payment",
    client_reference_id: input.reference,
    customer_email: input.customerEmail,
    metadata,
    payment_intent_data: { metadata },
    line_items: input.lines.map((l) => ({
      quantity: l.quantity,
      price_data: { currency, unit_amount: amount(l.unitAmountMinor), product_data: { name: l.name, ...(l.sku ? { metadata: { sku: l.sku } } : {}) } },
    })),
    ...(input.shipping
      ? {
          shipping_address_collection: { allowed_countries: [input.shipping.country as Stripe.Checkout.SessionCreateParams.ShippingAddressCollection.AllowedCountry] },
          shipping_options: [{ shipping_rate_data: { type: "fixed_amount", display_name: input.shipping.label, fixed_amount: { amount: amount(input.shipping.amountMinor), currency } } }],
        }
      : {}),
    expires_at: Math.floor(input.expiresAt.getTime() / 1000),
    success_url: input.successUrl,
    cancel_url: input.cancelUrl,
  };
}

/** Created only after the paid object's transaction commits (no network call inside a transaction). */
export async function createCheckoutSession(stripe: Stripe, input: CheckoutSessionInput) {
  return stripe.checkout.sessions.create(checkoutSessionParams(input), { idempotencyKey: input.idempotencyKey });
}

/** A refund of `amount` (in the payment's currency) of one PaymentIntent; the caller maps Stripe's errors. */
export async function createRefund(
  stripe: Stripe,
  input: { kind: PaymentKind; ids: Record<string, string>; paymentIntentId: string; amount: Money; idempotencyKey: string },
) {
  return stripe.refunds.create(
    { payment_intent: input.paymentIntentId, amount: toStripeAmount(input.amount), reason: "requested_by_customer", metadata: paymentMetadata(input.kind, input.ids) },
    { idempotencyKey: input.idempotencyKey },
  );
}

/** A PaymentIntent's metadata (where `kind` is when a charge does not carry it). */
export async function paymentIntentMetadata(stripe: Stripe, paymentIntentId: string): Promise<Record<string, string>> {
  const intent = await stripe.paymentIntents.retrieve(paymentIntentId);
  return intent.metadata ?? {};
}

/** Outbox topic: a Checkout Session that something newer replaced, to expire at Stripe after the commit. */
export const EXPIRE_CHECKOUT_SESSION = "stripe.expire_session";

/**
 * Enqueued in the transaction that replaces the session, so it is expired exactly when the replacement commits
 * (never on a rollback); one message per session id.
 */
export async function queueSessionExpiry(tx: Executor, { sessionId }: { sessionId: string }) {
  return enqueue(tx, { topic: EXPIRE_CHECKOUT_SESSION, payload: { sessionId }, dedupeKey: `${EXPIRE_CHECKOUT_SESSION}:${sessionId}` });
}

/**
 * Expires one session. A session that is no longer open (already expired, or completed: a late payment is then
 * handled by its webhook) is done as well; any other failure throws, so the outbox retries it with backoff.
 */
async function expireCheckoutSession(stripe: Stripe, { sessionId }: { sessionId: string }): Promise<"expired" | "already_closed"> {
  try {
    await stripe.checkout.sessions.expire(sessionId);
    return "expired";
  } catch (error) {
    if (!isStripeError(error, "StripeInvalidRequestError")) throw error;
    // Stripe answers a closed session with a 400; ask for its status rather than parse the message.
    const session = await stripe.checkout.sessions.retrieve(sessionId).catch(() => null);
    if (session && session.status !== "open") return "already_closed";
    throw error;
  }
}

/** The outbox handler for EXPIRE_CHECKOUT_SESSION, with the Stripe client it should use. */
export function expireCheckoutSessionHandler(stripe: () => Stripe | null): OutboxHandler {
  return async (_tx, payload) => {
    const sessionId = typeof payload.sessionId === "string" ? payload.sessionId : null;
    if (!sessionId) throw new Error("The message names no Checkout Session to expire.");
    const client = stripe();
    if (!client) throw new Error(`Stripe is not configured on this server, so Checkout Session ${sessionId} can't be expired.`);
    await expireCheckoutSession(client, { sessionId });
  };
}
