/** One tree is planted for every US$1,500 of handicraft turnover, on every channel. */
export const USD_CENTS_PER_TREE = 150_000;

export function treesOwed(cumulativeUsdCents: number): number {
  if (cumulativeUsdCents <= 0) return 0;
  return Math.floor(cumulativeUsdCents / USD_CENTS_PER_TREE);
}

/** Share of a tree funded by an amount, in hundredths (0.23 of a tree → 23). */
export function treeShareHundredths(usdCents: number): number {
  if (usdCents <= 0) return 0;
  return Math.floor((usdCents * 100) / USD_CENTS_PER_TREE);
}

/** "Every 12 sold plants a tree": pieces needed, rounded up. */
export function piecesPerTree(unitUsdCents: number): number {
  if (unitUsdCents <= 0) return Infinity;
  return Math.ceil(USD_CENTS_PER_TREE / unitUsdCents);
}
