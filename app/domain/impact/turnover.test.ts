import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { producerShares, refundUsdMinor, splitExactly } from "./turnover";

describe("splitting turnover by producer group", () => {
  it("splits in proportion to the lines, largest remainder first", () => {
    expect(splitExactly(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(splitExactly(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(splitExactly(1000, [750, 250])).toEqual([750, 250]);
    expect(splitExactly(7, [0, 0])).toEqual([7, 0]);
  });

  it("always adds up to the total and never gives a group more than its share plus one", () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 8 }), (total, weights) => {
        const parts = splitExactly(total, weights);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        const sum = weights.reduce((a, b) => a + b, 0);
        if (sum > 0) parts.forEach((p, i) => expect(Math.abs(p - (total * weights[i]!) / sum)).toBeLessThan(1));
      }),
    );
  });

  it("adds lines of one group together", () => {
    const shares = producerShares(
      [
        { producerId: 7, lineTotalMinor: 3000 },
        { producerId: 9, lineTotalMinor: 1000 },
        { producerId: 7, lineTotalMinor: 1000 },
      ],
      5500,
      5500,
    );
    expect(shares).toEqual([
      { producerId: 7, amountMinor: 4400, usdMinor: 4400 },
      { producerId: 9, amountMinor: 1100, usdMinor: 1100 },
    ]);
  });

  it("values refunds so that many small ones add up to one big one", () => {
    const order = { totalMinor: 3, totalUsdMinor: 100 };
    const steps = refundUsdMinor(order, 0, 1) + refundUsdMinor(order, 1, 2) + refundUsdMinor(order, 2, 3);
    expect(steps).toBe(-100);
    expect(refundUsdMinor(order, 0, 3)).toBe(-100);
    expect(refundUsdMinor(order, 2, 2)).toBe(-0);
  });
});
