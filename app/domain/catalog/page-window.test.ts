import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_PAGE } from "./catalog-query";
import { pageWindow, type PageWindowEntry } from "./page-window";

const render = (entries: PageWindowEntry[]) => entries.map((e) => ("page" in e ? String(e.page) : "…")).join(" ");

describe("pageWindow", () => {
  it("lists every page of a short listing", () => {
    expect(render(pageWindow(1, 1))).toBe("");
    expect(render(pageWindow(2, 5))).toBe("1 2 3 4 5");
    expect(render(pageWindow(4, 7))).toBe("1 2 3 4 5 6 7");
  });

  it("keeps the first, the last and the neighbours of the current page of a long one", () => {
    expect(render(pageWindow(1, 4167))).toBe(`1 2 3 … ${MAX_PAGE}`);
    expect(render(pageWindow(50, 100))).toBe("1 … 48 49 50 51 52 … 100");
    expect(render(pageWindow(97, 100))).toBe("1 … 95 96 97 98 99 100");
    expect(render(pageWindow(4, 100))).toBe("1 2 3 4 5 6 … 100");
  });

  it("never offers a page the URL would refuse, and stays small", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 10_000 }), (a, b) => {
        const pageCount = Math.max(a, b);
        const current = Math.min(a, b, MAX_PAGE);
        const pages = pageWindow(current, pageCount).flatMap((e) => ("page" in e ? [e.page] : []));
        expect(pages.every((p) => p >= 1 && p <= Math.min(pageCount, MAX_PAGE))).toBe(true);
        expect(pages.length).toBeLessThanOrEqual(9);
        if (pageCount > 1) expect(pages).toContain(current);
        expect([...pages].sort((x, y) => x - y)).toEqual(pages);
      }),
    );
  });
});
