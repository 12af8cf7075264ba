import { asc, count, eq } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { emails, orderEvents, orders, stripeEvents, turnoverEntries } from "../../db/schema";
import { attachCheckoutSession } from "~/models/retail/checkout.server";
import { Refusal } from "~/domain/platform/refusal";
import { applyDemoEvent, demoCheckoutEvent, demoRefundEvent, demoWebhookSecret, signPayload, webhookSecret, webhookVerification } from "~/models/payments/demo-events.server";
import { applyStripeEvent, verifyStripeEvent } from "~/models/payments/webhooks.server";
import { createRetailCheckoutSession } from "~/models/retail/order-payments.server";
import { action as webhookAction } from "~/routes/_system+/webhooks.stripe";
import { stripeWebhooks } from "~/utils/stripe.server";
import { startFakeStripe, stripeClientFor, type FakeStripe } from "../fakes/stripe-server";
import { writableBackends } from "../support/db";
import { deliver, IDR_RATE, onlineStock, orderStatus, placeOne, sessionObject, setOnlineStock, someVariant, stripeEvent, TEST_WEBHOOK_SECRET } from "../support/retail";

describe("webhook signatures", () => {
  const payload = stripeEvent("checkout.session.completed", sessionObject("00000000-0000-4000-8000-000000000000"));

  it("accepts a good signature on the raw body", () => {
    const event = verifyStripeEvent(payload, signPayload(payload, TEST_WEBHOOK_SECRET), TEST_WEBHOOK_SECRET);
    expect(event.type).toBe("checkout.session.completed");
  });

  it("rejects a forged signature, a tampered body and a missing header", () => {
    expect(() => verifyStripeEvent(payload, signPayload(payload, "whsec_someone_else"), TEST_WEBHOOK_SECRET)).toThrow(Refusal);
    const header = signPayload(payload, TEST_WEBHOOK_SECRET);
    expect(() => verifyStripeEvent(payload.replace("paid", "PAID"), header, TEST_WEBHOOK_SECRET)).toThrow(/^Invalid signature/);
    expect(() => verifyStripeEvent(payload, null, TEST_WEBHOOK_SECRET)).toThrow(/^Invalid signature: Missing Stripe-Signature header/);
  });

  it("rejects a signature outside the tolerance (a replay)", () => {
    const stale = stripeWebhooks().generateTestHeaderString({ payload, secret: TEST_WEBHOOK_SECRET, timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(() => verifyStripeEvent(payload, stale, TEST_WEBHOOK_SECRET)).toThrow(/tolerance/i);
  });
});

describe("webhook secrets", () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "SESSION_SECRETS"] as const) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  it("derives the demo secret from this installation's session secret, so it is in no source file", () => {
    const mine = demoWebhookSecret();
    expect(mine).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(mine).not.toBe("whsec_kriya_demo_checkout_local");
    process.env.SESSION_SECRETS = "another-installation-secret-0123456789";
    expect(demoWebhookSecret()).not.toBe(mine);
  });

  it("with Stripe keys, verifies only with STRIPE_WEBHOOK_SECRET and refuses to fall back to the demo secret", () => {
    process.env.STRIPE_SECRET_KEY = "sk_test_configured";
    delete process.env.STRIPE_WEBHOOK_SECRET;
    expect(() => webhookSecret()).toThrow(/STRIPE_WEBHOOK_SECRET/);
    process.env.STRIPE_WEBHOOK_SECRET = TEST_WEBHOOK_SECRET;
    expect(webhookVerification()).toEqual({ secret: TEST_WEBHOOK_SECRET, demo: false });
    delete process.env.STRIPE_SECRET_KEY;
    delete process.env.STRIPE_WEBHOOK_SECRET;
    expect(webhookVerification()).toEqual({ secret: demoWebhookSecret(), demo: true });
  });

  it("the route refuses a demo-signed event when Stripe keys are set", async () => {
    process.env.STRIPE_SECRET_KEY = "sk_test_configured";
    process.env.STRIPE_WEBHOOK_SECRET = TEST_WEBHOOK_SECRET;
    const payload = stripeEvent("checkout.session.completed", sessionObject("00000000-0000-4000-8000-000000000000"));
    const response = await postWebhook(payload, signPayload(payload, demoWebhookSecret()));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: expect.stringMatching(/^Invalid signature/) });
  });
});

function postWebhook(payload: string, signature: string) {
  const request = new Request("http://localhost/webhooks/stripe", { method: "POST", body: payload, headers: { "content-type": "application/json", "stripe-signature": signature } });
  return webhookAction({ request, params: {}, context: {} });
}

describe("odd-shaped events", () => {
  const orderId = "00000000-0000-4000-8000-000000000000";
  const odd: [string, string, Record<string, unknown>, RegExp][] = [
    ["an amount that is not a number", "checkout.session.completed", sessionObject(orderId, { amount_total: "5795" }), /checkout\.session\.completed event's data\.object.*amount_total/],
    ["a session without an id", "checkout.session.expired", { object: "checkout.session", metadata: { order_id: orderId } }, /data\.object.*id/],
    ["metadata that is not a map of strings", "checkout.session.async_payment_succeeded", sessionObject(orderId, { metadata: "order" }), /metadata/],
    ["a refund without amount_refunded", "charge.refunded", { id: "ch_1", object: "charge", currency: "eur", payment_intent: "pi_1" }, /charge\.refunded.*amount_refunded/],
    ["a refund without a currency", "charge.refunded", { id: "ch_1", object: "charge", amount_refunded: 100, payment_intent: "pi_1" }, /currency/],
  ];

  it.each(odd)("a validly signed event with %s gets a 400 from the route", async (_label, type, object, message) => {
    const payload = stripeEvent(type, object);
    const response = await postWebhook(payload, signPayload(payload, demoWebhookSecret()));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: expect.stringMatching(message) });
  });

  it("an event without data.object gets a 400 too", async () => {
    const payload = JSON.stringify({ id: "evt_no_object", object: "event", type: "checkout.session.completed", data: {} });
    const response = await postWebhook(payload, signPayload(payload, demoWebhookSecret()));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: expect.stringMatching(/not shaped like a Stripe event/) });
  });
});

describe.each(writableBackends())("webhook fulfilment on $name", ({ open }) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await open();
  });
  afterAll(async () => {
    await handle.close();
  });

  async function freshOrder(offset: number, quantity = 2) {
    const variant = await someVariant(handle.db, 10 + offset);
    await setOnlineStock(handle.db, variant.id, 5);
    const order = await placeOne(handle.db, variant.id, quantity);
    return { variant, order };
  }

  it("marks the order paid once when the same event arrives 5 times at once", async () => {
    const { variant, order } = await freshOrder(0);
    const payload = stripeEvent("checkout.session.completed", sessionObject(order.id));
    const results = await Promise.all(Array.from({ length: 5 }, () => deliver(handle.db, payload)));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect((await orderStatus(handle.db, order.id)).status).toBe("paid");
    expect(await onlineStock(handle.db, variant.id)).toEqual({ onHand: 3, reserved: 0 });
    const [sent] = await handle.db.select({ n: count() }).from(emails).where(eq(emails.orderId, order.id));
    expect(sent!.n).toBe(1);
    const [turnover] = await handle.db.select({ n: count() }).from(turnoverEntries).where(eq(turnoverEntries.sourceId, order.id));
    expect(turnover!.n).toBe(1);
    const [paidEvents] = await handle.db.select({ n: count() }).from(orderEvents).where(eq(orderEvents.orderId, order.id));
    expect(paidEvents!.n).toBe(2); // placed + paid
  });

  it("a different event id with the same content still pays only once", async () => {
    const { variant, order } = await freshOrder(1);
    await deliver(handle.db, stripeEvent("checkout.session.completed", sessionObject(order.id)));
    await deliver(handle.db, stripeEvent("checkout.session.completed", sessionObject(order.id)));
    expect(await onlineStock(handle.db, variant.id)).toEqual({ onHand: 3, reserved: 0 });
  });

  it("an expired session releases the reserved stock", async () => {
    const { variant, order } = await freshOrder(2);
    expect(await onlineStock(handle.db, variant.id)).toEqual({ onHand: 5, reserved: 2 });
    await deliver(handle.db, stripeEvent("checkout.session.expired", sessionObject(order.id, { status: "expired", payment_status: "unpaid" })));
    expect((await orderStatus(handle.db, order.id)).status).toBe("cancelled");
    expect(await onlineStock(handle.db, variant.id)).toEqual({ onHand: 5, reserved: 0 });
  });

  it("waits for an asynchronous payment, then fulfils or releases", async () => {
    const paid = await freshOrder(3);
    await deliver(handle.db, stripeEvent("checkout.session.completed", sessionObject(paid.order.id, { payment_status: "unpaid" })));
    expect((await orderStatus(handle.db, paid.order.id)).status).toBe("pending_payment");
    expect(await onlineStock(handle.db, paid.variant.id)).toEqual({ onHand: 5, reserved: 2 });
    await deliver(handle.db, stripeEvent("checkout.session.async_payment_succeeded", sessionObject(paid.order.id)));
    expect((await orderStatus(handle.db, paid.order.id)).status).toBe("paid");

    const failed = await freshOrder(4);
    await deliver(handle.db, stripeEvent("checkout.session.completed", sessionObject(failed.order.id, { payment_status: "unpaid" })));
    await deliver(handle.db, stripeEvent("checkout.session.async_payment_failed", sessionObject(failed.order.id, { payment_status: "unpaid" })));
    expect((await orderStatus(handle.db, failed.order.id)).status).toBe("cancelled");
    expect(await onlineStock(handle.db, failed.variant.id)).toEqual({ onHand: 5, reserved: 0 });
  });

  it("ends refunded whichever order the refund and the payment arrive in", async () => {
    const inOrder = await freshOrder(5);
    const outOfOrder = await freshOrder(6);
    const charge = (orderId: string, amount: number) => ({
      id: `ch_${orderId.slice(0, 8)}`,
      object: "charge",
      currency: "eur",
      amount_refunded: amount,
      payment_intent: sessionObject(orderId).payment_intent,
      metadata: { kind: "retail_order", order_id: orderId },
    });
    await deliver(handle.db, stripeEvent("checkout.session.completed", sessionObject(inOrder.order.id)));
    await deliver(handle.db, stripeEvent("charge.refunded", charge(inOrder.order.id, inOrder.order.totalMinor)));
    await deliver(handle.db, stripeEvent("charge.refunded", charge(outOfOrder.order.id, outOfOrder.order.totalMinor)));
    await deliver(handle.db, stripeEvent("checkout.session.completed", sessionObject(outOfOrder.order.id)));
    for (const { order, variant } of [inOrder, outOfOrder]) {
      expect(await orderStatus(handle.db, order.id)).toEqual({ status: "refunded", refundedMinor: order.totalMinor });
      expect(await onlineStock(handle.db, variant.id)).toEqual({ onHand: 3, reserved: 0 });
      const turnover = await handle.db.select({ usd: turnoverEntries.usdMinor }).from(turnoverEntries).where(eq(turnoverEntries.sourceId, order.id));
      expect(turnover.reduce((n, t) => n + t.usd, 0)).toBe(0);
    }
  });

  it("finds a refunded order by its payment intent when the charge carries no metadata", async () => {
    const { order } = await freshOrder(7);
    await deliver(handle.db, stripeEvent("checkout.session.completed", sessionObject(order.id)));
    await deliver(handle.db, stripeEvent("charge.refunded", { id: "ch_x", object: "charge", amount_refunded: 100, currency: "eur", payment_intent: sessionObject(order.id).payment_intent, metadata: {} }));
    expect(await orderStatus(handle.db, order.id)).toEqual({ status: "paid", refundedMinor: 100 });
  });

  it("stays paid when an expiry arrives after the payment", async () => {
    const { variant, order } = await freshOrder(8);
    await deliver(handle.db, stripeEvent("checkout.session.completed", sessionObject(order.id)));
    await deliver(handle.db, stripeEvent("checkout.session.expired", sessionObject(order.id, { status: "expired" })));
    expect((await orderStatus(handle.db, order.id)).status).toBe("paid");
    expect(await onlineStock(handle.db, variant.id)).toEqual({ onHand: 3, reserved: 0 });
  });

  it("sells from free stock when a payment arrives after the expiry, and flags it when there is none", async () => {
    const late = await freshOrder(9);
    await deliver(handle.db, stripeEvent("checkout.session.expired", sessionObject(late.order.id, { status: "expired" })));
    await deliver(handle.db, stripeEvent("checkout.session.completed", sessionObject(late.order.id)));
    expect((await orderStatus(handle.db, late.order.id)).status).toBe("paid");
    expect(await onlineStock(handle.db, late.variant.id)).toEqual({ onHand: 3, reserved: 0 });

    const gone = await freshOrder(10);
    await deliver(handle.db, stripeEvent("checkout.session.expired", sessionObject(gone.order.id, { status: "expired" })));
    await setOnlineStock(handle.db, gone.variant.id, 0);
    await deliver(handle.db, stripeEvent("checkout.session.completed", sessionObject(gone.order.id)));
    expect((await orderStatus(handle.db, gone.order.id)).status).toBe("cancelled");
    const notes = await handle.db.select({ note: orderEvents.note }).from(orderEvents).where(eq(orderEvents.orderId, gone.order.id));
    expect(notes.map((n) => n.note).join(" ")).toMatch(/refund required/);
  });

  describe("a payment after the pieces were released and sold", () => {
    const address = { line1: "Jalan Kaliurang 5", line2: null, city: "Yogyakarta", postal_code: "55281", state: null, country: "DE" };
    const paidLate = (orderId: string) =>
      sessionObject(orderId, { customer_details: { email: "late@example.com", name: "Sari Late" }, collected_information: { shipping_details: { name: "Sari Late", address } } });
    const refunded = (orderId: string, amount: number) =>
      stripeEvent("charge.refunded", { id: `ch_${orderId.slice(0, 8)}`, object: "charge", amount_refunded: amount, currency: "eur", payment_intent: sessionObject(orderId).payment_intent, metadata: { kind: "retail_order", order_id: orderId } });

    /** Placed, expired, and its two pieces sold to another shopper who paid on time. */
    async function soldOut(offset: number) {
      const variant = await someVariant(handle.db, 20 + offset);
      await setOnlineStock(handle.db, variant.id, 2);
      const order = await placeOne(handle.db, variant.id, 2);
      await deliver(handle.db, stripeEvent("checkout.session.expired", sessionObject(order.id, { status: "expired", payment_status: "unpaid", payment_intent: null })));
      const other = await placeOne(handle.db, variant.id, 2, { email: "quicker@example.com" });
      await deliver(handle.db, stripeEvent("checkout.session.completed", sessionObject(other.id)));
      expect(await onlineStock(handle.db, variant.id)).toEqual({ onHand: 0, reserved: 0 });
      return { variant, order };
    }
    const rowOf = async (orderId: string) => (await handle.db.select().from(orders).where(eq(orders.id, orderId)))[0]!;
    const notesOf = async (orderId: string) =>
      (await handle.db.select({ status: orderEvents.status, note: orderEvents.note }).from(orderEvents).where(eq(orderEvents.orderId, orderId)).orderBy(asc(orderEvents.id))).map((e) => `${e.status}: ${e.note}`);
    const turnoverOf = (orderId: string) => handle.db.select({ kind: turnoverEntries.kind, usd: turnoverEntries.usdMinor }).from(turnoverEntries).where(eq(turnoverEntries.sourceId, orderId));

    it("records the payment on the cancelled order, moves no stock, and stays that way on repeats", async () => {
      const { variant, order } = await soldOut(0);
      await deliver(handle.db, stripeEvent("checkout.session.completed", paidLate(order.id)));
      const row = await rowOf(order.id);
      expect(row).toMatchObject({
        status: "cancelled",
        paymentStatus: "paid",
        stripeCheckoutSessionId: sessionObject(order.id).id,
        stripePaymentIntentId: sessionObject(order.id).payment_intent,
        customerName: "Sari Late",
        shippingAddress: { name: "Sari Late", line1: "Jalan Kaliurang 5", city: "Yogyakarta", postalCode: "55281", country: "DE" },
        refundedMinor: 0,
        paidAt: expect.any(Date),
        cancelledAt: expect.any(Date),
      });
      expect(await onlineStock(handle.db, variant.id)).toEqual({ onHand: 0, reserved: 0 });
      expect(await turnoverOf(order.id)).toEqual([]);
      expect(await handle.db.select().from(emails).where(eq(emails.orderId, order.id))).toEqual([]);
      const notes = await notesOf(order.id);
      expect(notes.at(-1)).toBe("cancelled: Payment received after the pieces were released and sold: refund required");

      // The same payment again (a new event id, then the async variant), even once stock is back: nothing moves.
      await setOnlineStock(handle.db, variant.id, 10);
      await deliver(handle.db, stripeEvent("checkout.session.completed", paidLate(order.id)));
      await deliver(handle.db, stripeEvent("checkout.session.async_payment_succeeded", paidLate(order.id)));
      expect(await rowOf(order.id)).toEqual(row);
      expect(await notesOf(order.id)).toEqual(notes);
      expect(await onlineStock(handle.db, variant.id)).toEqual({ onHand: 10, reserved: 0 });
      expect(await turnoverOf(order.id)).toEqual([]);
    });

    it("ends the same whether charge.refunded arrives before or after the late payment", async () => {
      const inOrder = await soldOut(1);
      const outOfOrder = await soldOut(2);
      await deliver(handle.db, stripeEvent("checkout.session.completed", paidLate(inOrder.order.id)));
      await deliver(handle.db, refunded(inOrder.order.id, inOrder.order.totalMinor));
      await deliver(handle.db, refunded(outOfOrder.order.id, outOfOrder.order.totalMinor));
      // The refund alone already records the payment (so nothing can sell it afterwards) and the refund.
      expect(await rowOf(outOfOrder.order.id)).toMatchObject({ status: "cancelled", paymentStatus: "paid", stripePaymentIntentId: sessionObject(outOfOrder.order.id).payment_intent, refundedMinor: outOfOrder.order.totalMinor });
      await deliver(handle.db, stripeEvent("checkout.session.completed", paidLate(outOfOrder.order.id)));
      await deliver(handle.db, refunded(outOfOrder.order.id, outOfOrder.order.totalMinor));

      const settled = async ({ order }: { order: { id: string } }) => {
        const row = await rowOf(order.id);
        return {
          row: { status: row.status, paymentStatus: row.paymentStatus, session: row.stripeCheckoutSessionId?.slice(0, 8), pi: row.stripePaymentIntentId?.slice(0, 8), customerName: row.customerName, shippingAddress: row.shippingAddress, refunded: row.refundedMinor === row.totalMinor, refundedAt: row.refundedAt instanceof Date },
          notes: (await notesOf(order.id)).map((n) => n.replace(/\(.*\)/, "(…)")),
          turnover: await turnoverOf(order.id),
        };
      };
      const expected = await settled(inOrder);
      expect(expected.row).toEqual({ status: "cancelled", paymentStatus: "paid", session: "cs_test_", pi: "pi_test_", customerName: "Sari Late", shippingAddress: expect.objectContaining({ line1: "Jalan Kaliurang 5" }), refunded: true, refundedAt: true });
      expect(expected.notes.slice(-2)).toEqual(["cancelled: Payment received after the pieces were released and sold: refund required", "cancelled: Refunded in full (…)"]);
      expect(expected.turnover).toEqual([]);
      expect(await settled(outOfOrder)).toEqual(expected);
      for (const { variant } of [inOrder, outOfOrder]) expect(await onlineStock(handle.db, variant.id)).toEqual({ onHand: 0, reserved: 0 });
    });
  });

  describe("events signed with the demo secret", () => {
    it("never touch an order that is not a demo order: recorded, not applied", async () => {
      const variant = await someVariant(handle.db, 40);
      await setOnlineStock(handle.db, variant.id, 5);
      const real = await placeOne(handle.db, variant.id, 2, { demo: false });
      const forged = stripeEvent("checkout.session.completed", sessionObject(real.id), "evt_forged_demo_paid");
      expect(await applyDemoEvent(handle.db, forged)).toEqual({ duplicate: false, orderId: real.id, handled: false });
      expect(await orderStatus(handle.db, real.id)).toEqual({ status: "pending_payment", refundedMinor: 0 });
      expect(await onlineStock(handle.db, variant.id)).toEqual({ onHand: 5, reserved: 2 });
      expect((await handle.db.select().from(stripeEvents).where(eq(stripeEvents.id, "evt_forged_demo_paid")))[0]?.type).toBe("checkout.session.completed");
      // Nor can they cancel it or refund it once it is really paid.
      await applyDemoEvent(handle.db, stripeEvent("checkout.session.expired", sessionObject(real.id, { status: "expired" })));
      expect((await orderStatus(handle.db, real.id)).status).toBe("pending_payment");
      await deliver(handle.db, stripeEvent("checkout.session.completed", sessionObject(real.id)));
      await applyDemoEvent(handle.db, (await demoRefundEvent(handle.db, real.id, real.totalMinor))!);
      expect(await orderStatus(handle.db, real.id)).toEqual({ status: "paid", refundedMinor: 0 });
    });

    it("pay a demo order, with the amount the demo signer puts in the event (IDR ×100)", async () => {
      const variant = await someVariant(handle.db, 41);
      await setOnlineStock(handle.db, variant.id, 5);
      const order = await placeOne(handle.db, variant.id, 1, { currency: "IDR", rateMicros: IDR_RATE, country: "ID", demo: true });
      const result = await applyDemoEvent(handle.db, (await demoCheckoutEvent(handle.db, order.id, "checkout.session.completed"))!);
      expect(result).toEqual({ duplicate: false, orderId: order.id, handled: true });
      const [row] = await handle.db.select({ status: orders.status, problem: orders.paymentProblem }).from(orders).where(eq(orders.id, order.id));
      expect(row).toEqual({ status: "paid", problem: null });
    });
  });

  describe("a payment that does not match its order", () => {
    const rowOf = async (orderId: string) =>
      (await handle.db.select({ status: orders.status, paymentStatus: orders.paymentStatus, problem: orders.paymentProblem }).from(orders).where(eq(orders.id, orderId)))[0]!;
    const lastNote = async (orderId: string) => (await handle.db.select({ note: orderEvents.note }).from(orderEvents).where(eq(orderEvents.orderId, orderId)).orderBy(asc(orderEvents.id))).at(-1)!.note;

    it.each([
      ["a different amount", (o: { totalMinor: number }) => ({ amount_total: o.totalMinor - 100 }), /is for .*, not /],
      ["a different currency", () => ({ currency: "usd" }), /is in USD, not EUR/],
      ["no amount", () => ({ amount_total: null }), /names no amount/],
    ])("with %s is recorded for staff and not marked paid", async (_label, change, message) => {
      const { variant, order } = await freshOrder(42);
      const result = await deliver(handle.db, stripeEvent("checkout.session.completed", sessionObject(order.id, change(order))));
      expect(result).toMatchObject({ handled: true, problem: expect.stringMatching(message) });
      expect(await rowOf(order.id)).toEqual({ status: "pending_payment", paymentStatus: null, problem: expect.stringMatching(message) });
      expect(await lastNote(order.id)).toMatch(message);
      expect(await onlineStock(handle.db, variant.id)).toEqual({ onHand: 5, reserved: 2 });
      expect(await handle.db.select().from(emails).where(eq(emails.orderId, order.id))).toEqual([]);
      expect(await handle.db.select().from(turnoverEntries).where(eq(turnoverEntries.sourceId, order.id))).toEqual([]);
    });

    it("from another Checkout Session is recorded and not paid; the order's own session still pays it", async () => {
      const { variant, order } = await freshOrder(43);
      await attachCheckoutSession(handle.db, { orderId: order.id, sessionId: "cs_test_the_real_one" });
      await deliver(handle.db, stripeEvent("checkout.session.completed", sessionObject(order.id, { id: "cs_test_someone_else" })));
      expect(await rowOf(order.id)).toEqual({ status: "pending_payment", paymentStatus: null, problem: expect.stringMatching(/comes from Checkout Session cs_test_someone_else, not cs_test_the_real_one/) });
      // Another session's expiry releases nothing either.
      await deliver(handle.db, stripeEvent("checkout.session.expired", sessionObject(order.id, { id: "cs_test_someone_else", status: "expired" })));
      expect(await onlineStock(handle.db, variant.id)).toEqual({ onHand: 5, reserved: 2 });
      await deliver(handle.db, stripeEvent("checkout.session.completed", sessionObject(order.id, { id: "cs_test_the_real_one" })));
      expect(await rowOf(order.id)).toMatchObject({ status: "paid", paymentStatus: "paid" });
      expect(await onlineStock(handle.db, variant.id)).toEqual({ onHand: 3, reserved: 0 });
    });

    it("a refund in another currency is recorded for staff, not counted", async () => {
      const { order } = await freshOrder(44);
      await deliver(handle.db, stripeEvent("checkout.session.completed", sessionObject(order.id)));
      const charge = { id: "ch_other_currency", object: "charge", amount_refunded: 500, currency: "usd", payment_intent: sessionObject(order.id).payment_intent, metadata: { kind: "retail_order", order_id: order.id } };
      await deliver(handle.db, stripeEvent("charge.refunded", charge));
      expect(await orderStatus(handle.db, order.id)).toEqual({ status: "paid", refundedMinor: 0 });
      expect((await rowOf(order.id)).problem).toMatch(/refund event .* is in USD, not EUR/);
    });
  });

  it("stores nothing for an odd-shaped event and refuses it", async () => {
    const payload = stripeEvent("checkout.session.completed", { id: 42, object: "checkout.session" }, "evt_odd_shape_1");
    const event = verifyStripeEvent(payload, signPayload(payload, TEST_WEBHOOK_SECRET), TEST_WEBHOOK_SECRET);
    await expect(applyStripeEvent(handle.db, event)).rejects.toMatchObject({ kind: "invalid", message: expect.stringMatching(/data\.object.*id/) });
    expect(await handle.db.select().from(stripeEvents).where(eq(stripeEvents.id, "evt_odd_shape_1"))).toEqual([]);
  });

  it("ignores events it does not handle, but still records their ids", async () => {
    const result = await deliver(handle.db, stripeEvent("customer.created", { id: "cus_1", object: "customer" }, "evt_unhandled_1"));
    expect(result).toEqual({ duplicate: false, orderId: null, handled: false });
    const [row] = await handle.db.select().from(stripeEvents).where(eq(stripeEvents.id, "evt_unhandled_1"));
    expect(row?.type).toBe("customer.created");
  });
});

describe("Checkout Session creation against the Stripe fake", () => {
  let fake: FakeStripe;
  let stripe: Stripe;
  beforeAll(async () => {
    fake = await startFakeStripe();
    stripe = stripeClientFor(fake);
  });
  afterAll(async () => {
    await fake.close();
  });

  it("sends line items and shipping in Stripe minor units (IDR ×100), one idempotency key per order, expiring in 30 minutes", async () => {
    const handle = await writableBackends()[0]!.open();
    const variant = await someVariant(handle.db, 20);
    await setOnlineStock(handle.db, variant.id, 5);
    const order = await placeOne(handle.db, variant.id, 2, { currency: "IDR", rateMicros: IDR_RATE, country: "ID" });
    const urls = { successUrl: "http://shop.test/checkout/success?session_id={CHECKOUT_SESSION_ID}", cancelUrl: "http://shop.test/cart" };
    const session = await createRetailCheckoutSession(stripe, { ...order, email: "a@example.com", country: "ID" }, urls);
    const again = await createRetailCheckoutSession(stripe, { ...order, email: "a@example.com", country: "ID" }, urls);
    await handle.close();

    expect(again.id).toBe(session.id);
    expect(fake.sessions.size).toBe(1);
    const sent = fake.requests.filter((r) => r.path === "/v1/checkout/sessions");
    expect(sent.map((r) => r.idempotencyKey)).toEqual([`kriya-order-${order.id}`, `kriya-order-${order.id}`]);
    const body = sent[0]!.body as {
      currency?: string;
      expires_at: string;
      line_items: { quantity: string; price_data: { currency: string; unit_amount: string } }[];
      shipping_options: { shipping_rate_data: { fixed_amount: { amount: string; currency: string } } }[];
      metadata: { order_id: string };
    };
    const unitRupiah = Math.round((variant.priceUsd / 100) * 16_250);
    expect(body.line_items[0]!.price_data).toMatchObject({ currency: "idr", unit_amount: String(unitRupiah * 100) });
    expect(body.line_items[0]!.quantity).toBe("2");
    expect(Number(body.shipping_options[0]!.shipping_rate_data.fixed_amount.amount) % 100).toBe(0);
    expect(body.metadata.order_id).toBe(order.id);
    const expiresIn = Number(body.expires_at) * 1000 - Date.now();
    expect(expiresIn).toBeGreaterThan(29 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(30 * 60_000);
    expect(session.amount_total).toBe(order.totalMinor);
  });
});
