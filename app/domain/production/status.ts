import { minorUnitDigits, money, type Money } from "~/domain/money/money";
import { Refusal } from "~/domain/platform/refusal";

/**
 * Production order states: draft → advance_paid → in_production → qc_passed | qc_failed; a failed QC goes back
 * to in_production for rework and re-inspection; qc_passed → balance_paid → received. Any state before
 * received may be cancelled. The database enforces the advance too (production_needs_advance); this is the
 * same rule in words a person can act on.
 */
export const productionStatuses = ["draft", "advance_paid", "in_production", "qc_passed", "qc_failed", "balance_paid", "received", "cancelled"] as const;
export type ProductionStatus = (typeof productionStatuses)[number];

/** What the rules need to know of an order: its status and whether its advance payout is recorded. */
export type ProductionState = { readonly status: ProductionStatus; readonly advancePaid: boolean };

export const productionActions = ["record_advance", "start_production", "pass_qc", "fail_qc", "rework", "pay_balance", "receive", "cancel"] as const;
export type ProductionAction = (typeof productionActions)[number];

const moves: Record<Exclude<ProductionAction, "cancel">, { from: ProductionStatus; to: ProductionStatus; refusal: string }> = {
  record_advance: { from: "draft", to: "advance_paid", refusal: "The advance can only be recorded on a draft production order" },
  start_production: { from: "advance_paid", to: "in_production", refusal: "Production starts once, after the advance is paid" },
  pass_qc: { from: "in_production", to: "qc_passed", refusal: "QC can only be recorded while the order is in production" },
  fail_qc: { from: "in_production", to: "qc_failed", refusal: "QC can only be recorded while the order is in production" },
  rework: { from: "qc_failed", to: "in_production", refusal: "Only an order that failed QC goes back for rework" },
  pay_balance: { from: "qc_passed", to: "balance_paid", refusal: "The balance is paid only after QC has passed" },
  receive: { from: "balance_paid", to: "received", refusal: "Goods are received once the balance is paid" },
};

export const productionStatusLabels: Record<ProductionStatus, string> = {
  draft: "Draft",
  advance_paid: "Advance paid",
  in_production: "In production",
  qc_passed: "QC passed",
  qc_failed: "QC failed (rework)",
  balance_paid: "Balance paid",
  received: "Received",
  cancelled: "Cancelled",
};

/** The state after `action`, or a conflict refusal saying why it can't happen now. */
export function transition(state: ProductionState, action: ProductionAction): ProductionState | Refusal {
  const current = productionStatusLabels[state.status].toLowerCase();
  if (action === "cancel") {
    if (state.status === "received") return Refusal.conflict("Received goods can't be cancelled");
    if (state.status === "cancelled") return Refusal.conflict("This production order is already cancelled");
    return { ...state, status: "cancelled" };
  }
  const move = moves[action];
  if (action === "record_advance" && state.advancePaid) return Refusal.conflict("The advance for this production order is already recorded");
  if ((action === "start_production" || action === "rework") && !state.advancePaid) {
    return Refusal.conflict("Production can't start before the producer group's advance is paid");
  }
  if (state.status !== move.from) return Refusal.conflict(`${move.refusal} (it is ${current})`);
  return { status: move.to, advancePaid: state.advancePaid || action === "record_advance" };
}

export type CancellationSettlement = {
  /** The value of the work done, at the agreed share of the order's total. */
  workDone: Money;
  /** The advance stays with the group whatever the work done. */
  advanceKept: Money;
  /** What is still to pay the group: work done beyond the advance, never negative. */
  owed: Money;
};

/**
 * What a cancellation leaves owed to the group. `workDonePercent` (0–100) is the share of the order the group
 * and staff agree was made; its value rounds up to a whole unit (rupiah), capped at the total.
 */
export function owedOnCancellation(input: { total: Money; advancePaid: Money; workDonePercent: number }): CancellationSettlement {
  const { total, advancePaid, workDonePercent } = input;
  if (advancePaid.currency !== total.currency) throw Refusal.invalid(`The advance is in ${advancePaid.currency} but the order in ${total.currency}`);
  if (!Number.isSafeInteger(total.amountMinor) || total.amountMinor < 0) throw Refusal.invalid("The order total must be zero or more");
  if (!Number.isSafeInteger(advancePaid.amountMinor) || advancePaid.amountMinor < 0) throw Refusal.invalid("The advance paid must be zero or more");
  if (!Number.isInteger(workDonePercent) || workDonePercent < 0 || workDonePercent > 100) {
    throw Refusal.invalid("The share of work done must be a whole percentage from 0 to 100", { field: "workDonePercent" });
  }
  const unit = 10n ** BigInt(minorUnitDigits(total.currency));
  const totalMinor = BigInt(total.amountMinor);
  const raw = BigInt(total.amountMinor) * BigInt(workDonePercent);
  const rounded = ((raw + 100n * unit - 1n) / (100n * unit)) * unit;
  const workDoneMinor = rounded < totalMinor ? rounded : totalMinor;
  const owedMinor = workDoneMinor > BigInt(advancePaid.amountMinor) ? workDoneMinor - BigInt(advancePaid.amountMinor) : 0n;
  return {
    workDone: money(Number(workDoneMinor), total.currency),
    advanceKept: advancePaid,
    owed: money(Number(owedMinor), total.currency),
  };
}
