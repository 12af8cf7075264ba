import { describe, expect, it } from "vitest";
import { formatMoney } from "~/domain/money/money";
import { parseRefundAmount } from "./refund-amount";

describe("parseRefundAmount", () => {
  it("reads euros as the form shows them, with a comma or a dot for the decimals", () => {
    for (const text of ["57,95", "57.95", "57,95 €", "57,95\u00a0€", "€57.95", "EUR 57,95", "eur 57.95"]) expect(parseRefundAmount(text, "EUR"), text).toBe(5795);
    expect(parseRefundAmount("1.250,00", "EUR")).toBe(125_000);
    expect(parseRefundAmount("1,250.00", "EUR")).toBe(125_000);
    expect(parseRefundAmount("1 250,5", "EUR")).toBe(125_050);
    expect(parseRefundAmount("10", "EUR")).toBe(1000);
    expect(parseRefundAmount(",5", "EUR")).toBe(50);
  });

  it("accepts exactly what formatMoney displays, for every two-decimal shop currency", () => {
    for (const currency of ["USD", "EUR", "GBP", "AUD", "NZD", "CAD"]) {
      for (const minor of [5795, 125_000, 1, 99_999_999]) expect(parseRefundAmount(formatMoney({ amountMinor: minor, currency }), currency), `${currency} ${minor}`).toBe(minor);
    }
  });

  it("reads whole yen and whole rupiah as displayed", () => {
    expect(parseRefundAmount(formatMoney({ amountMinor: 5800, currency: "JPY" }), "JPY")).toBe(5800);
    expect(parseRefundAmount("¥5,800", "JPY")).toBe(5800);
    expect(parseRefundAmount("5800", "JPY")).toBe(5800);
    expect(parseRefundAmount(formatMoney({ amountMinor: 15_000_000, currency: "IDR" }), "IDR")).toBe(15_000_000);
    expect(parseRefundAmount("Rp 150.000", "IDR")).toBe(15_000_000);
    expect(parseRefundAmount("150.000,00", "IDR")).toBe(15_000_000);
    expect(parseRefundAmount("150000", "IDR")).toBe(15_000_000);
  });

  it("keeps a minus so callers can say the amount must be above zero", () => {
    expect(parseRefundAmount("-5", "EUR")).toBe(-500);
    expect(parseRefundAmount("0,00", "EUR")).toBe(0);
  });

  it("refuses what it would have to guess, with a sentence for staff", () => {
    const cases: [string, string, RegExp][] = [
      ["1.234", "EUR", /at most 2 decimals/],
      ["57,955", "EUR", /at most 2 decimals/],
      ["1.250.00", "EUR", /like 57,95/],
      ["12,34,56", "EUR", /like 57,95/],
      ["abc", "EUR", /like 57,95/],
      ["1e3", "EUR", /like 57,95/],
      ["", "EUR", /like 57,95/],
      ["USD 5", "EUR", /in USD; enter it in EUR/],
      ["£5", "EUR", /not in EUR/],
      ["5.80", "JPY", /JPY has no decimals/],
      ["150000.50", "IDR", /whole rupiah/],
      ["99999999999999999", "EUR", /too large/],
    ];
    for (const [text, currency, message] of cases) expect(() => parseRefundAmount(text, currency), text).toThrow(message);
  });
});
