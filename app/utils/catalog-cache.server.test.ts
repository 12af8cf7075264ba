import { describe, expect, it } from "vitest";
import { approximateBytes, cachedCatalogRead } from "./catalog-cache.server";

describe("the catalogue read cache's size bound", () => {
  it("counts a read's rows by what they hold", () => {
    const row = { id: 1, title: "Rattan basket", createdAt: new Date(0), tags: ["rattan", "woven"] };
    expect(approximateBytes([row, row])).toBeGreaterThan(approximateBytes([row]));
    expect(approximateBytes({ description: "x".repeat(10_000) })).toBeGreaterThan(20_000);
    expect(approximateBytes(null)).toBe(8);
  });

  it("keeps serving reads larger than the whole cache, without keeping them", async () => {
    let small = 0;
    const read = async () => (small += 1);
    await cachedCatalogRead("test:small", read);
    await cachedCatalogRead("test:small", read);
    expect(small).toBe(1);
    let reads = 0;
    const huge = async () => {
      reads += 1;
      return "x".repeat(13 * 1024 * 1024);
    };
    expect((await cachedCatalogRead("test:huge", huge)).length).toBe(13 * 1024 * 1024);
    expect((await cachedCatalogRead("test:huge", huge)).length).toBe(13 * 1024 * 1024);
    expect(reads).toBe(2);
  });
});
