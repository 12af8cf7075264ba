import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatOrderNumber, normaliseOrderNumber, orderNumberField, orderNumberPattern } from "./order-number";

describe("order numbers", () => {
  it("are made from the year and eight random bytes, and always match the one pattern", () => {
    expect(formatOrderNumber(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]), new Date("2026-03-01T00:00:00Z"))).toBe("KR-26-23456789");
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), fc.date({ min: new Date("2000-01-01"), max: new Date("2099-12-31"), noInvalidDate: true }), (bytes, now) => {
        expect(formatOrderNumber(bytes, now)).toMatch(orderNumberPattern);
      }),
    );
    expect(() => formatOrderNumber(new Uint8Array(4), new Date())).toThrow(RangeError);
  });

  it("accept what a shopper types in any case, and nothing else", () => {
    expect(normaliseOrderNumber(" kr-26-abcd2345 ")).toBe("KR-26-ABCD2345");
    expect(normaliseOrderNumber("KR-2026-ABCD2345")).toBeNull();
    expect(normaliseOrderNumber("KR-26-ABCD234")).toBeNull();
    expect(normaliseOrderNumber(undefined)).toBeNull();
    expect(orderNumberField.safeParse("kr-26-abcd2345")).toEqual({ success: true, data: "KR-26-ABCD2345" });
    expect(orderNumberField.safeParse("12345").error?.issues[0]?.message).toBe("Order numbers look like KR-26-ABCD2345");
  });
});
