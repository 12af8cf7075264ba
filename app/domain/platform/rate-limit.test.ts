import { describe, expect, it } from "vitest";
import { accountAddressLimit, loginLimitKeys, loginLimits, retryAfterSeconds, windowStart } from "./rate-limit";

describe("rate-limit windows", () => {
  it("puts moments in fixed windows and says how long until the next", () => {
    const rule = { windowSeconds: 900, limit: 5 };
    const now = new Date("2026-11-23T08:07:30Z");
    expect(windowStart(now, rule).toISOString()).toBe("2026-11-23T08:00:00.000Z");
    expect(retryAfterSeconds(now, rule)).toBe(450);
    expect(retryAfterSeconds(new Date("2026-11-23T08:14:59.999Z"), rule)).toBe(1);
  });
  it("limits an account from one address more tightly than an address, and an address more tightly than the account everywhere", () => {
    expect(loginLimits.account.limit).toBeLessThan(loginLimits.ip.limit);
    expect(loginLimits.ip.limit).toBeLessThan(loginLimits.accountEverywhere.limit);
  });
  it("keys an account by its email in any case, apart from address counters", () => {
    expect(loginLimitKeys.account(" Dewi@Kriya.example ")).toBe(loginLimitKeys.account("dewi@kriya.example"));
    expect(loginLimitKeys.account("203.0.113.9")).not.toBe(loginLimitKeys.ip("203.0.113.9"));
  });
  it("nests an account's per-address keys under its account key, so a reset can clear them all", () => {
    const key = loginLimitKeys.accountFrom("Dewi@Kriya.example", "203.0.113.9");
    expect(key.startsWith(`${loginLimitKeys.account("dewi@kriya.example")}|`)).toBe(true);
    expect(key).not.toBe(loginLimitKeys.accountFrom("dewi@kriya.example", "203.0.113.10"));
  });
  it("gives each address one wrong password per window once an account is attacked from many, instead of locking it", () => {
    expect(accountAddressLimit(0)).toBe(loginLimits.account.limit);
    expect(accountAddressLimit(loginLimits.accountEverywhere.limit - 1)).toBe(loginLimits.account.limit);
    expect(accountAddressLimit(loginLimits.accountEverywhere.limit)).toBe(1);
    expect(accountAddressLimit(10_000)).toBeGreaterThan(0);
  });
});
