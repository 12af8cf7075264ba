import { createHmac, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db, Executor } from "~db/client.server";
import { orders, type PostalAddress } from "~db/schema";
import { money, toStripeAmount } from "~/domain/money/money";
import { paymentMetadata } from "~/domain/payments/payment-kind";
import { listLapsedDemoOrders } from "~/models/retail/orders.server";
import { env, sessionSecrets } from "~/utils/env.server";
import { stripeWebhooks } from "~/utils/stripe.server";
import { applyStripeEvent, verifyStripeEvent } from "./webhooks.server";

/**
 * The demo signer: without Stripe keys, the demo checkout, the back office's demo refunds and the expiry sweeper
 * build the events Stripe would send, sign them with this installation's demo secret, and send them through the
 * same verification and dispatch as a real webhook. A demo-signed event may only ever move demo records.
 */

/**
 * The secret the demo checkout signs its events with: derived from this installation's session secret, so it is
 * in no source file and nobody outside can sign a "paid" event. A real Stripe account uses STRIPE_WEBHOOK_SECRET.
 */
export function demoWebhookSecret(): string {
  return `whsec_${createHmac("sha256", sessionSecrets()[0]!).update("kriya-demo-webhook").digest("hex")}`;
}

/**
 * How /webhooks/stripe checks signatures: with STRIPE_WEBHOOK_SECRET when it is set; with Stripe keys it is the
 * only secret (never the demo one); without keys the demo secret, and such events may touch only demo records.
 */
export function webhookVerification(): { secret: string; demo: boolean } {
  const e = env();
  if (e.STRIPE_WEBHOOK_SECRET) return { secret: e.STRIPE_WEBHOOK_SECRET, demo: false };
  if (e.STRIPE_SECRET_KEY) throw new Error("STRIPE_WEBHOOK_SECRET is not set: with STRIPE_SECRET_KEY, webhooks can only be verified with the account's signing secret (whsec_…).");
  return { secret: demoWebhookSecret(), demo: true };
}

export function webhookSecret(): string {
  return webhookVerification().secret;
}

export function signPayload(payload: string, secret: string) {
  return stripeWebhooks().generateTestHeaderString({ payload, secret });
}

export function demoEventEnvelope(type: string, object: Record<string, unknown>) {
  return {
    id: `evt_demo_${randomBytes(12).toString("hex")}`,
    object: "event",
    api_version: "2025-01-01",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    type,
    data: { object },
  };
}

/** The demo checkout's events, shaped like Stripe's, with the metadata a real session carries. */
export async function demoCheckoutEvent(
  db: Executor,
  orderId: string,
  type: "checkout.session.completed" | "checkout.session.expired",
  details: { name?: string; address?: PostalAddress } = {},
) {
  const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
  if (!order) return null;
  const address = details.address ?? order.shippingAddress;
  const event = demoEventEnvelope(type, {
    id: order.stripeCheckoutSessionId ?? `cs_demo_${order.id}`,
    object: "checkout.session",
    mode: "payment",
    client_reference_id: order.id,
    metadata: paymentMetadata("retail_order", { order_id: order.id, order_number: order.number }),
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
  });
  return JSON.stringify(event);
}

/**
 * The demo checkout's refund event: the `charge.refunded` Stripe would send after a refund, carrying the
 * cumulative amount refunded and its PaymentIntent's metadata.
 */
export async function demoRefundEvent(db: Executor, orderId: string, amountRefundedMinor: number) {
  const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
  if (!order) return null;
  const compactId = order.id.replace(/-/g, "");
  const event = demoEventEnvelope("charge.refunded", {
    id: `ch_demo_${compactId}`,
    object: "charge",
    amount: toStripeAmount(money(order.totalMinor, order.currency)),
    amount_refunded: toStripeAmount(money(amountRefundedMinor, order.currency)),
    currency: order.currency.toLowerCase(),
    payment_intent: order.stripePaymentIntentId ?? `pi_demo_${compactId}`,
    refunded: amountRefundedMinor >= order.totalMinor,
    metadata: paymentMetadata("retail_order", { order_id: order.id, order_number: order.number }),
  });
  return JSON.stringify(event);
}

/** A demo event: signed with this installation's demo secret, verified and dispatched like a webhook. */
export async function applyDemoEvent(db: Db, payload: string, secret = demoWebhookSecret()) {
  return applyStripeEvent(db, verifyStripeEvent(payload, signPayload(payload, secret), secret), { demo: true });
}

/** Demo orders nobody paid: expire them through the signed-event path, as Stripe would for a real session. */
export async function expireLapsedDemoOrders(db: Db, secret = demoWebhookSecret(), now = new Date()) {
  let expired = 0;
  for (const { id } of await listLapsedDemoOrders(db, { now })) {
    const payload = await demoCheckoutEvent(db, id, "checkout.session.expired");
    if (!payload) continue;
    await applyDemoEvent(db, payload, secret);
    expired += 1;
  }
  return expired;
}
