import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { outboxMessages, stripeEvents } from "../../db/schema";
import { attachCheckoutSession } from "~/models/retail/checkout.server";
import { demoWebhookSecret, signPayload } from "~/models/payments/demo-events.server";
import type { PaymentKindHandler } from "~/models/payments/payment-events.server";
import { applyStripeEvent, paymentHandlers, UNHANDLED_PAYMENT_EVENT, verifyStripeEvent } from "~/models/payments/webhooks.server";
import { createRetailCheckoutSession } from "~/models/retail/order-payments.server";
import { action as webhookAction } from "~/routes/_system+/webhooks.stripe";
import { startFakeStripe, stripeClientFor, type FakeStripe } from "../fakes/stripe-server";
import { writableBackends, serveAppFrom } from "../support/db";
import { deliver, onlineStock, orderStatus, placeOne, sessionObject, setOnlineStock, someVariant, stripeEvent, TEST_WEBHOOK_SECRET } from "../support/retail";

/** Posted to the route as the demo checkout would (the test server has no Stripe keys, so the demo secret verifies). */
async function postSigned(payload: string) {
  const request = new Request("http://localhost/webhooks/stripe", { method: "POST", body: payload, headers: { "content-type": "application/json", "stripe-signature": signPayload(payload, demoWebhookSecret()) } });
  return webhookAction({ request, params: {}, context: {} });
}

describe.each(writableBackends())("the webhook dispatcher on $name", ({ open }) => {
  let handle: DbHandle;
  let fake: FakeStripe;
  let stripe: Stripe;
  let restoreAppDb: () => void;
  beforeAll(async () => {
    handle = await open();
    // The route reads the process's database (getDb): point it at this test's copy.
    restoreAppDb = serveAppFrom(handle);
    fake = await startFakeStripe();
    stripe = stripeClientFor(fake);
  });
  afterAll(async () => {
    restoreAppDb();
    await handle.close();
    await fake.close();
  });

  async function pendingOrder(offset: number) {
    const variant = await someVariant(handle.db, 60 + offset);
    await setOnlineStock(handle.db, variant.id, 5);
    const order = await placeOne(handle.db, variant.id, 2);
    return { variant, order };
  }
  const storedEvent = async (id: string) => (await handle.db.select().from(stripeEvents).where(eq(stripeEvents.id, id)))[0];
  const parked = (eventId: string) => handle.db.select().from(outboxMessages).where(and(eq(outboxMessages.topic, UNHANDLED_PAYMENT_EVENT), eq(outboxMessages.dedupeKey, `${UNHANDLED_PAYMENT_EVENT}:${eventId}`)));

  it("routes a retail_order event to the retail handler, which fulfils the order", async () => {
    const { variant, order } = await pendingOrder(0);
    const result = await deliver(handle.db, stripeEvent("checkout.session.completed", sessionObject(order.id, { metadata: { kind: "retail_order", order_id: order.id } }), "evt_dispatch_retail"));
    expect(result).toEqual({ duplicate: false, orderId: order.id, handled: true });
    expect(await storedEvent("evt_dispatch_retail")).toMatchObject({ kind: "retail_order", outcome: "handled" });
    expect((await orderStatus(handle.db, order.id)).status).toBe("paid");
    expect(await onlineStock(handle.db, variant.id)).toEqual({ onHand: 3, reserved: 0 });
  });

  it("routes a wholesale_deposit event to the deposit handler, which never reads it as a retail order", async () => {
    const { variant, order } = await pendingOrder(1);
    // Even naming a real retail order, a wholesale deposit is never read as one; its session names no deposit.
    const payload = stripeEvent("checkout.session.completed", sessionObject(order.id, { id: "cs_test_deposit_1", metadata: { kind: "wholesale_deposit", order_id: order.id } }), "evt_dispatch_deposit");
    const response = await postSigned(payload);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, duplicate: false });
    expect(await storedEvent("evt_dispatch_deposit")).toMatchObject({ type: "checkout.session.completed", objectId: "cs_test_deposit_1", kind: "wholesale_deposit", outcome: "not_applied" });
    // Handled now, so nothing is parked for a future handler.
    expect(await parked("evt_dispatch_deposit")).toEqual([]);
    expect(await orderStatus(handle.db, order.id)).toEqual({ status: "pending_payment", refundedMinor: 0 });
    expect(await onlineStock(handle.db, variant.id)).toEqual({ onHand: 5, reserved: 2 });
    expect(paymentHandlers.wholesale_deposit).not.toBeNull();

    // Straight through the dispatcher: what it reports.
    const again = stripeEvent("checkout.session.completed", sessionObject(order.id, { metadata: { kind: "wholesale_deposit", order_id: order.id } }), "evt_dispatch_deposit_2");
    expect(await deliver(handle.db, again)).toEqual({ duplicate: false, orderId: null, handled: false });
    expect(await storedEvent("evt_dispatch_deposit_2")).toMatchObject({ kind: "wholesale_deposit", outcome: "not_applied" });
    expect((await orderStatus(handle.db, order.id)).status).toBe("pending_payment");
  });

  it("stores and acknowledges an event of a kind it does not know, and touches no order", async () => {
    const { variant, order } = await pendingOrder(2);
    const payload = stripeEvent("checkout.session.completed", sessionObject(order.id, { metadata: { kind: "gift_card", order_id: order.id } }), "evt_dispatch_unknown");
    const response = await postSigned(payload);
    expect(response.status).toBe(200);
    expect(await storedEvent("evt_dispatch_unknown")).toMatchObject({ type: "checkout.session.completed", kind: "gift_card", outcome: "unknown_kind" });
    expect(await parked("evt_dispatch_unknown")).toEqual([]);
    expect(await orderStatus(handle.db, order.id)).toEqual({ status: "pending_payment", refundedMinor: 0 });
    expect(await onlineStock(handle.db, variant.id)).toEqual({ onHand: 5, reserved: 2 });
    const expired = stripeEvent("checkout.session.expired", sessionObject(order.id, { status: "expired", metadata: { kind: "gift_card", order_id: order.id } }));
    expect(await deliver(handle.db, expired)).toEqual({ duplicate: false, orderId: null, handled: false, skipped: { kind: "gift_card", reason: "unknown_kind" } });
    expect((await orderStatus(handle.db, order.id)).status).toBe("pending_payment");
  });

  it("an event without a kind whose session is no order's touches nothing, even when its metadata names an order", async () => {
    const { variant, order } = await pendingOrder(3);
    await attachCheckoutSession(handle.db, { orderId: order.id, sessionId: "cs_test_the_orders_own" });
    const legacyLookalike = sessionObject(order.id, { id: "cs_test_belongs_to_nobody", metadata: { order_id: order.id } });
    for (const type of ["checkout.session.completed", "checkout.session.expired"]) {
      expect(await deliver(handle.db, stripeEvent(type, legacyLookalike))).toEqual({ duplicate: false, orderId: null, handled: false, skipped: { kind: null, reason: "unknown_kind" } });
    }
    expect(await orderStatus(handle.db, order.id)).toEqual({ status: "pending_payment", refundedMinor: 0 });
    expect(await onlineStock(handle.db, variant.id)).toEqual({ onHand: 5, reserved: 2 });
  });

  it("treats a session made before kinds existed as retail when an order stored its id", async () => {
    const { variant, order } = await pendingOrder(4);
    await attachCheckoutSession(handle.db, { orderId: order.id, sessionId: "cs_test_legacy_session" });
    const legacy = sessionObject(order.id, { id: "cs_test_legacy_session", metadata: { order_id: order.id } });
    expect(await deliver(handle.db, stripeEvent("checkout.session.completed", legacy))).toEqual({ duplicate: false, orderId: order.id, handled: true });
    expect((await orderStatus(handle.db, order.id)).status).toBe("paid");
    expect(await onlineStock(handle.db, variant.id)).toEqual({ onHand: 3, reserved: 0 });
  });

  it("routes a refund without a kind by its PaymentIntent: an order's stored one, else the metadata Stripe holds on it", async () => {
    // Paid, so the order holds its PaymentIntent id: the legacy rule finds it.
    const paid = await pendingOrder(5);
    await deliver(handle.db, stripeEvent("checkout.session.completed", sessionObject(paid.order.id)));
    const stored = { id: "ch_legacy_1", object: "charge", amount_refunded: 100, currency: "eur", payment_intent: sessionObject(paid.order.id).payment_intent, metadata: {} };
    expect(await deliver(handle.db, stripeEvent("charge.refunded", stored))).toMatchObject({ orderId: paid.order.id, handled: true });
    expect(await orderStatus(handle.db, paid.order.id)).toEqual({ status: "paid", refundedMinor: 100 });

    // Refunded before its payment arrived: only the PaymentIntent's own metadata (set at checkout) names the kind.
    const early = await pendingOrder(6);
    const session = await createRetailCheckoutSession(stripe, { ...early.order, email: "a@example.com", country: "DE" }, { successUrl: "http://shop.test/ok", cancelUrl: "http://shop.test/cart" });
    const charge = { id: "ch_early_1", object: "charge", amount_refunded: early.order.totalMinor, currency: "eur", payment_intent: session.payment_intent, metadata: {} };
    const noStripe = stripeEvent("charge.refunded", charge);
    expect(await deliver(handle.db, noStripe)).toEqual({ duplicate: false, orderId: null, handled: false, skipped: { kind: null, reason: "unknown_kind" } });
    expect(await orderStatus(handle.db, early.order.id)).toEqual({ status: "pending_payment", refundedMinor: 0 });
    expect(await deliver(handle.db, stripeEvent("charge.refunded", charge), { stripe })).toMatchObject({ orderId: early.order.id, handled: true });
    expect(await orderStatus(handle.db, early.order.id)).toEqual({ status: "refunded", refundedMinor: early.order.totalMinor });
    expect(fake.requests.filter((r) => r.method === "GET" && r.path === `/v1/payment_intents/${String(session.payment_intent)}`)).toHaveLength(1);
  });

  it("handles a replayed event once, whatever its kind", async () => {
    const { variant, order } = await pendingOrder(7);
    const paid = stripeEvent("checkout.session.completed", sessionObject(order.id), "evt_dispatch_replayed");
    const deposit = stripeEvent("checkout.session.completed", sessionObject(order.id, { metadata: { kind: "wholesale_deposit" } }), "evt_dispatch_replayed_deposit");
    const results = await Promise.all([paid, paid, paid, deposit, deposit].map((p) => deliver(handle.db, p)));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(2);
    expect(results.filter((r) => r.handled)).toHaveLength(1);
    expect(await onlineStock(handle.db, variant.id)).toEqual({ onHand: 3, reserved: 0 });
    // The deposit handler finds no deposit session of that id: nothing is parked and nothing moves.
    expect(await parked("evt_dispatch_replayed_deposit")).toEqual([]);
    expect(await deliver(handle.db, paid)).toEqual({ duplicate: true, orderId: null, handled: false });
  });

  it("parks a known kind's event while no handler is registered for it", async () => {
    const payload = stripeEvent("checkout.session.completed", { id: "cs_test_deposit_3", object: "checkout.session", metadata: { kind: "wholesale_deposit" } }, "evt_dispatch_parked");
    const event = verifyStripeEvent(payload, signPayload(payload, TEST_WEBHOOK_SECRET), TEST_WEBHOOK_SECRET);
    expect(await applyStripeEvent(handle.db, event, { handlers: { ...paymentHandlers, wholesale_deposit: null } })).toEqual({
      duplicate: false,
      orderId: null,
      handled: false,
      skipped: { kind: "wholesale_deposit", reason: "no_handler" },
    });
    expect(await parked("evt_dispatch_parked")).toEqual([expect.objectContaining({ processedAt: null, payload: { eventId: "evt_dispatch_parked", type: "checkout.session.completed", kind: "wholesale_deposit", objectId: "cs_test_deposit_3", demo: false } })]);
  });

  it("hands a kind to whatever handler is registered for it", async () => {
    const seen: string[] = [];
    const wholesale: PaymentKindHandler = {
      async handle(_tx, event) {
        seen.push(`${event.type} ${event.object.id}`);
        return { handled: true };
      },
    };
    const payload = stripeEvent("checkout.session.completed", { id: "cs_test_deposit_2", object: "checkout.session", metadata: { kind: "wholesale_deposit", wholesale_order_id: "w-1" } });
    const event = verifyStripeEvent(payload, signPayload(payload, TEST_WEBHOOK_SECRET), TEST_WEBHOOK_SECRET);
    expect(await applyStripeEvent(handle.db, event, { handlers: { ...paymentHandlers, wholesale_deposit: wholesale } })).toEqual({ duplicate: false, orderId: null, handled: true });
    expect(seen).toEqual(["checkout.session.completed cs_test_deposit_2"]);
  });

  it("puts kind and the order's ids on the Checkout Session and its PaymentIntent", async () => {
    const { order } = await pendingOrder(8);
    fake.requests.length = 0;
    await createRetailCheckoutSession(stripe, { ...order, email: "a@example.com", country: "DE" }, { successUrl: "http://shop.test/ok", cancelUrl: "http://shop.test/cart" });
    const [sent] = fake.requests.filter((r) => r.path === "/v1/checkout/sessions");
    const ids = { kind: "retail_order", order_id: order.id, order_number: order.number };
    expect(sent!.body).toMatchObject({ client_reference_id: order.id, metadata: ids, payment_intent_data: { metadata: ids } });
  });
});
