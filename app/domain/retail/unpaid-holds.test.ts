import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkUnpaidHolds, unpaidPieceLimits } from "./unpaid-holds";

describe("unpaid holds", () => {
  it("lets an order reserve up to each cap, and not one piece past it", () => {
    expect(checkUnpaidHolds({ requested: 10, heldByEmail: 0, heldByAddress: 0 })).toBeNull();
    expect(checkUnpaidHolds({ requested: 3, heldByEmail: 7, heldByAddress: 17 })).toBeNull();
    expect(checkUnpaidHolds({ requested: 4, heldByEmail: 7, heldByAddress: 0 })).toMatchObject({ scope: "email", limit: 10 });
    expect(checkUnpaidHolds({ requested: 2, heldByEmail: 0, heldByAddress: 19 })).toMatchObject({ scope: "address", limit: 20 });
  });

  it("tells a shopper with open orders to pay or wait, and one big order to ask for a quote", () => {
    expect(checkUnpaidHolds({ requested: 2, heldByEmail: 9, heldByAddress: null })!.message).toMatch(/9 are already held.*pay for those first/);
    expect(checkUnpaidHolds({ requested: 11, heldByEmail: 0, heldByAddress: null })!.message).toMatch(/at most 10 pieces.*wholesale/);
  });

  it("skips the address cap when the address is unknown, and keeps the address cap looser than the email cap", () => {
    expect(checkUnpaidHolds({ requested: 5, heldByEmail: 0, heldByAddress: null })).toBeNull();
    expect(unpaidPieceLimits.address).toBeGreaterThan(unpaidPieceLimits.email);
  });

  it("never allows more held pieces than a cap, whatever the counts", () => {
    fc.assert(
      fc.property(fc.nat(40), fc.nat(40), fc.nat(40), (requested, heldByEmail, heldByAddress) => {
        if (checkUnpaidHolds({ requested, heldByEmail, heldByAddress }) === null) {
          expect(heldByEmail + requested).toBeLessThanOrEqual(unpaidPieceLimits.email);
          expect(heldByAddress + requested).toBeLessThanOrEqual(unpaidPieceLimits.address);
        }
      }),
    );
  });
});
