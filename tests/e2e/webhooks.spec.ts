import Stripe from "stripe";
import { expect, test } from "./fixtures";
import { demoWebhookSecret } from "../../app/models/payments/demo-events.server";

// The e2e server runs without Stripe keys, so its webhook route verifies with the demo secret, derived from the
// run's SESSION_SECRETS (playwright.config.ts shares it with the server).
const DEMO_WEBHOOK_SECRET = demoWebhookSecret();
const webhooks = new Stripe("sk_test_signature_only").webhooks;

function event(id: string) {
  return JSON.stringify({
    id,
    object: "event",
    type: "checkout.session.expired",
    created: Math.floor(Date.now() / 1000),
    data: { object: { id: "cs_test_none", object: "checkout.session", metadata: { order_id: "00000000-0000-4000-8000-000000000000" } } },
  });
}

test("the webhook route checks the signature on the raw body and stores each event once", async ({ request }) => {
  const payload = event(`evt_e2e_${Date.now()}`);
  const forged = await request.post("/webhooks/stripe", {
    data: payload,
    headers: { "content-type": "application/json", "stripe-signature": webhooks.generateTestHeaderString({ payload, secret: "whsec_forged" }) },
  });
  expect(forged.status()).toBe(400);

  const stale = await request.post("/webhooks/stripe", {
    data: payload,
    headers: {
      "content-type": "application/json",
      "stripe-signature": webhooks.generateTestHeaderString({ payload, secret: DEMO_WEBHOOK_SECRET, timestamp: Math.floor(Date.now() / 1000) - 3600 }),
    },
  });
  expect(stale.status()).toBe(400);

  const unsigned = await request.post("/webhooks/stripe", { data: payload, headers: { "content-type": "application/json" } });
  expect(unsigned.status()).toBe(400);

  const signature = webhooks.generateTestHeaderString({ payload, secret: DEMO_WEBHOOK_SECRET });
  const first = await request.post("/webhooks/stripe", { data: payload, headers: { "content-type": "application/json", "stripe-signature": signature } });
  expect(first.status()).toBe(200);
  expect(await first.json()).toEqual({ received: true, duplicate: false });
  const again = await request.post("/webhooks/stripe", { data: payload, headers: { "content-type": "application/json", "stripe-signature": signature } });
  expect(again.status()).toBe(200);
  expect(await again.json()).toEqual({ received: true, duplicate: true });
});
