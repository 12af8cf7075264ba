import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { isRefusal, isStaleEdit, Refusal, refusalKinds } from "~/domain/platform/refusal";
import { asRefusal, badRequest, invariantResponse, notFound, refusalErrors, refusalReply, refusalStatus, statusOf } from "./refusal.server";

/** What a thrown Response carries: its JSON body and the status the route answers with. */
async function thrown(run: () => unknown): Promise<{ data: unknown; status: number }> {
  try {
    run();
  } catch (error) {
    if (!(error instanceof Response)) throw error;
    return { data: await error.json(), status: error.status };
  }
  throw new Error("nothing was thrown");
}

describe("a refusal's HTTP status", () => {
  it.each([
    ["invalid", 400],
    ["forbidden", 403],
    ["not_found", 404],
    ["conflict", 409],
    ["too_large", 413],
    ["unsupported", 415],
    ["unprocessable", 422],
    ["upstream_failed", 502],
    ["unavailable", 503],
  ] as const)("%s is a %i", (kind, status) => {
    expect(statusOf(new Refusal(kind, "No."))).toBe(status);
  });

  it("has a status for every kind and nothing else, and only 4xx or 5xx", () => {
    expect(Object.keys(refusalStatus).sort()).toEqual([...refusalKinds].sort());
    for (const status of Object.values(refusalStatus)) expect(status).toBeGreaterThanOrEqual(400);
    expect(Object.isFrozen(refusalStatus)).toBe(true);
  });

  it("is made by the named constructors with the kind they say", () => {
    expect(Refusal.invalid("a").kind).toBe("invalid");
    expect(Refusal.notFound("a").kind).toBe("not_found");
    expect(Refusal.conflict("a").kind).toBe("conflict");
    expect(Refusal.tooLarge("a").kind).toBe("too_large");
    expect(Refusal.unsupported("a").kind).toBe("unsupported");
    expect(Refusal.unprocessable("a").kind).toBe("unprocessable");
    expect(Refusal.upstreamFailed("a").kind).toBe("upstream_failed");
    expect(Refusal.unavailable("a").kind).toBe("unavailable");
  });
});

describe("telling refusals from bugs", () => {
  it("knows a refusal, of a kind when asked, and nothing else", () => {
    const sold = Refusal.conflict("Sold out.");
    expect(isRefusal(sold)).toBe(true);
    expect(isRefusal(sold, "conflict", "invalid")).toBe(true);
    expect(isRefusal(sold, "not_found")).toBe(false);
    expect(isRefusal(new Error("Sold out."))).toBe(false);
    expect(isRefusal({ kind: "conflict", message: "Sold out." })).toBe(false);
  });

  it("hands a refusal back and rethrows anything else, so a bug is still a 500", () => {
    const refusal = Refusal.invalid("Enter an amount.");
    expect(asRefusal(refusal)).toBe(refusal);
    const bug = new TypeError("undefined is not a function");
    expect(() => asRefusal(bug)).toThrow(bug);
  });

  it("recognises a stale edit by the version it carries", () => {
    expect(isStaleEdit(Refusal.conflict("Someone saved first.", { details: { currentVersion: 12 } }))).toBe(true);
    expect(isStaleEdit(Refusal.conflict("Sold out."))).toBe(false);
    expect(isStaleEdit(Refusal.invalid("Odd.", { details: { currentVersion: 12 } }))).toBe(false);
  });
});

describe("where a refusal's message goes on a form", () => {
  it("on its field and above the form when it names a field, above the form only when not", () => {
    expect(refusalErrors(Refusal.conflict("That SKU is taken.", { field: "variants[0].sku" }))).toEqual({
      formErrors: ["That SKU is taken."],
      fieldErrors: { "variants[0].sku": ["That SKU is taken."] },
    });
    expect(refusalErrors(Refusal.notFound("That product no longer exists."))).toEqual({ formErrors: ["That product no longer exists."] });
  });

  it("answers a conform reply with the message on the field and the kind's status", () => {
    const formData = new FormData();
    formData.set("slug", "taken");
    const submission = parseWithZod(formData, { schema: z.object({ slug: z.string() }) });
    const answer = refusalReply(submission, Refusal.conflict("Another producer uses “taken”.", { field: "slug" }));
    expect(answer.init?.status).toBe(409);
    expect(answer.data.error).toEqual({ "": ["Another producer uses “taken”."], slug: ["Another producer uses “taken”."] });
    expect(answer.data.initialValue).toEqual({ slug: "taken" });
  });

  it("rethrows what is not a refusal instead of answering it", () => {
    const submission = parseWithZod(new FormData(), { schema: z.object({}) });
    expect(() => refusalReply(submission, new Error("connection reset"))).toThrow("connection reset");
  });
});

describe("responses thrown for control flow", () => {
  it("invariantResponse passes a truthy condition and throws a 400 with the message otherwise, or the status given", async () => {
    expect(() => invariantResponse(1, "never")).not.toThrow();
    expect(await thrown(() => invariantResponse(null, "That form's key is not valid."))).toEqual({ data: { message: "That form's key is not valid." }, status: 400 });
    expect(await thrown(() => invariantResponse(false, "You don't have access to this page.", { status: 403 }))).toEqual({ data: { message: "You don't have access to this page." }, status: 403 });
  });

  it("notFound is a 404 with its message or a friendly default", async () => {
    expect(await thrown(() => notFound("We couldn't find that order."))).toEqual({ data: { message: "We couldn't find that order." }, status: 404 });
    expect(await thrown(() => notFound())).toEqual({ data: { message: "We couldn't find that page." }, status: 404 });
  });

  it("badRequest is a 400 that lists what is wrong, with any headers given", async () => {
    expect(await thrown(() => badRequest("These filters can't be used.", ["Page must be 1 or more"]))).toEqual({ data: { message: "These filters can't be used.", errors: ["Page must be 1 or more"] }, status: 400 });
    try {
      badRequest("That search is too long.", [], { "Cache-Control": "no-store" });
    } catch (error) {
      expect((error as Response).headers.get("Cache-Control")).toBe("no-store");
    }
    expect.assertions(2);
  });
});
