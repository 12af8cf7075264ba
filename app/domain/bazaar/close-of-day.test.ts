import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  closeIsBlocked,
  closeOfDay,
  countedCash,
  dayTotals,
  denominationField,
  denominationLabel,
  deviceGaps,
  IDR_DENOMINATIONS,
  listHoles,
  LISTED_GAPS,
  readDenominationForm,
  type DaySale,
  type DenominationCount,
} from "./close-of-day";

const methods = ["cash", "qris", "card", "transfer"] as const;
const sale = fc.record({ paymentMethod: fc.constantFrom(...methods), totalMinor: fc.integer({ min: 0, max: 100_000_000_000 }) });
const sales = fc.array(sale, { maxLength: 60 });
const counts = fc.dictionary(fc.constantFrom(...IDR_DENOMINATIONS.map(String)), fc.integer({ min: 0, max: 100_000 }));
const float = fc.integer({ min: 0, max: 1_000_000_000 });
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const totalOf = (list: readonly DaySale[], method?: DaySale["paymentMethod"]) => sum(list.filter((s) => !method || s.paymentMethod === method).map((s) => s.totalMinor));

describe("closeOfDay", () => {
  it("expects the float plus the cash sales, counts Σ denomination × pieces, and the difference is counted − expected", () => {
    fc.assert(
      fc.property(float, sales, counts, (openingFloatMinor, list, counted) => {
        const close = closeOfDay({ openingFloatMinor, sales: list, counted });
        expect(close.expectedCashMinor).toBe(openingFloatMinor + totalOf(list, "cash"));
        expect(close.countedCashMinor).toBe(sum(Object.entries(counted).map(([d, n]) => Number(d) * n)));
        expect(close.differenceMinor).toBe(close.countedCashMinor - close.expectedCashMinor);
        expect(close.openingFloatMinor).toBe(openingFloatMinor);
      }),
    );
  });

  it("counting exactly the expected cash in any notes leaves no difference", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ denomination: fc.constantFrom(...IDR_DENOMINATIONS), pieces: fc.integer({ min: 0, max: 500 }) }), { maxLength: 12 }), (drawer) => {
        const counted: DenominationCount = {};
        for (const { denomination, pieces } of drawer) counted[String(denomination)] = (counted[String(denomination)] ?? 0) + pieces;
        const cash = countedCash(counted);
        const close = closeOfDay({ openingFloatMinor: 0, sales: [{ paymentMethod: "cash", totalMinor: cash }], counted });
        expect(close.differenceMinor).toBe(0);
      }),
    );
  });

  it("refuses a float that is negative or not whole", () => {
    expect(() => closeOfDay({ openingFloatMinor: -1, sales: [], counted: {} })).toThrow(RangeError);
    expect(() => closeOfDay({ openingFloatMinor: 0.5, sales: [], counted: {} })).toThrow(RangeError);
  });
});

describe("dayTotals", () => {
  it("the totals per payment method add up to the total, and every sale is counted once", () => {
    fc.assert(
      fc.property(sales, (list) => {
        const t = dayTotals(list);
        expect(t.cashSalesMinor + t.qrisMinor + t.cardMinor + t.transferMinor).toBe(t.totalMinor);
        expect(t.totalMinor).toBe(totalOf(list));
        expect(t.saleCount).toBe(list.length);
        expect([t.cashSalesMinor, t.qrisMinor, t.cardMinor, t.transferMinor]).toEqual(methods.map((m) => totalOf(list, m)));
      }),
    );
  });

  it("does not depend on the order the sales arrived in", () => {
    fc.assert(fc.property(sales.chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }))), ([list, shuffled]) => {
      expect(dayTotals(shuffled)).toEqual(dayTotals(list));
    }));
  });
});

describe("countedCash", () => {
  it("refuses what is not a rupiah note or coin, and counts that are negative or not whole", () => {
    expect(() => countedCash({ "7500000": 1 })).toThrow(/not a rupiah note or coin/);
    expect(() => countedCash({ "1e7": 1 })).toThrow(/not a rupiah note or coin/);
    expect(() => countedCash({ "10000000": -1 })).toThrow(/whole number/);
    expect(() => countedCash({ "10000000": 1.5 })).toThrow(/whole number/);
    expect(countedCash({ "10000000": 2, "50000": 3 })).toBe(20_150_000);
  });
});

const seqs = fc.uniqueArray(fc.integer({ min: 1, max: 400 }), { maxLength: 120 });
const syncState = fc.record({ seenSeqs: seqs, pendingCount: fc.integer({ min: 0, max: 50 }), issuedSeq: fc.integer({ min: 0, max: 500 }) });

describe("deviceGaps", () => {
  it("lists exactly the numbers below the highest seen that never arrived", () => {
    fc.assert(
      fc.property(syncState, ({ seenSeqs, pendingCount, issuedSeq }) => {
        const gaps = deviceGaps({ deviceId: "till-0001", label: "Till 1", pendingCount, issuedSeq, seenSeqs });
        const highest = Math.max(0, ...seenSeqs);
        const expected = Array.from({ length: Math.max(0, highest - 1) }, (_, i) => i + 1).filter((n) => !seenSeqs.includes(n));
        expect(gaps.missingCount).toBe(expected.length);
        expect(gaps.missing).toEqual(expected.slice(0, 50));
      }),
    );
  });

  it("counts as waiting the larger of what the device says it holds and the numbers it issued beyond the last seen", () => {
    fc.assert(
      fc.property(syncState, ({ seenSeqs, pendingCount, issuedSeq }) => {
        const gaps = deviceGaps({ deviceId: "till-0001", label: "Till 1", pendingCount, issuedSeq, seenSeqs });
        expect(gaps.waiting).toBe(Math.max(pendingCount, issuedSeq - Math.max(0, ...seenSeqs)));
      }),
    );
  });

  it("does not depend on the order or repetition of the numbers seen", () => {
    fc.assert(
      fc.property(seqs, (seen) => {
        const a = deviceGaps({ deviceId: "d", label: "", pendingCount: 0, issuedSeq: 0, seenSeqs: seen });
        const b = deviceGaps({ deviceId: "d", label: "", pendingCount: 0, issuedSeq: 0, seenSeqs: [...seen].reverse().concat(seen) });
        expect(b).toEqual(a);
      }),
    );
  });

  it("answers at once for a till whose numbers run near a billion", () => {
    const started = performance.now();
    const gaps = deviceGaps({ deviceId: "d", label: "", pendingCount: 0, issuedSeq: 1_000_000_000, seenSeqs: [1, 1_000_000_000] });
    expect(performance.now() - started).toBeLessThan(100);
    expect(gaps.missingCount).toBe(999_999_998);
    expect(gaps.missing).toHaveLength(50);
  });

  it("blocks the close only while some device waits or has a gap", () => {
    fc.assert(
      fc.property(fc.array(syncState, { maxLength: 5 }), (devices) => {
        const gaps = devices.map((d, i) => deviceGaps({ deviceId: `till-${i}`, label: "", ...d }));
        expect(closeIsBlocked(gaps)).toBe(gaps.some((g) => g.waiting > 0 || g.missingCount > 0));
      }),
    );
    expect(closeIsBlocked([deviceGaps({ deviceId: "d", label: "", pendingCount: 0, issuedSeq: 3, seenSeqs: [1, 2, 3] })])).toBe(false);
    expect(closeIsBlocked([deviceGaps({ deviceId: "d", label: "", pendingCount: 0, issuedSeq: 3, seenSeqs: [1, 3] })])).toBe(true);
  });
});

describe("the close form's counts", () => {
  it("labels every note and coin the way it is counted", () => {
    expect(denominationLabel(10_000_000)).toBe("Rp 100.000 notes");
    expect(denominationLabel(100_000)).toBe("Rp 1.000 notes and coins");
    expect(denominationLabel(50_000)).toBe("Rp 500 coins");
  });

  it("reads empty fields as none counted and whole numbers as pieces", () => {
    expect(readDenominationForm({ [denominationField(10_000_000)]: "3", [denominationField(50_000)]: " ", [denominationField(100_000)]: "0", notes: "x" })).toEqual({ ok: true, counts: { "10000000": 3 } });
  });

  it("refuses negative, fractional and absurd counts, and a field for a note that does not exist", () => {
    for (const bad of ["-1", "1.5", "abc", "1000001", "2e3"]) {
      expect(readDenominationForm({ [denominationField(5_000_000)]: bad })).toMatchObject({ ok: false, field: "count_5000000" });
    }
    expect(readDenominationForm({ count_7500000: "1" })).toMatchObject({ ok: false, field: "count_7500000", message: expect.stringMatching(/not a rupiah note or coin/) });
  });

  it("whatever it accepts, countedCash accepts too", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...IDR_DENOMINATIONS.map(denominationField)), fc.oneof(fc.nat({ max: 100_000 }).map(String), fc.string())), (fields) => {
        const read = readDenominationForm(fields);
        if (read.ok) expect(countedCash(read.counts)).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe("listHoles", () => {
  it("lists the lowest missing numbers across runs and counts them all", () => {
    expect(listHoles([])).toEqual({ missing: [], missingCount: 0 });
    expect(listHoles([{ first: 2, last: 2 }, { first: 5, last: 7 }])).toEqual({ missing: [2, 5, 6, 7], missingCount: 4 });
    const wide = listHoles([{ first: 1, last: 40 }, { first: 60, last: 1_000_000_000 }]);
    expect(wide.missing).toHaveLength(LISTED_GAPS);
    expect(wide.missing.slice(38, 42)).toEqual([39, 40, 60, 61]);
    expect(wide.missingCount).toBe(40 + 1_000_000_000 - 59);
  });
});
