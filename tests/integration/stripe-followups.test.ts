import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { outboxMessages } from "../../db/schema";
import { outboxRetry } from "~/domain/platform/outbox";
import { EXPIRE_CHECKOUT_SESSION, expireCheckoutSessionHandler, queueSessionExpiry } from "~/models/payments/stripe-checkout.server";
import { outboxHandlers } from "~/models/platform/outbox-handlers.server";
import { drainOutbox } from "~/models/platform/outbox.server";
import { attachCheckoutSession, placeOrder } from "~/models/retail/checkout.server";
import { createRetailCheckoutSession } from "~/models/retail/order-payments.server";
import { startFakeStripe, stripeClientFor, type FakeStripe } from "../fakes/stripe-server";
import { writableBackends } from "../support/db";
import { cartWith, orderInput, setOnlineStock, someVariant } from "../support/retail";

const urls = { successUrl: "http://shop.test/checkout/success", cancelUrl: "http://shop.test/cart" };
const later = (from: Date, seconds: number) => new Date(from.getTime() + seconds * 1000);

describe.each(writableBackends())("Stripe follow-ups through the outbox on $name", ({ open }) => {
  let handle: DbHandle;
  let fake: FakeStripe;
  let stripe: Stripe;
  beforeAll(async () => {
    handle = await open();
    fake = await startFakeStripe();
    stripe = stripeClientFor(fake);
  });
  afterAll(async () => {
    await handle.close();
    await fake.close();
  });
  beforeEach(async () => {
    // Each case drains only what it enqueued.
    await handle.db.update(outboxMessages).set({ processedAt: new Date() }).where(eq(outboxMessages.topic, EXPIRE_CHECKOUT_SESSION));
  });

  const expiries = () => handle.db.select().from(outboxMessages).where(eq(outboxMessages.topic, EXPIRE_CHECKOUT_SESSION));
  const pendingExpiries = async () => (await expiries()).filter((m) => m.processedAt === null);
  const expireRequests = (sessionId: string) => fake.requests.filter((r) => r.method === "POST" && r.path === `/v1/checkout/sessions/${sessionId}/expire`);
  const drain = (now?: Date) => drainOutbox(handle.db, { handlers: { [EXPIRE_CHECKOUT_SESSION]: expireCheckoutSessionHandler(() => stripe) }, ...(now ? { now } : {}) });

  /** A cart checked out once with a real (fake) Checkout Session attached, as startCheckout leaves it. */
  async function checkedOut(offset: number) {
    const variant = await someVariant(handle.db, 80 + offset);
    await setOnlineStock(handle.db, variant.id, 5);
    const cartId = await cartWith(handle.db, [{ variantId: variant.id, quantity: 1 }]);
    const order = await placeOrder(handle.db, orderInput(cartId, { demo: false }));
    const session = await createRetailCheckoutSession(stripe, { ...order, email: "shopper@example.com", country: "DE" }, urls);
    await attachCheckoutSession(handle.db, { orderId: order.id, sessionId: session.id });
    return { cartId, order, session };
  }

  it("the app's outbox handles the topic", () => {
    expect(Object.keys(outboxHandlers)).toContain(EXPIRE_CHECKOUT_SESSION);
  });

  it("a replaced session is queued for expiry once, in the replacing transaction, and drained into one expire call", async () => {
    const { cartId, session } = await checkedOut(0);
    expect(await pendingExpiries()).toEqual([]);
    await placeOrder(handle.db, orderInput(cartId, { demo: false }));
    const queued = await pendingExpiries();
    expect(queued).toEqual([expect.objectContaining({ payload: { sessionId: session.id }, dedupeKey: `${EXPIRE_CHECKOUT_SESSION}:${session.id}`, attempts: 0 })]);
    // Enqueueing the same session again is a no-op.
    expect(await handle.db.transaction((tx) => queueSessionExpiry(tx, { sessionId: session.id }))).toBeNull();
    expect(await pendingExpiries()).toHaveLength(1);

    expect(expireRequests(session.id)).toHaveLength(0);
    expect(await drain()).toEqual({ processed: 1, failed: 0 });
    expect(expireRequests(session.id)).toHaveLength(1);
    expect(fake.sessions.get(session.id)?.status).toBe("expired");
    expect(await pendingExpiries()).toEqual([]);
    expect(await drain()).toEqual({ processed: 0, failed: 0 });
    expect(expireRequests(session.id)).toHaveLength(1);
  });

  it("queues nothing when the replacing checkout rolls back", async () => {
    const { cartId, session } = await checkedOut(1);
    const rollback = new Error("rolled back on purpose");
    await expect(
      handle.db.transaction(async (tx) => {
        await placeOrder(tx, orderInput(cartId, { demo: false }));
        expect(await tx.select().from(outboxMessages).where(eq(outboxMessages.dedupeKey, `${EXPIRE_CHECKOUT_SESSION}:${session.id}`))).toHaveLength(1);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(await pendingExpiries()).toEqual([]);
    expect(await drain()).toEqual({ processed: 0, failed: 0 });
    expect(fake.sessions.get(session.id)?.status).toBe("open");
  });

  it("a session already expired or completed counts as done", async () => {
    const expired = await checkedOut(2);
    const completed = await checkedOut(3);
    fake.sessions.get(expired.session.id)!.status = "expired";
    fake.sessions.get(completed.session.id)!.status = "complete";
    await placeOrder(handle.db, orderInput(expired.cartId, { demo: false }));
    await placeOrder(handle.db, orderInput(completed.cartId, { demo: false }));
    expect(await pendingExpiries()).toHaveLength(2);
    expect(await drain()).toEqual({ processed: 2, failed: 0 });
    // Stripe refused both expiries (not open), and each was then looked up rather than retried.
    expect(expireRequests(expired.session.id)).toHaveLength(1);
    expect(expireRequests(completed.session.id)).toHaveLength(1);
    expect(fake.sessions.get(completed.session.id)?.status).toBe("complete");
    expect(await pendingExpiries()).toEqual([]);
  });

  it("any other failure is retried with the outbox's backoff until Stripe answers", async () => {
    const { cartId, session } = await checkedOut(4);
    await placeOrder(handle.db, orderInput(cartId, { demo: false }));
    const t0 = new Date();
    fake.failNext(500, "Stripe is having a moment");
    expect(await drain(t0)).toEqual({ processed: 0, failed: 1 });
    const [failed] = await pendingExpiries();
    expect(failed).toMatchObject({ attempts: 1, lastError: expect.stringMatching(/Stripe is having a moment/) });
    expect(fake.sessions.get(session.id)?.status).toBe("open");
    // Not due again before the backoff, then expired.
    expect(await drain(later(t0, outboxRetry.baseSeconds - 1))).toEqual({ processed: 0, failed: 0 });
    expect(await drain(later(t0, outboxRetry.baseSeconds + 1))).toEqual({ processed: 1, failed: 0 });
    expect(fake.sessions.get(session.id)?.status).toBe("expired");
    expect(expireRequests(session.id)).toHaveLength(2);
  });

  it("an unknown session is not taken for done: it fails and stays for staff to see", async () => {
    await handle.db.transaction((tx) => queueSessionExpiry(tx, { sessionId: "cs_test_never_made" }));
    expect(await drain()).toEqual({ processed: 0, failed: 1 });
    expect((await pendingExpiries())[0]).toMatchObject({ attempts: 1, lastError: expect.stringMatching(/No such checkout.session/) });
  });
});
