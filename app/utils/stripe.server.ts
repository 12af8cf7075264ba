import Stripe from "stripe";
import { env } from "./env.server";

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

/** A client for verifying and signing only (no API calls): signature checks need no key. */
export const stripeWebhooks = new Stripe("sk_test_signature_only").webhooks;
