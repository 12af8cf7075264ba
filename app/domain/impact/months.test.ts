import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isClosable, jakartaMonthOf, lastClosableMonth, monthFirstDay, monthStart, monthsBetween, nextMonth, parseMonth } from "./months";

describe("the ledger's months (Asia/Jakarta)", () => {
  it("reads the month of an instant as Jakarta does", () => {
    expect(jakartaMonthOf(new Date("2026-05-31T16:59:59Z"))).toBe("2026-05");
    expect(jakartaMonthOf(new Date("2026-05-31T17:00:00Z"))).toBe("2026-06");
    expect(jakartaMonthOf(new Date("2026-12-31T17:00:00Z"))).toBe("2027-01");
  });

  it("starts a month at midnight in Jakarta", () => {
    expect(monthStart("2026-06").toISOString()).toBe("2026-05-31T17:00:00.000Z");
    expect(monthStart("2027-01").toISOString()).toBe("2026-12-31T17:00:00.000Z");
    expect(nextMonth("2026-12")).toBe("2027-01");
    expect(monthFirstDay("2026-02")).toBe("2026-02-01");
    expect(monthsBetween("2025-11", "2026-02")).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
    expect(monthsBetween("2026-03", "2026-02")).toEqual([]);
  });

  it("puts every instant inside the month it names", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("2000-02-01T00:00:00Z"), max: new Date("2099-12-01T00:00:00Z"), noInvalidDate: true }), (at) => {
        const month = jakartaMonthOf(at);
        expect(monthStart(month).getTime()).toBeLessThanOrEqual(at.getTime());
        expect(monthStart(nextMonth(month)).getTime()).toBeGreaterThan(at.getTime());
      }),
    );
  });

  it("closes a month three days after it ended in Jakarta, not a moment before", () => {
    expect(isClosable("2026-05", new Date("2026-06-03T16:59:59Z"))).toBe(false);
    expect(isClosable("2026-05", new Date("2026-06-03T17:00:00Z"))).toBe(true);
    expect(isClosable("2026-06", new Date("2026-06-20T00:00:00Z"))).toBe(false);
    expect(lastClosableMonth(new Date("2026-06-03T16:59:59Z"))).toBe("2026-04");
    expect(lastClosableMonth(new Date("2026-06-03T17:00:00Z"))).toBe("2026-05");
    expect(lastClosableMonth(new Date("2026-01-10T00:00:00Z"))).toBe("2025-12");
  });

  it("takes only well-formed months", () => {
    expect(parseMonth("2026-05")).toBe("2026-05");
    for (const bad of ["2026-13", "2026-00", "2026-5", "26-05", "1999-12", "2026-05-01", " 2026-05", ""]) expect(parseMonth(bad)).toBeNull();
  });
});
