import { treesOwed, USD_CENTS_PER_TREE } from "./impact";

/**
 * Tree numbering, which ties every tree to the entries that paid for it. Entries in id order (the ledger is
 * append-only, so the numbering never changes): S is the running sum of US cents, M its running maximum from 0.
 * Entry i funds the money range (M_{i-1}, M_i], empty when M doesn't rise (a refund, or sales making up for one).
 * Tree k is the money range ((k-1)·150000, k·150000]. Plantings in (planted_on, id) order cover trees
 * consecutively. The database computes the same with window functions (app/models/impact/ledger.server.ts).
 */
export type MoneyRange = { from: number; to: number };
export type TreeRange = { first: number; last: number };

/** The money range each entry funds, in order. */
export function fundedMoneyRanges(usdCents: readonly number[]): MoneyRange[] {
  let sum = 0;
  let max = 0;
  return usdCents.map((cents) => {
    sum += cents;
    const from = max;
    max = Math.max(max, sum);
    return { from, to: max };
  });
}

/** The trees a money range touches (any part of their money), or null for an empty range. */
export function treesTouched(range: MoneyRange): TreeRange | null {
  if (range.to <= range.from) return null;
  return { first: Math.floor(range.from / USD_CENTS_PER_TREE) + 1, last: Math.ceil(range.to / USD_CENTS_PER_TREE) };
}

/** The trees each planting covers, plantings already in (planted_on, id) order. */
export function plantingTreeRanges(treeCounts: readonly number[]): TreeRange[] {
  let planted = 0;
  return treeCounts.map((count) => {
    const first = planted + 1;
    planted += count;
    return { first, last: planted };
  });
}

/** How many trees lie in both ranges. */
export function overlap(a: TreeRange, b: TreeRange): number {
  return Math.max(0, Math.min(a.last, b.last) - Math.max(a.first, b.first) + 1);
}

/** Funded trees no planting covers yet; plantings ahead of funding leave nothing to plant, never a negative. */
export function treesToPlant(treesFunded: number, treesPlanted: number): number {
  return Math.max(0, treesFunded - treesPlanted);
}

/** Trees planted: the plantings' counts. Refunds never enter it, so a tree in the ground is never "unplanted". */
export function treesPlanted(treeCounts: readonly number[]): number {
  return treeCounts.reduce((a, b) => a + b, 0);
}

/** Trees funded by the whole ledger so far. */
export function treesFunded(usdCents: readonly number[]): number {
  return treesOwed(usdCents.reduce((a, b) => a + b, 0));
}

/**
 * Which entry funded the oldest tree still to plant (tree planted+1): the last entry whose running sum crossed
 * that tree's upper bound (a refund may have taken it back, and a later sale funded it again). Null when none waits.
 */
export function oldestUnplantedEntry(usdCents: readonly number[], planted: number): number | null {
  if (treesFunded(usdCents) <= planted) return null;
  const bound = (planted + 1) * USD_CENTS_PER_TREE;
  let sum = 0;
  let found: number | null = null;
  usdCents.forEach((cents, i) => {
    const before = sum;
    sum += cents;
    if (before < bound && bound <= sum) found = i;
  });
  return found;
}

/**
 * How many of each planting's trees a set of entries (say, one producer group's) touched, each tree counted once:
 * `mine[i]` says whether entry i belongs to the set. Zero counts are left out.
 */
export function plantingsTouched(usdCents: readonly number[], mine: readonly boolean[], treeCounts: readonly number[]): { planting: number; trees: number }[] {
  const touched = new Set<number>();
  fundedMoneyRanges(usdCents).forEach((range, i) => {
    const trees = mine[i] ? treesTouched(range) : null;
    if (trees) for (let k = trees.first; k <= trees.last; k++) touched.add(k);
  });
  return plantingTreeRanges(treeCounts)
    .map((range, planting) => {
      let trees = 0;
      for (const k of touched) if (k >= range.first && k <= range.last) trees++;
      return { planting, trees };
    })
    .filter((p) => p.trees > 0);
}
