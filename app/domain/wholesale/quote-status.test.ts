import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Refusal } from "~/domain/platform/refusal";
import { isDueToExpire, quoteActions, quoteStatuses, quoteTermsSchema, transitionQuote, validUntilSchema, type QuoteAction, type QuoteState } from "./quote-status";

const today = "2026-12-01";

function refused(quote: QuoteState, action: QuoteAction, on = today): Refusal {
  const next = transitionQuote(quote, action, on);
  if (!(next instanceof Refusal)) throw new Error(`expected ${action} on a ${quote.status} quote to be refused, got ${next}`);
  return next;
}

describe("transitionQuote", () => {
  it("walks request → price → send → changes → re-price → send → accept", () => {
    let quote: QuoteState = { status: "requested", validUntil: null };
    for (const [action, validUntil] of [["price", "2026-12-15"], ["send", "2026-12-15"], ["request_changes", "2026-12-15"], ["price", "2026-12-20"], ["send", "2026-12-20"], ["accept", "2026-12-20"]] as const) {
      const next = transitionQuote({ ...quote, validUntil }, action, today);
      if (next instanceof Refusal) throw next;
      quote = { status: next, validUntil };
    }
    expect(quote.status).toBe("accepted");
  });

  it("accepts a sent quote on its last valid day, and refuses it the day after", () => {
    const quote: QuoteState = { status: "sent", validUntil: "2026-12-01" };
    expect(transitionQuote(quote, "accept", "2026-12-01")).toBe("accepted");
    const refusal = refused(quote, "accept", "2026-12-02");
    expect(refusal).toMatchObject({ kind: "conflict", message: "This quote expired on 2026-12-01: ask us for a new one" });
  });

  it("accepts only a sent quote", () => {
    for (const status of quoteStatuses.filter((s) => s !== "sent")) {
      expect(refused({ status, validUntil: "2026-12-31" }, "accept").message, status).toMatch(/^Only a sent quote can be accepted/);
    }
    expect(refused({ status: "accepted", validUntil: "2026-12-31" }, "accept").message).toBe("Only a sent quote can be accepted (this one is accepted)");
  });

  it("refuses to send without a validity date or with one in the past", () => {
    expect(refused({ status: "priced", validUntil: null }, "send")).toMatchObject({ kind: "invalid", field: "validUntil", message: "Set a validity date before sending the quote" });
    expect(refused({ status: "priced", validUntil: "2026-11-30" }, "send")).toMatchObject({ kind: "invalid", message: "A validity date can't be in the past" });
    expect(transitionQuote({ status: "priced", validUntil: today }, "send", today)).toBe("sent");
  });

  it("expires a sent quote only once its validity has passed", () => {
    expect(refused({ status: "sent", validUntil: today }, "expire").message).toBe("This quote is valid until 2026-12-01");
    expect(transitionQuote({ status: "sent", validUntil: "2026-11-30" }, "expire", today)).toBe("expired");
    expect(refused({ status: "accepted", validUntil: "2026-11-30" }, "expire").message).toMatch(/Only a sent quote expires/);
    expect(isDueToExpire({ status: "sent", validUntil: "2026-11-30" }, today)).toBe(true);
    expect(isDueToExpire({ status: "sent", validUntil: today }, today)).toBe(false);
    expect(isDueToExpire({ status: "accepted", validUntil: "2026-11-30" }, today)).toBe(false);
  });

  it("property: nothing leaves accepted, declined or expired, and accepted is reached only from sent within validity", () => {
    const day = fc.integer({ min: 1, max: 28 }).map((d) => `2026-12-${String(d).padStart(2, "0")}`);
    fc.assert(
      fc.property(fc.constantFrom(...quoteStatuses), fc.option(day, { nil: null }), fc.constantFrom(...quoteActions), day, (status, validUntil, action, on) => {
        const next = transitionQuote({ status, validUntil }, action, on);
        if (status === "accepted" || status === "declined" || status === "expired") expect(next).toBeInstanceOf(Refusal);
        if (next === "accepted") {
          expect(status).toBe("sent");
          expect(validUntil !== null && validUntil >= on).toBe(true);
        }
      }),
    );
  });
});

describe("quoteTermsSchema", () => {
  it("takes FOB without a port and CIF with one", () => {
    expect(quoteTermsSchema.parse({ incoterm: "FOB", destinationPort: "Rotterdam" })).toEqual({ incoterm: "FOB", destinationPort: null });
    expect(quoteTermsSchema.parse({ incoterm: "CIF", destinationPort: " Rotterdam " })).toEqual({ incoterm: "CIF", destinationPort: "Rotterdam" });
  });

  it("refuses CIF without a port", () => {
    for (const destinationPort of [undefined, null, "", "   "]) {
      const result = quoteTermsSchema.safeParse({ incoterm: "CIF", destinationPort });
      expect(result.success).toBe(false);
      expect(result.error?.issues).toEqual([expect.objectContaining({ path: ["destinationPort"], message: "Name the destination port for CIF" })]);
    }
  });

  it("refuses an unknown incoterm", () => {
    for (const incoterm of ["EXW", "fob", "", undefined]) {
      const result = quoteTermsSchema.safeParse({ incoterm, destinationPort: "Rotterdam" });
      expect(result.success, String(incoterm)).toBe(false);
      expect(result.error?.issues[0]).toMatchObject({ path: ["incoterm"], message: "Choose FOB Jakarta or CIF to a named port" });
    }
  });
});

describe("validUntilSchema", () => {
  it("takes today or later, and refuses the past and non-dates", () => {
    expect(validUntilSchema(today).parse("2026-12-01")).toBe("2026-12-01");
    expect(validUntilSchema(today).safeParse("2026-11-30").error?.issues[0]?.message).toBe("A validity date can't be in the past");
    expect(validUntilSchema(today).safeParse("2026-02-30").error?.issues[0]?.message).toBe("A validity date must be a date like 2026-03-31");
    expect(validUntilSchema(today).safeParse("next week").success).toBe(false);
  });
  it("refuses a validity more than a year ahead, so every quote can expire", () => {
    expect(validUntilSchema(today).parse("2027-12-01")).toBe("2027-12-01");
    expect(validUntilSchema(today).safeParse("2027-12-02").error?.issues[0]?.message).toBe("A quote can be valid for at most 365 days");
    expect(validUntilSchema(today).safeParse("9999-12-31").success).toBe(false);
  });
});
