import { createRequire } from "node:module";
import type Stripe from "stripe";
import { env } from "./env.server";

export function stripeConfigured() {
  return Boolean(env().STRIPE_SECRET_KEY);
}

// The stripe package is loaded on first use: it is about 60 ms of a 1 s cold start (ADR 020), and most starts, and
// all the catalogue's requests, never need it. `require` keeps every caller synchronous.
const load = createRequire(import.meta.url);
let library: typeof Stripe | null = null;
function stripeLibrary(): typeof Stripe {
  library ??= load("stripe") as typeof Stripe;
  return library;
}

let client: { key: string; stripe: Stripe } | null = null;

/** The Stripe client, or null in demo mode. Host, port and protocol can point it at a local fake. */
export function getStripe(): Stripe | null {
  const e = env();
  if (!e.STRIPE_SECRET_KEY) return null;
  const key = [e.STRIPE_SECRET_KEY, e.STRIPE_API_HOST, e.STRIPE_API_PORT, e.STRIPE_API_PROTOCOL].join("|");
  if (client?.key !== key) {
    const StripeClient = stripeLibrary();
    client = {
      key,
      stripe: new StripeClient(e.STRIPE_SECRET_KEY, {
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

let webhooks: Stripe.Webhooks | null = null;

/** Stripe's signing and verifying of webhook payloads (no API calls, so no key). */
export function stripeWebhooks(): Stripe.Webhooks {
  if (!webhooks) {
    const StripeClient = stripeLibrary();
    webhooks = new StripeClient("sk_test_signature_only").webhooks;
  }
  return webhooks;
}

export type StripeErrorType =
  | "StripeCardError"
  | "StripeInvalidRequestError"
  | "StripeAPIError"
  | "StripeAuthenticationError"
  | "StripePermissionError"
  | "StripeRateLimitError"
  | "StripeConnectionError"
  | "StripeSignatureVerificationError"
  | "StripeIdempotencyError";

/**
 * Whether `error` came from the Stripe client, and, given a type, whether it is that one. Read from the error's
 * `type`, as Stripe's own documentation does, not with `instanceof`: that would tie the check to one copy of the
 * package's classes (the CommonJS build loaded above, while a test's own client may come from the ESM build).
 */
export function isStripeError(error: unknown, type?: StripeErrorType): error is Stripe.errors.StripeError {
  if (!(error instanceof Error) || !("raw" in error)) return false;
  const actual = (error as { type?: unknown }).type;
  if (typeof actual !== "string" || !actual.startsWith("Stripe")) return false;
  return type === undefined || actual === type;
}
