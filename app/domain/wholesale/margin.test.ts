import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { money } from "~/domain/money/money";
import { isRefusal } from "~/domain/platform/refusal";
import { belowCostReason, isBelowCost, lineMargin } from "./margin";

const usd = (cents: number) => money(cents, "USD");
const idr = (minor: number) => money(minor, "IDR");
const rate = 16_250_000_000; // Rp 16.250 per US$1

describe("lineMargin", () => {
  it("converts the producer cost at the stored rate and gives the margin in cents and percent", () => {
    // Rp 97.500 = US$6.00
    const result = lineMargin({ unitPrice: usd(1650), producerCost: idr(9_750_000), perUsdMicros: rate });
    expect(result).toEqual({ costUsd: usd(600), margin: usd(1050), marginPercent: 63.6, belowCost: false });
  });

  it("shows a negative margin below cost", () => {
    const result = lineMargin({ unitPrice: usd(500), producerCost: idr(9_750_000), perUsdMicros: rate });
    expect(result.margin).toEqual(usd(-100));
    expect(result.marginPercent).toBe(-20);
    expect(result.belowCost).toBe(true);
  });

  it("refuses a price not in USD and a rate of zero", () => {
    expect(() => lineMargin({ unitPrice: idr(500), producerCost: idr(100), perUsdMicros: rate })).toThrow(/in USD/);
    expect(() => lineMargin({ unitPrice: usd(500), producerCost: idr(100), perUsdMicros: 0 })).toThrow(/above zero/);
  });
});

describe("isBelowCost", () => {
  it("counts a price a fraction of a cent under cost, which rounding would hide", () => {
    // Rp 97.501 = US$6.00006…: $6.00 is under it, $6.01 is not
    expect(isBelowCost(usd(600), idr(9_750_100), rate)).toBe(true);
    expect(isBelowCost(usd(601), idr(9_750_100), rate)).toBe(false);
    expect(isBelowCost(usd(600), idr(9_750_000), rate)).toBe(false);
  });

  it("property: agrees with the cents margin whenever the cost converts to whole cents", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 100_000 }), (priceCents, costCents) => {
        const cost = idr(costCents * 16_250); // exactly costCents at Rp 16.250 per dollar
        const { margin, belowCost } = lineMargin({ unitPrice: usd(priceCents), producerCost: cost, perUsdMicros: rate });
        expect(margin.amountMinor).toBe(priceCents - costCents);
        expect(belowCost).toBe(priceCents < costCents);
      }),
    );
  });
});

describe("belowCostReason", () => {
  const below = { unitPrice: usd(500), producerCost: idr(9_750_000), perUsdMicros: rate };

  it("needs nothing when the price covers the cost", () => {
    expect(belowCostReason({ ...below, unitPrice: usd(1650) })).toBeUndefined();
  });

  it("refuses a price below cost without confirmation and a reason", () => {
    for (const extra of [{}, { confirmed: true }, { confirmed: true, reason: "   " }, { confirmed: false, reason: "Sample" }]) {
      let error: unknown;
      try {
        belowCostReason({ ...below, ...extra, field: "lines[0].unitPrice" });
      } catch (caught) {
        error = caught;
      }
      expect(isRefusal(error, "invalid"), JSON.stringify(extra)).toBe(true);
      expect(error).toMatchObject({ message: "This price is below the producer's cost: confirm it and give a reason", field: "lines[0].unitPrice" });
    }
  });

  it("keeps the reason when confirmed", () => {
    expect(belowCostReason({ ...below, confirmed: true, reason: " Samples for a trade fair " })).toBe("Samples for a trade fair");
  });
});
