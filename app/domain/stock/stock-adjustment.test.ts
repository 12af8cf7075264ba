import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { adjustmentReasons, adjustmentReasonText, parseAdjustmentForm, planAdjustment, stockAdjustmentInput, type AdjustmentReason } from "./stock-adjustment";

const form = (fields: Record<string, string>) => parseAdjustmentForm({ sku: "KR-1", locationId: "1", mode: "delta", quantity: "+5", reason: "count_correction", note: "", ...fields });

describe("the adjustment form", () => {
  it("reads a signed change or a count, by SKU or by variant id", () => {
    expect(form({})).toEqual({ ok: true, value: { target: { sku: "KR-1" }, locationId: 1, delta: 5, reason: "count_correction", note: "" } });
    expect(form({ quantity: "-2" })).toMatchObject({ ok: true, value: { delta: -2 } });
    expect(form({ quantity: "−2" })).toMatchObject({ ok: true, value: { delta: -2 } });
    expect(form({ mode: "count", quantity: "12" })).toMatchObject({ ok: true, value: { countedQuantity: 12 } });
    expect(form({ mode: "count", quantity: "0" })).toMatchObject({ ok: true, value: { countedQuantity: 0 } });
    expect(form({ sku: "", variantId: "42" })).toMatchObject({ ok: true, value: { target: { variantId: 42 } } });
  });

  it("rejects a zero change, a signed count, junk and huge numbers with a message per field", () => {
    expect(form({ quantity: "0" })).toEqual({ ok: false, errors: { quantity: expect.stringContaining("zero") } });
    expect(form({ quantity: "+0" })).toMatchObject({ ok: false, errors: { quantity: expect.stringContaining("zero") } });
    expect(form({ mode: "count", quantity: "-3" })).toMatchObject({ ok: false, errors: { quantity: expect.stringContaining("counted") } });
    expect(form({ quantity: "five" })).toMatchObject({ ok: false, errors: { quantity: expect.stringContaining("+5") } });
    expect(form({ quantity: "1.5" })).toMatchObject({ ok: false });
    expect(form({ quantity: "+999999" })).toMatchObject({ ok: false, errors: { quantity: expect.stringContaining("at most") } });
    expect(form({ mode: "guess" })).toMatchObject({ ok: false, errors: { mode: expect.any(String) } });
    expect(form({ locationId: "" })).toMatchObject({ ok: false, errors: { locationId: "Choose a location" } });
    expect(form({ sku: "" })).toMatchObject({ ok: false, errors: { sku: "Enter the SKU to adjust" } });
  });

  it("requires a reason from the list, and a note when the reason is Other", () => {
    expect(form({ reason: "" })).toMatchObject({ ok: false, errors: { reason: "Choose a reason for the adjustment" } });
    expect(form({ reason: "because" })).toMatchObject({ ok: false, errors: { reason: expect.any(String) } });
    expect(form({ reason: "other" })).toMatchObject({ ok: false, errors: { note: expect.stringContaining("Other") } });
    expect(form({ reason: "other", note: "   " })).toMatchObject({ ok: false, errors: { note: expect.any(String) } });
    expect(form({ reason: "other", note: "Photo shoot" })).toMatchObject({ ok: true, value: { reason: "other", note: "Photo shoot" } });
    expect(form({ note: "x".repeat(501) })).toMatchObject({ ok: false, errors: { note: expect.stringContaining("500") } });
  });

  it("the model's own schema wants exactly one of change and count", () => {
    const base = { variantId: 1, locationId: 1, reason: "lost" as const };
    expect(stockAdjustmentInput.safeParse({ ...base, delta: -1 }).success).toBe(true);
    expect(stockAdjustmentInput.safeParse({ ...base, delta: -1, countedQuantity: 3 }).success).toBe(false);
    expect(stockAdjustmentInput.safeParse(base).success).toBe(false);
    expect(stockAdjustmentInput.safeParse({ ...base, delta: 0 }).success).toBe(false);
    expect(stockAdjustmentInput.safeParse({ ...base, delta: 1, reason: "" }).success).toBe(false);
  });
});

describe("planning an adjustment", () => {
  it("turns a count into the difference from what is on hand", () => {
    expect(planAdjustment({ onHand: 7, reserved: 2 }, { countedQuantity: 12 }, "count_correction")).toEqual({
      ok: true,
      plan: { kind: "adjustment", quantity: 5, delta: { onHandDelta: 5, reservedDelta: 0 }, after: { onHand: 12, reserved: 2 } },
    });
    expect(planAdjustment({ onHand: 7, reserved: 0 }, { countedQuantity: 4 }, "count_correction")).toMatchObject({ ok: true, plan: { quantity: -3, after: { onHand: 4 } } });
    expect(planAdjustment({ onHand: 7, reserved: 0 }, { countedQuantity: 7 }, "count_correction")).toEqual({ ok: false, message: "There are already 7 on hand; nothing to change." });
  });

  it("records goods from a producer as a receipt", () => {
    expect(planAdjustment({ onHand: 0, reserved: 0 }, { delta: 10 }, "received")).toMatchObject({ ok: true, plan: { kind: "receipt", quantity: 10, after: { onHand: 10 } } });
  });

  it("keeps each reason to its direction", () => {
    expect(planAdjustment({ onHand: 5, reserved: 0 }, { delta: -1 }, "received")).toMatchObject({ ok: false, message: expect.stringContaining("can only add") });
    expect(planAdjustment({ onHand: 5, reserved: 0 }, { delta: 1 }, "damaged")).toMatchObject({ ok: false, message: expect.stringContaining("can only remove") });
    expect(planAdjustment({ onHand: 5, reserved: 0 }, { countedQuantity: 9 }, "lost")).toMatchObject({ ok: false });
    expect(planAdjustment({ onHand: 5, reserved: 0 }, { delta: -1 }, "other")).toMatchObject({ ok: true });
  });

  it("never removes reserved or missing stock, and says what is available", () => {
    expect(planAdjustment({ onHand: 3, reserved: 2 }, { delta: -2 }, "damaged")).toEqual({
      ok: false,
      message: "Can't remove 2: only 1 available (3 on hand, 2 reserved). Nothing was changed.",
    });
    expect(planAdjustment({ onHand: 3, reserved: 2 }, { countedQuantity: 1 }, "count_correction")).toMatchObject({ ok: false, message: expect.stringContaining("2 pieces are reserved") });
  });

  it("leaves every level it accepts within the stock invariants", () => {
    const reasons = adjustmentReasons.map((r) => r.code) as AdjustmentReason[];
    fc.assert(
      fc.property(
        fc.nat(50),
        fc.nat(50),
        fc.oneof(fc.integer({ min: -60, max: 60 }).map((delta) => ({ delta })), fc.nat(60).map((countedQuantity) => ({ countedQuantity }))),
        fc.constantFrom(...reasons),
        (a, b, change, reason) => {
          const level = { onHand: Math.max(a, b), reserved: Math.min(a, b) };
          const result = planAdjustment(level, change, reason);
          if (!result.ok) return;
          expect(result.plan.after.onHand).toBeGreaterThanOrEqual(result.plan.after.reserved);
          expect(result.plan.after.reserved).toBe(level.reserved);
          if ("countedQuantity" in change) expect(result.plan.after.onHand).toBe(change.countedQuantity);
        },
      ),
    );
  });
});

describe("the ledger's reason text", () => {
  it("names the reason, the count and the note", () => {
    expect(adjustmentReasonText("damaged", "")).toBe("Damaged");
    expect(adjustmentReasonText("count_correction", "Shelf B", 12)).toBe("Count correction (counted 12): Shelf B");
  });
});
