import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { money } from "~/domain/money/money";
import { isRefusal, Refusal } from "~/domain/platform/refusal";
import { owedOnCancellation, productionActions, productionStatuses, transition, type ProductionAction, type ProductionState } from "./status";

function run(actions: ProductionAction[], start: ProductionState = { status: "draft", advancePaid: false }) {
  let state = start;
  for (const action of actions) {
    const next = transition(state, action);
    if (next instanceof Refusal) throw next;
    state = next;
  }
  return state;
}

function refusalOf(state: ProductionState, action: ProductionAction): Refusal {
  const next = transition(state, action);
  if (!(next instanceof Refusal)) throw new Error(`expected ${action} from ${state.status} to be refused, got ${next.status}`);
  expect(next.kind).toBe("conflict");
  return next;
}

describe("production transition", () => {
  it("walks the whole happy path, with a rework after a failed QC", () => {
    const state = run(["record_advance", "start_production", "fail_qc", "rework", "pass_qc", "pay_balance", "receive"]);
    expect(state).toEqual({ status: "received", advancePaid: true });
  });

  it("refuses to start production before the advance, even when the status claims it was paid", () => {
    expect(refusalOf({ status: "draft", advancePaid: false }, "start_production").message).toMatch(/before the producer group's advance is paid/);
    expect(refusalOf({ status: "advance_paid", advancePaid: false }, "start_production").message).toMatch(/advance/);
    expect(refusalOf({ status: "qc_failed", advancePaid: false }, "rework").message).toMatch(/advance/);
  });

  it("refuses the balance before QC passed, and after a failed QC", () => {
    expect(refusalOf(run(["record_advance", "start_production"]), "pay_balance").message).toBe("The balance is paid only after QC has passed (it is in production)");
    expect(refusalOf(run(["record_advance", "start_production", "fail_qc"]), "pay_balance").message).toMatch(/only after QC has passed/);
  });

  it("refuses to record the advance twice", () => {
    expect(refusalOf(run(["record_advance"]), "record_advance").message).toMatch(/already recorded/);
  });

  it("cancels from any state before received, and keeps what was known about the advance", () => {
    for (const status of productionStatuses.filter((s) => s !== "received" && s !== "cancelled")) {
      expect(transition({ status, advancePaid: true }, "cancel")).toEqual({ status: "cancelled", advancePaid: true });
    }
    expect(refusalOf({ status: "received", advancePaid: true }, "cancel").message).toMatch(/can't be cancelled/);
    expect(refusalOf({ status: "cancelled", advancePaid: false }, "cancel").message).toMatch(/already cancelled/);
    expect(refusalOf({ status: "cancelled", advancePaid: true }, "start_production").message).toMatch(/it is cancelled/);
  });

  it("model-based: no sequence of actions reaches in_production without an advance, or balance_paid without a passed QC", () => {
    const anyStart = fc.record({ status: fc.constantFrom(...productionStatuses), advancePaid: fc.boolean() });
    fc.assert(
      fc.property(anyStart, fc.array(fc.constantFrom(...productionActions), { maxLength: 40 }), (start, actions) => {
        // The model: only what the story says, tracked independently of the implementation.
        let state = start;
        let advanceRecorded = start.advancePaid;
        let previous = start.status;
        for (const action of actions) {
          const next = transition(state, action);
          if (next instanceof Refusal) {
            expect(isRefusal(next, "conflict")).toBe(true);
            continue;
          }
          if (action === "record_advance") {
            expect(advanceRecorded).toBe(false);
            advanceRecorded = true;
          }
          if (next.status === "in_production") expect(advanceRecorded).toBe(true);
          if (next.status === "balance_paid") expect(previous).toBe("qc_passed");
          if (next.status === "received") expect(previous).toBe("balance_paid");
          expect(previous === "received" || previous === "cancelled").toBe(false);
          expect(next.advancePaid).toBe(advanceRecorded);
          previous = next.status;
          state = next;
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("owedOnCancellation", () => {
  const idr = (amountMinor: number) => money(amountMinor, "IDR");

  it("owes the work done beyond the advance", () => {
    const settlement = owedOnCancellation({ total: idr(1_000_000_000), advancePaid: idr(500_000_000), workDonePercent: 80 });
    expect(settlement.workDone).toEqual(idr(800_000_000));
    expect(settlement.owed).toEqual(idr(300_000_000));
    expect(settlement.advanceKept).toEqual(idr(500_000_000));
  });

  it("owes nothing more, and claws nothing back, when the work done is worth less than the advance", () => {
    const settlement = owedOnCancellation({ total: idr(1_000_000_000), advancePaid: idr(500_000_000), workDonePercent: 10 });
    expect(settlement.owed).toEqual(idr(0));
    expect(settlement.advanceKept).toEqual(idr(500_000_000));
  });

  it("rounds the work done up to whole rupiah", () => {
    expect(owedOnCancellation({ total: idr(100_100), advancePaid: idr(0), workDonePercent: 50 }).workDone).toEqual(idr(50_100));
  });

  it("refuses a share outside 0–100 and mixed currencies", () => {
    expect(() => owedOnCancellation({ total: idr(100), advancePaid: idr(0), workDonePercent: 120 })).toThrow(/0 to 100/);
    expect(() => owedOnCancellation({ total: idr(100), advancePaid: money(1, "USD"), workDonePercent: 10 })).toThrow(/in USD/);
  });

  it("property: owed is never negative, and advance + owed covers the work done", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.integer({ min: 0, max: 10 ** 12 }), fc.integer({ min: 0, max: 100 }), (total, advance, share) => {
        const { owed, workDone, advanceKept } = owedOnCancellation({ total: idr(total), advancePaid: idr(advance), workDonePercent: share });
        expect(owed.amountMinor).toBeGreaterThanOrEqual(0);
        expect(advanceKept.amountMinor).toBe(advance);
        expect(advance + owed.amountMinor).toBeGreaterThanOrEqual(workDone.amountMinor);
        expect(workDone.amountMinor * 100).toBeGreaterThanOrEqual(total * share);
        expect(workDone.amountMinor).toBeLessThanOrEqual(total);
      }),
    );
  });
});
