import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatMoneyInput,
  parseMoneyInput,
  convertFromUsd,
  convertToUsd,
  currencyForLanguages,
  divRoundHalfUp,
  formatMoney,
  fromMajor,
  minorUnitDigits,
  money,
  parseRateMicros,
  toStripeAmount,
} from "./money";

describe("money", () => {
  it("uses Stripe's minor units: IDR has two digits, JPY none", () => {
    expect(minorUnitDigits("IDR")).toBe(2);
    expect(minorUnitDigits("JPY")).toBe(0);
    expect(fromMajor(150_000, "IDR").amountMinor).toBe(15_000_000);
    expect(toStripeAmount(fromMajor(150_000, "IDR"))).toBe(15_000_000);
    expect(fromMajor(1200, "JPY").amountMinor).toBe(1200);
  });

  it("refuses fractions of a minor unit", () => {
    expect(() => money(10.5, "USD")).toThrow(RangeError);
    expect(() => fromMajor(1.5, "USD")).toThrow(RangeError);
  });

  it("rounds half away from zero", () => {
    expect(divRoundHalfUp(5n, 2n)).toBe(3n);
    expect(divRoundHalfUp(-5n, 2n)).toBe(-3n);
    expect(divRoundHalfUp(4n, 3n)).toBe(1n);
  });

  it("converts USD into each currency's minor units", () => {
    const idr = parseRateMicros("16250");
    expect(convertFromUsd(4800, "IDR", idr)).toEqual(money(78_000_000, "IDR")); // $48 → Rp 780.000
    expect(convertFromUsd(4800, "JPY", parseRateMicros("151.2"))).toEqual(money(7258, "JPY")); // ¥7,257.6 → ¥7,258
    expect(convertFromUsd(4800, "EUR", parseRateMicros("0.92"))).toEqual(money(4416, "EUR"));
    expect(convertFromUsd(4800, "USD", 1_000_000)).toEqual(money(4800, "USD"));
  });

  it("converts back to USD within a cent", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.constantFrom("EUR", "GBP", "AUD", "NZD", "CAD", "IDR"), (usd, cur) => {
        const rate = { EUR: "0.92", GBP: "0.79", AUD: "1.53", NZD: "1.68", CAD: "1.38", IDR: "16250" }[cur]!;
        const micros = parseRateMicros(rate);
        const there = convertFromUsd(usd, cur, micros);
        const back = convertToUsd(there, micros);
        expect(Number.isInteger(there.amountMinor)).toBe(true);
        expect(Math.abs(back.amountMinor - usd)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("parses rates exactly and rejects nonsense", () => {
    expect(parseRateMicros("0.92")).toBe(920_000);
    expect(parseRateMicros("151.2")).toBe(151_200_000);
    for (const bad of ["", "abc", "-1", "0", "1e3", "1.1234567"]) expect(() => parseRateMicros(bad)).toThrow(RangeError);
  });

  it("formats for people: whole rupiah, cents for dollars", () => {
    expect(formatMoney(money(15_000_000, "IDR"))).toMatch(/^Rp\s?150\.000$/);
    expect(formatMoney(money(4800, "USD"))).toBe("$48.00");
    expect(formatMoney(money(7258, "JPY"))).toMatch(/7,258/);
  });
});

describe("currency from the browser's languages", () => {
  it.each([
    ["en-GB,en;q=0.9", "GBP"],
    ["ja-JP,ja;q=0.9,en;q=0.8", "JPY"],
    ["de-DE,de;q=0.9", "EUR"],
    ["fr-CA,fr;q=0.9", "CAD"],
    ["en-AU", "AUD"],
    ["en-NZ", "NZD"],
    ["id-ID,id;q=0.9", "IDR"],
    ["nl", "EUR"],
    ["en-US,en;q=0.9", "USD"],
    ["zh-CN", "USD"],
    ["", "USD"],
    ["en;q=0.1,ja;q=0.9", "JPY"],
  ])("%s → %s", (header, currency) => {
    expect(currencyForLanguages(header)).toBe(currency);
  });
});

describe("price fields", () => {
  it("reads what staff type into minor units", () => {
    expect(parseMoneyInput("24", "USD")).toBe(2400);
    expect(parseMoneyInput(" 24.5 ", "USD")).toBe(2450);
    expect(parseMoneyInput("$1,250.05", "USD")).toBe(125005);
    expect(parseMoneyInput("2400", "JPY")).toBe(2400);
    expect(parseMoneyInput("Rp 150.000", "IDR")).toBe(15_000_000);
    expect(parseMoneyInput("1.250.000", "IDR")).toBe(125_000_000);
    expect(parseMoneyInput("150000", "IDR")).toBe(15_000_000);
    expect(parseMoneyInput("-3.00", "USD")).toBe(-300);
  });

  it("rejects what is not a price", () => {
    for (const [text, currency] of [["", "USD"], ["abc", "USD"], ["24.505", "USD"], ["1.5", "JPY"], ["150.00", "IDR"], ["1e5", "USD"], ["12,34", "USD"], ["9".repeat(20), "USD"]] as const) {
      expect(() => parseMoneyInput(text, currency), `${text} ${currency}`).toThrow(RangeError);
    }
  });

  it("round-trips through the field text", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.constantFrom("USD", "EUR", "JPY"), (minor, currency) => {
        expect(parseMoneyInput(formatMoneyInput(minor, currency), currency)).toBe(minor);
      }),
    );
    expect(formatMoneyInput(15_000_000, "IDR")).toBe("150000");
    expect(parseMoneyInput(formatMoneyInput(15_000_000, "IDR"), "IDR")).toBe(15_000_000);
  });
});
