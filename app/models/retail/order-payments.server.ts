import type Stripe from "stripe";
import { eq } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { orderEvents, orders, type PostalAddress } from "~db/schema";
import { paymentMismatch } from "~/domain/payments/payment-check";
import { idOf, type SessionObject } from "~/domain/payments/stripe-event";
import type { OrderStatus } from "~/domain/retail/order-status";
import { countryNames } from "~/domain/retail/shipping";
import type { PaymentKindHandler } from "~/models/payments/payment-events.server";
import { createCheckoutSession, type CheckoutSessionInput } from "~/models/payments/stripe-checkout.server";
import type { PlacedOrder } from "./checkout.server";
import { findOrderIdByPaymentIntent, markOrderPaid, notePaymentProcessing, recordRefund, releaseReservation } from "./orders.server";

/** Retail's side of payments: what a retail order sends to Stripe, and what Stripe's events do to it. */

type OrderToCharge = PlacedOrder & { email: string; country: string };

/** An order as a Checkout Session: kind `retail_order`, the order's id and number in metadata, one key per order. */
export function retailCheckoutSession(order: OrderToCharge, urls: { successUrl: string; cancelUrl: string }): CheckoutSessionInput {
  return {
    kind: "retail_order",
    ids: { order_id: order.id, order_number: order.number },
    reference: order.id,
    currency: order.currency,
    customerEmail: order.email,
    lines: order.lines.map((l) => ({ name: l.title, quantity: l.quantity, unitAmountMinor: l.unitPriceMinor, sku: l.sku })),
    shipping: { label: `Tracked parcel from Jakarta to ${countryNames[order.country] ?? order.country}`, amountMinor: order.shippingMinor, country: order.country },
    expiresAt: order.expiresAt,
    successUrl: urls.successUrl,
    cancelUrl: urls.cancelUrl,
    idempotencyKey: `kriya-order-${order.id}`,
  };
}

/** Created only after the order transaction commits. */
export async function createRetailCheckoutSession(stripe: Stripe, order: OrderToCharge, urls: { successUrl: string; cancelUrl: string }) {
  return createCheckoutSession(stripe, retailCheckoutSession(order, urls));
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function orderIdOf(object: { metadata?: Record<string, string> | null; client_reference_id?: string | null }): string | null {
  const id = object.metadata?.order_id ?? object.client_reference_id ?? null;
  return id && uuidPattern.test(id) ? id : null;
}

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

function paymentDetails(session: SessionObject) {
  return {
    sessionId: session.id,
    paymentIntentId: idOf(session.payment_intent),
    email: session.customer_details?.email ?? null,
    customerName: session.customer_details?.name ?? null,
    shippingAddress: addressFrom(session),
  };
}

/** Keeps the latest disagreement on the order (shown to staff) and puts it on the timeline. */
async function recordPaymentProblem(tx: Executor, orderId: string, status: OrderStatus, problem: string) {
  await tx.update(orders).set({ paymentProblem: problem }).where(eq(orders.id, orderId));
  await tx.insert(orderEvents).values({ orderId, status, note: problem });
}

/**
 * Events of kind `retail_order`. Every branch locks the order and acts on its current state, so events arriving
 * in any order end in the same place. A demo-signed event never moves a non-demo order. A payment whose amount,
 * currency or session differs from the order is recorded on it for staff, not paid.
 */
export const retailOrderPayments: PaymentKindHandler = {
  // Sessions and PaymentIntents made before `metadata.kind` existed: retail only if an order stored that very id.
  async claimsUnlabelled(db, { sessionId, paymentIntentId }) {
    if (sessionId) {
      const [row] = await db.select({ id: orders.id }).from(orders).where(eq(orders.stripeCheckoutSessionId, sessionId)).limit(1);
      if (row) return true;
    }
    return paymentIntentId ? (await findOrderIdByPaymentIntent(db, { paymentIntentId })) !== null : false;
  },

  async handle(tx, event, { demo, intentMetadata }) {
    const orderId =
      event.type === "charge.refunded"
        ? (orderIdOf(event.object) ?? (idOf(event.object.payment_intent) ? await findOrderIdByPaymentIntent(tx, { paymentIntentId: idOf(event.object.payment_intent)! }) : null) ?? (intentMetadata ? orderIdOf({ metadata: intentMetadata }) : null))
        : orderIdOf(event.object);
    if (!orderId) return { handled: false, orderId: null };
    const [order] = await tx
      .select({ number: orders.number, demo: orders.demo, totalMinor: orders.totalMinor, currency: orders.currency, stripeCheckoutSessionId: orders.stripeCheckoutSessionId, status: orders.status })
      .from(orders)
      .where(eq(orders.id, orderId))
      .for("update");
    if (!order) return { handled: false, orderId: null };
    // Signed with the demo secret: it may only ever move demo orders.
    if (demo && !order.demo) return { handled: false, orderId };

    switch (event.type) {
      case "checkout.session.completed":
      case "checkout.session.async_payment_succeeded": {
        const session = event.object;
        const problem = paymentMismatch(order, { sessionId: session.id, amountTotal: session.amount_total, currency: session.currency });
        if (problem) {
          await recordPaymentProblem(tx, orderId, order.status, problem);
          return { handled: true, orderId, problem };
        }
        if (event.type === "checkout.session.completed" && session.payment_status === "unpaid") {
          await notePaymentProcessing(tx, { orderId, sessionId: session.id });
        } else {
          await markOrderPaid(tx, { orderId, payment: paymentDetails(session) });
        }
        return { handled: true, orderId };
      }
      case "checkout.session.async_payment_failed":
      case "checkout.session.expired": {
        // The end of another session (not the one this order was sent to) releases nothing.
        if (order.stripeCheckoutSessionId && event.object.id !== order.stripeCheckoutSessionId) return { handled: false, orderId };
        const note = event.type === "checkout.session.expired" ? "Checkout expired; pieces released" : "Payment failed; pieces released";
        await releaseReservation(tx, { orderId, status: "cancelled", note });
        return { handled: true, orderId };
      }
      case "charge.refunded": {
        const charge = event.object;
        if (charge.currency.toUpperCase() !== order.currency.toUpperCase()) {
          const problem = `A refund event for order ${order.number} is in ${charge.currency.toUpperCase()}, not ${order.currency}, so it was not recorded. Check the refund in Stripe.`;
          await recordPaymentProblem(tx, orderId, order.status, problem);
          return { handled: true, orderId, problem };
        }
        await recordRefund(tx, { orderId, refundedMinor: charge.amount_refunded, payment: { paymentIntentId: idOf(charge.payment_intent) } });
        return { handled: true, orderId };
      }
    }
  },
};
