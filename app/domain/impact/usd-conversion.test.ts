import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { convertFromUsd, convertToUsd, shopCurrencies } from "~/domain/money/money";

/** Realistic units per US dollar, ×1e6, for every currency the shop sells in (wide bands around today's rates). */
const rateBands: Record<string, [number, number]> = {
  USD: [1_000_000, 1_000_000],
  EUR: [700_000, 1_300_000],
  GBP: [600_000, 1_100_000],
  JPY: [80_000_000, 200_000_000],
  AUD: [1_000_000, 2_000_000],
  NZD: [1_100_000, 2_200_000],
  CAD: [1_000_000, 1_800_000],
  IDR: [9_000_000_000, 20_000_000_000],
};

describe("turnover's USD conversion", () => {
  it("knows a rate band for every shop currency", () => {
    expect(Object.keys(rateBands).sort()).toEqual([...shopCurrencies].sort());
  });

  it.each([...shopCurrencies])("round-trips US cents through %s within a cent", (currency) => {
    const [min, max] = rateBands[currency]!;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), fc.integer({ min, max }), (usdCents, perUsdMicros) => {
        const local = convertFromUsd(usdCents, currency, perUsdMicros);
        expect(local.currency).toBe(currency);
        const back = convertToUsd(local, perUsdMicros);
        expect(back.currency).toBe("USD");
        expect(Math.abs(back.amountMinor - usdCents)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 500 },
    );
  });
});
