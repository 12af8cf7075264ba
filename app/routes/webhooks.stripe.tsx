import type { ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "~db/client.server";
import { applyStripeEvent, verifyStripeEvent, WebhookSignatureError } from "~/models/payments.server";
import { getStripe, webhookSecret } from "~/utils/stripe.server";

/** Stripe (and the demo checkout) post here. The signature is checked on the raw body before anything else. */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return Response.json({ error: "Method not allowed" }, { status: 405 });
  const rawBody = await request.text();
  try {
    const event = verifyStripeEvent(rawBody, request.headers.get("stripe-signature"), webhookSecret());
    const result = await applyStripeEvent(getDb(), event, { stripe: getStripe() });
    return Response.json({ received: true, duplicate: result.duplicate });
  } catch (error) {
    if (error instanceof WebhookSignatureError) return Response.json({ error: `Invalid signature: ${error.message}` }, { status: 400 });
    throw error;
  }
}

// A resource route: it answers with plain Responses (single fetch would wrap `data()` in a 200).
export function loader() {
  return Response.json({ error: "Stripe webhooks are POSTed here." }, { status: 405 });
}
