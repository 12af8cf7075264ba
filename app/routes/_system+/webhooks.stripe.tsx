import type { ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "~db/client.server";
import { isRefusal } from "~/domain/platform/refusal";
import { webhookVerification } from "~/models/payments/demo-events.server";
import { drainOutboxSoon } from "~/models/platform/outbox-handlers.server";
import { receiveStripeWebhook } from "~/models/payments/webhooks.server";
import { getStripe } from "~/utils/stripe.server";
import { statusOf } from "~/web/refusal.server";

/**
 * Stripe (and the demo checkout) post here. The signature is checked on the raw body before anything else, then
 * the shape of the event's object (either failing is a 400); an event signed with the demo secret may only touch
 * demo records. Every stored event is acknowledged, whatever its kind.
 */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return Response.json({ error: "Method not allowed" }, { status: 405 });
  const rawBody = await request.text();
  const db = getDb();
  try {
    const result = await receiveStripeWebhook(db, { rawBody, signature: request.headers.get("stripe-signature"), verification: webhookVerification(), stripe: getStripe() });
    drainOutboxSoon(db);
    return Response.json({ received: true, duplicate: result.duplicate });
  } catch (error) {
    if (isRefusal(error)) return Response.json({ error: error.message }, { status: statusOf(error) });
    throw error;
  }
}

// A resource route: it answers with plain Responses (single fetch would wrap `data()` in a 200).
export function loader() {
  return Response.json({ error: "Stripe webhooks are POSTed here." }, { status: 405 });
}
