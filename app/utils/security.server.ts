import { randomBytes } from "node:crypto";
import { env, isProduction } from "./env.server";

export function createNonce() {
  return randomBytes(16).toString("base64");
}

/**
 * The policy of an HTML response. Scripts run only from the shop itself and inline with this response's nonce,
 * or, on a page served from the page cache (which must never replay a nonce), inline when their sha256 is listed.
 * Nothing may frame the shop; forms may post only here or to Stripe Checkout (Chrome applies form-action to the
 * redirect after a POST).
 */
export function contentSecurityPolicy(scripts: { nonce: string } | { hashes: readonly string[] }) {
  const inline = "nonce" in scripts ? [`'nonce-${scripts.nonce}'`] : scripts.hashes.map((h) => `'sha256-${h}'`);
  return [
    "default-src 'self'",
    ["script-src 'self'", ...inline].join(" "),
    // Inline style attributes (image placeholder colours) only; no inline script is ever allowed.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    isProduction() ? "connect-src 'self'" : "connect-src 'self' ws: wss:",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self' https://checkout.stripe.com",
    "object-src 'none'",
  ].join("; ");
}

/** The header that carries the policy: enforced in production builds (Vite's dev server injects inline scripts). */
export const cspHeaderName = () => (isProduction() ? "Content-Security-Policy" : "Content-Security-Policy-Report-Only");

/** Headers on every HTML response. */
export function applySecurityHeaders(headers: Headers, nonce: string) {
  headers.set(cspHeaderName(), contentSecurityPolicy({ nonce }));
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  headers.set("X-Frame-Options", "DENY");
  headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
}

/**
 * HSTS only on a response that really travels over HTTPS: a TLS socket, or X-Forwarded-Proto from a proxy
 * that TRUST_PROXY trusts (Express folds both into req.secure). Over plain HTTP it would be ignored at best.
 */
export function hstsHeader(input: { secure: boolean }): string | null {
  if (!input.secure || env().KRIYA_HSTS === "0") return null;
  return "max-age=31536000; includeSubDomains";
}

/**
 * Cross-site request forgery guard for unsafe methods: a browser always sends Origin on a POST, and it must be
 * this site. Requests without Origin (servers, Stripe's webhooks, curl) carry no browser cookies to abuse.
 */
export function isForeignOrigin(input: { method: string; origin: string | undefined; siteOrigin: string }) {
  if (["GET", "HEAD", "OPTIONS"].includes(input.method.toUpperCase())) return false;
  if (!input.origin) return false;
  // Only the configured origin counts: a Host header is whatever the sender wrote.
  return input.origin !== input.siteOrigin;
}
