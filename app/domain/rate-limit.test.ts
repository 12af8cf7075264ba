import { describe, expect, it } from "vitest";
import { loginLimits, retryAfterSeconds, windowStart } from "./rate-limit";

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
});
