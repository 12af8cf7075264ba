/** Baseline headers on every HTML response. The nonce-based CSP arrives with the back-office work. */
export function applySecurityHeaders(headers: Headers) {
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  headers.set("X-Frame-Options", "DENY");
  headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  if (process.env.NODE_ENV === "production" && process.env.KRIYA_HSTS !== "0") {
    headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  }
}
