import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";
import { projectRoot } from "./project-root.server";

const logLevelSchema = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info");

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
  DATABASE_URL: z.string().optional(),
  /** Which proxies may tell us the client's address and scheme: a hop count, or a comma list of addresses/subnets. */
  TRUST_PROXY: z
    .string()
    .optional()
    .refine((v) => v === undefined || parseTrustProxy(v) !== null, "must be a hop count (1, 2…) or a comma-separated list of proxy addresses or subnets"),
  /** Where emails go out, e.g. smtp://user:pass@host:587 (smtps:// for TLS from the start); unset, they stay in /dev/emails. */
  SMTP_URL: z
    .string()
    .url()
    .refine((v) => /^smtps?:\/\/[^/]/.test(v), "must start with smtp:// or smtps:// and name a host")
    .optional(),
  /** The sender of every email, as a name and address. */
  MAIL_FROM: z
    .string()
    .regex(/^[^<>@\s][^<>]*<[^<>@\s]+@[^<>@\s]+>$|^[^<>@\s]+@[^<>@\s]+$/, 'must be an address, or a name and an address like "Kriya <hello@kriya.example>"')
    .default("Kriya <hello@kriya.example>"),
  /** Shows /dev/emails outside development (the e2e server sets it). */
  KRIYA_DEV_TOOLS: z.enum(["0", "1"]).optional(),
  /** Test-only: opens GET /dev/emails/latest to requests bearing this token (the e2e run sets it). Off when unset. */
  KRIYA_TEST_MAILBOX_TOKEN: z.string().min(32).optional(),
  /** The embedded database's directory (default data/pglite); the generated session secret sits beside it. */
  PGLITE_DIR: z.string().min(1).optional(),
  /** Where uploaded photos and their renditions are kept (default data/images). */
  IMAGE_DIR: z.string().min(1).optional(),
  /** Seconds the per-process catalogue cache keeps a read; 0 turns it off. */
  CATALOG_CACHE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(20),
  /** Seconds a rendered catalogue page is served from memory before it is rendered again; 0 turns the page cache off. */
  PAGE_CACHE_SECONDS: z.coerce.number().int().min(0).max(3_600).default(10),
  /** Megabytes of memory the page cache may hold (pages plus their compressed copies). */
  PAGE_CACHE_MB: z.coerce.number().int().min(1).max(4_096).default(48),
  /** Varnish instances to ban purged pages at, comma-separated origins (e.g. http://127.0.0.1:6081); unset, none. */
  VARNISH_PURGE_URLS: z
    .string()
    .optional()
    .refine(
      (v) => v === undefined || v.split(",").every((u) => /^https?:\/\/[^/\s,]+\/?$/.test(u.trim())),
      "must be a comma-separated list of origins like http://127.0.0.1:6081",
    ),
  /** "0" leaves out Strict-Transport-Security (a TLS-terminating proxy that sets its own). */
  KRIYA_HSTS: z.enum(["0", "1"]).optional(),
  /** "1" drops Secure and the __Host- prefix from cookies in production (a plain-HTTP test server only). */
  KRIYA_INSECURE_COOKIES: z.enum(["0", "1"]).optional(),
  /** "1" counts SQL statements per request into an X-Sql-Statements header (bench and tests). */
  KRIYA_SQL_COUNT: z.enum(["0", "1"]).optional(),
  /** The address `npm start` listens on. */
  HOST: z.string().min(1).default("0.0.0.0"),
  /** Bank details printed on wholesale proforma invoices, lines separated by "|" (a labelled placeholder when unset). */
  WHOLESALE_BANK_DETAILS: z.string().trim().min(1).max(600).optional(),
  /** The build `npm start` serves, relative to the project (two builds on one machine stay apart). */
  KRIYA_BUILD_DIR: z.string().min(1).default("build"),
  /** How much the server logs (JSON lines on stdout): fatal, error, warn, info (default), debug, trace or silent. */
  LOG_LEVEL: logLevelSchema,
});

export type Env = Readonly<z.infer<typeof schema>>;

let parsedEnv: Env | null = null;

/**
 * Parses the environment with the schema above into a frozen object, keeps it, and returns it. The first call of
 * env() does this on its own; the start script calls it after it has set NODE_ENV and SESSION_SECRETS.
 */
export function loadEnv(vars: Record<string, string | undefined> = process.env): Env {
  const parsed = schema.safeParse(vars);
  if (!parsed.success) {
    throw new Error(`Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  parsedEnv = Object.freeze(parsed.data);
  return parsedEnv;
}

/** The environment, parsed once: the only place in app/ and db/ that reads process.env. */
export function env(): Env {
  return parsedEnv ?? loadEnv();
}

/**
 * For tests only: forgets the parsed environment, so the next env() parses process.env again. The test setup
 * (tests/support/setup-test-env.ts) calls it whenever a test sets or deletes a variable; nothing else re-reads it.
 */
export function reloadEnvForTests(): void {
  parsedEnv = null;
}

/**
 * LOG_LEVEL alone, for the logger: it must work before the whole environment is parsed (to log why it is invalid).
 * An invalid value is reported by startupProblem like any other setting; until then the default applies.
 */
export function logLevel(vars: Record<string, string | undefined> = process.env): z.infer<typeof logLevelSchema> {
  const parsed = logLevelSchema.safeParse(vars.LOG_LEVEL === "" ? undefined : vars.LOG_LEVEL);
  return parsed.success ? parsed.data : "info";
}

export const isProduction = () => env().NODE_ENV === "production";

/** Cookies are Secure (and the session `__Host-`) in production, unless KRIYA_INSECURE_COOKIES=1 (plain-HTTP test server). */
export const secureCookies = () => isProduction() && env().KRIYA_INSECURE_COOKIES !== "1";


/** The embedded database's directory: PGLITE_DIR, else data/pglite in the project. */
export function defaultDataDir(): string {
  return env().PGLITE_DIR ?? path.join(projectRoot, "data", "pglite");
}

/**
 * The secrets that sign cookies: SESSION_SECRETS, else the one generated on first start and kept in
 * data/session-secret (see ensureSessionSecret). Never a constant from the source.
 */
export function sessionSecrets(): string[] {
  const configured = env().SESSION_SECRETS?.split(",").map((s) => s.trim()).filter(Boolean);
  if (configured?.length) return configured;
  return [ensureSessionSecret().secret];
}

/** Where the generated secret lives: beside the embedded database (data/ by default). */
export function sessionSecretFile(): string {
  return path.join(path.dirname(defaultDataDir()), "session-secret");
}

const generated = new Map<string, string>();

/** Reads the generated secret, or makes a random one on the first start (owner-only file). */
export function ensureSessionSecret(file = sessionSecretFile()): { secret: string; created: boolean } {
  const known = generated.get(file);
  if (known) return { secret: known, created: false };
  let created = false;
  let secret = existsSync(file) ? readFileSync(file, "utf8").trim() : "";
  if (secret.length < 32) {
    mkdirSync(path.dirname(file), { recursive: true });
    secret = randomBytes(32).toString("base64url");
    writeFileSync(file, `${secret}\n`, { mode: 0o600 });
    created = true;
  }
  chmodSync(file, 0o600);
  generated.set(file, secret);
  return { secret, created };
}

/**
 * TRUST_PROXY as Express's "trust proxy" takes it: a hop count, or a list of addresses/subnets
 * (and Express's names loopback, linklocal, uniquelocal). Null when invalid; "true" (trust everyone) is refused.
 */
export function parseTrustProxy(value: string): number | string[] | null {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    const hops = Number(trimmed);
    return hops <= 10 ? hops : null;
  }
  const entries = trimmed.split(",").map((s) => s.trim());
  const valid = entries.every((entry) => {
    if (["loopback", "linklocal", "uniquelocal"].includes(entry)) return true;
    const [address, bits, extra] = entry.split("/");
    if (extra !== undefined || !address || !isIP(address)) return false;
    if (bits === undefined) return true;
    const max = isIP(address) === 4 ? 32 : 128;
    return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
  });
  return valid && entries.length > 0 ? entries : null;
}

/** Express's "trust proxy" value: nothing is trusted unless TRUST_PROXY says which proxies. */
export function trustProxySetting(): number | string[] | false {
  const value = env().TRUST_PROXY;
  return value === undefined || value.trim() === "" || value.trim() === "0" ? false : parseTrustProxy(value)!;
}

/** Why the server must not start with this environment, in one line; null when it may. */
export function startupProblem(vars: Record<string, string | undefined> = process.env): string | null {
  const parsed = schema.safeParse(vars);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return `Invalid setting ${issue.path.join(".")}: ${issue.message}.`;
  }
  const e = parsed.data;
  if (e.STRIPE_SECRET_KEY && !e.STRIPE_WEBHOOK_SECRET) {
    return "STRIPE_SECRET_KEY is set but STRIPE_WEBHOOK_SECRET is not: set STRIPE_WEBHOOK_SECRET (whsec_…) from your Stripe webhook so payment events can be verified.";
  }
  if (e.DATABASE_URL && e.NODE_ENV === "production" && !e.SESSION_SECRETS) {
    return "SESSION_SECRETS is not set: with DATABASE_URL in production every server must share it (e.g. openssl rand -base64 32).";
  }
  return null;
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
