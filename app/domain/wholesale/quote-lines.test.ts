import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isRefusal } from "~/domain/platform/refusal";
import { checkQuoteLines, quantityProblem, quoteLinesRefusal, quoteTotals, tierPrice, tierPriceLines, type WholesaleProduct } from "./quote-lines";

const scarf: WholesaleProduct = { productId: 1, title: "Ikat scarf", moq: 24, casePack: 6, variantCount: 3 };
const bowl: WholesaleProduct = { productId: 2, title: "Teak bowl", moq: 10, casePack: 4, variantCount: 1 };

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
}

describe("checkQuoteLines", () => {
  it("lets colours be mixed to reach the product's minimum in whole cartons", () => {
    const lines = [
      { productId: 1, variantId: 11, quantity: 6 },
      { productId: 1, variantId: 12, quantity: 12 },
      { productId: 1, variantId: 13, quantity: 6 },
    ];
    expect(checkQuoteLines(lines, [scarf])).toEqual([]);
  });

  it("says how many pieces to reach when the product's total is below its minimum", () => {
    const lines = [
      { productId: 1, variantId: 11, quantity: 12 },
      { productId: 1, variantId: 12, quantity: 6 },
    ];
    expect(checkQuoteLines(lines, [scarf])).toEqual([{ productId: 1, title: "Ikat scarf", totalQuantity: 18, message: "Mix colours to reach 24 pieces: you have 18" }]);
  });

  it("doesn't tell a product with one variant to mix colours", () => {
    expect(quantityProblem(bowl, 4)).toBe("Order at least 12 pieces: you have 4");
  });

  it("asks for the minimum rounded up to whole cartons when the minimum itself is not a carton multiple", () => {
    expect(quantityProblem({ ...scarf, moq: 20 }, 18)).toBe("Mix colours to reach 24 pieces: you have 18");
  });

  it("says what to add or remove to fill whole cartons", () => {
    expect(quantityProblem(scarf, 28)).toBe("Cartons hold 6: add 2 or remove 4");
    expect(quantityProblem(scarf, 35)).toBe("Cartons hold 6: add 1 or remove 5");
  });

  it("checks the minimum before the cartons, so removing never drops below the minimum", () => {
    expect(quantityProblem({ ...scarf, moq: 30 }, 27)).toBe("Mix colours to reach 30 pieces: you have 27");
    expect(quantityProblem({ ...scarf, moq: 30 }, 33)).toBe("Cartons hold 6: add 3 or remove 3");
  });

  it("returns one problem per failing product and a refusal naming each", () => {
    const lines = [
      { productId: 1, variantId: 11, quantity: 28 },
      { productId: 2, variantId: 21, quantity: 12 },
      { productId: 2, variantId: 21, quantity: 2 },
    ];
    const problems = checkQuoteLines(lines, [scarf, bowl]);
    expect(problems.map((p) => p.message)).toEqual(["Cartons hold 6: add 2 or remove 4", "Cartons hold 4: add 2 or remove 2"]);
    const refusal = quoteLinesRefusal(problems)!;
    expect(refusal.kind).toBe("invalid");
    expect(refusal.message).toBe("2 products need a different quantity");
    expect(refusal.details.items).toEqual(["Ikat scarf: Cartons hold 6: add 2 or remove 4", "Teak bowl: Cartons hold 4: add 2 or remove 2"]);
    expect(quoteLinesRefusal(problems.slice(0, 1))).toMatchObject({ message: "Ikat scarf: Cartons hold 6: add 2 or remove 4", field: "product-1" });
    expect(quoteLinesRefusal([])).toBeNull();
  });

  it("refuses a quantity of zero or below, and a product not in the catalogue", () => {
    expect(isRefusal(thrown(() => checkQuoteLines([{ productId: 1, variantId: 11, quantity: 0 }], [scarf])), "invalid")).toBe(true);
    expect(isRefusal(thrown(() => checkQuoteLines([{ productId: 1, variantId: 11, quantity: 2.5 }], [scarf])), "invalid")).toBe(true);
    expect(isRefusal(thrown(() => checkQuoteLines([{ productId: 9, variantId: 91, quantity: 24 }], [scarf])), "not_found")).toBe(true);
  });

  it("property: any total that is a carton multiple at or above the minimum passes, and any other fails", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: 1000 }), (moq, casePack, total) => {
        const problem = quantityProblem({ productId: 1, title: "x", moq, casePack }, total);
        expect(problem === null).toBe(total >= moq && total % casePack === 0);
      }),
    );
  });
});

describe("tier prices", () => {
  const tiers = [
    { minQuantity: 1, unitPriceMinor: 1800 },
    { minQuantity: 48, unitPriceMinor: 1500 },
    { minQuantity: 24, unitPriceMinor: 1650 },
  ];

  it("picks the tier with the highest minimum the quantity reaches", () => {
    expect(tierPrice(tiers, 23)).toBe(1800);
    expect(tierPrice(tiers, 24)).toBe(1650);
    expect(tierPrice(tiers, 100)).toBe(1500);
    expect(tierPrice(tiers.slice(1), 10)).toBeNull();
  });

  it("prices each variant by the product's total across its colours", () => {
    const lines = [
      { productId: 1, variantId: 11, quantity: 12 },
      { productId: 1, variantId: 12, quantity: 12 },
    ];
    const cheaperIndigo = [{ minQuantity: 1, unitPriceMinor: 1700 }, { minQuantity: 24, unitPriceMinor: 1600 }];
    const priced = tierPriceLines(lines, new Map([[11, tiers], [12, cheaperIndigo]]));
    expect(priced.map((line) => line.unitPriceMinor)).toEqual([1650, 1600]);
  });
});

describe("quoteTotals", () => {
  it("adds freight on CIF and none on FOB", () => {
    const lines = [{ quantity: 24, unitPriceMinor: 1650 }, { quantity: 12, unitPriceMinor: 900 }];
    expect(quoteTotals({ lines, incoterm: "FOB" }).total).toEqual({ amountMinor: 50_400, currency: "USD" });
    expect(quoteTotals({ lines, incoterm: "CIF", freightMinor: 35_000 })).toEqual({
      subtotal: { amountMinor: 50_400, currency: "USD" },
      freight: { amountMinor: 35_000, currency: "USD" },
      total: { amountMinor: 85_400, currency: "USD" },
    });
  });

  it("refuses a price of zero or below, freight on FOB, CIF without freight, and an empty quote", () => {
    expect(thrown(() => quoteTotals({ lines: [{ quantity: 1, unitPriceMinor: 0 }], incoterm: "FOB" }))).toMatchObject({ kind: "invalid", message: "Line 1: a price must be above zero" });
    expect(thrown(() => quoteTotals({ lines: [{ quantity: 1, unitPriceMinor: -5 }], incoterm: "FOB" }))).toMatchObject({ kind: "invalid" });
    expect(thrown(() => quoteTotals({ lines: [{ quantity: 1, unitPriceMinor: 100 }], incoterm: "FOB", freightMinor: 10 }))).toMatchObject({ field: "freight", message: expect.stringMatching(/CIF quotes only/) });
    expect(thrown(() => quoteTotals({ lines: [{ quantity: 1, unitPriceMinor: 100 }], incoterm: "CIF" }))).toMatchObject({ field: "freight" });
    expect(thrown(() => quoteTotals({ lines: [], incoterm: "FOB" }))).toMatchObject({ message: "A quote needs at least one line" });
  });

  it("refuses a unit price or freight past its sanity cap (a slipped decimal point), never a RangeError", () => {
    expect(thrown(() => quoteTotals({ lines: [{ quantity: 1, unitPriceMinor: 900_719_925_474_099 }], incoterm: "FOB" }))).toMatchObject({ kind: "invalid", field: "lines[0].unitPriceMinor", message: "Line 1: a unit price is at most US$100,000 a piece; check for a typo" });
    expect(thrown(() => quoteTotals({ lines: [{ quantity: 1, unitPriceMinor: 100 }], incoterm: "CIF", freightMinor: 900_719_925_474_099 }))).toMatchObject({ kind: "invalid", field: "freight" });
    expect(quoteTotals({ lines: [{ quantity: 100_000, unitPriceMinor: 10_000_000 }], incoterm: "CIF", freightMinor: 100_000_000 }).total.amountMinor).toBe(1_000_100_000_000);
  });

  it("property: the total equals the sum of its lines, plus freight on CIF", () => {
    const line = fc.record({ quantity: fc.integer({ min: 1, max: 10_000 }), unitPriceMinor: fc.integer({ min: 1, max: 1_000_000 }) });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 30 }), fc.constantFrom("FOB" as const, "CIF" as const), fc.integer({ min: 0, max: 10_000_000 }), (lines, incoterm, freight) => {
        const totals = quoteTotals({ lines, incoterm, freightMinor: incoterm === "CIF" ? freight : null });
        const sumOfLines = lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0);
        expect(totals.subtotal.amountMinor).toBe(sumOfLines);
        expect(totals.freight.amountMinor).toBe(incoterm === "CIF" ? freight : 0);
        expect(totals.total.amountMinor).toBe(totals.subtotal.amountMinor + totals.freight.amountMinor);
      }),
    );
  });
});
