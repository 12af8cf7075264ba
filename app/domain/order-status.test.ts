import { describe, expect, it } from "vitest";
import { canTransition, isPaidStatus, orderStatuses } from "./order-status";

describe("order status", () => {
  it("moves forward through payment, packing and shipping", () => {
    expect(canTransition("pending_payment", "paid")).toBe(true);
    expect(canTransition("paid", "packed")).toBe(true);
    expect(canTransition("packed", "shipped")).toBe(true);
    expect(canTransition("shipped", "refunded")).toBe(true);
  });
  it("never leaves a final state or skips payment", () => {
    for (const to of orderStatuses) {
      expect(canTransition("cancelled", to)).toBe(false);
      expect(canTransition("refunded", to)).toBe(false);
    }
    expect(canTransition("pending_payment", "shipped")).toBe(false);
    expect(canTransition("shipped", "paid")).toBe(false);
  });
  it("knows which statuses hold the shopper's money", () => {
    expect(orderStatuses.filter(isPaidStatus)).toEqual(["paid", "packed", "shipped"]);
  });
});
