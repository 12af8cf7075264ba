import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlCounter, type DbHandle } from "../../db/client.server";
import { products as seedProducts } from "../../db/seed/data/products";
import { products, variants } from "../../db/schema";
import { PAGE_SIZE, type CatalogQuery } from "~/domain/catalog/catalog-query";
import { parseCatalogQuery } from "~/domain/catalog/catalog-query-parse";
import {
  getCatalogFacets,
  getProductBySlug,
  listFeaturedProducts,
  listProducerProducts,
  listProducts,
} from "~/models/catalog/catalog.server";
import { onlineAvailableOf } from "~/models/stock/online-available.server";
import { getProducerBySlug, listProducers } from "~/models/catalog/producers.server";
import { getProducerForEdit, listProducersForAdmin } from "~/models/catalog/producer-admin.server";
import { getSiteContext } from "~/models/catalog/site.server";
import { backends } from "../support/db";

function query(search: string): CatalogQuery {
  const parsed = parseCatalogQuery(new URLSearchParams(search));
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  return parsed.query;
}

async function countStatements<T>(fn: () => Promise<T>) {
  const store = { count: 0, statements: [] as string[] };
  const result = await sqlCounter.run(store, fn);
  return { result, count: store.count };
}

describe.each(backends())("catalogue queries on $name", ({ open }) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await open();
  });
  afterAll(async () => {
    await handle.close();
  });

  it("lists every active product, 24 to a page, with the total from the same statement", async () => {
    const { result, count } = await countStatements(() => listProducts(handle.db, { query: query("") }));
    expect(count).toBe(1);
    expect(result.total).toBe(seedProducts.length);
    expect(result.items).toHaveLength(PAGE_SIZE);
    expect(result.pageCount).toBe(Math.ceil(seedProducts.length / PAGE_SIZE));
    const page2 = await listProducts(handle.db, { query: query("page=2") });
    const firstIds = new Set(result.items.map((i) => i.id));
    expect(page2.items.some((i) => firstIds.has(i.id))).toBe(false);
  });

  it("returns an empty page past the end but keeps the total", async () => {
    const result = await listProducts(handle.db, { query: query("page=99") });
    expect(result.items).toEqual([]);
    expect(result.total).toBe(seedProducts.length);
  });

  it("filters by category", async () => {
    const result = await listProducts(handle.db, { query: query("category=silver-jewellery") });
    const expected = seedProducts.filter((p) => p.category === "silver-jewellery").length;
    expect(result.total).toBe(expected);
    expect(result.items.every((i) => i.categorySlug === "silver-jewellery")).toBe(true);
  });

  it("filters by material and producer group together", async () => {
    const sample = seedProducts.find((p) => p.materials.includes("rattan"))!;
    const result = await listProducts(handle.db, { query: query(`material=rattan&producer=${sample.producer}`) });
    const expected = seedProducts.filter((p) => p.materials.includes("rattan") && p.producer === sample.producer);
    expect(result.items.map((i) => i.slug).sort()).toEqual(expected.map((p) => p.slug).sort());
  });

  it("filters by price range against any variant's price", async () => {
    const result = await listProducts(handle.db, { query: query("min=20&max=40") });
    const expected = seedProducts.filter((p) => p.variants.some((v) => v.retailUsdCents >= 2000 && v.retailUsdCents <= 4000));
    expect(result.total).toBe(expected.length);
    expect(result.total).toBeGreaterThan(0);
  });

  it("shows only pieces with online stock when asked", async () => {
    const all = await listProducts(handle.db, { query: query("page=1&sort=name") });
    const inStock = await listProducts(handle.db, { query: query("instock=1&sort=name") });
    const soldOutSlugs = seedProducts.filter((p) => p.variants.every((v) => v.stock === 0)).map((p) => p.slug);
    expect(inStock.total).toBe(all.total - soldOutSlugs.length);
    expect(inStock.items.every((i) => i.available > 0)).toBe(true);
  });

  it("sorts by price both ways", async () => {
    const asc = await listProducts(handle.db, { query: query("sort=price-asc") });
    const prices = asc.items.map((i) => i.minPriceMinor);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    const desc = await listProducts(handle.db, { query: query("sort=price-desc") });
    const cheapest = Math.min(...seedProducts.flatMap((p) => p.variants.map((v) => v.retailUsdCents)));
    expect(asc.items[0]!.minPriceMinor).toBe(cheapest);
    expect(desc.items[0]!.minPriceMinor).toBeGreaterThan(desc.items[desc.items.length - 1]!.minPriceMinor);
  });

  it("searches with stemming and without regard to case", async () => {
    const plural = await listProducts(handle.db, { query: query("q=Baskets") });
    const upper = await listProducts(handle.db, { query: query("q=BASKET") });
    expect(plural.total).toBeGreaterThan(0);
    expect(plural.items.map((i) => i.id)).toEqual(upper.items.map((i) => i.id));
    expect(plural.items.every((i) => /basket/i.test(i.title) || /basket/i.test(i.summary))).toBe(true);
    const titled = seedProducts.filter((p) => /basket/i.test(p.title)).map((p) => p.slug);
    for (const slug of titled) expect(plural.items.map((i) => i.slug)).toContain(slug);
  });

  it("puts the pieces named for the search words ahead of those that only mention them (Best match)", async () => {
    const brass = await listProducts(handle.db, { query: query("q=brass") });
    const named = brass.items.map((i) => /\bbrass\b/i.test(i.title));
    expect(named.filter(Boolean).length).toBeGreaterThan(0);
    expect(named.filter((n) => !n).length).toBeGreaterThan(0);
    expect(named).toEqual([...named].sort((a, b) => Number(b) - Number(a)));
    // Few matches: the count is exact.
    expect(brass.totalIsLowerBound).toBeUndefined();
    expect(brass.total).toBe(brass.items.length);
  });

  it("finds pieces by material and producer words kept in the search keywords", async () => {
    const silver = await listProducts(handle.db, { query: query("q=nickel-free silver") });
    expect(silver.total).toBeGreaterThan(0);
    expect(silver.items.every((i) => i.categorySlug === "silver-jewellery")).toBe(true);
  });

  it("finds a misspelt word by trigram likeness when full-text search finds nothing", async () => {
    const result = await listProducts(handle.db, { query: query("q=baskit") });
    expect(result.total).toBeGreaterThan(0);
    expect(result.fuzzy).toBe(true);
    const slugs = result.items.map((i) => i.slug);
    for (const p of seedProducts.filter((p) => /basket/i.test(p.title))) expect(slugs).toContain(p.slug);
    expect(result.items.some((i) => i.categorySlug === "silver-jewellery")).toBe(false);
    // Best match first: a basket, not something merely near it.
    expect(result.items[0]!.title).toMatch(/basket/i);
    const exact = await listProducts(handle.db, { query: query("q=basket") });
    expect(exact.fuzzy).toBeUndefined();
  });

  it("reads Indonesian words as their English: keranjang is basket, tas is bag, tas kulit a leather bag", async () => {
    const keranjang = await listProducts(handle.db, { query: query("q=keranjang&sort=name") });
    const basket = await listProducts(handle.db, { query: query("q=basket&sort=name") });
    expect(keranjang.total).toBeGreaterThan(0);
    expect(keranjang.items.map((i) => i.slug)).toEqual(basket.items.map((i) => i.slug));

    const tas = await listProducts(handle.db, { query: query("q=tas") });
    const totes = seedProducts.filter((p) => /\btote\b/i.test(p.title)).map((p) => p.slug);
    expect(totes.length).toBeGreaterThan(1);
    for (const slug of totes) expect(tas.items.map((i) => i.slug)).toContain(slug);

    const leatherBag = await listProducts(handle.db, { query: query("q=tas%20kulit") });
    expect(leatherBag.items.map((i) => i.slug)).toContain(seedProducts.find((p) => /leather tote/i.test(p.title))!.slug);
    expect(leatherBag.items.some((i) => /ldpe/i.test(i.title))).toBe(false);

    const perak = await listProducts(handle.db, { query: query("q=perak") });
    expect(perak.total).toBeGreaterThan(0);
    expect(perak.items.every((i) => i.categorySlug === "silver-jewellery")).toBe(true);
  });

  it("finds nothing for nonsense, not even by likeness", async () => {
    const result = await listProducts(handle.db, { query: query("q=xqzvwk") });
    expect(result).toMatchObject({ total: 0, items: [] });
    expect(result.fuzzy).toBeUndefined();
  });

  it("refuses a search longer than 100 characters with a 400 that says so, and runs one of exactly 100", async () => {
    const long = "rattan basket ".repeat(8);
    expect(long.trim().length).toBeGreaterThan(100);
    const parsed = parseCatalogQuery(new URLSearchParams({ q: long }));
    expect(parsed.ok).toBe(false);
    const { loader } = await import("~/routes/_shop+/search");
    const thrown = await Promise.resolve(loader({ request: new Request(`http://localhost/search?q=${encodeURIComponent(long)}`), params: {}, context: {} } as never)).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(Response);
    const response = thrown as Response;
    expect(response.status).toBe(400);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const body = (await response.json()) as { message: string; errors: string[] };
    expect(body.message).toBe("That search is too long.");
    expect(body.errors.join(" ")).toMatch(/limited to 100 characters/);
    const hundred = await listProducts(handle.db, { query: query(`q=${encodeURIComponent(long.slice(0, 100))}`) });
    expect(hundred.total).toBeGreaterThanOrEqual(0);
  });

  it("treats hostile search text as words, never as SQL", async () => {
    const result = await listProducts(handle.db, { query: query(`q=${encodeURIComponent("'; drop table products; --")}`) });
    expect(result.total).toBe(0);
    const [row] = await handle.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(products);
    expect(row!.n).toBe(seedProducts.length);
  });

  it("keeps the search vector and its GIN index in the database", async () => {
    const rows = await handle.db.execute(
      sql`select indexdef from pg_indexes where tablename = 'products' and indexname = 'products_search_idx'`,
    );
    const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as { indexdef: string }[];
    expect(list[0]?.indexdef).toMatch(/USING gin/i);
  });

  it("loads a product page in one statement, with provenance and no payout details", async () => {
    const seedProduct = seedProducts.find((p) => p.variants.length > 1)!;
    const { result: product, count } = await countStatements(() => getProductBySlug(handle.db, { slug: seedProduct.slug }));
    expect(count).toBe(1);
    expect(product).toBeDefined();
    expect(product!.variants).toHaveLength(seedProduct.variants.length);
    expect(product!.images.length).toBe(2);
    expect(product!.producer.slug).toBe(seedProduct.producer);
    expect(product!.producer.fieldVisits).toHaveLength(1);
    expect(product!.producer.fieldVisits[0]!.checks).toHaveLength(10);
    expect(Object.keys(product!.producer)).not.toContain("payoutAccountNumber");
    const stock = product!.variants.map((v) => onlineAvailableOf(v));
    expect(stock).toEqual(seedProduct.variants.map((v) => v.stock));
  });

  it("returns nothing for an unknown or archived product", async () => {
    expect(await getProductBySlug(handle.db, { slug: "no-such-piece" })).toBeUndefined();
    const slug = seedProducts[0]!.slug;
    await handle.db.transaction(async (tx) => {
      await tx.update(products).set({ status: "archived" }).where(eq(products.slug, slug));
      expect(await getProductBySlug(tx, { slug })).toBeUndefined();
      tx.rollback();
    }).catch((e: Error) => {
      if (!/rollback/i.test(e.message)) throw e;
    });
    expect(await getProductBySlug(handle.db, { slug })).toBeDefined();
  });

  it("gives facets whose category counts add up to the catalogue", async () => {
    const { result: facets, count } = await countStatements(() => getCatalogFacets(handle.db));
    expect(count).toBe(1);
    expect(facets.categories).toHaveLength(7);
    expect(facets.categories.reduce((n, c) => n + c.productCount, 0)).toBe(seedProducts.length);
    const usedMaterials = new Set(seedProducts.flatMap((p) => p.materials));
    expect(facets.materials.map((m) => m.slug).sort()).toEqual([...usedMaterials].sort());
  });

  it("lists producers with their latest visit and products, and keeps payout details private", async () => {
    const list = await listProducers(handle.db);
    expect(list.length).toBeGreaterThanOrEqual(8);
    expect(list.every((p) => p.latestVisitOn && p.latestVisitMet !== null)).toBe(true);
    const producer = await getProducerBySlug(handle.db, { slug: list[0]!.slug });
    expect(producer!.fieldVisits.length).toBeGreaterThanOrEqual(2);
    expect(producer!.fieldVisits[0]!.visitedOn >= producer!.fieldVisits[1]!.visitedOn).toBe(true);
    expect(Object.keys(producer!)).not.toContain("payoutAccountNumber");
  });

  it("gives each producer on the index its own piece count and latest visit, the same as its own page", async () => {
    const list = await listProducers(handle.db);
    expect(list.length).toBeGreaterThanOrEqual(8);
    for (const card of list) {
      const page = await getProducerBySlug(handle.db, { slug: card.slug });
      const pieces = await listProducerProducts(handle.db, { producerId: page!.id });
      const latest = page!.fieldVisits[0];
      expect({ slug: card.slug, productCount: card.productCount, latestVisitOn: card.latestVisitOn, latestVisitMet: card.latestVisitMet }).toEqual({
        slug: card.slug,
        productCount: pieces.length,
        latestVisitOn: latest ? String(latest.visitedOn) : null,
        latestVisitMet: latest ? latest.checks.filter((c) => c.met).length : null,
      });
      expect(card.image === null || page!.images.some((i) => i.hash === card.image!.hash)).toBe(true);
    }
    // The seed's groups differ, so the index must too (it showed one group's numbers for all of them).
    expect(new Set(list.map((p) => p.productCount)).size).toBeGreaterThan(1);
    expect(new Set(list.map((p) => p.latestVisitOn)).size).toBeGreaterThan(1);
    expect(list.every((p) => p.productCount > 0)).toBe(true);
  });

  it("gives each producer in the back office its own product count and latest visit", async () => {
    const list = await listProducersForAdmin(handle.db);
    for (const row of list) {
      const edit = await getProducerForEdit(handle.db, { id: row.id });
      expect({ id: row.id, productCount: row.productCount, latestVisitOn: row.latestVisitOn }).toEqual({
        id: row.id,
        productCount: edit!.productCount,
        latestVisitOn: edit!.fieldVisits[0] ? String(edit!.fieldVisits[0].visitedOn) : null,
      });
    }
    expect(new Set(list.map((p) => p.productCount)).size).toBeGreaterThan(1);
  });

  it("reads site context (rates and impact) in one statement", async () => {
    const { result, count } = await countStatements(() => getSiteContext(handle.db));
    expect(count).toBe(1);
    expect(result.rates.USD).toBe(1_000_000);
    expect(result.rates.IDR).toBe(16_250_000_000);
    expect(result.treesPlanted).toBeGreaterThan(0);
    expect(result.turnoverUsdCents).toBeGreaterThan(0);
  });

  it("features a handful of pieces across categories", async () => {
    const featured = await listFeaturedProducts(handle.db, { limit: 8 });
    expect(featured.length).toBe(seedProducts.filter((p) => p.featured).slice(0, 8).length);
    expect(new Set(featured.map((f) => f.categorySlug)).size).toBeGreaterThan(3);
  });

  it("enforces stock and data rules in the database itself", async () => {
    const [variant] = await handle.db.select({ id: variants.id }).from(variants).limit(1);
    await expect(
      handle.db.execute(sql`update stock_levels set reserved = on_hand + 1 where variant_id = ${variant!.id}`),
    ).rejects.toThrow();
    await expect(
      handle.db.execute(sql`update producer_groups set women_count = member_count + 1 where id = (select min(id) from producer_groups)`),
    ).rejects.toThrow();
  });
});
