import { describe, expect, it } from "vitest";
import { allowedDecisions, canDecide, importerApplicationSchema, setupLinkExpiry } from "./importer-application";

const valid = {
  companyName: "Nordlys Fair Handel AS",
  country: "NO",
  taxId: "NO 987 654 321 MVA",
  contactName: "Hanna Berg",
  contactEmail: " Hanna@Nordlys.Example ",
  phone: "+47 22 00 00 00",
  website: "nordlys.example",
  expectedVolume: "US$20,000–50,000",
  consent: "on",
};

describe("importer application", () => {
  it("accepts a complete application and normalises email and website", () => {
    const parsed = importerApplicationSchema.parse(valid);
    expect(parsed.contactEmail).toBe("hanna@nordlys.example");
    expect(parsed.website).toBe("https://nordlys.example");
  });

  it("leaves the website optional", () => {
    expect(importerApplicationSchema.parse({ ...valid, website: "" }).website).toBeNull();
  });

  it.each([
    ["country", "XX"],
    ["contactEmail", "not-an-email"],
    ["expectedVolume", "lots"],
    ["consent", undefined],
    ["phone", "call me"],
    ["companyName", "  "],
  ])("refuses a bad %s", (field, value) => {
    const result = importerApplicationSchema.safeParse({ ...valid, [field]: value });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path[0]).toBe(field);
  });
});

describe("importer decisions", () => {
  it("lets staff approve or reject a pending importer, suspend an approved one, and reinstate a suspended one", () => {
    expect(allowedDecisions("pending")).toEqual(["approve", "reject"]);
    expect(canDecide("approved", "suspend")).toBe(true);
    expect(canDecide("approved", "approve")).toBe(false);
    expect(canDecide("suspended", "approve")).toBe(true);
    expect(allowedDecisions("rejected")).toEqual([]);
  });

  it("gives a set-password link a week", () => {
    const now = new Date("2026-12-01T12:00:00Z");
    expect(setupLinkExpiry(now).toISOString()).toBe("2026-12-08T12:00:00.000Z");
  });
});
