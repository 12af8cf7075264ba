import { describe, expect, it } from "vitest";
import { dateTimeFormat, formatIsoDay, formatNumber, numberFormat } from "./intl-format";

describe("shared Intl formatters", () => {
  it("hands back the same formatter for the same locale and options, and another for other options", () => {
    expect(numberFormat("en-US", { maximumFractionDigits: 2 })).toBe(numberFormat("en-US", { maximumFractionDigits: 2 }));
    expect(numberFormat("en-US", { maximumFractionDigits: 2 })).not.toBe(numberFormat("en-US", { maximumFractionDigits: 1 }));
    expect(numberFormat("en-US")).not.toBe(numberFormat("id-ID"));
    expect(dateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" })).toBe(dateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" }));
  });

  it("writes what toLocaleString writes", () => {
    for (const n of [0, 7, 1234.5, 1_000_000, 0.125]) {
      expect(formatNumber(n)).toBe(n.toLocaleString("en-US"));
      expect(formatNumber(n, "en-US", { maximumFractionDigits: 2 })).toBe(n.toLocaleString("en-US", { maximumFractionDigits: 2 }));
      expect(formatNumber(n, "id-ID")).toBe(n.toLocaleString("id-ID"));
    }
  });

  it("reads a calendar day in UTC, so the day never moves with the server's zone", () => {
    expect(formatIsoDay("2026-03-01", { day: "numeric", month: "long", year: "numeric" })).toBe("1 March 2026");
    expect(formatIsoDay("2026-12-31", { dateStyle: "medium" })).toBe("31 Dec 2026");
  });
});
