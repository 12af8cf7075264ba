import { describe, expect, it } from "vitest";
import { isRefusal } from "~/domain/platform/refusal";
import { idOf, isHandledEvent, parseStripeEvent } from "./stripe-event";

const event = (type: string, object: Record<string, unknown>) => ({ id: "evt_1", object: "event", type, data: { object } });

describe("parsing Stripe events", () => {
  it("checks the objects of the types it handles and passes others through", () => {
    const session = parseStripeEvent(event("checkout.session.completed", { id: "cs_1", metadata: { kind: "retail_order" }, amount_total: 5795, currency: "eur", payment_intent: { id: "pi_1" } }));
    expect(isHandledEvent(session)).toBe(true);
    expect(session.object).toMatchObject({ id: "cs_1", metadata: { kind: "retail_order" } });
    const other = parseStripeEvent(event("customer.created", { id: "cus_1" }));
    expect(isHandledEvent(other)).toBe(false);
  });

  it("refuses an odd shape as invalid, naming what is wrong", () => {
    const refused = (raw: unknown) => {
      try {
        parseStripeEvent(raw);
      } catch (error) {
        return isRefusal(error, "invalid") ? error.message : `not a refusal: ${String(error)}`;
      }
      return "accepted";
    };
    expect(refused(event("checkout.session.completed", { id: "cs_1", amount_total: "5795" }))).toMatch(/checkout\.session\.completed event's data\.object.*amount_total/);
    expect(refused(event("charge.refunded", { id: "ch_1", currency: "eur" }))).toMatch(/amount_refunded/);
    expect(refused(event("checkout.session.expired", { id: "cs_1", metadata: { kind: 7 } }))).toMatch(/metadata/);
    expect(refused({ id: "evt_1", type: "checkout.session.completed", data: {} })).toMatch(/not shaped like a Stripe event/);
  });

  it("reads a related object's id whether it is expanded or not", () => {
    expect(idOf("pi_1")).toBe("pi_1");
    expect(idOf({ id: "pi_2" })).toBe("pi_2");
    expect(idOf(null)).toBeNull();
  });
});
