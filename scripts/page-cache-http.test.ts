import { describe, expect, it } from "vitest";
import { markRenderWhole, RENDER_WHOLE_HEADER } from "./page-cache-http";

describe("the render-whole header", () => {
  it("drops a client's own, in any spelling, on a page that won't be stored", () => {
    const spellings: [string, string][] = [["x-kriya-render-whole", "1"], ["X-Kriya-Render-Whole", "1"], ["x-kriya-render-whole", "yes"]];
    for (const [name, value] of spellings) {
      const headers = markRenderWhole(new Headers({ [name]: value, accept: "text/html" }), false);
      expect(headers.has(RENDER_WHOLE_HEADER)).toBe(false);
      expect(headers.get("accept")).toBe("text/html");
    }
  });

  it("is set, once and to 1, only on a page about to be stored", () => {
    const headers = markRenderWhole(new Headers({ "x-kriya-render-whole": "0, 1" }), true);
    expect(headers.get(RENDER_WHOLE_HEADER)).toBe("1");
    expect(markRenderWhole(new Headers(), false).has(RENDER_WHOLE_HEADER)).toBe(false);
  });
});
