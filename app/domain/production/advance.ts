import { minorUnitDigits, money, type Money } from "~/domain/money/money";
import { Refusal } from "~/domain/platform/refusal";

/**
 * The producer advance (WFTO Principle 3: at least half before production begins) and the importer's deposit.
 * Pure integer arithmetic in minor units; nothing here rounds down what is owed to a producer.
 */

export type AdvanceSplit = { advance: Money; balance: Money };

function ceilDiv(numerator: bigint, denominator: bigint): bigint {
  return (numerator + denominator - 1n) / denominator;
}

function requireAmount(amount: Money, what: string) {
  if (!Number.isSafeInteger(amount.amountMinor) || amount.amountMinor < 0) {
    throw Refusal.invalid(`${what} must be a whole number of minor units, zero or more; got ${amount.amountMinor}`);
  }
}

/**
 * Splits a producer group's total: advance = half, rounded up to a whole unit of the currency (whole rupiah for
 * IDR, whose minor units are sen ×100); balance = the rest. The advance never exceeds the total, so a total
 * below one whole unit is paid in full up front.
 */
export function splitAdvance(total: Money): AdvanceSplit {
  requireAmount(total, "A production order's total");
  const unit = 10n ** BigInt(minorUnitDigits(total.currency));
  const totalMinor = BigInt(total.amountMinor);
  const halfInWholeUnits = ceilDiv(totalMinor, 2n * unit) * unit;
  const advanceMinor = halfInWholeUnits < totalMinor ? halfInWholeUnits : totalMinor;
  return {
    advance: money(Number(advanceMinor), total.currency),
    balance: money(Number(totalMinor - advanceMinor), total.currency),
  };
}

export const defaultDepositPercent = 50;

/** What the importer pays up front: `depositPercent` (0–100, the importer's own, 50 by default) of the order total, rounded up to the minor unit. */
export function importerDeposit(orderTotal: Money, depositPercent: number = defaultDepositPercent): Money {
  requireAmount(orderTotal, "An order total");
  if (!Number.isInteger(depositPercent) || depositPercent < 0 || depositPercent > 100) {
    throw Refusal.invalid(`A deposit share must be a whole percentage from 0 to 100; got ${depositPercent}`, { field: "depositPercent" });
  }
  return money(Number(ceilDiv(BigInt(orderTotal.amountMinor) * BigInt(depositPercent), 100n)), orderTotal.currency);
}
