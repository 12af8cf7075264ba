import { describe, expect, it } from "vitest";
import { deliveryAddressSchema, needsPostalCode, normalisePostalCode, postalCodeProblem } from "./delivery-address";

describe("postal codes per country", () => {
  const good: [string, string][] = [
    ["US", "94107"], ["US", "94107-1234"], ["US", "941071234"], ["GB", "SW1A 1AA"], ["GB", "ec1a1bb"], ["GB", "M1 1AE"],
    ["DE", "10969"], ["FR", "75011"], ["JP", "123-4567"], ["JP", "1234567"], ["AU", "2000"], ["CA", "K1A 0B1"], ["CA", "k1a0b1"],
    ["NL", "1012 AB"], ["NL", "1012ab"], ["ID", "10110"], ["IE", "D02 X285"], ["PT", "1100-148"], ["SE", "114 55"], ["SG", "018956"],
    ["ZZ", "AB-123"],
  ];
  it.each(good)("%s accepts %s", (country, code) => expect(postalCodeProblem(country, code)).toBeNull());

  const bad: [string, string][] = [
    ["US", "9410"], ["US", "ABCDE"], ["US", "94107-12"], ["GB", "12345"], ["GB", "SW1A"], ["DE", "1096"], ["DE", "109690"],
    ["FR", "7501A"], ["JP", "1234-567"], ["AU", "20000"], ["CA", "123 456"], ["NL", "0123 AB"], ["NL", "1012"], ["ID", "1011"],
    ["ZZ", "!!"], ["ZZ", "ABCDEF"], ["DE", "   "],
  ];
  it.each(bad)("%s refuses %s", (country, code) => expect(postalCodeProblem(country, code)).toMatch(/postal code/i));

  it("gives an example for the country", () => {
    expect(postalCodeProblem("JP", "12")).toContain("123-4567");
  });

  it("Hong Kong has no postal codes, so none is asked for", () => {
    expect(needsPostalCode("HK")).toBe(false);
    expect(postalCodeProblem("HK", "")).toBeNull();
    expect(needsPostalCode("DE")).toBe(true);
  });

  it("normalises case and spacing", () => expect(normalisePostalCode("  sw1a   1aa ")).toBe("SW1A 1AA"));
});

describe("the delivery address", () => {
  it("reports every problem at once, blank-only fields included", () => {
    const result = deliveryAddressSchema("DE").safeParse({ name: "   ", line1: "\t", city: "", postalCode: "ABC" });
    expect(result.success).toBe(false);
    const fields = new Map(result.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect([...fields.keys()].sort()).toEqual(["city", "line1", "name", "postalCode"]);
    expect(fields.get("name")).toBe("Enter the name for delivery");
    expect(fields.get("postalCode")).toContain("10969");
  });

  it("a missing postal code is asked for", () => {
    const result = deliveryAddressSchema("US").safeParse({ name: "Ann", line1: "1 Main St", city: "Springfield" });
    expect(result.error?.issues.map((i) => i.message)).toEqual(["Enter the postal code"]);
  });

  it("trims and normalises a good address and drops empty optional fields", () => {
    const result = deliveryAddressSchema("GB").parse({ name: " Anna ", line1: "1 High St ", line2: "  ", city: "London", postalCode: "sw1a 1aa", region: "" });
    expect(result).toEqual({ name: "Anna", line1: "1 High St", line2: undefined, city: "London", postalCode: "SW1A 1AA", region: undefined });
  });

  it("refuses overlong fields", () => {
    const result = deliveryAddressSchema("DE").safeParse({ name: "x".repeat(121), line1: "a", city: "b", postalCode: "10969" });
    expect(result.error?.issues.map((i) => i.path[0])).toEqual(["name"]);
  });
});

describe("the address as printed", () => {
  it("skips empty parts and names the country", async () => {
    const { addressLines } = await import("./delivery-address");
    expect(addressLines({ name: "Anna", line1: "Lindenstraße 12", line2: "", city: "Berlin", postalCode: "10969", country: "DE" }, "Germany")).toEqual([
      "Anna",
      "Lindenstraße 12",
      "10969 Berlin",
      "Germany",
    ]);
  });
});
