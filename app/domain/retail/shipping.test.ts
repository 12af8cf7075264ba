import { describe, expect, it } from "vitest";
import { PACKING_GRAMS, parcelWeight, shippingPriceFor } from "./shipping";

const brackets = [
  { maxWeightGrams: 1000, priceMinor: 2900 },
  { maxWeightGrams: 500, priceMinor: 1900 },
  { maxWeightGrams: 2000, priceMinor: 4400 },
];

describe("shipping", () => {
  it("adds packing to the weight of the pieces", () => {
    expect(parcelWeight([{ weightGrams: 200, quantity: 2 }, { weightGrams: 50, quantity: 1 }])).toBe(450 + PACKING_GRAMS);
    expect(parcelWeight([])).toBe(0);
  });
  it("charges the first bracket that covers the parcel, whatever order the brackets are in", () => {
    expect(shippingPriceFor(brackets, 500)).toBe(1900);
    expect(shippingPriceFor(brackets, 501)).toBe(2900);
    expect(shippingPriceFor(brackets, 2000)).toBe(4400);
  });
  it("has no price for a parcel heavier than every bracket", () => {
    expect(shippingPriceFor(brackets, 2001)).toBeNull();
    expect(shippingPriceFor([], 1)).toBeNull();
  });
});
