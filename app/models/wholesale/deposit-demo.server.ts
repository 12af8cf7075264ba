import { eq } from "drizzle-orm";
import type { Db, Executor } from "~db/client.server";
import { importers, wholesaleOrders } from "~db/schema";
import { money, toStripeAmount } from "~/domain/money/money";
import { paymentMetadata } from "~/domain/payments/payment-kind";
import { applyDemoEvent, demoEventEnvelope, demoWebhookSecret } from "~/models/payments/demo-events.server";

/**
 * The demo deposit checkout: without Stripe keys it builds the `checkout.session.completed` Stripe would send for
 * the order's demo deposit session, signs it with this installation's demo secret, and sends it through the same
 * verification and dispatcher as /webhooks/stripe. Nothing here records a payment directly.
 */
export async function demoDepositEvent(db: Executor, { orderId, amountMinor }: { orderId: number; amountMinor?: number }) {
  const [order] = await db
    .select({ id: wholesaleOrders.id, number: wholesaleOrders.number, currency: wholesaleOrders.currency, depositMinor: wholesaleOrders.depositMinor, sessionId: wholesaleOrders.depositCheckoutSessionId, email: importers.contactEmail, name: importers.contactName })
    .from(wholesaleOrders)
    .innerJoin(importers, eq(importers.id, wholesaleOrders.importerId))
    .where(eq(wholesaleOrders.id, orderId));
  if (!order?.sessionId) return null;
  const event = demoEventEnvelope("checkout.session.completed", {
    id: order.sessionId,
    object: "checkout.session",
    mode: "payment",
    client_reference_id: String(order.id),
    metadata: paymentMetadata("wholesale_deposit", { wholesale_order_id: String(order.id), wholesale_order_number: order.number }),
    status: "complete",
    payment_status: "paid",
    amount_total: toStripeAmount(money(amountMinor ?? order.depositMinor, order.currency)),
    currency: order.currency.toLowerCase(),
    payment_intent: `pi_demo_wo_${order.id}`,
    customer_details: { email: order.email, name: order.name },
  });
  return JSON.stringify(event);
}

/** Pays the order's demo deposit session through the signed-webhook path. */
export async function payDemoDeposit(db: Db, { orderId }: { orderId: number }, secret = demoWebhookSecret()) {
  const payload = await demoDepositEvent(db, { orderId });
  if (!payload) return null;
  return applyDemoEvent(db, payload, secret);
}
