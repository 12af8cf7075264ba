import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checksumInput, csvField, entryCsvLine, monthEntriesCsv, usdDecimal, type PublishedEntry } from "./open-data";

const entry = (over: Partial<PublishedEntry> = {}): PublishedEntry => ({
  id: 7,
  bookedAt: "2026-05-01T03:00:00.000000Z",
  occurredAt: "2026-04-30T23:00:00.123456Z",
  channel: "retail",
  kind: "sale",
  producerId: 3,
  currency: "IDR",
  amountMinor: 150_000_000,
  rateMicros: 16_000_000_000,
  usdMinor: 9375,
  ...over,
});

describe("the ledger's published form", () => {
  it("writes an entry as one canonical line without the order it came from", () => {
    expect(entryCsvLine(entry())).toBe("7,2026-05-01T03:00:00.000000Z,2026-04-30T23:00:00.123456Z,retail,sale,3,IDR,150000000,16000000000,9375\n");
    expect(entryCsvLine(entry({ producerId: null, kind: "refund", usdMinor: -5, amountMinor: -5, currency: "USD", rateMicros: 1_000_000 }))).toBe(
      "7,2026-05-01T03:00:00.000000Z,2026-04-30T23:00:00.123456Z,retail,refund,,USD,-5,1000000,-5\n",
    );
  });

  it("orders a month's entries by id under one header, whatever order they come in", () => {
    const csv = monthEntriesCsv([entry({ id: 9 }), entry({ id: 2 })]);
    const lines = csv.split("\n");
    expect(lines[0]).toBe("id,booked_at,occurred_at,channel,kind,producer_id,currency,amount_minor,rate_micros,usd_minor");
    expect(lines.slice(1, 3).map((l) => l.split(",")[0])).toEqual(["2", "9"]);
    expect(csv.endsWith("\n")).toBe(true);
    expect(monthEntriesCsv([])).toBe("id,booked_at,occurred_at,channel,kind,producer_id,currency,amount_minor,rate_micros,usd_minor\n");
  });

  it("chains a month to the one before", () => {
    expect(checksumInput(null, "a\n")).toBe("\na\n");
    expect(checksumInput("ab12", "a\n")).toBe("ab12\na\n");
  });

  it("quotes a field only when it must", () => {
    expect(csvField('Kampung "Hijau", Bali')).toBe('"Kampung ""Hijau"", Bali"');
    expect(csvField("Langkat")).toBe("Langkat");
    expect(csvField(null)).toBe("");
  });

  it("writes US cents as dollars without floating point", () => {
    expect(usdDecimal(123_456)).toBe("1234.56");
    expect(usdDecimal(5)).toBe("0.05");
    expect(usdDecimal(-5)).toBe("-0.05");
    expect(usdDecimal(0)).toBe("0.00");
    expect(usdDecimal(Number.MAX_SAFE_INTEGER)).toBe("90071992547409.91");
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), (cents) => {
        const [whole, fraction] = usdDecimal(cents).replace("-", "").split(".");
        expect(BigInt(whole!) * 100n + BigInt(fraction!)).toBe(BigInt(Math.abs(cents)));
        expect(usdDecimal(cents).startsWith("-")).toBe(cents < 0);
      }),
    );
  });
});
