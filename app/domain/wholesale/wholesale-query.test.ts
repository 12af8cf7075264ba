import { describe, expect, it } from "vitest";
import { isRefusal } from "~/domain/platform/refusal";
import { parseQuoteNotes, parseQuoteTerms } from "./quote-request";
import { parseWholesaleQuery, smallestOrder, wholesaleQueryToSearch } from "./wholesale-query";

const parse = (search: string) => parseWholesaleQuery(new URLSearchParams(search));

describe("the wholesale catalogue's URL", () => {
  it("reads filters like the shop's, with defaults left out when written back", () => {
    const parsed = parse("q=basket&producer=enceng-rawa-pening&producer=enceng-rawa-pening&material=rattan&island=Java&category=home-decor&page=2");
    expect(parsed).toEqual({
      ok: true,
      query: { q: "basket", producers: ["enceng-rawa-pening"], materials: ["rattan"], island: "Java", category: "home-decor", sort: "relevance", page: 2 },
    });
    if (!parsed.ok) return;
    expect(wholesaleQueryToSearch(parsed.query, { page: 1 })).toBe("?q=basket&category=home-decor&producer=enceng-rawa-pening&material=rattan&island=Java");
    expect(parse("")).toEqual({ ok: true, query: { q: undefined, category: undefined, producers: [], materials: [], island: undefined, sort: "featured", page: 1 } });
  });

  it("lists every problem with a link that makes no sense", () => {
    const parsed = parse("sort=cheapest&page=0&producer=Not_A_Slug&island=%3Cscript%3E&q=a&q=b");
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toHaveLength(5);
  });

  it("rounds the minimum up to whole cartons for the smallest order", () => {
    expect(smallestOrder({ moq: 24, casePack: 6 })).toBe(24);
    expect(smallestOrder({ moq: 10, casePack: 6 })).toBe(12);
    expect(smallestOrder({ moq: 6, casePack: 1 })).toBe(6);
  });
});

describe("a quote request's terms and notes", () => {
  const refusalOf = (work: () => unknown) => {
    try {
      work();
    } catch (error) {
      if (isRefusal(error)) return error;
      throw error;
    }
    throw new Error("expected a refusal");
  };

  it("takes FOB Jakarta without a port and CIF with one, and refuses anything else on its field", () => {
    expect(parseQuoteTerms({ incoterm: "FOB", destinationPort: "Oslo" })).toEqual({ incoterm: "FOB", destinationPort: null });
    expect(parseQuoteTerms({ incoterm: "CIF", destinationPort: " Oslo " })).toEqual({ incoterm: "CIF", destinationPort: "Oslo" });
    expect(refusalOf(() => parseQuoteTerms({ incoterm: "EXW", destinationPort: null }))).toMatchObject({ kind: "invalid", field: "incoterm" });
    expect(refusalOf(() => parseQuoteTerms({ incoterm: "CIF", destinationPort: "" }))).toMatchObject({ kind: "invalid", field: "destinationPort" });
    expect(refusalOf(() => parseQuoteTerms({ incoterm: undefined, destinationPort: undefined }))).toMatchObject({ kind: "invalid", field: "incoterm" });
  });

  it("trims notes and refuses more than 2,000 characters", () => {
    expect(parseQuoteNotes("  pack by colour \n")).toBe("pack by colour");
    expect(parseQuoteNotes(undefined)).toBe("");
    expect(refusalOf(() => parseQuoteNotes("x".repeat(2001)))).toMatchObject({ kind: "invalid", field: "notes" });
  });
});
