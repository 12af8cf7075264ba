import { describe, expect, it } from "vitest";
import { money } from "~/domain/money/money";
import { producerSharePercent } from "./pricing";

describe("producer share", () => {
  it("converts the IDR producer price to USD and rounds the share down", () => {
    // Rp 260.000 at 16,250/USD = $16.00 of a $48.00 price = 33.3%
    expect(producerSharePercent(money(4800, "USD"), money(26_000_000, "IDR"), 16_250_000_000)).toBe(33);
  });
  it("has no share without a retail price", () => {
    expect(producerSharePercent(money(0, "USD"), money(1, "IDR"), 16_250_000_000)).toBeNull();
  });
});
