import { divRoundHalfUp } from "~/domain/money/money";
/**
 * Turnover entries are split by producer group, so each group's share of a sale (and of its refunds) is known.
 * Shares follow the lines' totals; rounding uses the largest remainder, so the parts always add up exactly.
 */
export type ProducerLine = { producerId: number; lineTotalMinor: number };
export type ProducerShare = { producerId: number; amountMinor: number; usdMinor: number };

/** Splits `total` in proportion to `weights` (non-negative integers), exactly, largest remainder first. */
export function splitExactly(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total)) throw new RangeError("The total must be a whole number of minor units");
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) throw new RangeError("Weights must be non-negative whole numbers");
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (sum === 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const sign = total < 0 ? -1 : 1;
  const magnitude = Math.abs(total);
  // BigInt keeps the products exact for any realistic amount.
  const exact = weights.map((w) => (BigInt(magnitude) * BigInt(w)));
  const parts = exact.map((e) => Number(e / BigInt(sum)));
  let left = magnitude - parts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((e, i) => ({ i, remainder: Number(e % BigInt(sum)) }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of order) {
    if (left === 0) break;
    parts[i]! += 1;
    left -= 1;
  }
  return parts.map((p) => sign * p);
}

/** One share per producer group, lines of the same group added together, in the order the groups first appear. */
export function producerShares(lines: readonly ProducerLine[], amountMinor: number, usdMinor: number): ProducerShare[] {
  const byProducer = new Map<number, number>();
  for (const line of lines) byProducer.set(line.producerId, (byProducer.get(line.producerId) ?? 0) + line.lineTotalMinor);
  const producers = [...byProducer.keys()];
  const weights = [...byProducer.values()];
  const amounts = splitExactly(amountMinor, weights);
  const usd = splitExactly(usdMinor, weights);
  return producers.map((producerId, i) => ({ producerId, amountMinor: amounts[i]!, usdMinor: usd[i]! }));
}

/**
 * The US cents a refund takes off turnover, as a new entry: the difference between the cumulative refund's value
 * before and after, each rounded once, so many small refunds add up to exactly what one big one would.
 */
export function refundUsdMinor(order: { totalMinor: number; totalUsdMinor: number }, refundedBefore: number, refundedAfter: number): number {
  if (order.totalMinor <= 0) return 0;
  const valueOf = (refunded: number) => Math.round((order.totalUsdMinor * refunded) / order.totalMinor);
  return -(valueOf(refundedAfter) - valueOf(refundedBefore));
}

/**
 * Handicraft turnover counts the pieces, never the postage or freight paid with them: the goods' part of an amount
 * paid for goods plus shipping, in proportion (rounded half up), so a payment of the whole is worth exactly the goods.
 */
export function goodsShare(amountMinor: number, goodsMinor: number, totalMinor: number): number {
  if (totalMinor <= 0 || goodsMinor <= 0) return 0;
  if (goodsMinor >= totalMinor) return amountMinor;
  return Number(divRoundHalfUp(BigInt(amountMinor) * BigInt(goodsMinor), BigInt(totalMinor)));
}
