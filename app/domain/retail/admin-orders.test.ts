import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { adminOrderSearch, formatJakartaTime, jakartaDate, jakartaDayRange, minorToDecimal, orderListStatusLabels, parseAdminOrderQuery, shipmentSchema } from "./admin-orders";
import { parseMoneyInput } from "~/domain/money/money";

const parse = (search: string) => parseAdminOrderQuery(new URLSearchParams(search));

describe("order list filters in the URL", () => {
  it("reads every filter and leaves empty ones unset", () => {
    expect(parse("status=paid&q=%20anna%20&from=2026-03-01&to=2026-03-31&demo=live&page=3")).toEqual({
      ok: true,
      query: { status: "paid", q: "anna", from: "2026-03-01", to: "2026-03-31", demo: "live", page: 3 },
    });
    expect(parse("status=&q=&from=&to=&demo=&page=")).toEqual({ ok: true, query: { page: 1 } });
  });

  it("filters cancelled orders that still owe a late payment back", () => {
    expect(parse("status=refund_owed")).toEqual({ ok: true, query: { status: "refund_owed", page: 1 } });
    const result = parse("status=refund_owed&demo=live&page=2");
    expect(result.ok && adminOrderSearch(result.query)).toBe("?status=refund_owed&demo=live&page=2");
    expect(orderListStatusLabels.refund_owed).toBe("Refund owed");
    expect(parse("status=payment_problem")).toEqual({ ok: true, query: { status: "payment_problem", page: 1 } });
    expect(orderListStatusLabels.payment_problem).toBe("Payment problem");
    const refused = parse("status=refund-owed");
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.errors.join(" ")).toMatch(/Status must be one of: .*cancelled, refunded, refund_owed/);
  });

  it("explains every bad value instead of guessing", () => {
    const cases: [string, RegExp][] = [
      ["status=lost", /Status must be one of/],
      ["from=2026-02-30", /From is not a real date/],
      ["to=31/03/2026", /To must be a date like/],
      ["from=2026-04-01&to=2026-03-01", /From must not be after To/],
      ["demo=maybe", /Demo must be demo or live/],
      ["page=0", /Page must be between/],
      ["page=abc", /Page must be a whole number/],
      ["q=" + "x".repeat(121), /limited to 120 characters/],
      ["status=paid&status=packed", /"status" may appear only once/],
    ];
    for (const [search, message] of cases) {
      const result = parse(search);
      expect(result.ok, search).toBe(false);
      if (!result.ok) expect(result.errors.join(" "), search).toMatch(message);
    }
  });

  it("writes the filters back without defaults, for pagination and the CSV link", () => {
    const result = parse("status=shipped&q=KR-26&demo=demo&page=1");
    expect(result.ok && adminOrderSearch(result.query)).toBe("?status=shipped&q=KR-26&demo=demo");
    expect(result.ok && adminOrderSearch(result.query, { page: 2 })).toBe("?status=shipped&q=KR-26&demo=demo&page=2");
    expect(adminOrderSearch({ page: 1 })).toBe("");
  });
});

describe("Jakarta days", () => {
  it("turns calendar days into [00:00 WIB, next 00:00 WIB)", () => {
    expect(jakartaDayRange({ from: "2026-03-01", to: "2026-03-01" })).toEqual({
      start: new Date("2026-02-28T17:00:00Z"),
      end: new Date("2026-03-01T17:00:00Z"),
    });
    expect(jakartaDayRange({})).toEqual({ start: undefined, end: undefined });
  });

  it("shows instants in Jakarta time", () => {
    expect(formatJakartaTime(new Date("2026-02-28T17:30:00Z"))).toBe("2026-03-01 00:30");
    expect(jakartaDate(new Date("2026-02-28T17:30:00Z"))).toBe("2026-03-01");
  });
});

describe("money in the CSV", () => {
  it("is an exact decimal in the currency's own minor digits", () => {
    expect(minorToDecimal(125005, "USD")).toBe("1250.05");
    expect(minorToDecimal(5, "EUR")).toBe("0.05");
    expect(minorToDecimal(2400, "JPY")).toBe("2400");
    expect(minorToDecimal(15_000_050, "IDR")).toBe("150000.50");
    expect(minorToDecimal(-1250, "GBP")).toBe("-12.50");
    expect(() => minorToDecimal(1.5, "USD")).toThrow(RangeError);
  });

  it("reads back to the same minor units for two-digit and zero-digit currencies", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.constantFrom("USD", "EUR", "GBP", "JPY"), (minor, currency) => {
        expect(parseMoneyInput(minorToDecimal(minor, currency), currency)).toBe(minor);
      }),
    );
  });
});

describe("shipment details", () => {
  it("trims the carrier and normalises the tracking number", () => {
    expect(shipmentSchema.parse({ carrier: "  POS   Indonesia ", trackingNumber: " rr 123 456 789 id " })).toEqual({ carrier: "POS Indonesia", trackingNumber: "RR123456789ID" });
  });

  it("rejects missing, short, long or odd values", () => {
    for (const input of [
      {},
      { carrier: "DHL" },
      { carrier: "", trackingNumber: "RR123456789ID" },
      { carrier: "DHL", trackingNumber: "   " },
      { carrier: "DHL", trackingNumber: "12345" },
      { carrier: "DHL", trackingNumber: "X".repeat(41) },
      { carrier: "DHL", trackingNumber: "=HYPERLINK(1)" },
      { carrier: "D".repeat(61), trackingNumber: "RR123456789ID" },
      { carrier: "DHL\u0000", trackingNumber: "RR123456789ID" },
    ]) {
      expect(shipmentSchema.safeParse(input).success, JSON.stringify(input)).toBe(false);
    }
  });

  it("says what is wrong with the carrier: missing, or too short", () => {
    const message = (carrier: string) => shipmentSchema.safeParse({ carrier, trackingNumber: "RR123456789ID" }).error?.issues[0]?.message;
    expect(message("  ")).toBe("Enter the carrier, e.g. POS Indonesia");
    expect(message("D")).toBe("A carrier name has at least 2 characters");
  });
});
