import { describe, expect, it } from "vitest";
import { loginLimitKeys, loginLimits, retryAfterSeconds, windowStart } from "./rate-limit";

describe("rate-limit windows", () => {
  it("puts moments in fixed windows and says how long until the next", () => {
    const rule = { windowSeconds: 900, limit: 5 };
    const now = new Date("2026-11-23T08:07:30Z");
    expect(windowStart(now, rule).toISOString()).toBe("2026-11-23T08:00:00.000Z");
    expect(retryAfterSeconds(now, rule)).toBe(450);
    expect(retryAfterSeconds(new Date("2026-11-23T08:14:59.999Z"), rule)).toBe(1);
  });
  it("limits an account more tightly than an address", () => {
    expect(loginLimits.account.limit).toBeLessThan(loginLimits.ip.limit);
  });
  it("keys an account by its email in any case, apart from address counters", () => {
    expect(loginLimitKeys.account(" Dewi@Kriya.example ")).toBe(loginLimitKeys.account("dewi@kriya.example"));
    expect(loginLimitKeys.account("203.0.113.9")).not.toBe(loginLimitKeys.ip("203.0.113.9"));
  });
});
