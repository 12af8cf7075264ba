import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ensureSessionSecret, parseTrustProxy, startupProblem } from "./env.server";
import { bodyLimitFor, fieldWithControlCharacter, isAllowedMethod, unsupportedBodyType } from "./request-guard.server";

describe("start-time configuration", () => {
  it("refuses a Stripe key without its webhook secret, naming STRIPE_WEBHOOK_SECRET", () => {
    const problem = startupProblem({ STRIPE_SECRET_KEY: "sk_test_123" });
    expect(problem).toContain("STRIPE_WEBHOOK_SECRET");
    expect(problem).not.toContain("\n");
    expect(startupProblem({ STRIPE_SECRET_KEY: "sk_test_123", STRIPE_WEBHOOK_SECRET: "whsec_abc" })).toBeNull();
  });
  it("refuses PostgreSQL in production without shared SESSION_SECRETS", () => {
    expect(startupProblem({ NODE_ENV: "production", DATABASE_URL: "postgres://db/kriya" })).toContain("SESSION_SECRETS");
    expect(startupProblem({ NODE_ENV: "production", DATABASE_URL: "postgres://db/kriya", SESSION_SECRETS: "a-long-enough-secret-value" })).toBeNull();
    expect(startupProblem({ NODE_ENV: "production" })).toBeNull();
  });
  it("refuses a PUBLIC_URL that is not an http(s) origin and a TRUST_PROXY that trusts everyone", () => {
    expect(startupProblem({ PUBLIC_URL: "shop.example" })).toContain("PUBLIC_URL");
    expect(startupProblem({ PUBLIC_URL: "ftp://shop.example" })).toContain("PUBLIC_URL");
    expect(startupProblem({ PUBLIC_URL: "https://shop.example" })).toBeNull();
    expect(startupProblem({ TRUST_PROXY: "true" })).toContain("TRUST_PROXY");
    expect(startupProblem({ TRUST_PROXY: "1" })).toBeNull();
  });
  it("refuses an SMTP_URL that is not smtp(s):// and a MAIL_FROM without an address", () => {
    expect(startupProblem({ SMTP_URL: "mail.example:587" })).toContain("SMTP_URL");
    expect(startupProblem({ SMTP_URL: "https://mail.example" })).toContain("SMTP_URL");
    expect(startupProblem({ SMTP_URL: "smtp://user:pass@mail.example:587" })).toBeNull();
    expect(startupProblem({ SMTP_URL: "smtps://mail.example" })).toBeNull();
    expect(startupProblem({ MAIL_FROM: "Kriya" })).toContain("MAIL_FROM");
    expect(startupProblem({ MAIL_FROM: "Kriya <hello@kriya.example>" })).toBeNull();
    expect(startupProblem({ MAIL_FROM: "orders@kriya.example" })).toBeNull();
  });
});

describe("TRUST_PROXY", () => {
  it("takes a hop count or a list of addresses and subnets", () => {
    expect(parseTrustProxy("1")).toBe(1);
    expect(parseTrustProxy("2")).toBe(2);
    expect(parseTrustProxy("10.0.0.1, 192.168.0.0/16,::1")).toEqual(["10.0.0.1", "192.168.0.0/16", "::1"]);
    expect(parseTrustProxy("loopback")).toEqual(["loopback"]);
  });
  it.each(["true", "*", "all", "10.0.0.1/33", "10.0.0/8", "example.com", "1,2", "-1", ""])("refuses %j", (value) => {
    expect(parseTrustProxy(value)).toBeNull();
  });
});

describe("generated session secret", () => {
  it("is random, kept readable only by its owner, and reused on the next start", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "kriya-secret-")), "data", "session-secret");
    const first = ensureSessionSecret(file);
    expect(first.created).toBe(true);
    expect(first.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8").trim()).toBe(first.secret);
    const other = ensureSessionSecret(path.join(mkdtempSync(path.join(tmpdir(), "kriya-secret-")), "session-secret"));
    expect(other.secret).not.toBe(first.secret);
    expect(ensureSessionSecret(file)).toEqual({ secret: first.secret, created: false });
  });
});

describe("input boundary", () => {
  it("finds control characters in query fields, and in form fields other than TAB, CR and LF", () => {
    expect(fieldWithControlCharacter(new URLSearchParams("q=a%00b"), "query")).toBe("q");
    expect(fieldWithControlCharacter(new URLSearchParams("q=a%09b"), "query")).toBe("q");
    expect(fieldWithControlCharacter(new URLSearchParams("q=tas+rotan&page=2"), "query")).toBeNull();
    expect(fieldWithControlCharacter(new URLSearchParams("note=line%0D%0Aline%09x"), "form")).toBeNull();
    expect(fieldWithControlCharacter(new URLSearchParams("a=1&name=x%1By"), "form")).toBe("name");
    expect(fieldWithControlCharacter(new URLSearchParams("x%00y=1"), "form")).toBe("x?y");
  });
  it("gives webhooks a small body limit, photos their own and forms about 1 MB", () => {
    expect(bodyLimitFor("/webhooks/stripe")).toBe(64 * 1024);
    expect(bodyLimitFor("/login")).toBe(1024 * 1024);
    expect(bodyLimitFor("/admin/products/12/photos")).toBeGreaterThan(80 * 1024 * 1024);
    // A bank transfer's proof may be a 10 MB scan; the order list itself stays a plain form.
    expect(bodyLimitFor("/admin/wholesale-orders/WO-26-ABCD2345")).toBeGreaterThan(10 * 1024 * 1024);
    expect(bodyLimitFor("/admin/wholesale-orders")).toBe(1024 * 1024);
  });
  it("knows the HTTP methods the shop answers", () => {
    expect(isAllowedMethod("POST")).toBe(true);
    expect(isAllowedMethod("PROPFIND")).toBe(false);
    expect(isAllowedMethod("TRACE")).toBe(false);
  });
});

describe("body types at the door", () => {
  it("lets forms through everywhere and JSON only to the Stripe webhook", () => {
    expect(unsupportedBodyType("/cart", "application/x-www-form-urlencoded")).toBeNull();
    expect(unsupportedBodyType("/admin/products/1", "multipart/form-data; boundary=x")).toBeNull();
    expect(unsupportedBodyType("/webhooks/stripe", "application/json; charset=utf-8")).toBeNull();
    expect(unsupportedBodyType("/cart", "application/json")).toMatch(/takes a form/);
    expect(unsupportedBodyType("/cart", undefined)).toMatch(/without a type/);
    expect(unsupportedBodyType("/webhooks/stripe", "application/x-www-form-urlencoded")).toMatch(/application\/json/);
    expect(unsupportedBodyType("/pos/sync", "application/json")).toBeNull();
    expect(unsupportedBodyType("/pos/sync", "application/x-www-form-urlencoded")).toMatch(/application\/json/);
    expect(bodyLimitFor("/pos/sync")).toBe(2 * 1024 * 1024);
  });
  it("holds the till's sync to JSON and 2 MB with a trailing slash too", () => {
    expect(unsupportedBodyType("/pos/sync/", "application/x-www-form-urlencoded")).toMatch(/till's sync takes application\/json/);
    expect(unsupportedBodyType("/pos/sync/", "application/json")).toBeNull();
    expect(bodyLimitFor("/pos/sync/")).toBe(2 * 1024 * 1024);
    expect(bodyLimitFor("/pos/sync//")).toBe(1024 * 1024);
  });
});
