import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { goodsShare, producerShares, refundUsdMinor, splitExactly } from "./turnover";

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

  it("counts the pieces of a payment, never its shipping or freight", () => {
    // A US$12 pen cup with US$20 shipping brings US$12 of handicraft turnover.
    expect(goodsShare(3200, 1200, 3200)).toBe(1200);
    // Half paid (a deposit): half of the pieces, rounded half up.
    expect(goodsShare(1601, 1200, 3200)).toBe(600);
    expect(goodsShare(5000, 5000, 5000)).toBe(5000);
    expect(goodsShare(5000, 0, 5000)).toBe(0);
    expect(goodsShare(5000, 100, 0)).toBe(0);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.integer({ min: 1, max: 10 ** 12 }), fc.integer({ min: 0, max: 10 ** 12 }), (goods, shipping, paidBase) => {
        const total = goods + shipping;
        const paid = paidBase % (total + 1);
        const share = goodsShare(paid, goods, total);
        expect(share).toBeGreaterThanOrEqual(0);
        expect(share).toBeLessThanOrEqual(paid);
        // Paying the whole order counts exactly its pieces.
        expect(goodsShare(total, goods, total)).toBe(goods);
      }),
    );
  });
});
