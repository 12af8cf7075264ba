import { describe, expect, it } from "vitest";
import { catalogQueryToSearch } from "./catalog-query";
import { parseCatalogQuery } from "./catalog-query-parse";

const parse = (s: string, category?: string) => parseCatalogQuery(new URLSearchParams(s), { category });

describe("catalogue query in the URL", () => {
  it("defaults to featured, page 1, no filters", () => {
    expect(parse("")).toEqual({
      ok: true,
      query: { q: undefined, category: undefined, materials: [], producers: [], minPrice: undefined, maxPrice: undefined, inStockOnly: false, sort: "featured", page: 1 },
    });
  });

  it("reads every filter", () => {
    const result = parse("q=basket&material=rattan&material=bamboo&producer=a-b&min=10&max=90&instock=1&sort=price-asc&page=2");
    expect(result.ok && result.query).toMatchObject({
      q: "basket",
      materials: ["rattan", "bamboo"],
      producers: ["a-b"],
      minPrice: 10,
      maxPrice: 90,
      inStockOnly: true,
      sort: "price-asc",
      page: 2,
    });
  });

  it("sorts search results by relevance unless told otherwise", () => {
    const result = parse("q=silver");
    expect(result.ok && result.query.sort).toBe("relevance");
  });

  it.each([
    ["page=-1", /Page/],
    ["page=0", /Page/],
    ["page=abc", /Page/],
    ["min=abc", /lowest price/],
    ["max=1.5", /highest price/],
    ["sort='\"", /Sort must be one of/],
    ["min=90&max=10", /must not be above/],
    ["material=Robert');DROP", /slug/],
    ["page=1&page=2", /only once/],
    [`q=${"basket ".repeat(15)}x`, /Search text is limited to 100 characters/],
  ])("rejects %s with a clear message", (search, message) => {
    const result = parse(search);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join(" ")).toMatch(message);
  });

  it("accepts a search of exactly 100 characters, counted after trimming", () => {
    const result = parse(`q=${encodeURIComponent(`  ${"b".repeat(100)}  `)}`);
    expect(result.ok && result.query.q).toBe("b".repeat(100));
    expect(parse(`q=${"b".repeat(101)}`).ok).toBe(false);
  });

  it("ignores empty values, as sent by a form with blank fields", () => {
    const result = parse("min=&max=&q=&sort=");
    expect(result.ok).toBe(true);
  });

  it("writes the same state back, dropping defaults", () => {
    const parsed = parse("material=rattan&min=10&instock=1&sort=name&page=3");
    if (!parsed.ok) throw new Error("should parse");
    const search = catalogQueryToSearch(parsed.query);
    expect(search).toBe("?material=rattan&min=10&instock=1&sort=name&page=3");
    expect(catalogQueryToSearch(parsed.query, { page: 1 })).not.toContain("page");
  });
});
