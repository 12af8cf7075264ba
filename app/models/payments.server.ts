import { randomBytes } from "node:crypto";
import type Stripe from "stripe";
import type { Db, Executor } from "~db/client.server";
import { orders, stripeEvents, type PostalAddress } from "~db/schema";
import { eq } from "drizzle-orm";
import { countryNames } from "~/domain/shipping";
import { stripeWebhooks } from "~/utils/stripe.server";
import type { PlacedOrder } from "./checkout.server";
import { findOrderIdByPaymentIntent, listLapsedDemoOrders, markOrderPaid, notePaymentProcessing, recordRefund, releaseReservation } from "./orders.server";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Checkout Session parameters: line items and shipping in the order's currency, in Stripe's minor units. */
export function checkoutSessionParams(
  order: PlacedOrder & { email: string; country: string },
  urls: { successUrl: string; cancelUrl: string },
): Stripe.Checkout.SessionCreateParams {
  const currency = order.currency.toLowerCase();
  return {
    mode: "payment",
    client_reference_id: order.id,
    customer_email: order.email,
    metadata: { order_id: order.id, order_number: order.number },
    payment_intent_data: { metadata: { order_id: order.id, order_number: order.number } },
    line_items: order.lines.map((l) => ({
      quantity: l.quantity,
      price_data: { currency, unit_amount: l.unitPriceMinor, product_data: { name: l.title, metadata: { sku: l.sku } } },
    })),
    shipping_address_collection: { allowed_countries: [order.country as Stripe.Checkout.SessionCreateParams.ShippingAddressCollection.AllowedCountry] },
    shipping_options: [
      {
        shipping_rate_data: {
          type: "fixed_amount",
          display_name: `Tracked parcel from Jakarta to ${countryNames[order.country] ?? order.country}`,
          fixed_amount: { amount: order.shippingMinor, currency },
        },
      },
    ],
    expires_at: Math.floor(order.expiresAt.getTime() / 1000),
    success_url: urls.successUrl,
    cancel_url: urls.cancelUrl,
  };
}

/** Created only after the order transaction commits; one idempotency key per order. */
export async function createCheckoutSession(
  stripe: Stripe,
  order: PlacedOrder & { email: string; country: string },
  urls: { successUrl: string; cancelUrl: string },
) {
  return stripe.checkout.sessions.create(checkoutSessionParams(order, urls), { idempotencyKey: `kriya-order-${order.id}` });
}

export class WebhookSignatureError extends Error {}

/** Verifies the signature on the raw body (400 when it fails) and returns the event. */
export function verifyStripeEvent(rawBody: string, signature: string | null, secret: string): Stripe.Event {
  if (!signature) throw new WebhookSignatureError("Missing Stripe-Signature header");
  try {
    return stripeWebhooks.constructEvent(rawBody, signature, secret) as Stripe.Event;
  } catch (error) {
    throw new WebhookSignatureError((error as Error).message);
  }
}

function addressFrom(session: Stripe.Checkout.Session): PostalAddress | null {
  const shipping = (session as Stripe.Checkout.Session & { collected_information?: { shipping_details?: { name?: string; address?: Stripe.Address } } })
    .collected_information?.shipping_details;
  const details = shipping ?? (session as unknown as { shipping_details?: { name?: string; address?: Stripe.Address } }).shipping_details;
  const a = details?.address;
  if (!a?.line1 || !a.country) return null;
  return {
    name: details?.name ?? session.customer_details?.name ?? "",
    line1: a.line1,
    line2: a.line2 ?? undefined,
    city: a.city ?? "",
    postalCode: a.postal_code ?? "",
    region: a.state ?? undefined,
    country: a.country,
  };
}

function orderIdOf(object: { metadata?: Stripe.Metadata | null; client_reference_id?: string | null }): string | null {
  const id = object.metadata?.order_id ?? object.client_reference_id ?? null;
  return id && uuidPattern.test(id) ? id : null;
}

export type WebhookResult = { duplicate: boolean; orderId: string | null; handled: boolean };

/**
 * Applies one verified event. Each event id is stored once (a duplicate changes nothing), and every handler
 * checks the order's current state, so events arriving in any order end in the same place.
 */
export async function applyStripeEvent(db: Db, event: Stripe.Event, options: { stripe?: Stripe | null } = {}): Promise<WebhookResult> {
  // Refunds name a charge, not an order: find the order first (outside the transaction: it may call Stripe).
  let refundOrderId: string | null = null;
  if (event.type === "charge.refunded") {
    const charge = event.data.object as Stripe.Charge;
    const pi = typeof charge.payment_intent === "string" ? charge.payment_intent : charge.payment_intent?.id;
    refundOrderId = orderIdOf(charge) ?? (pi ? await findOrderIdByPaymentIntent(db, pi) : null);
    if (!refundOrderId && pi && options.stripe) {
      const intent = await options.stripe.paymentIntents.retrieve(pi);
      refundOrderId = orderIdOf(intent);
    }
  }

  return db.transaction(async (tx) => {
    const stored = await tx
      .insert(stripeEvents)
      .values({ id: event.id, type: event.type, objectId: (event.data.object as { id?: string }).id ?? null })
      .onConflictDoNothing()
      .returning({ id: stripeEvents.id });
    if (stored.length === 0) return { duplicate: true, orderId: null, handled: false };

    switch (event.type) {
      case "checkout.session.completed":
      case "checkout.session.async_payment_succeeded": {
        const session = event.data.object as Stripe.Checkout.Session;
        const orderId = orderIdOf(session);
        if (!orderId) return { duplicate: false, orderId: null, handled: false };
        if (event.type === "checkout.session.completed" && session.payment_status === "unpaid") {
          await notePaymentProcessing(tx, orderId, session.id);
        } else {
          await markOrderPaid(tx, orderId, paymentDetails(session));
        }
        return { duplicate: false, orderId, handled: true };
      }
      case "checkout.session.async_payment_failed":
      case "checkout.session.expired": {
        const session = event.data.object as Stripe.Checkout.Session;
        const orderId = orderIdOf(session);
        if (!orderId) return { duplicate: false, orderId: null, handled: false };
        const note = event.type === "checkout.session.expired" ? "Checkout expired; pieces released" : "Payment failed; pieces released";
        await releaseReservation(tx, { orderId, status: "cancelled", note });
        return { duplicate: false, orderId, handled: true };
      }
      case "charge.refunded": {
        if (!refundOrderId) return { duplicate: false, orderId: null, handled: false };
        const charge = event.data.object as Stripe.Charge;
        const pi = typeof charge.payment_intent === "string" ? charge.payment_intent : (charge.payment_intent?.id ?? null);
        await recordRefund(tx, refundOrderId, charge.amount_refunded, { paymentIntentId: pi });
        return { duplicate: false, orderId: refundOrderId, handled: true };
      }
      default:
        return { duplicate: false, orderId: null, handled: false };
    }
  });
}

function paymentDetails(session: Stripe.Checkout.Session) {
  return {
    sessionId: session.id,
    paymentIntentId: typeof session.payment_intent === "string" ? session.payment_intent : (session.payment_intent?.id ?? null),
    email: session.customer_details?.email ?? null,
    customerName: session.customer_details?.name ?? null,
    shippingAddress: addressFrom(session),
  };
}

/**
 * The demo checkout's events: shaped like Stripe's and signed with the local secret, then sent through the
 * same verification and fulfilment as a real webhook.
 */
export async function demoCheckoutEvent(
  db: Executor,
  orderId: string,
  type: "checkout.session.completed" | "checkout.session.expired",
  details: { name?: string; address?: PostalAddress } = {},
) {
  const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
  if (!order) return null;
  const address = details.address ?? order.shippingAddress;
  const event = {
    id: `evt_demo_${randomBytes(12).toString("hex")}`,
    object: "event",
    api_version: "2025-01-01",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    type,
    data: {
      object: {
        id: order.stripeCheckoutSessionId ?? `cs_demo_${order.id}`,
        object: "checkout.session",
        mode: "payment",
        client_reference_id: order.id,
        metadata: { order_id: order.id, order_number: order.number },
        status: type === "checkout.session.completed" ? "complete" : "expired",
        payment_status: type === "checkout.session.completed" ? "paid" : "unpaid",
        amount_total: order.totalMinor,
        currency: order.currency.toLowerCase(),
        payment_intent: type === "checkout.session.completed" ? `pi_demo_${order.id.replace(/-/g, "")}` : null,
        customer_details: { email: order.email, name: details.name ?? address?.name ?? null },
        collected_information: address
          ? {
              shipping_details: {
                name: address.name,
                address: { line1: address.line1, line2: address.line2 ?? null, city: address.city, postal_code: address.postalCode, state: address.region ?? null, country: address.country },
              },
            }
          : null,
      },
    },
  };
  return JSON.stringify(event);
}

export function signPayload(payload: string, secret: string) {
  return stripeWebhooks.generateTestHeaderString({ payload, secret });
}

/** Demo orders nobody paid: expire them through the signed-event path, as Stripe would for a real session. */
export async function expireLapsedDemoOrders(db: Db, secret: string, now = new Date()) {
  let expired = 0;
  for (const { id } of await listLapsedDemoOrders(db, now)) {
    const payload = await demoCheckoutEvent(db, id, "checkout.session.expired");
    if (!payload) continue;
    await applyStripeEvent(db, verifyStripeEvent(payload, signPayload(payload, secret), secret));
    expired += 1;
  }
  return expired;
}

/**
 * The demo checkout's refund event: the `charge.refunded` Stripe would send after a refund, carrying the
 * cumulative amount refunded, signed and applied like a real webhook.
 */
export async function demoRefundEvent(db: Executor, orderId: string, amountRefundedMinor: number) {
  const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
  if (!order) return null;
  const compactId = order.id.replace(/-/g, "");
  const event = {
    id: `evt_demo_${randomBytes(12).toString("hex")}`,
    object: "event",
    api_version: "2025-01-01",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    type: "charge.refunded",
    data: {
      object: {
        id: `ch_demo_${compactId}`,
        object: "charge",
        amount: order.totalMinor,
        amount_refunded: amountRefundedMinor,
        currency: order.currency.toLowerCase(),
        payment_intent: order.stripePaymentIntentId ?? `pi_demo_${compactId}`,
        refunded: amountRefundedMinor >= order.totalMinor,
        metadata: { order_id: order.id, order_number: order.number },
      },
    },
  };
  return JSON.stringify(event);
}
