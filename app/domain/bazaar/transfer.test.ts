import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isRefusal } from "~/domain/platform/refusal";
import { planReceipt, planReturn, planSend, transferTotals } from "./transfer";

const sent = [
  { variantId: 1, quantitySent: 5, label: "Rattan basket (KR-1)" },
  { variantId: 2, quantitySent: 2, label: "Silver ring (KR-2)" },
];

describe("sending", () => {
  it("keeps the pieces chosen and drops the ones left at zero", () => {
    expect(planSend([{ variantId: 1, quantity: 3 }, { variantId: 2, quantity: 0 }])).toEqual([{ variantId: 1, quantity: 3 }]);
  });

  it("refuses nothing chosen, negative or fractional quantities and a piece twice", () => {
    for (const lines of [[], [{ variantId: 1, quantity: 0 }], [{ variantId: 1, quantity: -2 }], [{ variantId: 1, quantity: 1.5 }], [{ variantId: 1, quantity: 1 }, { variantId: 1, quantity: 2 }], [{ variantId: 1, quantity: 10_001 }]]) {
      expect(isRefusal(planSend(lines), "invalid")).toBe(true);
    }
  });
});

describe("receiving", () => {
  it("records what arrived, with a reason only for a difference", () => {
    const planned = planReceipt(sent, [
      { variantId: 1, quantityReceived: 4, reason: " one cracked on the road " },
      { variantId: 2, quantityReceived: 2, reason: "ignored" },
    ]);
    expect(planned).toEqual([
      { variantId: 1, quantitySent: 5, quantityReceived: 4, differenceReason: "one cracked on the road" },
      { variantId: 2, quantitySent: 2, quantityReceived: 2, differenceReason: null },
    ]);
  });

  it("needs a reason for a difference, and refuses more than was sent", () => {
    const noReason = planReceipt(sent, [{ variantId: 1, quantityReceived: 3, reason: "" }, { variantId: 2, quantityReceived: 2, reason: "" }]);
    expect(isRefusal(noReason, "invalid") && noReason.message).toMatch(/Say why 2 of Rattan basket/);
    const tooMany = planReceipt(sent, [{ variantId: 1, quantityReceived: 6, reason: "extra" }, { variantId: 2, quantityReceived: 2, reason: "" }]);
    expect(isRefusal(tooMany, "invalid") && tooMany.message).toMatch(/can't have arrived/);
  });

  it("refuses a line left uncounted, counted twice, not on the transfer or negative", () => {
    const cases = [
      [{ variantId: 1, quantityReceived: 5, reason: "" }],
      [{ variantId: 1, quantityReceived: 5, reason: "" }, { variantId: 1, quantityReceived: 5, reason: "" }, { variantId: 2, quantityReceived: 2, reason: "" }],
      [{ variantId: 1, quantityReceived: 5, reason: "" }, { variantId: 2, quantityReceived: 2, reason: "" }, { variantId: 9, quantityReceived: 1, reason: "" }],
      [{ variantId: 1, quantityReceived: -1, reason: "lost" }, { variantId: 2, quantityReceived: 2, reason: "" }],
    ];
    for (const counted of cases) expect(isRefusal(planReceipt(sent, counted), "invalid")).toBe(true);
  });

  it("never plans more received than sent, and every difference has its reason", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 50 }), fc.integer({ min: -3, max: 60 }), fc.boolean()), { minLength: 1, maxLength: 6 }), (rows) => {
        const lines = rows.map(([quantitySent], i) => ({ variantId: i + 1, quantitySent, label: `piece ${i + 1}` }));
        const counted = rows.map(([, quantityReceived, withReason], i) => ({ variantId: i + 1, quantityReceived, reason: withReason ? "broken" : "" }));
        const planned = planReceipt(lines, counted);
        if (isRefusal(planned)) return;
        for (const p of planned) {
          expect(p.quantityReceived).toBeGreaterThanOrEqual(0);
          expect(p.quantityReceived).toBeLessThanOrEqual(p.quantitySent);
          expect(p.differenceReason !== null).toBe(p.quantityReceived !== p.quantitySent);
        }
      }),
    );
  });
});

describe("returning and totals", () => {
  it("returns every piece on hand and refuses when nothing is left", () => {
    expect(planReturn([{ variantId: 1, onHand: 3 }, { variantId: 2, onHand: 0 }, { variantId: 3, onHand: -1 }])).toEqual([{ variantId: 1, quantity: 3 }]);
    expect(isRefusal(planReturn([{ variantId: 2, onHand: 0 }]), "conflict")).toBe(true);
  });

  it("counts received only once every line is counted", () => {
    expect(transferTotals([{ quantitySent: 5, quantityReceived: null }])).toEqual({ sent: 5, received: null });
    expect(transferTotals([{ quantitySent: 5, quantityReceived: 4 }, { quantitySent: 2, quantityReceived: 2 }])).toEqual({ sent: 7, received: 6 });
  });
});
