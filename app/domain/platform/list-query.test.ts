import { describe, expect, it } from "vitest";
import { z } from "zod";
import { idField, listSearch, pageField, parseListQuery, searchTextField } from "./list-query";

const schema = z.object({ q: searchTextField(10), who: idField("Choose someone"), tag: z.array(z.string()).default([]), kind: z.string().optional(), page: pageField(50) });
const parse = (search: string, fixed?: Record<string, unknown>) => parseListQuery(new URLSearchParams(search), { schema, single: ["q", "who", "kind", "page"], multiple: ["tag"], fixed });

describe("list queries in the URL", () => {
  it("reads single and repeated keys, treating empty values as unset", () => {
    expect(parse("q=+rattan+&who=3&tag=a&tag=b&page=2")).toEqual({ ok: true, values: { q: "rattan", who: 3, tag: ["a", "b"], page: 2 } });
    expect(parse("q=&who=&tag=&page=")).toEqual({ ok: true, values: { q: undefined, tag: [] } });
  });

  it("lets the page fix a value the URL cannot override", () => {
    expect(parse("kind=from-the-url", { kind: "fixed" })).toMatchObject({ ok: true, values: { kind: "fixed" } });
  });

  it("lists every problem at once: repeated keys and bad values", () => {
    expect(parse("page=1&page=2&who=0&q=0123456789x")).toEqual({
      ok: false,
      errors: ['"page" may appear only once', "Search text is limited to 10 characters", "Choose someone"],
    });
    expect(parse("page=abc")).toEqual({ ok: false, errors: ["Page must be a whole number from 1"] });
    expect(parse("page=0")).toEqual({ ok: false, errors: ["Page must be between 1 and 50"] });
    expect(parse("page=51")).toEqual({ ok: false, errors: ["Page must be between 1 and 50"] });
    expect(parse("who=me")).toEqual({ ok: false, errors: ["Choose someone"] });
  });

  it("writes state back in order, leaving unset values out", () => {
    expect(listSearch({ q: "teak stool", who: 3, tag: ["a", "b"], low: true, off: false, none: undefined, empty: "", zero: 0 })).toBe("?q=teak+stool&who=3&tag=a&tag=b&low=1&zero=0");
    expect(listSearch({ q: undefined, tag: [] })).toBe("");
  });
});
