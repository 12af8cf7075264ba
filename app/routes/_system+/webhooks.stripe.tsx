import type { ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "~db/client.server";
import { drainOutboxSoon } from "~/models/platform/outbox-handlers.server";
import { applyStripeEvent, parseStripeEvent, verifyStripeEvent, WebhookPayloadError, WebhookSignatureError } from "~/models/payments/payments.server";
import { getStripe, webhookVerification } from "~/utils/stripe.server";

/**
 * Stripe (and the demo checkout) post here. The signature is checked on the raw body before anything else, then
 * the shape of the event's object; an event signed with the demo secret may only touch demo orders.
 */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return Response.json({ error: "Method not allowed" }, { status: 405 });
  const rawBody = await request.text();
  const { secret, demo } = webhookVerification();
  try {
    const event = verifyStripeEvent(rawBody, request.headers.get("stripe-signature"), secret);
    parseStripeEvent(event);
    const db = getDb();
    const result = await applyStripeEvent(db, event, { stripe: demo ? null : getStripe(), demo });
    drainOutboxSoon(db);
    return Response.json({ received: true, duplicate: result.duplicate });
  } catch (error) {
    if (error instanceof WebhookSignatureError) return Response.json({ error: `Invalid signature: ${error.message}` }, { status: 400 });
    if (error instanceof WebhookPayloadError) return Response.json({ error: error.message }, { status: 400 });
    throw error;
  }
}

// A resource route: it answers with plain Responses (single fetch would wrap `data()` in a 200).
export function loader() {
  return Response.json({ error: "Stripe webhooks are POSTed here." }, { status: 405 });
}
