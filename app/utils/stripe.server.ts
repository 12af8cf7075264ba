import { createHmac } from "node:crypto";
import Stripe from "stripe";
import { env, sessionSecrets } from "./env.server";

/**
 * The secret the demo checkout signs its events with: derived from this installation's session secret, so it is
 * in no source file and nobody outside can sign a "paid" event. A real Stripe account uses STRIPE_WEBHOOK_SECRET.
 */
export function demoWebhookSecret(): string {
  return `whsec_${createHmac("sha256", sessionSecrets()[0]!).update("kriya-demo-webhook").digest("hex")}`;
}

export function stripeConfigured() {
  return Boolean(env().STRIPE_SECRET_KEY);
}

let client: { key: string; stripe: Stripe } | null = null;

/** The Stripe client, or null in demo mode. Host, port and protocol can point it at a local fake. */
export function getStripe(): Stripe | null {
  const e = env();
  if (!e.STRIPE_SECRET_KEY) return null;
  const key = [e.STRIPE_SECRET_KEY, e.STRIPE_API_HOST, e.STRIPE_API_PORT, e.STRIPE_API_PROTOCOL].join("|");
  if (client?.key !== key) {
    client = {
      key,
      stripe: new Stripe(e.STRIPE_SECRET_KEY, {
        maxNetworkRetries: 2,
        timeout: 15_000,
        ...(e.STRIPE_API_HOST ? { host: e.STRIPE_API_HOST } : {}),
        ...(e.STRIPE_API_PORT ? { port: e.STRIPE_API_PORT } : {}),
        ...(e.STRIPE_API_PROTOCOL ? { protocol: e.STRIPE_API_PROTOCOL } : {}),
      }),
    };
  }
  return client.stripe;
}

/**
 * How /webhooks/stripe checks signatures: with STRIPE_WEBHOOK_SECRET when it is set; with Stripe keys it is the
 * only secret (never the demo one); without keys the demo secret, and such events may touch only demo orders.
 */
export function webhookVerification(): { secret: string; demo: boolean } {
  const e = env();
  if (e.STRIPE_WEBHOOK_SECRET) return { secret: e.STRIPE_WEBHOOK_SECRET, demo: false };
  if (e.STRIPE_SECRET_KEY) throw new Error("STRIPE_WEBHOOK_SECRET is not set: with STRIPE_SECRET_KEY, webhooks can only be verified with the account's signing secret (whsec_…).");
  return { secret: demoWebhookSecret(), demo: true };
}

export function webhookSecret(): string {
  return webhookVerification().secret;
}

/** A client for verifying and signing only (no API calls): signature checks need no key. */
export const stripeWebhooks = new Stripe("sk_test_signature_only").webhooks;
