import { convertToUsd, minorUnitDigits, money, RATE_SCALE, type Money } from "~/domain/money/money";
import { Refusal } from "~/domain/platform/refusal";

/**
 * What a wholesale line earns over what the producer group is paid for it. Producer prices are in IDR, wholesale
 * prices in USD cents; the producer cost converts at the stored rate (IDR per US$1 ×1e6).
 */

export type LineMargin = {
  /** The producer cost per piece in USD cents, rounded half-up. */
  costUsd: Money;
  /** Price minus cost per piece, in cents; negative below cost. */
  margin: Money;
  /** Margin as a share of the price, to one decimal; null when there is no price. */
  marginPercent: number | null;
  belowCost: boolean;
};

function requireUsdPrice(unitPrice: Money) {
  if (unitPrice.currency !== "USD") throw Refusal.invalid(`Wholesale prices are in USD, not ${unitPrice.currency}`);
}

/**
 * Whether `unitPrice` is below the producer's cost, compared exactly (before rounding the cost to cents), so a
 * price a fraction of a cent under cost still counts.
 */
export function isBelowCost(unitPrice: Money, producerCost: Money, perUsdMicros: number): boolean {
  requireUsdPrice(unitPrice);
  if (producerCost.currency === "USD") return unitPrice.amountMinor < producerCost.amountMinor;
  // price/100 < cost/10^digits / (rate/1e6)  ⇔  price · rate · 10^digits < cost · 100 · 1e6
  const digitsShift = 10n ** BigInt(minorUnitDigits(producerCost.currency));
  return BigInt(unitPrice.amountMinor) * BigInt(perUsdMicros) * digitsShift < BigInt(producerCost.amountMinor) * 100n * RATE_SCALE;
}

export function lineMargin(input: { unitPrice: Money; producerCost: Money; perUsdMicros: number }): LineMargin {
  const { unitPrice, producerCost, perUsdMicros } = input;
  requireUsdPrice(unitPrice);
  if (!Number.isSafeInteger(perUsdMicros) || perUsdMicros <= 0) throw Refusal.invalid("An exchange rate must be above zero");
  const costUsd = convertToUsd(producerCost, perUsdMicros);
  const marginMinor = unitPrice.amountMinor - costUsd.amountMinor;
  const marginPercent = unitPrice.amountMinor > 0 ? Math.round((marginMinor * 1000) / unitPrice.amountMinor) / 10 : null;
  return { costUsd, margin: money(marginMinor, "USD"), marginPercent, belowCost: isBelowCost(unitPrice, producerCost, perUsdMicros) };
}

/**
 * A price below the producer's cost needs staff to confirm it on purpose and say why (a sample, a clearance).
 * Returns the reason to keep on the line (undefined when the price covers the cost), or refuses.
 */
export function belowCostReason(input: {
  unitPrice: Money;
  producerCost: Money;
  perUsdMicros: number;
  confirmed?: boolean;
  reason?: string | null;
  field?: string;
}): string | undefined {
  if (!isBelowCost(input.unitPrice, input.producerCost, input.perUsdMicros)) return undefined;
  const reason = input.reason?.trim() ?? "";
  if (!input.confirmed || reason.length === 0) {
    throw Refusal.invalid("This price is below the producer's cost: confirm it and give a reason", { field: input.field });
  }
  return reason;
}
