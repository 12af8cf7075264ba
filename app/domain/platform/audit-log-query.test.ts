import { describe, expect, it } from "vitest";
import { auditLogSearch, hasAuditFilters, parseAuditLogQuery, utcDayRange } from "./audit-log-query";

const parse = (search: string) => parseAuditLogQuery(new URLSearchParams(search));

describe("audit log filters", () => {
  it("reads what changed, who, the UTC days and the page, treating empty values as unset", () => {
    expect(parse("")).toEqual({ ok: true, query: { entityType: undefined, userId: undefined, from: undefined, to: undefined, page: 1 } });
    expect(parse("type=stock_level&person=2&from=2026-03-01&to=2026-03-31&page=3")).toEqual({
      ok: true,
      query: { entityType: "stock_level", userId: 2, from: "2026-03-01", to: "2026-03-31", page: 3 },
    });
    expect(parse("type=&person=&from=&to=&page=")).toMatchObject({ ok: true, query: { entityType: undefined, userId: undefined, page: 1 } });
    expect(parse("from=2026-03-31&to=2026-03-31")).toMatchObject({ ok: true, query: { from: "2026-03-31", to: "2026-03-31" } });
  });

  it("lists every problem with a bad link, not just the first", () => {
    expect(parse("type=Product;drop&person=abc&from=2026-02-30&to=31/03/2026&page=0")).toEqual({
      ok: false,
      errors: ["What changed must be chosen from the list", "Person must be chosen from the list", "From is not a real date", "To must be a date like 2026-03-31", "Page must be between 1 and 10000"],
    });
    expect(parse("person=0")).toEqual({ ok: false, errors: ["Person must be chosen from the list"] });
    expect(parse("page=1.5")).toEqual({ ok: false, errors: ["Page must be a whole number from 1"] });
    expect(parse("from=2026-04-02&to=2026-04-01")).toEqual({ ok: false, errors: ["From must not be after To"] });
    expect(parse("page=1&page=2&type=order&type=product")).toEqual({ ok: false, errors: ['"type" may appear only once', '"page" may appear only once'] });
  });

  it("writes a query back into a URL, keeping the filters across pages", () => {
    const parsed = parse("type=order&person=4&from=2026-01-01");
    if (!parsed.ok) throw new Error("should parse");
    expect(auditLogSearch(parsed.query, { page: 2 })).toBe("?type=order&person=4&from=2026-01-01&page=2");
    expect(auditLogSearch({ page: 1 })).toBe("");
    expect(parseAuditLogQuery(new URLSearchParams(auditLogSearch(parsed.query, { page: 7 })))).toEqual({ ok: true, query: { ...parsed.query, page: 7 } });
  });

  it("turns UTC days into a half-open range of instants, both days included", () => {
    expect(utcDayRange({ from: "2026-03-01", to: "2026-03-31" })).toEqual({ start: new Date("2026-03-01T00:00:00Z"), end: new Date("2026-04-01T00:00:00Z") });
    expect(utcDayRange({ to: "2026-12-31" })).toEqual({ start: undefined, end: new Date("2027-01-01T00:00:00Z") });
    expect(utcDayRange({})).toEqual({ start: undefined, end: undefined });
  });

  it("knows whether a filter is set, so an empty page can say why", () => {
    expect(hasAuditFilters({})).toBe(false);
    expect(hasAuditFilters({ userId: 3 })).toBe(true);
    expect(hasAuditFilters({ to: "2026-01-01" })).toBe(true);
  });
});
