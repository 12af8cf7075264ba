import { describe, expect, it } from "vitest";
import { parseStockListQuery, stockListSearch } from "./stock-list-query";

const parse = (search: string) => parseStockListQuery(new URLSearchParams(search));

describe("stock list filters", () => {
  it("reads text, location, low stock and page, treating empty values as unset", () => {
    expect(parse("")).toEqual({ ok: true, query: { q: undefined, locationId: undefined, lowOnly: false, page: 1 } });
    expect(parse("q=+basket+&location=2&low=1&page=3")).toEqual({ ok: true, query: { q: "basket", locationId: 2, lowOnly: true, page: 3 } });
    expect(parse("q=&location=&page=")).toMatchObject({ ok: true, query: { q: undefined, locationId: undefined, page: 1 } });
    expect(parse("low=on")).toMatchObject({ ok: true, query: { lowOnly: true } });
  });

  it("explains what is wrong with a bad filter", () => {
    expect(parse("page=0")).toEqual({ ok: false, errors: ["Page must be between 1 and 1000"] });
    expect(parse("page=abc")).toEqual({ ok: false, errors: ["Page must be a whole number from 1"] });
    expect(parse("location=warehouse")).toEqual({ ok: false, errors: ["Location must be chosen from the list"] });
    expect(parse("location=0")).toMatchObject({ ok: false });
    expect(parse("low=yes")).toEqual({ ok: false, errors: ["Low stock only must be 1"] });
    expect(parse(`q=${"x".repeat(121)}`)).toEqual({ ok: false, errors: ["Search text is limited to 120 characters"] });
    expect(parse("page=1&page=2")).toEqual({ ok: false, errors: ['"page" may appear only once'] });
  });

  it("writes a query back into a URL, keeping filters across pages", () => {
    const parsed = parse("q=KR-01&low=1&location=1");
    if (!parsed.ok) throw new Error("should parse");
    expect(stockListSearch(parsed.query, { page: 2 })).toBe("?q=KR-01&location=1&low=1&page=2");
    expect(stockListSearch({ lowOnly: false, page: 1 })).toBe("");
    const roundTrip = parseStockListQuery(new URLSearchParams(stockListSearch(parsed.query, { page: 4 })));
    expect(roundTrip).toEqual({ ok: true, query: { ...parsed.query, page: 4 } });
  });
});
