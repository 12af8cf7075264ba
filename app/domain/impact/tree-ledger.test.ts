import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { treesOwed, USD_CENTS_PER_TREE } from "./impact";
import { fundedMoneyRanges, oldestUnplantedEntry, overlap, plantingsTouched, plantingTreeRanges, treesFunded, treesPlanted, treesToPlant, treesTouched } from "./tree-ledger";

const TREE = USD_CENTS_PER_TREE;
const sale = fc.integer({ min: 0, max: 2_000_000 });
/** A ledger of sales and refunds, each refund no bigger than what came before it (as in the shop). */
const ledgerWithRefunds = fc.array(fc.tuple(sale, fc.boolean(), fc.integer({ min: 0, max: 100 })), { maxLength: 60 }).map((steps) => {
  const entries: number[] = [];
  let sum = 0;
  for (const [amount, isRefund, percent] of steps) {
    const cents = isRefund ? -Math.floor((sum * percent) / 100) : amount;
    entries.push(cents);
    sum += cents;
  }
  return entries;
});
const plantings = fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 10 });

describe("trees owed", () => {
  it("never falls as turnover without refunds grows", () => {
    fc.assert(
      fc.property(fc.array(sale, { maxLength: 80 }), (entries) => {
        let sum = 0;
        let previous = 0;
        for (const cents of entries) {
          sum += cents;
          const owed = treesOwed(sum);
          expect(owed).toBeGreaterThanOrEqual(previous);
          expect(owed * TREE).toBeLessThanOrEqual(sum);
          expect((owed + 1) * TREE).toBeGreaterThan(sum);
          previous = owed;
        }
      }),
    );
  });

  it("gives each sale a money range that only moves forward, and ranges that tile the funded money exactly", () => {
    fc.assert(
      fc.property(ledgerWithRefunds, (entries) => {
        const ranges = fundedMoneyRanges(entries);
        let reached = 0;
        ranges.forEach((range) => {
          expect(range.from).toBe(reached);
          expect(range.to).toBeGreaterThanOrEqual(range.from);
          reached = range.to;
        });
        const sum = entries.reduce((a, b) => a + b, 0);
        expect(reached).toBeGreaterThanOrEqual(sum);
      }),
    );
  });
});

describe("refunds and plantings", () => {
  it("never reduce trees planted, and leave a deficit that later sales make up first", () => {
    fc.assert(
      fc.property(ledgerWithRefunds, plantings, fc.array(sale, { maxLength: 20 }), (entries, counts, later) => {
        const planted = treesPlanted(counts);
        const funded = treesFunded(entries);
        // Refunds change what is funded, never what is planted.
        expect(treesPlanted(counts)).toBe(counts.reduce((a, b) => a + b, 0));
        expect(treesToPlant(funded, planted)).toBeGreaterThanOrEqual(0);
        expect(treesToPlant(funded, planted)).toBe(Math.max(0, funded - planted));
        // The deficit carries forward: later sales first fund the trees already planted ahead.
        const after = [...entries, ...later];
        const fundedAfter = treesFunded(after);
        expect(fundedAfter).toBeGreaterThanOrEqual(funded);
        expect(treesToPlant(fundedAfter, planted)).toBe(Math.max(0, fundedAfter - planted));
        const deficit = Math.max(0, planted - funded);
        expect(treesToPlant(fundedAfter, planted)).toBe(treesToPlant(funded, planted) + Math.max(0, fundedAfter - funded - deficit));
      }),
    );
  });

  it("keep trees planted rising through any mix of sales, refunds and plantings", () => {
    fc.assert(
      fc.property(ledgerWithRefunds, fc.array(fc.nat({ max: 59 }), { maxLength: 10 }), (entries, plantAfter) => {
        let planted = 0;
        const counts: number[] = [];
        entries.forEach((_, i) => {
          const before = treesPlanted(counts);
          // Staff plant what is owed at the moments chosen; a refund in between never takes a tree back out.
          if (plantAfter.includes(i)) {
            const owed = treesToPlant(treesFunded(entries.slice(0, i + 1)), before);
            if (owed > 0) counts.push(owed);
          }
          expect(treesPlanted(counts)).toBeGreaterThanOrEqual(planted);
          planted = treesPlanted(counts);
          expect(treesToPlant(treesFunded(entries.slice(0, i + 1)), planted)).toBeGreaterThanOrEqual(0);
        });
      }),
    );
  });

  it("a refund that crosses a tree boundary lowers trees funded but not trees planted", () => {
    const entries = [2 * TREE, -1];
    expect(treesFunded(entries)).toBe(1);
    expect(treesPlanted([2])).toBe(2);
    expect(treesToPlant(treesFunded(entries), 2)).toBe(0);
    // The next sale first makes up the cent, then funds tree #3 only once it is paid in full.
    expect(treesToPlant(treesFunded([...entries, 1]), 2)).toBe(0);
    expect(treesToPlant(treesFunded([...entries, 1 + TREE]), 2)).toBe(1);
  });
});

describe("tree numbering", () => {
  it("touches the trees a money range overlaps", () => {
    expect(treesTouched({ from: 0, to: 100_000 })).toEqual({ first: 1, last: 1 });
    expect(treesTouched({ from: 100_000, to: 200_000 })).toEqual({ first: 1, last: 2 });
    expect(treesTouched({ from: TREE, to: 2 * TREE })).toEqual({ first: 2, last: 2 });
    expect(treesTouched({ from: 5, to: 5 })).toBeNull();
  });

  it("numbers plantings' trees consecutively", () => {
    expect(plantingTreeRanges([1, 2, 5])).toEqual([
      { first: 1, last: 1 },
      { first: 2, last: 3 },
      { first: 4, last: 8 },
    ]);
    expect(overlap({ first: 2, last: 3 }, { first: 3, last: 9 })).toBe(1);
    expect(overlap({ first: 2, last: 3 }, { first: 4, last: 9 })).toBe(0);
  });

  it("finds the plantings a group's entries reached, each tree once", () => {
    const entries = [100_000, 100_000, -50_000, 200_000, 250_000];
    const groupA = [true, false, true, true, false];
    expect(plantingsTouched(entries, groupA, [1, 2, 5])).toEqual([
      { planting: 0, trees: 1 },
      { planting: 1, trees: 2 },
    ]);
    expect(plantingsTouched(entries, groupA.map((a) => !a), [1, 2, 5])).toEqual([
      { planting: 0, trees: 1 },
      { planting: 1, trees: 2 },
      { planting: 2, trees: 1 },
    ]);
  });

  it("every funded tree is touched by some entry, and every group's share fits in the plantings", () => {
    fc.assert(
      fc.property(ledgerWithRefunds, plantings, (entries, counts) => {
        const everyone = entries.map(() => true);
        const touched = plantingsTouched(entries, everyone, counts);
        const coveredFunded = Math.min(treesFunded(entries), treesPlanted(counts));
        expect(touched.reduce((n, p) => n + p.trees, 0)).toBeGreaterThanOrEqual(coveredFunded);
        touched.forEach((p) => expect(p.trees).toBeLessThanOrEqual(counts[p.planting]!));
      }),
    );
  });

  it("dates the oldest unplanted tree by the last sale that funded it", () => {
    expect(oldestUnplantedEntry([2 * TREE, -10_000, 20_000], 1)).toBe(2);
    expect(oldestUnplantedEntry([2 * TREE], 1)).toBe(0);
    expect(oldestUnplantedEntry([2 * TREE], 2)).toBeNull();
    expect(oldestUnplantedEntry([], 0)).toBeNull();
  });
});
