import { describe, expect, it } from "vitest";
import { clampCartCount, parseCartCount } from "./cart-count";

describe("the cart count cookie", () => {
  it("reads the count among other cookies", () => {
    expect(parseCartCount("kriya_cart_count=3")).toBe(3);
    expect(parseCartCount("a=1; kriya_cart_count=12; b=2")).toBe(12);
    expect(parseCartCount("kriya_currency=EUR;kriya_cart_count=0")).toBe(0);
  });

  it("is null when absent or malformed, and never above 999", () => {
    expect(parseCartCount(null)).toBeNull();
    expect(parseCartCount("")).toBeNull();
    expect(parseCartCount("xkriya_cart_count=4")).toBeNull();
    expect(parseCartCount("kriya_cart_count=-1")).toBeNull();
    expect(parseCartCount("kriya_cart_count=12345")).toBeNull();
    expect(parseCartCount("kriya_cart_count=4000")).toBe(999);
  });

  it("clamps what is written to whole numbers from 0 to 999", () => {
    expect(clampCartCount(-3)).toBe(0);
    expect(clampCartCount(2.7)).toBe(2);
    expect(clampCartCount(1000)).toBe(999);
    expect(clampCartCount(Number.NaN)).toBe(0);
  });
});
