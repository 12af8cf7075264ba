import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldMessages, firstError, parseAdminForm, UNKNOWN_INTENT } from "./admin-form.server";

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("pack") }),
  z.object({ intent: z.literal("ship"), trackingNumber: z.string({ message: "Enter the tracking number" }).min(6, "Tracking numbers have at least 6 characters") }),
]);

const form = (entries: Record<string, string>) => {
  const formData = new FormData();
  for (const [key, value] of Object.entries(entries)) formData.set(key, value);
  return formData;
};

async function thrownStatus(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (!(error instanceof Response)) throw error;
    return { status: error.status, message: ((await error.json()) as { message: string }).message };
  }
  return null;
}

describe("a back-office form with several intents", () => {
  it("parses the intent's own fields", () => {
    const submission = parseAdminForm(form({ intent: "ship", trackingNumber: "RR123456789ID" }), schema);
    expect(submission.status).toBe("success");
    expect(submission.status === "success" && submission.value).toEqual({ intent: "ship", trackingNumber: "RR123456789ID" });
  });

  it("answers an unknown or missing intent with a 400 that says so, never a thrown Error", async () => {
    expect(await thrownStatus(() => parseAdminForm(form({ intent: "delete-everything" }), schema))).toEqual({ status: 400, message: UNKNOWN_INTENT });
    expect(await thrownStatus(() => parseAdminForm(form({ trackingNumber: "RR123456789ID" }), schema))).toEqual({ status: 400, message: UNKNOWN_INTENT });
  });

  it("hands back a known intent's field errors for the form to show", () => {
    const submission = parseAdminForm(form({ intent: "ship", trackingNumber: "RR1" }), schema);
    expect(submission.status).toBe("error");
    const error = submission.status === "error" ? submission.error : undefined;
    expect(fieldMessages(error)).toEqual({ trackingNumber: "Tracking numbers have at least 6 characters" });
    expect(firstError(error)).toBe("Tracking numbers have at least 6 characters");
    // conform reads an empty field as missing.
    const empty = parseAdminForm(form({ intent: "ship", trackingNumber: "" }), schema);
    expect(firstError(empty.status === "error" ? empty.error : undefined)).toBe("Enter the tracking number");
  });
});

const numbers = z.object({ quantity: z.number().int(), price: z.number().optional() });

describe("parseAdminForm reads numbers as people type them", () => {
  it("takes plain decimal digits, with a sign or spaces around them", () => {
    for (const [typed, read] of [["12", 12], [" 7 ", 7], ["-3", -3], ["+4", 4], ["0", 0]] as const) {
      const submission = parseAdminForm(form({ quantity: typed }), numbers);
      expect(submission.status, typed).toBe("success");
      if (submission.status === "success") expect(submission.value.quantity).toBe(read);
    }
    const priced = parseAdminForm(form({ quantity: "1", price: "2.5" }), numbers);
    expect(priced.status === "success" && priced.value.price).toBe(2.5);
  });

  it("refuses what Number() would read but no one types: hex, binary, exponents, Infinity", () => {
    for (const typed of ["0x2", "0b11", "0o7", "1e1", "Infinity", "1_000", "١٢"]) {
      expect(parseAdminForm(form({ quantity: typed }), numbers).status, typed).toBe("error");
    }
  });

  it("still treats an empty field as missing", () => {
    const submission = parseAdminForm(form({ quantity: "3", price: "" }), numbers);
    expect(submission.status === "success" && submission.value.price).toBeUndefined();
  });
});
