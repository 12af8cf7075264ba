import { and, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { categories, locations, products, stockLevels, variants } from "../../db/schema";
import { seedScale } from "../../db/seed/scale";
import { parseCatalogQuery } from "~/domain/catalog/catalog-query-parse";
import type { CatalogQuery } from "~/domain/catalog/catalog-query";
import { catalogFacetsStatement, getCatalogFacets, listingStatement, listProducts } from "~/models/catalog/catalog.server";
import { onlineAvailableSql } from "~/models/stock/online-available.server";
import { findOnlineLocationId, recordMovements } from "~/models/stock/ledger.server";
import { queryRows } from "~/utils/db.server";
import { writableBackends } from "../support/db";

type Piece = { id: number; productId: number; available: number };

/** Enough generated products that a scan and sort costs the planner far more than walking an index. */
const CATALOGUE = 4_000;

function catalogQuery(search: string): CatalogQuery {
  const parsed = parseCatalogQuery(new URLSearchParams(search));
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  return parsed.query;
}

/** Products whose kept figures differ from a direct computation, and categories whose count does. */
async function drift(handle: DbHandle) {
  const productId = sql`${products}.${sql.identifier("id")}`;
  const directMin = sql`(select min(v.retail_price_minor) from variants v where v.product_id = ${productId} and v.active)`;
  const wrongProducts = await handle.db
    .select({ id: products.id })
    .from(products)
    .where(sql`${products.minPriceMinor} is distinct from ${directMin} or ${products.onlineAvailable} <> ${onlineAvailableSql({ productId })}`);
  const wrongCategories = await handle.db
    .select({ id: categories.id })
    .from(categories)
    .where(sql`${categories.activeProductCount} <> (select count(*) from products p where p.category_id = ${categories.id} and p.status = 'active')`);
  return { products: wrongProducts.map((r) => r.id), categories: wrongCategories.map((r) => r.id) };
}

describe.each(writableBackends())("the catalogue at scale on $name", ({ open }) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await open();
    await seedScale(handle.db, { target: CATALOGUE });
    await handle.db.execute(sql`analyze`);
  }, 120_000);
  afterAll(async () => {
    await handle.close();
  });

  async function plan(statement: SQL) {
    const rows = await queryRows<{ "QUERY PLAN": string }>(handle.db, sql`explain ${statement}`);
    return rows.map((r) => r["QUERY PLAN"]).join("\n");
  }
  const listingPlan = (search: string) => plan(sql`${listingStatement(handle.db, { query: catalogQuery(search) })}`);
  const scansProducts = /(Seq Scan|Bitmap Heap Scan) on products\b/;

  it.each([
    ["", "products_listing_featured_idx"],
    ["sort=price-asc", "products_listing_price_idx"],
    ["sort=price-desc", "products_listing_price_desc_idx"],
    ["sort=newest", "products_listing_newest_idx"],
    ["sort=name", "products_listing_name_idx"],
    ["category=home-decor", "products_listing_category_idx"],
    ["category=leather&sort=price-asc", "products_listing_(price|category)_idx"],
  ])("walks an index for the listing “%s” (%s), never scanning the products", async (search, index) => {
    const text = await listingPlan(search);
    expect(text).toMatch(new RegExp(`Index Scan using ${index} on products`));
    expect(text).not.toMatch(scansProducts);
    // The page's walk is the statement's only read of products: the total is the categories' kept counts.
    expect(text.match(/ on products\b/g)).toHaveLength(1);
  });

  it.each(["material=rattan", "producer=sekar-lasem", "min=20&max=40", "instock=1", "material=bamboo&sort=price-desc"])(
    "filters “%s” along a listing index, counting only ten pages ahead",
    async (search) => {
      const text = await listingPlan(search);
      expect(text).toMatch(/Index Scan using products_listing_\w+ on products/);
      expect(text).not.toMatch(scansProducts);
      const listing = await listProducts(handle.db, { query: catalogQuery(search) });
      // These filters match hundreds here: the count stops ten pages past the first, and the pager says "more".
      expect(listing).toMatchObject({ totalIsLowerBound: true, total: 11 * 24, pageCount: 11 });
    },
  );

  it("counts a producer group's pieces along the producer index, not along the listing past every other group's", async () => {
    for (const search of ["producer=sekar-lasem", "producer=sekar-lasem&producer=apikri&sort=price-asc"]) {
      const text = await listingPlan(search);
      expect(text, search).toMatch(/Index Only Scan using products_listing_producer_idx on products/);
      expect(text, search).not.toMatch(scansProducts);
    }
  });

  it("counts one material's pieces along the material index; two materials along the listing, each piece once", async () => {
    for (const search of ["material=rattan", "material=bamboo&sort=price-desc&instock=1"]) {
      const text = await listingPlan(search);
      expect(text, search).toMatch(/Index (Only )?Scan (using|on) product_materials_material_idx/);
      expect(text, search).not.toMatch(scansProducts);
      expect(text, search).not.toMatch(/Seq Scan on product_materials\b/);
    }
    expect(await listingPlan("material=rattan&material=bamboo")).not.toMatch(/product_materials_material_idx/);
    // Fewer matches than the count's limit: the pager's total is exact, as a direct count says.
    for (const search of ["material=rattan&category=home-decor", "material=pandan-leaf&material=non-toxic-dyes&category=home-decor"]) {
      const listing = await listProducts(handle.db, { query: catalogQuery(search) });
      const slugs = new URLSearchParams(search).getAll("material");
      const [direct] = await queryRows<{ n: number }>(
        handle.db,
        sql`select count(*)::int as n from products p join categories c on c.id = p.category_id
          where p.status = 'active' and c.slug = 'home-decor'
            and exists (select 1 from product_materials pm join materials m on m.id = pm.material_id where pm.product_id = p.id and m.slug in ${slugs})`,
      );
      expect(direct!.n, search).toBeGreaterThan(0);
      expect(direct!.n, search).toBeLessThan(265);
      expect(listing.total, search).toBe(direct!.n);
      expect(listing.totalIsLowerBound ?? false, search).toBe(false);
    }
  });

  it("finds search words through the full-text index", async () => {
    // Words a few dozen pieces have: a word most pieces have is cheaper to find by reading the table.
    for (const search of ["q=hoops", "q=hammered hoops", "q=hoops&sort=price-asc"]) {
      const text = await listingPlan(search);
      expect(text, search).toContain("products_search_idx");
      expect(text, search).not.toMatch(/Seq Scan on products\b/);
    }
  });

  it("ranks a bounded set of search candidates, title matches first, and counts only ten pages ahead", async () => {
    const text = await listingPlan("q=basket");
    expect(text).toContain("products_title_search_idx");
    expect(text).not.toMatch(/Seq Scan on products\b/);
    const [basketMatches] = await queryRows<{ titled: number; all: number }>(
      handle.db,
      sql`select count(*) filter (where to_tsvector('english', title) @@ plainto_tsquery('english', 'basket'))::int as titled,
        count(*)::int as "all" from products where status = 'active' and search_vector @@ plainto_tsquery('english', 'basket')`,
    );
    // More matches than ten pages, fewer title matches than the candidates' bound, and some only in descriptions.
    expect(basketMatches!.all).toBeGreaterThan(11 * 24);
    expect(basketMatches!.titled).toBeLessThan(1_000);
    expect(basketMatches!.all).toBeGreaterThan(basketMatches!.titled);
    const first = await listProducts(handle.db, { query: catalogQuery("q=basket") });
    expect(first).toMatchObject({ totalIsLowerBound: true, total: 11 * 24, pageCount: 11 });
    expect(first.items.every((i) => /basket/i.test(i.title))).toBe(true);
    // The page just past the title matches: named pieces, then the ones that only mention a basket.
    const page = Math.ceil(basketMatches!.titled / 24);
    const edge = await listProducts(handle.db, { query: catalogQuery(`q=basket&page=${page}`) });
    const named = edge.items.map((i) => /basket/i.test(i.title));
    expect(named.filter(Boolean)).toHaveLength(basketMatches!.titled - (page - 1) * 24);
    expect(named).toEqual([...named].sort((a, b) => Number(b) - Number(a)));
    const second = await listProducts(handle.db, { query: catalogQuery("q=basket&page=2") });
    expect(second.items.map((i) => i.id).filter((id) => first.items.some((f) => f.id === id))).toEqual([]);
    // Past the last match: an empty page still says how many there are.
    const past = await listProducts(handle.db, { query: catalogQuery("q=hoops&page=50") });
    expect(past.items).toEqual([]);
    expect(past.total).toBeGreaterThan(0);
  });

  it("finds a typo through the trigram indexes, ranking the closest first", async () => {
    const typo = await listProducts(handle.db, { query: catalogQuery("q=baskit") });
    expect(typo.fuzzy).toBe(true);
    expect(typo.items.every((i) => /basket/i.test(i.title))).toBe(true);
    expect(typo).toMatchObject({ totalIsLowerBound: true, total: 11 * 24 });
    const plan = await queryRows<{ "QUERY PLAN": string }>(
      handle.db,
      sql`explain select 1 from products where lower('baskit') <% lower(title) or lower('baskit') <% lower(search_keywords)`,
    );
    const text = plan.map((r) => r["QUERY PLAN"]).join("\n");
    expect(text).toContain("products_title_trgm_idx");
    expect(text).toContain("products_keywords_trgm_idx");
  });

  it("reads the facets from the kept counts and the photos, never the whole catalogue", async () => {
    const text = await plan(catalogFacetsStatement);
    expect(text).not.toMatch(scansProducts);
    const facets = await getCatalogFacets(handle.db);
    expect(facets.categories.reduce((n, c) => n + c.productCount, 0)).toBe(CATALOGUE);
  });


  it("keeps the figures equal to a direct computation through sales, price edits, status changes and new pieces", async () => {
    expect(await drift(handle)).toEqual({ products: [], categories: [] });
    const online = await findOnlineLocationId(handle.db);
    const some = await handle.db
      .select({ id: variants.id, productId: variants.productId, available: sql<number>`${stockLevels.onHand} - ${stockLevels.reserved}`.mapWith(Number) })
      .from(variants)
      .innerJoin(stockLevels, and(eq(stockLevels.variantId, variants.id), eq(stockLevels.locationId, online)))
      .where(sql`${stockLevels.onHand} - ${stockLevels.reserved} >= 2`)
      // Generated pieces (the newest ids), which no sale or order refers to, so one may be deleted.
      .orderBy(desc(variants.id))
      .limit(6);
    const [a, b, c, d, e, f] = some as [Piece, Piece, Piece, Piece, Piece, Piece];
    await handle.db.transaction(async (tx) => {
      await recordMovements(tx, {
        movements: [
          { variantId: a.id, locationId: online, kind: "reservation", quantity: 2 },
          { variantId: b.id, locationId: online, kind: "sale", quantity: b.available, fromReservation: false },
          { variantId: c.id, locationId: online, kind: "receipt", quantity: 5 },
        ],
      });
    });
    await handle.db.update(variants).set({ retailPriceMinor: 1_000_000 }).where(eq(variants.id, d.id));
    await handle.db.update(variants).set({ retailPriceMinor: 50 }).where(eq(variants.id, e.id));
    await handle.db.update(variants).set({ active: false }).where(eq(variants.id, f.id));
    const [moved, archived] = await handle.db.select({ id: products.id, categoryId: products.categoryId }).from(products).where(eq(products.status, "active")).orderBy(products.id).limit(2);
    const [otherCategory] = await handle.db.select({ id: categories.id }).from(categories).where(sql`${categories.id} <> ${moved!.categoryId}`).limit(1);
    await handle.db.update(products).set({ categoryId: otherCategory!.id }).where(eq(products.id, moved!.id));
    await handle.db.update(products).set({ status: "archived" }).where(eq(products.id, archived!.id));
    await handle.db.update(products).set({ status: "draft" }).where(inArray(products.id, [a.productId, b.productId]));
    const [fresh] = await handle.db
      .insert(products)
      .values({ slug: "scale-test-fresh", title: "Scale test piece", summary: "", description: "", categoryId: otherCategory!.id, producerId: (await handle.db.select({ id: products.producerId }).from(products).limit(1))[0]!.id })
      .returning({ id: products.id });
    const [freshVariant] = await handle.db
      .insert(variants)
      .values({ productId: fresh!.id, sku: "SCALE-TEST-1", retailPriceMinor: 4_200, bazaarPriceMinor: 1, producerPriceMinor: 1, weightGrams: 10 })
      .returning({ id: variants.id });
    await handle.db.transaction((tx) => recordMovements(tx, { movements: [{ variantId: freshVariant!.id, locationId: online, kind: "receipt", quantity: 3 }] }));
    await handle.db.delete(variants).where(eq(variants.id, c.id));

    expect(await drift(handle)).toEqual({ products: [], categories: [] });
    const [freshRow] = await handle.db.select({ min: products.minPriceMinor, available: products.onlineAvailable }).from(products).where(eq(products.id, fresh!.id));
    expect(freshRow).toEqual({ min: 4_200, available: 3 });
  });

  it("recomputes every product when another location starts selling online", async () => {
    const online = await findOnlineLocationId(handle.db);
    await handle.db.transaction(async (tx) => {
      await tx.update(locations).set({ sellsOnline: false }).where(eq(locations.id, online));
      const [{ n } = { n: 0 }] = await tx.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(products).where(sql`${products.onlineAvailable} <> 0`);
      expect(n).toBe(0);
      await tx.update(locations).set({ sellsOnline: true }).where(eq(locations.id, online));
    });
    expect(await drift(handle)).toEqual({ products: [], categories: [] });
  }, 60_000);
});

/** Two connections at once, so PostgreSQL only (PGlite has one). */
describe.each(writableBackends().filter((b) => b.name === "postgres"))("the kept stock figure under concurrent checkouts on $name", ({ open }) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await open();
  });
  afterAll(async () => {
    await handle.close();
  });

  it("loses no update when two checkouts sell the last pieces of one product's two variants at once", async () => {
    const online = await findOnlineLocationId(handle.db);
    const [product] = await handle.db
      .select({ id: products.id })
      .from(products)
      .where(and(eq(products.status, "active"), sql`(select count(*) from variants v where v.product_id = ${products.id} and v.active) >= 2`))
      .orderBy(products.id)
      .limit(1);
    const pair = await handle.db.select({ id: variants.id }).from(variants).where(and(eq(variants.productId, product!.id), eq(variants.active, true))).orderBy(variants.id).limit(2);
    const others = await handle.db.select({ id: variants.id }).from(variants).where(and(eq(variants.productId, product!.id), sql`${variants.id} not in ${pair.map((v) => v.id)}`));
    // Exactly one piece of each of the two variants, none of the rest.
    await handle.db.update(stockLevels).set({ onHand: 0, reserved: 0 }).where(and(eq(stockLevels.locationId, online), inArray(stockLevels.variantId, [...pair, ...others].map((v) => v.id))));
    await handle.db.update(stockLevels).set({ onHand: 1 }).where(and(eq(stockLevels.locationId, online), inArray(stockLevels.variantId, pair.map((v) => v.id))));
    expect((await handle.db.select({ n: products.onlineAvailable }).from(products).where(eq(products.id, product!.id)))[0]!.n).toBe(2);

    // Two transactions on two of the pool's connections: the second sells while the first holds its lock.
    let firstRecorded!: () => void;
    const recorded = new Promise<void>((resolve) => (firstRecorded = resolve));
    const first = handle.db.transaction(async (tx) => {
      await recordMovements(tx, { movements: [{ variantId: pair[0]!.id, locationId: online, kind: "sale", quantity: 1, fromReservation: false }] });
      firstRecorded();
      await new Promise((r) => setTimeout(r, 300));
    });
    await recorded;
    const second = handle.db.transaction((tx) => recordMovements(tx, { movements: [{ variantId: pair[1]!.id, locationId: online, kind: "sale", quantity: 1, fromReservation: false }] }));
    await Promise.all([first, second]);
    expect((await handle.db.select({ n: products.onlineAvailable }).from(products).where(eq(products.id, product!.id)))[0]!.n).toBe(0);
    expect(await drift(handle)).toEqual({ products: [], categories: [] });
  });
});
