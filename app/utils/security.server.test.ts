import { describe, expect, it } from "vitest";
import { applySecurityHeaders, hstsHeader, isForeignOrigin } from "./security.server";
import { hashPassword, verifyPassword } from "./password.server";

describe("origin check", () => {
  const base = { siteOrigin: "https://shop.test" };
  it("lets same-origin posts, safe methods and origin-less clients through", () => {
    expect(isForeignOrigin({ ...base, method: "POST", origin: "https://shop.test" })).toBe(false);
    expect(isForeignOrigin({ ...base, method: "GET", origin: "https://evil.example" })).toBe(false);
    expect(isForeignOrigin({ ...base, method: "POST", origin: undefined })).toBe(false);
  });
  it("refuses posts from other origins, other schemes and opaque origins", () => {
    expect(isForeignOrigin({ ...base, method: "POST", origin: "https://evil.example" })).toBe(true);
    expect(isForeignOrigin({ ...base, method: "DELETE", origin: "http://shop.test" })).toBe(true);
    expect(isForeignOrigin({ ...base, method: "POST", origin: "null" })).toBe(true);
  });
});

describe("security headers", () => {
  it("sets a nonce CSP without unsafe-inline scripts, and no framing", () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    const headers = new Headers();
    applySecurityHeaders(headers, "abc123");
    process.env.NODE_ENV = previous;
    const csp = headers.get("Content-Security-Policy")!;
    expect(csp).toContain("script-src 'self' 'nonce-abc123'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(headers.get("X-Content-Type-Options")).toBe("nosniff");
  });
  it("sends HSTS only over HTTPS", () => {
    expect(hstsHeader({ secure: true })).toMatch(/max-age=31536000/);
    expect(hstsHeader({ secure: false })).toBeNull();
  });
});

describe("passwords", () => {
  it("hashes with argon2id at 19 MiB and two passes, and verifies only the right password", async () => {
    const hash = await hashPassword("correct horse");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, "correct horse")).toBe(true);
    expect(await verifyPassword(hash, "wrong horse")).toBe(false);
    expect(await verifyPassword("not-a-hash", "x")).toBe(false);
  });
});
