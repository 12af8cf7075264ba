import { describe, expect, it } from "vitest";
import { paymentMismatch } from "./payment-check";

const order = { number: "KR-26-ABCDEFGH", totalMinor: 5795, currency: "EUR", stripeCheckoutSessionId: "cs_test_1" };

describe("paymentMismatch", () => {
  it("accepts the order's own amount, currency and session", () => {
    expect(paymentMismatch(order, { sessionId: "cs_test_1", amountTotal: 5795, currency: "eur" })).toBeNull();
    expect(paymentMismatch({ ...order, stripeCheckoutSessionId: null }, { sessionId: "cs_other", amountTotal: 5795, currency: "eur" })).toBeNull();
  });

  it("compares in Stripe's minor units: rupiah ×100", () => {
    const idr = { ...order, totalMinor: 15_000_000, currency: "IDR" };
    expect(paymentMismatch(idr, { sessionId: "cs_test_1", amountTotal: 15_000_000, currency: "idr" })).toBeNull();
    expect(paymentMismatch(idr, { sessionId: "cs_test_1", amountTotal: 150_000, currency: "idr" })).toMatch(/is for Rp\s?1\.500, not Rp\s?150\.000/);
  });

  it("names every difference in one sentence", () => {
    expect(paymentMismatch(order, { sessionId: "cs_test_1", amountTotal: 100, currency: "eur" })).toMatch(/^The payment event for order KR-26-ABCDEFGH is for 1,00\s€, not 57,95\s€, so the order was not marked paid/);
    expect(paymentMismatch(order, { sessionId: "cs_x", amountTotal: 5795, currency: "usd" })).toMatch(/is in USD, not EUR and comes from Checkout Session cs_x, not cs_test_1/);
    expect(paymentMismatch(order, { sessionId: "cs_test_1", amountTotal: null, currency: null })).toMatch(/names no currency and names no amount/);
  });
});
