import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { money } from "~/domain/money/money";
import { isRefusal } from "~/domain/platform/refusal";
import { importerDeposit, splitAdvance } from "./advance";

const idr = (amountMinor: number) => money(amountMinor, "IDR");
const anyTotal = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const wholeRupiahTotal = fc.integer({ min: 0, max: 10 ** 13 }).map((rupiah) => rupiah * 100);

describe("splitAdvance", () => {
  it("pays half of an even total up front and half at the end", () => {
    const { advance, balance } = splitAdvance(idr(300_000_000)); // Rp 3.000.000
    expect(advance).toEqual(idr(150_000_000));
    expect(balance).toEqual(idr(150_000_000));
  });

  it("rounds the advance up to the next whole rupiah, never down", () => {
    const { advance, balance } = splitAdvance(idr(300_100)); // Rp 3.001 → Rp 1.501 + Rp 1.500
    expect(advance).toEqual(idr(150_100));
    expect(balance).toEqual(idr(150_000));
  });

  it("pays a total below one rupiah in full up front rather than more than the total", () => {
    expect(splitAdvance(idr(50))).toEqual({ advance: idr(50), balance: idr(0) });
    expect(splitAdvance(idr(0))).toEqual({ advance: idr(0), balance: idr(0) });
  });

  it("refuses a negative or fractional total", () => {
    expect(() => splitAdvance({ amountMinor: -100, currency: "IDR" })).toThrow(/zero or more/);
    expect(() => splitAdvance({ amountMinor: 10.5, currency: "IDR" })).toThrow(/whole number/);
  });

  it("property: advance + balance = total, exactly, for any total", () => {
    fc.assert(
      fc.property(anyTotal, (total) => {
        const { advance, balance } = splitAdvance(idr(total));
        expect(advance.amountMinor + balance.amountMinor).toBe(total);
        expect(balance.amountMinor).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it("property: the advance is never below half", () => {
    fc.assert(
      fc.property(anyTotal, (total) => {
        expect(BigInt(splitAdvance(idr(total)).advance.amountMinor) * 2n >= BigInt(total)).toBe(true);
      }),
    );
  });

  it("property: for a total in whole rupiah, the advance is whole rupiah and less than one rupiah over half", () => {
    fc.assert(
      fc.property(wholeRupiahTotal, (total) => {
        const { advance, balance } = splitAdvance(idr(total));
        expect(advance.amountMinor % 100).toBe(0);
        expect(balance.amountMinor % 100).toBe(0);
        expect(advance.amountMinor * 2 - total).toBeLessThan(200);
      }),
    );
  });
});

describe("importerDeposit", () => {
  const usd = (amountMinor: number) => money(amountMinor, "USD");

  it("is half of the order by default, rounded up to the cent", () => {
    expect(importerDeposit(usd(1_250_001))).toEqual(usd(625_001));
    expect(importerDeposit(usd(1_000_000))).toEqual(usd(500_000));
  });

  it("uses the importer's own share", () => {
    expect(importerDeposit(usd(999), 30)).toEqual(usd(300)); // 299.7 → 300
    expect(importerDeposit(usd(1000), 0)).toEqual(usd(0));
    expect(importerDeposit(usd(1000), 100)).toEqual(usd(1000));
  });

  it("refuses a share outside 0–100 or not whole", () => {
    for (const share of [-1, 101, 33.3]) {
      let error: unknown;
      try {
        importerDeposit(usd(1000), share);
      } catch (caught) {
        error = caught;
      }
      expect(isRefusal(error, "invalid"), String(share)).toBe(true);
    }
  });

  it("property: the deposit is never below its percentage and less than a cent above it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.integer({ min: 0, max: 100 }), (total, share) => {
        const deposit = importerDeposit(usd(total), share).amountMinor;
        expect(deposit * 100).toBeGreaterThanOrEqual(total * share);
        expect(deposit * 100 - total * share).toBeLessThan(100);
        expect(deposit).toBeLessThanOrEqual(total);
      }),
    );
  });
});
