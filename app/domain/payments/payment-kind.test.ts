import { describe, expect, it } from "vitest";
import { isPaymentKind, kindLabel, paymentMetadata } from "./payment-kind";

describe("payment kinds", () => {
  it("reads a known kind, names an unknown one, and says when there is none", () => {
    expect(kindLabel({ kind: "retail_order", order_id: "x" })).toEqual({ kind: "retail_order" });
    expect(kindLabel({ kind: "wholesale_deposit" })).toEqual({ kind: "wholesale_deposit" });
    expect(kindLabel({ kind: "gift_card" })).toEqual({ unknown: "gift_card" });
    expect(kindLabel({ kind: "RETAIL_ORDER" })).toEqual({ unknown: "RETAIL_ORDER" });
    // A legacy object names its order but no kind: that alone is not a retail order.
    expect(kindLabel({ order_id: "00000000-0000-4000-8000-000000000000" })).toEqual({ missing: true });
    expect(kindLabel({ kind: "" })).toEqual({ missing: true });
    expect(kindLabel(null)).toEqual({ missing: true });
    expect(kindLabel(undefined)).toEqual({ missing: true });
  });

  it("puts the kind beside the object's ids", () => {
    expect(paymentMetadata("retail_order", { order_id: "o-1", order_number: "KR-26-ABC" })).toEqual({ kind: "retail_order", order_id: "o-1", order_number: "KR-26-ABC" });
    expect(isPaymentKind("wholesale_deposit")).toBe(true);
    expect(isPaymentKind("toString")).toBe(false);
  });
});
