import { describe, it, expect, beforeAll, afterAll, beforeEach } from "vitest";
import Stripe from "stripe";
import { startFakeStripe, stripeClientFor, type FakeStripe } from "./stripe-server";

let fake: FakeStripe;
let stripe: Stripe;

beforeAll(async () => {
  fake = await startFakeStripe();
  stripe = stripeClientFor(fake);
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  fake.reset();
});

const expiresAt = Math.floor(Date.now() / 1000) + 30 * 60;

function sessionParams(orderId: string): Stripe.Checkout.SessionCreateParams {
  return {
    mode: "payment",
    currency: "usd",
    client_reference_id: orderId,
    customer_email: "buyer@example.com",
    expires_at: expiresAt,
    success_url: "http://localhost/checkout/success?session_id={CHECKOUT_SESSION_ID}",
    cancel_url: "http://localhost/cart",
    metadata: { order_id: orderId },
    payment_intent_data: { metadata: { order_id: orderId } },
    line_items: [
      { quantity: 2, price_data: { currency: "usd", unit_amount: 2500, product_data: { name: "Mug" } } },
      { quantity: 1, price_data: { currency: "usd", unit_amount: 1999, product_data: { name: "Poster" } } },
    ],
    shipping_options: [
      { shipping_rate_data: { type: "fixed_amount", display_name: "Standard", fixed_amount: { amount: 1500, currency: "usd" } } },
      { shipping_rate_data: { type: "fixed_amount", display_name: "Express", fixed_amount: { amount: 3000, currency: "usd" } } },
    ],
  };
}

describe("fake Stripe server driven by the real stripe client", () => {
  it("creates a checkout session and records the request", async () => {
    const session = await stripe.checkout.sessions.create(sessionParams("ord_1"), { idempotencyKey: "checkout-ord_1" });

    expect(session.id).toMatch(/^cs_test_/);
    expect(session.url).toBe(`https://checkout.stripe.test/c/pay/${session.id}`);
    expect(session.status).toBe("open");
    expect(session.payment_status).toBe("unpaid");
    expect(session.amount_total).toBe(2 * 2500 + 1999 + 1500);
    expect(session.currency).toBe("usd");
    expect(session.expires_at).toBe(expiresAt);
    expect(session.metadata).toEqual({ order_id: "ord_1" });
    expect(session.client_reference_id).toBe("ord_1");
    expect(session.payment_intent).toMatch(/^pi_test_/);
    expect(session.lastResponse.requestId).toMatch(/^req_/);

    expect(fake.requests).toHaveLength(1);
    const req = fake.requests[0]!;
    expect(req.method).toBe("POST");
    expect(req.path).toBe("/v1/checkout/sessions");
    expect(req.idempotencyKey).toBe("checkout-ord_1");
    expect(req.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(req.headers.authorization).toBe("Bearer sk_test_fake");
    expect(req.body.currency).toBe("usd");
    expect(req.body.metadata).toEqual({ order_id: "ord_1" });

    const items = req.body.line_items as { quantity: string; price_data: { unit_amount: string; currency: string; product_data: { name: string } } }[];
    expect(Array.isArray(items)).toBe(true);
    expect(items.map((i) => Number(i.quantity) * Number(i.price_data.unit_amount))).toEqual([5000, 1999]);
    expect(items[1]!.price_data.product_data.name).toBe("Poster");
    const shipping = req.body.shipping_options as { shipping_rate_data: { fixed_amount: { amount: string } } }[];
    expect(Number(shipping[0]!.shipping_rate_data.fixed_amount.amount)).toBe(1500);
  });

  it("replays the same session for a repeated idempotency key", async () => {
    const first = await stripe.checkout.sessions.create(sessionParams("ord_2"), { idempotencyKey: "checkout-ord_2" });
    const second = await stripe.checkout.sessions.create(sessionParams("ord_2"), { idempotencyKey: "checkout-ord_2" });

    expect(second.id).toBe(first.id);
    expect(second.payment_intent).toBe(first.payment_intent);
    expect(fake.sessions.size).toBe(1);
    expect(fake.requests).toHaveLength(2);
  });

  it("rejects a reused idempotency key with different parameters, like Stripe", async () => {
    await stripe.checkout.sessions.create(sessionParams("ord_3"), { idempotencyKey: "checkout-ord_3" });
    const err = await stripe.checkout.sessions
      .create({ ...sessionParams("ord_3"), expires_at: expiresAt + 60 }, { idempotencyKey: "checkout-ord_3" })
      .catch((e: unknown) => e);

    expect(err).toBeInstanceOf(Stripe.errors.StripeError);
    expect((err as Stripe.errors.StripeError).statusCode).toBe(400);
    expect((err as Stripe.errors.StripeError).type).toBe("StripeIdempotencyError");
    expect(fake.sessions.size).toBe(1);
  });

  it("sends a fresh auto-generated idempotency key on every POST when none is given", async () => {
    await stripe.checkout.sessions.create(sessionParams("ord_4"));
    await stripe.checkout.sessions.create(sessionParams("ord_4"));

    const [a, b] = fake.requests.map((r) => r.idempotencyKey);
    expect(a).toMatch(/^stripe-node-retry-/);
    expect(b).not.toBe(a);
    expect(fake.sessions.size).toBe(2);
  });

  it("retrieves a session, and 404s an unknown one", async () => {
    const created = await stripe.checkout.sessions.create(sessionParams("ord_5"));
    const fetched = await stripe.checkout.sessions.retrieve(created.id);
    expect(fetched.id).toBe(created.id);
    expect(fetched.amount_total).toBe(created.amount_total);
    expect(fake.requests.at(-1)).toMatchObject({ method: "GET", path: `/v1/checkout/sessions/${created.id}`, idempotencyKey: null });

    const err = await stripe.checkout.sessions.retrieve("cs_test_nope").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((err as Stripe.errors.StripeError).statusCode).toBe(404);
    expect((err as Stripe.errors.StripeError).code).toBe("resource_missing");
  });

  it("expires a session", async () => {
    const created = await stripe.checkout.sessions.create(sessionParams("ord_6"));
    const expired = await stripe.checkout.sessions.expire(created.id);
    expect(expired.status).toBe("expired");
    expect(fake.sessions.get(created.id)?.status).toBe("expired");
  });

  it("exposes payment_intent_data metadata on the payment intent", async () => {
    const created = await stripe.checkout.sessions.create(sessionParams("ord_7"));
    const intent = await stripe.paymentIntents.retrieve(created.payment_intent as string);
    expect(intent.metadata).toEqual({ order_id: "ord_7" });

    const unknown = await stripe.paymentIntents.retrieve("pi_test_unknown");
    expect(unknown.metadata).toEqual({});
  });

  it("records refunds", async () => {
    const created = await stripe.checkout.sessions.create(sessionParams("ord_8"));
    const paymentIntent = created.payment_intent as string;

    const partial = await stripe.refunds.create({ payment_intent: paymentIntent, amount: 1000 }, { idempotencyKey: "refund-ord_8-1" });
    expect(partial).toMatchObject({ object: "refund", amount: 1000, currency: "usd", payment_intent: paymentIntent, status: "succeeded" });
    expect(partial.id).toMatch(/^re_test_/);

    const full = await stripe.refunds.create({ payment_intent: paymentIntent });
    expect(full.amount).toBe(created.amount_total);

    expect(fake.refunds).toHaveLength(2);
    expect(fake.refunds[0]).toMatchObject({ payment_intent: paymentIntent, amount: 1000 });
    expect(fake.requests.at(-2)?.body).toEqual({ payment_intent: paymentIntent, amount: "1000" });
  });

  it("failNext(500) makes the client throw a StripeAPIError", async () => {
    fake.failNext(500, "boom");
    const err = await stripe.checkout.sessions.create(sessionParams("ord_9"), { idempotencyKey: "checkout-ord_9" }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect((err as Stripe.errors.StripeError).statusCode).toBe(500);
    expect((err as Stripe.errors.StripeError).message).toBe("boom");
    expect(fake.sessions.size).toBe(0);

    // Only the next request fails, and the failure is not remembered under the idempotency key.
    const retried = await stripe.checkout.sessions.create(sessionParams("ord_9"), { idempotencyKey: "checkout-ord_9" });
    expect(retried.id).toMatch(/^cs_test_/);
    expect(fake.sessions.size).toBe(1);
  });

  it("answers 401 without an API key", async () => {
    const res = await fetch(`http://${fake.host}:${fake.port}/v1/checkout/sessions/cs_test_x`);
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("request-id")).toMatch(/^req_/);
    const body = (await res.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe("authentication_error");

    const liveKey = new Stripe("sk_live_wrong", { host: fake.host, port: fake.port, protocol: "http", maxNetworkRetries: 0 });
    const err = await liveKey.checkout.sessions.retrieve("cs_test_x").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect((err as Stripe.errors.StripeError).statusCode).toBe(401);
  });

  it("404s unknown endpoints with a Stripe-shaped error", async () => {
    const err = await stripe.customers.create({ email: "x@example.com" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((err as Stripe.errors.StripeError).statusCode).toBe(404);
  });

  it("parses arrays longer than 20 items as arrays", async () => {
    const many = Array.from({ length: 25 }, (_, i) => ({
      quantity: 1,
      price_data: { currency: "usd", unit_amount: 100 + i, product_data: { name: `Item ${i}`, metadata: { sku: `sku-${i}` } } },
    }));
    const session = await stripe.checkout.sessions.create({ ...sessionParams("ord_10"), line_items: many, shipping_options: [] });
    const items = fake.requests[0]!.body.line_items as { price_data: { product_data: { metadata: { sku: string } } } }[];
    expect(Array.isArray(items)).toBe(true);
    expect(items).toHaveLength(25);
    expect(items[24]!.price_data.product_data.metadata.sku).toBe("sku-24");
    expect(session.amount_total).toBe(many.reduce((sum, i) => sum + i.price_data.unit_amount, 0));
  });
});
