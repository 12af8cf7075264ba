import { describe, expect, it } from "vitest";
import { batchCodePattern, formatReferenceCode, normaliseReferenceCode, quoteNumberPattern } from "./reference-code";

describe("reference codes", () => {
  const now = new Date("2026-05-09T00:00:00Z");
  it("formats a prefix, the year and characters from the readable alphabet", () => {
    const code = formatReferenceCode("WQ", new Uint8Array([0, 1, 2, 3, 4, 5, 6, 31]), now);
    expect(code).toBe("WQ-26-2345678Z");
    expect(quoteNumberPattern.test(code)).toBe(true);
    expect(formatReferenceCode("B", new Uint8Array([32, 33, 34, 35, 36, 37]), now, 6)).toBe("B-26-234567");
  });
  it("refuses too few bytes", () => {
    expect(() => formatReferenceCode("WQ", new Uint8Array(4), now)).toThrow(RangeError);
  });
  it("normalises typed codes and refuses the wrong shape", () => {
    expect(normaliseReferenceCode(" wq-26-23456789 ", quoteNumberPattern)).toBe("WQ-26-23456789");
    expect(normaliseReferenceCode("WQ-26-0000000O", quoteNumberPattern)).toBeNull();
    expect(normaliseReferenceCode("B-26-ABCDEF", batchCodePattern)).toBe("B-26-ABCDEF");
    expect(normaliseReferenceCode(42, batchCodePattern)).toBeNull();
  });
});
