import { createRequire } from "node:module";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { isStripeError } from "./stripe.server";

const cjsStripe = createRequire(import.meta.url)("stripe") as typeof Stripe;

describe("isStripeError", () => {
  it("knows a Stripe error and its type from either build of the package", () => {
    for (const errors of [Stripe.errors, cjsStripe.errors]) {
      const idempotency = new errors.StripeIdempotencyError({ message: "Keys for idempotent requests can only be used with the same parameters" });
      expect(isStripeError(idempotency)).toBe(true);
      expect(isStripeError(idempotency, "StripeIdempotencyError")).toBe(true);
      expect(isStripeError(idempotency, "StripeAPIError")).toBe(false);
      expect(isStripeError(new errors.StripeConnectionError({ message: "down" }), "StripeConnectionError")).toBe(true);
      expect(isStripeError(new errors.StripeInvalidRequestError({ message: "No such session" }), "StripeInvalidRequestError")).toBe(true);
    }
    // The two builds' classes differ, which is why the check reads the type.
    expect(cjsStripe.errors.StripeError).not.toBe(Stripe.errors.StripeError);
  });

  it("is false for anything else", () => {
    expect(isStripeError(new Error("StripeAPIError"))).toBe(false);
    expect(isStripeError(Object.assign(new Error("x"), { type: "StripeAPIError" }))).toBe(false);
    expect(isStripeError(Object.assign(new Error("x"), { type: "invalid_request_error", raw: {} }))).toBe(false);
    expect(isStripeError({ type: "StripeAPIError", raw: {} })).toBe(false);
    expect(isStripeError(null)).toBe(false);
    expect(isStripeError("StripeAPIError")).toBe(false);
  });
});
