import { randomBytes } from "node:crypto";
import type Stripe from "stripe";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db, Executor } from "~db/client.server";
import { orderEvents, orders, stripeEvents, type PostalAddress } from "~db/schema";
import { money, toStripeAmount } from "~/domain/money/money";
import type { OrderStatus } from "~/domain/retail/order-status";
import { paymentMismatch } from "~/domain/payments/payment-check";
import { countryNames } from "~/domain/retail/shipping";
import { demoWebhookSecret, stripeWebhooks } from "~/utils/stripe.server";
import type { PlacedOrder } from "~/models/retail/checkout.server";
import { findOrderIdByPaymentIntent, listLapsedDemoOrders, markOrderPaid, notePaymentProcessing, recordRefund, releaseReservation } from "~/models/retail/orders.server";

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

const metadata = z.record(z.string(), z.string()).nullish();
const idOrObject = z.union([z.string(), z.object({ id: z.string() }).passthrough()]).nullish();
const address = z
  .object({ line1: z.string().nullish(), line2: z.string().nullish(), city: z.string().nullish(), postal_code: z.string().nullish(), state: z.string().nullish(), country: z.string().nullish() })
  .passthrough();
const shippingDetails = z.object({ name: z.string().nullish(), address: address.nullish() }).passthrough().nullish();

/** The parts of a Checkout Session fulfilment reads; anything else Stripe sends is kept but not looked at. */
const sessionSchema = z
  .object({
    id: z.string().min(1),
    client_reference_id: z.string().nullish(),
    metadata,
    payment_status: z.string().nullish(),
    amount_total: z.number().int().nonnegative().nullish(),
    currency: z.string().nullish(),
    payment_intent: idOrObject,
    customer_details: z.object({ email: z.string().nullish(), name: z.string().nullish() }).passthrough().nullish(),
    collected_information: z.object({ shipping_details: shippingDetails }).passthrough().nullish(),
    shipping_details: shippingDetails,
  })
  .passthrough();
type SessionObject = z.infer<typeof sessionSchema>;

const chargeSchema = z
  .object({
    id: z.string().min(1),
    amount: z.number().int().nonnegative().nullish(),
    amount_refunded: z.number().int().nonnegative(),
    currency: z.string().length(3),
    payment_intent: idOrObject,
    metadata,
  })
  .passthrough();

const sessionEvents = ["checkout.session.completed", "checkout.session.async_payment_succeeded", "checkout.session.async_payment_failed", "checkout.session.expired"] as const;
type SessionEventType = (typeof sessionEvents)[number];

export type ParsedStripeEvent =
  | { id: string; type: SessionEventType; object: SessionObject }
  | { id: string; type: "charge.refunded"; object: z.infer<typeof chargeSchema> }
  | { id: string; type: string; object: { id?: unknown } & Record<string, unknown>; unhandled: true };

/** A validly signed event whose object is not what its type promises: answered with a 400 and not stored. */
export class WebhookPayloadError extends Error {}

const envelope = z.object({ id: z.string().min(1), type: z.string().min(1), data: z.object({ object: z.record(z.string(), z.unknown()) }) });

/** Checks the shape of each handled event's `data.object` (checkout.session.*, charge.refunded); others pass as they are. */
export function parseStripeEvent(event: Stripe.Event | unknown): ParsedStripeEvent {
  const outer = envelope.safeParse(event);
  if (!outer.success) throw new WebhookPayloadError(`The event is not shaped like a Stripe event: ${describeIssues(outer.error)}`);
  const { id, type, data } = outer.data;
  const schema = (sessionEvents as readonly string[]).includes(type) ? sessionSchema : type === "charge.refunded" ? chargeSchema : null;
  if (!schema) return { id, type, object: data.object, unhandled: true };
  const parsed = schema.safeParse(data.object);
  if (!parsed.success) throw new WebhookPayloadError(`The ${type} event's data.object is not what Stripe sends: ${describeIssues(parsed.error)}`);
  return { id, type, object: parsed.data } as ParsedStripeEvent;
}

function describeIssues(error: z.ZodError) {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
    .join("; ");
}

const idOf = (value: string | { id: string } | null | undefined) => (typeof value === "string" ? value : (value?.id ?? null));

function addressFrom(session: SessionObject): PostalAddress | null {
  const details = session.collected_information?.shipping_details ?? session.shipping_details;
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

function orderIdOf(object: { metadata?: Record<string, string> | null; client_reference_id?: string | null }): string | null {
  const id = object.metadata?.order_id ?? object.client_reference_id ?? null;
  return id && uuidPattern.test(id) ? id : null;
}

export type WebhookResult = { duplicate: boolean; orderId: string | null; handled: boolean; problem?: string };

/**
 * Applies one verified event. Each event id is stored once (a duplicate changes nothing), and every handler
 * checks the order's current state, so events arriving in any order end in the same place. An event of a
 * handled type whose object has an odd shape throws WebhookPayloadError before anything is stored. With
 * `demo: true` (verified with the demo secret) the event is recorded but never applied to a non-demo order.
 * A payment whose amount, currency or session differs from the order is recorded on it for staff, not paid.
 */
export async function applyStripeEvent(db: Db, rawEvent: Stripe.Event, options: { stripe?: Stripe | null; demo?: boolean } = {}): Promise<WebhookResult> {
  const event = parseStripeEvent(rawEvent);
  const demo = options.demo ?? false;
  // Refunds name a charge, not an order: find the order first (outside the transaction: it may call Stripe).
  let refundOrderId: string | null = null;
  if (event.type === "charge.refunded" && !("unhandled" in event)) {
    const charge = event.object;
    const pi = idOf(charge.payment_intent);
    refundOrderId = orderIdOf(charge) ?? (pi ? await findOrderIdByPaymentIntent(db, pi) : null);
    if (!refundOrderId && pi && options.stripe && !demo) {
      const intent = await options.stripe.paymentIntents.retrieve(pi);
      refundOrderId = orderIdOf(intent);
    }
  }

  return db.transaction(async (tx) => {
    const stored = await tx
      .insert(stripeEvents)
      .values({ id: event.id, type: event.type, objectId: typeof event.object.id === "string" ? event.object.id : null })
      .onConflictDoNothing()
      .returning({ id: stripeEvents.id });
    if (stored.length === 0) return { duplicate: true, orderId: null, handled: false };
    if ("unhandled" in event) return { duplicate: false, orderId: null, handled: false };

    const orderId = event.type === "charge.refunded" ? refundOrderId : orderIdOf(event.object);
    if (!orderId) return { duplicate: false, orderId: null, handled: false };
    const [order] = await tx
      .select({ number: orders.number, demo: orders.demo, totalMinor: orders.totalMinor, currency: orders.currency, stripeCheckoutSessionId: orders.stripeCheckoutSessionId, status: orders.status })
      .from(orders)
      .where(eq(orders.id, orderId))
      .for("update");
    if (!order) return { duplicate: false, orderId: null, handled: false };
    // Signed with the demo secret: it may only ever move demo orders.
    if (demo && !order.demo) return { duplicate: false, orderId, handled: false };

    switch (event.type) {
      case "checkout.session.completed":
      case "checkout.session.async_payment_succeeded": {
        const session = event.object;
        const problem = paymentMismatch(order, { sessionId: session.id, amountTotal: session.amount_total, currency: session.currency });
        if (problem) {
          await recordPaymentProblem(tx, orderId, order.status, problem);
          return { duplicate: false, orderId, handled: true, problem };
        }
        if (event.type === "checkout.session.completed" && session.payment_status === "unpaid") {
          await notePaymentProcessing(tx, orderId, session.id);
        } else {
          await markOrderPaid(tx, orderId, paymentDetails(session));
        }
        return { duplicate: false, orderId, handled: true };
      }
      case "checkout.session.async_payment_failed":
      case "checkout.session.expired": {
        // The end of another session (not the one this order was sent to) releases nothing.
        if (order.stripeCheckoutSessionId && event.object.id !== order.stripeCheckoutSessionId) return { duplicate: false, orderId, handled: false };
        const note = event.type === "checkout.session.expired" ? "Checkout expired; pieces released" : "Payment failed; pieces released";
        await releaseReservation(tx, { orderId, status: "cancelled", note });
        return { duplicate: false, orderId, handled: true };
      }
      case "charge.refunded": {
        const charge = event.object;
        if (charge.currency.toUpperCase() !== order.currency.toUpperCase()) {
          const problem = `A refund event for order ${order.number} is in ${charge.currency.toUpperCase()}, not ${order.currency}, so it was not recorded. Check the refund in Stripe.`;
          await recordPaymentProblem(tx, orderId, order.status, problem);
          return { duplicate: false, orderId, handled: true, problem };
        }
        await recordRefund(tx, orderId, charge.amount_refunded, { paymentIntentId: idOf(charge.payment_intent) });
        return { duplicate: false, orderId, handled: true };
      }
    }
  });
}

/** Keeps the latest disagreement on the order (shown to staff) and puts it on the timeline. */
async function recordPaymentProblem(tx: Executor, orderId: string, status: OrderStatus, problem: string) {
  await tx.update(orders).set({ paymentProblem: problem }).where(eq(orders.id, orderId));
  await tx.insert(orderEvents).values({ orderId, status, note: problem });
}

function paymentDetails(session: SessionObject) {
  return {
    sessionId: session.id,
    paymentIntentId: idOf(session.payment_intent),
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
        amount_total: toStripeAmount(money(order.totalMinor, order.currency)),
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

/**
 * A demo event (see demoCheckoutEvent, demoRefundEvent): signed with this installation's demo secret, verified
 * and applied like a webhook, and like any demo-signed event it can touch demo orders only.
 */
export async function applyDemoEvent(db: Db, payload: string, secret = demoWebhookSecret()) {
  return applyStripeEvent(db, verifyStripeEvent(payload, signPayload(payload, secret), secret), { demo: true });
}

/** Demo orders nobody paid: expire them through the signed-event path, as Stripe would for a real session. */
export async function expireLapsedDemoOrders(db: Db, secret = demoWebhookSecret(), now = new Date()) {
  let expired = 0;
  for (const { id } of await listLapsedDemoOrders(db, now)) {
    const payload = await demoCheckoutEvent(db, id, "checkout.session.expired");
    if (!payload) continue;
    await applyDemoEvent(db, payload, secret);
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
        amount: toStripeAmount(money(order.totalMinor, order.currency)),
        amount_refunded: toStripeAmount(money(amountRefundedMinor, order.currency)),
        currency: order.currency.toLowerCase(),
        payment_intent: order.stripePaymentIntentId ?? `pi_demo_${compactId}`,
        refunded: amountRefundedMinor >= order.totalMinor,
        metadata: { order_id: order.id, order_number: order.number },
      },
    },
  };
  return JSON.stringify(event);
}
