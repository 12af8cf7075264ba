import { convertToUsd, type Money } from "~/domain/money/money";

/**
 * Share of the retail price that goes to the makers, in whole percent (rounded down so it is never
 * overstated). The producer price is usually IDR, so it is converted to USD at the given rate first.
 */
export function producerSharePercent(
  retail: Money,
  producer: Money,
  producerPerUsdMicros: number,
): number | null {
  if (retail.currency !== "USD" || retail.amountMinor <= 0) return null;
  const producerUsd = convertToUsd(producer, producerPerUsdMicros);
  return Math.min(100, Math.floor((producerUsd.amountMinor * 100) / retail.amountMinor));
}
