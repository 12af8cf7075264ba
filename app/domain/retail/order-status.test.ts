import { describe, expect, it } from "vitest";
import { canTransition, holdsLatePayment, isPaidStatus, orderStatuses, owesRefund, refundBlocker, type OrderPayment } from "./order-status";

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

  describe("refunds", () => {
    const order = (status: OrderPayment["status"], paymentStatus: string | null, refundedMinor = 0): OrderPayment => ({ status, paymentStatus, totalMinor: 5000, refundedMinor });

    it("owes a refund on a cancelled order whose payment arrived late, until it is returned in full", () => {
      expect(holdsLatePayment(order("cancelled", "paid"))).toBe(true);
      expect(owesRefund(order("cancelled", "paid"))).toBe(true);
      expect(owesRefund(order("cancelled", "paid", 4999))).toBe(true);
      expect(owesRefund(order("cancelled", "paid", 5000))).toBe(false);
      // Cancelled before any money came, or a payment that never cleared: nothing is owed.
      expect(owesRefund(order("cancelled", null))).toBe(false);
      expect(owesRefund(order("cancelled", "processing"))).toBe(false);
      // Paid orders hold the money too, but they are being fulfilled, not owed back.
      for (const status of ["paid", "packed", "shipped", "refunded", "pending_payment"] as const) expect(owesRefund(order(status, "paid")), status).toBe(false);
    });

    it("lets staff refund paid orders and late payments while something is left", () => {
      for (const status of ["paid", "packed", "shipped"] as const) {
        expect(refundBlocker(order(status, "paid")), status).toBeNull();
        expect(refundBlocker(order(status, "paid", 4000)), status).toBeNull();
      }
      expect(refundBlocker(order("cancelled", "paid"))).toBeNull();
      expect(refundBlocker(order("cancelled", "paid", 2500))).toBeNull();
      expect(refundBlocker(order("cancelled", "paid", 5000))).toBe("nothing_left");
      expect(refundBlocker(order("refunded", "paid", 5000))).toBe("nothing_left");
      expect(refundBlocker(order("cancelled", null))).toBe("not_paid");
      expect(refundBlocker(order("cancelled", "processing"))).toBe("not_paid");
      expect(refundBlocker(order("pending_payment", null))).toBe("not_paid");
      expect(refundBlocker(order("pending_payment", "processing"))).toBe("not_paid");
    });

    it("never lets a refund move a cancelled order anywhere", () => {
      expect(orderStatuses.filter((to) => canTransition("cancelled", to))).toEqual([]);
    });
  });
});
