import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { outboxRetry, retryDelaySeconds, shouldRetry } from "./outbox";

describe("outbox retry policy", () => {
  it("doubles the wait after each failure, starting at 30 seconds", () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelaySeconds(n))).toEqual([30, 60, 120, 240, 480]);
  });

  it("never waits longer than an hour, however many failures", () => {
    expect(retryDelaySeconds(8)).toBe(3600);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (n) => {
        const delay = retryDelaySeconds(n);
        return delay >= outboxRetry.baseSeconds && delay <= outboxRetry.capSeconds && delay <= retryDelaySeconds(n + 1);
      }),
    );
  });

  it("gives up after the last allowed attempt", () => {
    expect(shouldRetry(outboxRetry.maxAttempts - 1)).toBe(true);
    expect(shouldRetry(outboxRetry.maxAttempts)).toBe(false);
    expect(shouldRetry(2, { baseSeconds: 1, capSeconds: 10, maxAttempts: 2 })).toBe(false);
  });
});
