import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { availableQuantity, canApply, formatStockDelta, movementDelta, movementKindLabels, stockStatus, type MovementKind } from "./stock";

describe("stock", () => {
  it("subtracts reservations from what is on hand", () => {
    expect(availableQuantity({ onHand: 5, reserved: 2 })).toBe(3);
    expect(availableQuantity({ onHand: 1, reserved: 3 })).toBe(0);
  });

  it("moves the right columns for each kind of movement", () => {
    expect(movementDelta("receipt", 4)).toEqual({ onHandDelta: 4, reservedDelta: 0 });
    expect(movementDelta("reservation", 2)).toEqual({ onHandDelta: 0, reservedDelta: 2 });
    expect(movementDelta("release", 2)).toEqual({ onHandDelta: 0, reservedDelta: -2 });
    expect(movementDelta("sale", 2)).toEqual({ onHandDelta: -2, reservedDelta: -2 });
    expect(movementDelta("adjustment", -3)).toEqual({ onHandDelta: -3, reservedDelta: 0 });
    expect(() => movementDelta("receipt", 0)).toThrow(RangeError);
  });

  it("never lets a sequence of allowed movements take availability below zero", () => {
    const kinds: MovementKind[] = ["receipt", "reservation", "release", "sale", "transfer_out", "adjustment"];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...kinds), fc.integer({ min: -5, max: 5 }).filter((n) => n !== 0))), (steps) => {
        let level = { onHand: 0, reserved: 0 };
        for (const [kind, qty] of steps) {
          const delta = movementDelta(kind, qty);
          if (canApply(level, delta)) level = { onHand: level.onHand + delta.onHandDelta, reserved: level.reserved + delta.reservedDelta };
          expect(level.onHand - level.reserved).toBeGreaterThanOrEqual(0);
          expect(level.reserved).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });

  it("labels low and sold-out stock", () => {
    expect(stockStatus(0)).toBe("sold_out");
    expect(stockStatus(2)).toBe("low_stock");
    expect(stockStatus(12)).toBe("in_stock");
  });
});

describe("ledger display", () => {
  it("signs deltas and dashes no change", () => {
    expect([formatStockDelta(5), formatStockDelta(-2), formatStockDelta(0)]).toEqual(["+5", "−2", "—"]);
    expect(movementKindLabels.transfer_out).toBe("Transfer out");
  });
});
