import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { availableQuantity, canApply, formatStockDelta, mayGoNegative, movementDelta, movementKindLabels, planMovement, refusalMessage, stockStatus, type LedgerMovement, type LocationKind, type MovementKind } from "./stock";

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

  it("sells with or without a reservation, and puts a return back on hand", () => {
    expect(movementDelta("sale", 2, { fromReservation: false })).toEqual({ onHandDelta: -2, reservedDelta: 0 });
    expect(movementDelta("sale", 2, { fromReservation: true })).toEqual({ onHandDelta: -2, reservedDelta: -2 });
    expect(movementDelta("return", 3)).toEqual({ onHandDelta: 3, reservedDelta: 0 });
  });

  it("lets only an unreserved sale at an event go below zero", () => {
    expect(mayGoNegative("event", { kind: "sale", quantity: 1, fromReservation: false })).toBe(true);
    expect(mayGoNegative("event", { kind: "sale", quantity: 1 })).toBe(false);
    expect(mayGoNegative("warehouse", { kind: "sale", quantity: 1, fromReservation: false })).toBe(false);
    expect(mayGoNegative("event", { kind: "transfer_out", quantity: 1 })).toBe(false);
    expect(mayGoNegative("event", { kind: "adjustment", quantity: -1 })).toBe(false);
  });

  it("refuses what is not there with how many are left", () => {
    const refused = planMovement({ onHand: 5, reserved: 3 }, { kind: "reservation", quantity: 3 }, "warehouse");
    expect(refused).toEqual({ ok: false, refusal: { reason: "not_enough_stock", requested: 3, left: 2 } });
    if (!refused.ok) expect(refusalMessage(refused.refusal)).toBe("Only 2 left");
    const released = planMovement({ onHand: 5, reserved: 1 }, { kind: "release", quantity: 2 }, "warehouse");
    expect(released.ok).toBe(false);
    expect(planMovement({ onHand: 0, reserved: 0 }, { kind: "sale", quantity: 1, fromReservation: false }, "warehouse")).toMatchObject({ ok: false, refusal: { left: 0 } });
    // An event that sold short can take stock back in, though it stays below zero.
    expect(planMovement({ onHand: -3, reserved: 0 }, { kind: "transfer_in", quantity: 1 }, "event")).toMatchObject({ ok: true, plan: { after: { onHand: -2 }, shortfall: 0 } });
    expect(planMovement({ onHand: 2, reserved: 0 }, { kind: "sale", quantity: 5, fromReservation: false }, "event")).toMatchObject({ ok: true, plan: { after: { onHand: -3 }, shortfall: 3 } });
  });

  const ledgerMovement = fc.oneof(
    fc.record({ kind: fc.constantFrom<MovementKind>("receipt", "reservation", "release", "transfer_out", "transfer_in", "return"), quantity: fc.integer({ min: 1, max: 6 }) }),
    fc.record({ kind: fc.constant<MovementKind>("adjustment"), quantity: fc.integer({ min: -6, max: 6 }).filter((n) => n !== 0) }),
    fc.record({ kind: fc.constant<MovementKind>("sale"), quantity: fc.integer({ min: 1, max: 6 }), fromReservation: fc.boolean() }),
  ) as fc.Arbitrary<LedgerMovement>;

  it("keeps a warehouse at zero or more whatever is asked, and moves exactly the kind's deltas when it accepts", () => {
    fc.assert(
      fc.property(fc.array(ledgerMovement, { maxLength: 40 }), (movements) => {
        let level = { onHand: 0, reserved: 0 };
        for (const movement of movements) {
          const planned = planMovement(level, movement, "warehouse");
          const delta = movementDelta(movement.kind, movement.quantity, movement);
          // Independent of the planner: a warehouse accepts exactly what its CHECKs would.
          expect(planned.ok).toBe(canApply(level, delta));
          if (!planned.ok) continue;
          expect(planned.plan.after).toEqual({ onHand: level.onHand + delta.onHandDelta, reserved: level.reserved + delta.reservedDelta });
          expect(planned.plan.shortfall).toBe(0);
          level = planned.plan.after;
          expect(level.onHand).toBeGreaterThanOrEqual(0);
          expect(level.reserved).toBeGreaterThanOrEqual(0);
          expect(level.onHand - level.reserved).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });

  it("never refuses an unreserved sale at an event, and counts every piece sold beyond what was there", () => {
    fc.assert(
      fc.property(fc.array(ledgerMovement, { maxLength: 40 }), (movements) => {
        let level = { onHand: 0, reserved: 0 };
        let soldShort = 0;
        for (const movement of movements) {
          const kind: LocationKind = "event";
          const planned = planMovement(level, movement, kind);
          if (movement.kind === "sale" && movement.fromReservation === false) expect(planned.ok).toBe(true);
          if (!planned.ok) continue;
          if (!mayGoNegative(kind, movement)) expect(planned.plan.shortfall).toBe(0);
          // What went missing is never more than the sale, and only what took on hand further below zero.
          expect(planned.plan.shortfall).toBe(Math.max(0, -planned.plan.after.onHand) - Math.max(0, Math.min(-level.onHand, -planned.plan.after.onHand)));
          soldShort += planned.plan.shortfall;
          level = planned.plan.after;
          expect(level.reserved).toBeGreaterThanOrEqual(0);
          expect(soldShort).toBeGreaterThanOrEqual(Math.max(0, -level.onHand));
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
