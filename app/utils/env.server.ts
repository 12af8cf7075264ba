import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** The one origin every absolute URL and the Origin check use; never taken from a request's headers. */
  PUBLIC_URL: z
    .string()
    .url()
    .refine((v) => /^https?:\/\//.test(v), "must start with http:// or https://")
    .optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Comma-separated; the first signs, all verify (so secrets can rotate). */
  SESSION_SECRETS: z.string().min(16).optional(),
  STRIPE_SECRET_KEY: z.string().startsWith("sk_").optional(),
  STRIPE_WEBHOOK_SECRET: z.string().startsWith("whsec_").optional(),
  /** Point the Stripe client elsewhere (tests use a local fake). */
  STRIPE_API_HOST: z.string().optional(),
  STRIPE_API_PORT: z.coerce.number().int().positive().optional(),
  STRIPE_API_PROTOCOL: z.enum(["http", "https"]).optional(),
  /** Shows /dev/emails outside development (the e2e server sets it). */
  KRIYA_DEV_TOOLS: z.enum(["0", "1"]).optional(),
  /** Test-only: opens GET /dev/emails/latest to requests bearing this token (the e2e run sets it). Off when unset. */
  KRIYA_TEST_MAILBOX_TOKEN: z.string().min(32).optional(),
});

export type Env = z.infer<typeof schema>;

/** Read on each call (cheap) so tests can change the environment between cases. */
export function env(): Env {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(`Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}

const developmentSecret = "kriya-development-secret-not-for-production";

export function sessionSecrets(): string[] {
  const configured = env().SESSION_SECRETS?.split(",").map((s) => s.trim()).filter(Boolean);
  return configured?.length ? configured : [developmentSecret];
}

export function devToolsEnabled() {
  const e = env();
  return e.KRIYA_DEV_TOOLS === "1" || e.NODE_ENV !== "production";
}

/** The token that unlocks the test mailbox, or null when it is off (the default). */
export function testMailboxToken(): string | null {
  return env().KRIYA_TEST_MAILBOX_TOKEN ?? null;
}

/** The shop's origin (scheme, host, port): PUBLIC_URL, or http://localhost:PORT for a local `npm start`. */
export function publicOrigin(): string {
  const e = env();
  return e.PUBLIC_URL ? new URL(e.PUBLIC_URL).origin : `http://localhost:${e.PORT}`;
}
