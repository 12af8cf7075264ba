import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { countSitemapProducts } from "~/models/catalog/catalog.server";
import { productFileCount, sitemapPages, sitemapProducts, sitemapRoot } from "~/routes/_system+/sitemap.server";
import { clearCatalogCache } from "~/utils/catalog-cache.server";
import { backends, serveAppFrom } from "../support/db";

const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);

/** A big catalogue's sitemap is an index of files a search engine accepts, which together list every piece once. */
describe.each(backends())("the sitemap on $name", ({ open }) => {
  let handle: DbHandle;
  let restore: () => void;
  let pieces: number;

  beforeAll(async () => {
    handle = await open();
    restore = serveAppFrom(handle);
    clearCatalogCache();
    pieces = await countSitemapProducts(handle.db);
  });
  afterAll(async () => {
    restore?.();
    await handle?.close();
  });

  it("is one file while the pieces fit in one", async () => {
    expect(await productFileCount()).toBe(0);
    const xml = await sitemapRoot();
    expect(xml).toMatch(/^<\?xml[^>]*>\n<urlset /);
    expect(locs(xml).filter((l) => l.includes("/products/"))).toHaveLength(pieces);
    expect(locs(xml).some((l) => l.endsWith("/impact"))).toBe(true);
  });

  it("becomes an index of files, which list every piece exactly once, when they don't", async () => {
    const size = 20;
    const files = Math.ceil(pieces / size);
    const index = await sitemapRoot(size);
    expect(index).toMatch(/<sitemapindex /);
    const listed = locs(index);
    expect(listed[0]).toMatch(/\/sitemap\/pages\.xml$/);
    expect(listed.slice(1)).toEqual(Array.from({ length: files }, (_, i) => expect.stringMatching(new RegExp(`/sitemap/products\\.xml\\?page=${i + 1}$`))));
    const products: string[] = [];
    for (let page = 1; page <= files; page++) {
      const file = locs(await sitemapProducts(page, size));
      expect(file.length).toBeLessThanOrEqual(size);
      products.push(...file);
    }
    expect(products).toHaveLength(pieces);
    expect(new Set(products).size).toBe(pieces);
    expect(locs(await sitemapRoot())).toEqual(expect.arrayContaining(products));
    const pages = locs(await sitemapPages());
    expect(pages.some((l) => l.includes("/producers/"))).toBe(true);
    expect(pages.some((l) => l.includes("/products/"))).toBe(false);
  });
});
