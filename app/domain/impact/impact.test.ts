import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { piecesPerTree, treeShareHundredths, treesOwed, USD_CENTS_PER_TREE } from "./impact";

describe("impact", () => {
  it("owes one tree per full US$1,500", () => {
    expect(treesOwed(0)).toBe(0);
    expect(treesOwed(149_999)).toBe(0);
    expect(treesOwed(150_000)).toBe(1);
    expect(treesOwed(299_999)).toBe(1);
    expect(treesOwed(-5)).toBe(0);
  });

  it("never owes more trees when turnover is split differently", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5_000_000 }), { maxLength: 30 }), (amounts) => {
        const total = amounts.reduce((a, b) => a + b, 0);
        expect(amounts.reduce((n, a) => n + treesOwed(a), 0)).toBeLessThanOrEqual(treesOwed(total));
      }),
    );
  });

  it("says what share of a tree an order funds", () => {
    expect(treeShareHundredths(34_500)).toBe(23); // $345 → 0.23 of a tree
    expect(treeShareHundredths(USD_CENTS_PER_TREE)).toBe(100);
  });

  it("says how many pieces plant a tree", () => {
    expect(piecesPerTree(12_500)).toBe(12);
    expect(piecesPerTree(12_600)).toBe(12);
    expect(piecesPerTree(12_400)).toBe(13);
    expect(piecesPerTree(0)).toBe(Infinity);
  });
});
