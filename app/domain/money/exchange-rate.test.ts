import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { confirmationToken, describeRateChange, formatRateInput, parseRateInput, rateCurrencies, rateOutOfRange, rateRules, type RateCurrency } from "./exchange-rate";

const read = (text: string, currency: RateCurrency) => {
  const reading = parseRateInput(text, currency);
  return reading.ok ? reading.micros : reading.message;
};

describe("reading a typed exchange rate", () => {
  it("reads rupiah with a comma, a dot or nothing between thousands as the same rate", () => {
    for (const text of ["16250", "16,250", "16.250", " 16250 "]) expect(read(text, "IDR"), text).toBe(16_250_000_000);
    expect(read("16250.5", "IDR")).toBe(16_250_500_000);
    expect(read("16,250.5", "IDR")).toBe(16_250_500_000);
    expect(read("16.250,5", "IDR")).toBe(16_250_500_000);
    expect(read("1.234.5", "IDR")).toMatch(/mixes its marks/);
  });

  it("reads yen decimals, and a mark before three digits as thousands", () => {
    expect(read("151.2", "JPY")).toBe(151_200_000);
    expect(read("151,25", "JPY")).toBe(151_250_000);
    expect(read("1,000", "JPY")).toBe(1_000_000_000);
    expect(read("1.000", "JPY")).toBe(1_000_000_000);
  });

  it("reads a dot or a comma as the decimal mark for currencies below 10", () => {
    expect(read("0.92", "EUR")).toBe(920_000);
    expect(read("0,92", "EUR")).toBe(920_000);
    expect(read("0,920", "EUR")).toBe(920_000);
    expect(read("1,234", "GBP")).toBe(1_234_000);
    expect(read("1.53", "AUD")).toBe(1_530_000);
    expect(read("1,234.5", "EUR")).toMatch(/^EUR rates are below 10, so they have no thousands/);
  });

  it("never reads a rupiah rate typed with a comma as a thousandth of it (the 16.25 bug)", () => {
    expect(read("16,250", "IDR")).not.toBe(16_250_000);
    const short = read("16,25", "IDR");
    expect(short).toBe(
      "“16,25” reads as 16.25 rupiah per US dollar; the IDR rate must be from 1,000 to 100,000 rupiah. Write 16250 or 16,250 for sixteen thousand two hundred and fifty rupiah per US dollar.",
    );
  });

  it("refuses an out-of-range thousands reading as ambiguous when the decimal reading would fit", () => {
    expect(read("151.200", "JPY")).toBe(
      "“151.200” is ambiguous: for JPY a dot or comma before three digits separates thousands, which makes 151,200 yen per US dollar, outside the sane range of 10 to 1,000 yen. For 151.2 yen per dollar write 151.2.",
    );
    expect(read("1625.000", "IDR")).toMatch(/is not grouped in thousands.*Write 16250 or 16,250/);
    expect(read("16,2500", "IDR")).toMatch(/reads as 16.25 rupiah/);
  });

  it("refuses absurd, empty and malformed rates with a message saying how to write them", () => {
    expect(read("999999999", "EUR")).toBe(
      "“999999999” reads as 999,999,999 euros per US dollar; the EUR rate must be from 0.1 to 10 euros. Write 0.92 or 0,92 for zero point nine two euros per US dollar.",
    );
    expect(read("1600000", "IDR")).toMatch(/reads as 1,600,000 rupiah.*from 1,000 to 100,000/);
    expect(read("0", "EUR")).toMatch(/^A rate must be above zero\. Write 0.92/);
    expect(read("0.00", "IDR")).toMatch(/^A rate must be above zero/);
    expect(read("", "GBP")).toBe("Enter how many pounds buy one US dollar. Write 0.79 or 0,79 for zero point seven nine pounds per US dollar.");
    expect(read("1.1234567", "EUR")).toMatch(/^Use at most 6 decimals/);
    expect(read("9".repeat(30), "IDR")).toMatch(/far too large/);
    for (const bad of ["abc", "-1", "1e3", "+0.9", ".92", "0.", "1,,5", "16 250", "Rp 16250", "0x10", "NaN", "Infinity", "٣"]) {
      expect(read(bad, "EUR"), bad).toMatch(/Write 0.92 or 0,92/);
      expect(parseRateInput(bad, "IDR").ok, bad).toBe(false);
    }
  });

  it("shows a rate with three decimals so that it reads back as decimals, not thousands", () => {
    expect(formatRateInput(151_125_000, "JPY")).toBe("151.1250");
    expect(read(formatRateInput(151_125_000, "JPY"), "JPY")).toBe(151_125_000);
    expect(formatRateInput(1_125_000, "EUR")).toBe("1.125");
    expect(formatRateInput(16_250_000_000, "IDR")).toBe("16250");
    expect(read("151.125", "JPY")).toMatch(/is ambiguous.*For 151.1250 yen per dollar write 151.1250\.$/);
  });

  it("reads every rate it shows back exactly (property)", () => {
    for (const currency of rateCurrencies) {
      const { min, max } = rateRules[currency];
      // Any micros in range, and rates with at most three decimals (which hit "151.125" often).
      const rate = fc.oneof(fc.integer({ min, max }), fc.integer({ min: min / 1000, max: max / 1000 }).map((millis) => millis * 1000));
      fc.assert(
        fc.property(rate, (micros) => {
          expect(parseRateInput(formatRateInput(micros, currency), currency)).toEqual({ ok: true, micros });
        }),
      );
    }
  });

  it("accepts only rates inside each currency's range, whatever the text (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...rateCurrencies), fc.stringMatching(/^[0-9.,]{1,14}$/), (currency, text) => {
        const reading = parseRateInput(text, currency);
        if (reading.ok) {
          expect(Number.isSafeInteger(reading.micros)).toBe(true);
          expect(rateOutOfRange(currency, reading.micros)).toBeNull();
        }
      }),
    );
  });
});

describe("a sane rate", () => {
  it("is positive and below each currency's maximum", () => {
    expect(rateOutOfRange("EUR", 920_000)).toBeNull();
    expect(rateOutOfRange("EUR", 999_999_999_000_000)).toBe("The EUR rate must be from 0.1 to 10 euros per US dollar.");
    expect(rateOutOfRange("IDR", 16_250_000)).toMatch(/from 1,000 to 100,000 rupiah/);
    expect(rateOutOfRange("JPY", 0)).not.toBeNull();
    expect(rateOutOfRange("JPY", -151_200_000)).not.toBeNull();
    expect(rateOutOfRange("JPY", 151.5)).not.toBeNull();
  });

  it("spans less than ×1000 everywhere, so a thousands slip always lands outside it", () => {
    for (const currency of rateCurrencies) expect(rateRules[currency].max / rateRules[currency].min, currency).toBeLessThan(1000);
  });
});

describe("a change that needs confirming", () => {
  it("is one of more than 20%, either way", () => {
    expect(describeRateChange("EUR", 920_000, 2_000_000)).toEqual({ currency: "EUR", from: 920_000, to: 2_000_000, percent: "+117%", needsConfirmation: true });
    expect(describeRateChange("EUR", 1_000_000, 1_200_000)).toMatchObject({ percent: "+20%", needsConfirmation: false });
    expect(describeRateChange("EUR", 1_000_000, 1_200_001)).toMatchObject({ needsConfirmation: true });
    expect(describeRateChange("EUR", 1_000_000, 800_000)).toMatchObject({ percent: "-20%", needsConfirmation: false });
    expect(describeRateChange("EUR", 1_000_000, 799_999)).toMatchObject({ needsConfirmation: true });
    expect(describeRateChange("EUR", 2_000_000, 920_000)).toMatchObject({ percent: "-54%", needsConfirmation: true });
    expect(describeRateChange("IDR", 16_250_000_000, 16_300_000_000)).toMatchObject({ percent: "+0%", needsConfirmation: false });
  });

  it("says 99.9% rather than 100% for a fall to nearly nothing", () => {
    expect(describeRateChange("IDR", 16_250_000_000, 16_250_000)).toMatchObject({ percent: "-99.9%", needsConfirmation: true });
    expect(describeRateChange("IDR", 16_250_000_000, 1_000_000_000)).toMatchObject({ percent: "-94%" });
  });

  it("is confirmed by a token naming exactly that change", () => {
    expect(confirmationToken(describeRateChange("EUR", 920_000, 2_000_000))).toBe("EUR:920000:2000000");
  });
});
