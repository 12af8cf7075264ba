import { and, asc, desc, eq, exists, sql, type SQL } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import {
  categories,
  images,
  materials,
  producerGroups,
  productMaterials,
  productSlugRedirects,
  products,
  variants,
} from "~db/schema";
import { PAGE_SIZE, type CatalogQuery } from "~/domain/catalog/catalog-query";
import { convertToUsd, fromMajor } from "~/domain/money/money";
import { searchWordGroups } from "~/domain/catalog/search-terms";
import type { ImageRef } from "~/utils/images";
import { queryRows } from "~/utils/db.server";
import { firstImageSql, imageRefJson } from "./first-image.server";

export type ProductCard = {
  id: number;
  slug: string;
  title: string;
  summary: string;
  oneOfAKind: boolean;
  producerName: string;
  producerSlug: string;
  categorySlug: string;
  minPriceMinor: number;
  maxPriceMinor: number;
  available: number;
  image: ImageRef | null;
};

/**
 * The outer product's id, always qualified: a bare `${products.id}` renders as `"id"` in a single-table select
 * and would then bind to the subquery's own table.
 */
const productId = sql`${products}.${sql.identifier("id")}`;
/**
 * The lowest active price and the online stock are columns the database keeps (migration 0008; they equal
 * `min(retail_price_minor)` of the active variants and onlineAvailableSql's figure), so listings sort and filter
 * on indexes instead of a subquery per product.
 */
const minPrice = sql`${products}.${sql.identifier("min_price_minor")}`;
const maxPrice = sql`(select max(v.retail_price_minor) from variants v where v.product_id = ${productId} and v.active)`;
const availableOnline = sql<number>`${products}.${sql.identifier("online_available")}`.mapWith(Number);
/** The in-stock-first key, written as the listing indexes write it so ORDER BY walks them. */
const inStockFirst = sql`(${availableOnline} > 0) desc`;

const cardFields = {
  id: products.id,
  slug: products.slug,
  title: products.title,
  summary: products.summary,
  oneOfAKind: products.oneOfAKind,
  producerName: producerGroups.name,
  producerSlug: producerGroups.slug,
  categorySlug: categories.slug,
  minPriceMinor: minPrice.mapWith(Number),
  maxPriceMinor: maxPrice.mapWith(Number),
  available: availableOnline,
  image: firstImageSql({ productId }),
};

function cardQuery(db: Executor) {
  return db
    .select(cardFields)
    .from(products)
    .innerJoin(producerGroups, eq(producerGroups.id, products.producerId))
    .innerJoin(categories, eq(categories.id, products.categoryId));
}

/**
 * How far a filtered listing counts its matches: ten pages past the one shown. Counting every match of a broad
 * filter is a scan at 100,000 products; beyond this the total is "at least" (`totalIsLowerBound`).
 */
export const COUNT_AHEAD_PAGES = 10;

/**
 * `fuzzy`: full-text search found nothing, so these are close spellings of the search words.
 * `totalIsLowerBound`: there are more than `total` matches (the count stopped there), so there are pages past
 * `pageCount`.
 */
export type ProductListing = { items: ProductCard[]; total: number; page: number; pageCount: number; fuzzy?: boolean; totalIsLowerBound?: boolean };

/**
 * One statement: the page of cards plus its total (the kept counts, or a count ten pages ahead), with every
 * filter as a bound parameter. Price bounds arrive in whole units of the display currency.
 */
export async function listProducts(
  db: Executor,
  { query, display = { currency: "USD", perUsdMicros: 1_000_000 } }: { query: CatalogQuery; display?: { currency: string; perUsdMicros: number } },
): Promise<ProductListing> {
  const words = query.q ? fullTextMatch(query.q) : undefined;
  const listing = await listMatching(db, query, display, words);
  // Full-text search found nothing: try again by trigram likeness, so a typo ("baskit") still finds the basket.
  // The likeness operators read their threshold from a setting, kept to this transaction.
  const q = query.q;
  if (q && listing.total === 0 && q.trim().length >= 3) {
    const fuzzy = await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('pg_trgm.word_similarity_threshold', ${String(TRIGRAM_THRESHOLD)}, true)`);
      return listMatching(tx, query, display, trigramMatch(q));
    });
    if (fuzzy.total > 0) return { ...fuzzy, fuzzy: true };
  }
  return listing;
}

/**
 * How a search text matches a product, and how well (for "Best match"). `inTitle`: the same match on the title
 * alone, through its own index, so "Best match" can put the pieces named so ahead of those that only say so.
 */
type TextMatch = { where: SQL; rank: SQL; inTitle?: SQL };

/**
 * "Best match" ranks at most this many matches: the title matches as their index finds them, then (if those are
 * fewer) the other matches. ts_rank reads each match's whole vector, so ranking every match costs what the
 * matches number: "basket" matches 11,000 of 100,000 generated pieces. A bounded set keeps the page's cost flat,
 * and it stays meaningful because the title matches are gathered on their own first: any piece named for the
 * words comes before any piece that only mentions them, and ts_rank (title, keywords, description weighted
 * A, B, C) orders within each kind. What the bound gives up is the order among more than this many pieces
 * named alike, which no shopper pages through; a page past it widens the set to reach it.
 */
export const SEARCH_CANDIDATES = 1_000;

/**
 * Full-text search over title, keywords and description. Indonesian words ("tas kulit") also match their
 * English ("bag leather"): every word group must match one of its words.
 */
function fullTextMatch(q: string): TextMatch {
  const groups = searchWordGroups(q);
  let tsQuery = sql`websearch_to_tsquery('english', ${q})`;
  if (groups) {
    const anyOf = (group: string[]) => sql`(${sql.join(group.map((w) => sql`plainto_tsquery('english', ${w})`), sql` || `)})`;
    tsQuery = sql`(${tsQuery} || (${sql.join(groups.map(anyOf), sql` && `)}))`;
  }
  return {
    where: sql`${products.searchVector} @@ ${tsQuery}`,
    rank: sql`ts_rank(${products.searchVector}, ${tsQuery})`,
    // The same expression as products_title_search_idx.
    inTitle: sql`to_tsvector('english', ${products.title}) @@ ${tsQuery}`,
  };
}

/** Words whose trigrams are at least this alike count as a match: "baskit" is 0.57 like "basket", "tik" 0.25 like "teak". */
const TRIGRAM_THRESHOLD = 0.5;

/**
 * `<%` is word_similarity at least pg_trgm.word_similarity_threshold (set to TRIGRAM_THRESHOLD by the caller),
 * and unlike a comparison of word_similarity it is answered by the trigram indexes on the lowered title and
 * keywords, so a typo never reads the whole table.
 */
function trigramMatch(q: string): TextMatch {
  const text = sql`lower(${q})`;
  const likeness = sql`greatest(word_similarity(${text}, lower(${products.title})), word_similarity(${text}, lower(${products.searchKeywords})))`;
  return { where: sql`(${text} <% lower(${products.title}) or ${text} <% lower(${products.searchKeywords}))`, rank: likeness };
}

type Display = { currency: string; perUsdMicros: number };

/**
 * The page's one statement for a query, with what its total means. Exported through `listingStatement` so tests
 * and the scale bench can EXPLAIN exactly what the shop runs.
 */
function listingSelect(db: Executor, query: CatalogQuery, display: Display, text: TextMatch | undefined) {
  const conditions: SQL[] = [eq(products.status, "active")];
  // Slugs become ids first (one-row lookups), so the product indexes can start from them.
  if (query.category) conditions.push(sql`${products.categoryId} = (select c.id from ${categories} c where c.slug = ${query.category})`);
  if (query.producers.length) {
    conditions.push(sql`${products.producerId} = any(array(select g.id from ${producerGroups} g where g.slug in ${query.producers}))`);
  }
  let materialCondition: SQL | undefined;
  if (query.materials.length) {
    materialCondition = exists(
        db
          .select({ one: sql`1` })
          .from(productMaterials)
          .where(and(eq(productMaterials.productId, products.id), sql`${productMaterials.materialId} = any(array(select m.id from ${materials} m where m.slug in ${query.materials}))`)),
    );
    conditions.push(materialCondition);
  }
  if (query.minPrice !== undefined || query.maxPrice !== undefined) {
    const toUsd = (whole: number) => convertToUsd(fromMajor(whole, display.currency), display.perUsdMicros).amountMinor;
    const priceConditions: SQL[] = [eq(variants.productId, products.id), eq(variants.active, true)];
    if (query.minPrice !== undefined) priceConditions.push(sql`${variants.retailPriceMinor} >= ${toUsd(query.minPrice)}`);
    if (query.maxPrice !== undefined) priceConditions.push(sql`${variants.retailPriceMinor} <= ${toUsd(query.maxPrice)}`);
    conditions.push(exists(db.select({ one: sql`1` }).from(variants).where(and(...priceConditions))));
  }
  if (query.inStockOnly) conditions.push(sql`${availableOnline} > 0`);

  const order: SQL[] = (() => {
    switch (query.sort) {
      case "newest":
        return [desc(products.createdAt), desc(products.id)];
      case "price-asc":
        return [sql`${minPrice} asc`, asc(products.id)];
      case "price-desc":
        return [sql`${minPrice} desc`, asc(products.id)];
      case "name":
        return [asc(products.title), asc(products.id)];
      case "relevance":
        if (text) return [sql`${text.rank} desc`, asc(products.id)];
        return [desc(products.featured), asc(products.id)];
      default:
        return [desc(products.featured), inStockFirst, asc(products.id)];
    }
  })();

  const where = and(...conditions, text?.where);
  // The whole catalogue or one category: the count the database keeps per category. Any other filter, a search
  // too, counts its matches only so far: along the listing's index, or (a search) as the text index finds them.
  const unfiltered = !text && !query.producers.length && !query.materials.length && query.minPrice === undefined && query.maxPrice === undefined && !query.inStockOnly;
  const countLimit = (query.page + COUNT_AHEAD_PAGES) * PAGE_SIZE;
  const countSql = unfiltered
    ? sql`(select coalesce(sum(c.active_product_count), 0) from ${categories} c${query.category ? sql` where c.slug = ${query.category}` : sql``})`
    : sql`(select count(*) from (${countQuery(db, countOrder(query, text), { where, withoutMaterial: and(...conditions.filter((c) => c !== materialCondition)) }).limit(countLimit + 1)}) matches)`;
  const offset = (query.page - 1) * PAGE_SIZE;

  if (text && query.sort === "relevance") {
    // Best match: the page is picked from a bounded set of candidates (see SEARCH_CANDIDATES), ranked by ts_rank
    // title matches first, then joined to its 24 cards. The candidates are the first `bound` title matches, then
    // (only if those are fewer) the other matches, so every candidate once. Fewer than `bound` of them are every
    // match, an exact count; `bound` of them is past the count's limit, so the total is "at least".
    const bound = Math.max(SEARCH_CANDIDATES, countLimit + 1);
    const candidates = (match: SQL, titled: boolean) =>
      sql`(select ${products.id} as id, ${sql.raw(String(titled))} as titled, ${text.rank} as rank from ${products} where ${and(...conditions, match)} limit ${bound})`;
    const found = text.inTitle
      ? sql`${candidates(text.inTitle, true)} union all ${candidates(sql`${text.where} and not (${text.inTitle})`, false)}`
      : candidates(text.where, false);
    const ranked = sql`(select m.id, m.titled, m.rank, count(*) over () as matches
      from (select * from (${found}) u limit ${bound}) m order by m.titled desc, m.rank desc, m.id limit ${PAGE_SIZE} offset ${offset}) ranked`;
    const select = db
      .select({ ...cardFields, total: sql<number>`ranked.matches`.mapWith(Number) })
      .from(products)
      .innerJoin(ranked, sql`ranked.id = ${products.id}`)
      .innerJoin(producerGroups, eq(producerGroups.id, products.producerId))
      .innerJoin(categories, eq(categories.id, products.categoryId))
      .orderBy(sql`ranked.titled desc`, sql`ranked.rank desc`, asc(products.id));
    return { select, countSql, unfiltered, countLimit };
  }

  const select = db
    .select({ ...cardFields, total: sql<number>`${countSql}`.mapWith(Number) })
    .from(products)
    .innerJoin(producerGroups, eq(producerGroups.id, products.producerId))
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(where)
    .orderBy(...order)
    .limit(PAGE_SIZE)
    .offset(offset);
  return { select, countSql, unfiltered, countLimit };
}

type CountOrder = { by: "listing" | "producer" | "unordered" } | { by: "material"; material: string };

/** The index a filtered listing's count walks (see countQuery). */
function countOrder(query: CatalogQuery, text: TextMatch | undefined): CountOrder {
  if (text) return { by: "unordered" };
  if (query.producers.length) return { by: "producer" };
  // One material: each piece has it once, so walking that material's index entries counts each match once.
  if (query.materials.length === 1) return { by: "material", material: query.materials[0]! };
  return { by: "listing" };
}

/**
 * The matches to count, in an order an index gives, so the count walks that index and stops:
 * - `listing`: the default listing's order (products_listing_featured_idx, or a category's).
 * - `producer`: the producer index's order (products_listing_producer_idx). Along the listing's order the count
 *   walked every other group's pieces to find these: at 100k products, 3,000 index entries for 265 matches (6 ms,
 *   against 1 ms), and left unordered the planner may read the table instead.
 * - `material`: one material's pieces, from product_materials_material_idx, for the same reason.
 * - `unordered`: a search's matches come from the text index unordered, and stop as soon.
 */
function countQuery(db: Executor, order: CountOrder, { where, withoutMaterial }: { where: SQL | undefined; withoutMaterial: SQL | undefined }) {
  if (order.by === "material") {
    // The join is the material filter: the listing's own (an EXISTS) would make the planner read every piece's
    // materials again.
    return db
      .select({ one: sql`1` })
      .from(productMaterials)
      .innerJoin(products, eq(products.id, productMaterials.productId))
      .where(and(sql`${productMaterials.materialId} = (select m.id from ${materials} m where m.slug = ${order.material})`, withoutMaterial))
      .orderBy(asc(productMaterials.materialId), asc(productMaterials.productId));
  }
  const matches = db.select({ one: sql`1` }).from(products).where(where);
  if (order.by === "listing") return matches.orderBy(desc(products.featured), inStockFirst, asc(products.id));
  if (order.by === "producer") return matches.orderBy(asc(products.producerId), desc(products.featured), asc(products.id));
  return matches;
}

/** The statement a listing page runs (full-text search for `q`), to EXPLAIN. */
export function listingStatement(db: Executor, { query, display = { currency: "USD", perUsdMicros: 1_000_000 } }: { query: CatalogQuery; display?: Display }) {
  return listingSelect(db, query, display, query.q ? fullTextMatch(query.q) : undefined).select;
}

async function listMatching(db: Executor, query: CatalogQuery, display: Display, text: TextMatch | undefined): Promise<ProductListing> {
  const { select, countSql, unfiltered, countLimit } = listingSelect(db, query, display, text);
  const rows = await select;
  // The total rides on the rows; past the last page there are none, so count separately (rare).
  const counted = rows[0]?.total ?? (query.page > 1 ? await countMatches(db, countSql) : 0);
  const totalIsLowerBound = !unfiltered && counted > countLimit;
  const total = totalIsLowerBound ? countLimit : counted;
  return {
    items: rows.map(({ total: _total, ...card }) => card),
    total,
    page: query.page,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    ...(totalIsLowerBound ? { totalIsLowerBound } : {}),
  };
}

async function countMatches(db: Executor, totalSql: SQL) {
  const [row] = await queryRows<{ n: string | number }>(db, sql`select ${totalSql} as n`);
  return Number(row?.n ?? 0);
}

export async function listFeaturedProducts(db: Executor, { limit = 8 }: { limit?: number } = {}): Promise<ProductCard[]> {
  const rows = await cardQuery(db)
    .where(and(eq(products.status, "active"), eq(products.featured, true)))
    .orderBy(asc(products.id))
    .limit(limit);
  return rows;
}

export async function listProducerProducts(
  db: Executor,
  { producerId, excludeProductId, limit = 48 }: { producerId: number; excludeProductId?: number; limit?: number },
): Promise<ProductCard[]> {
  const conditions = [eq(products.status, "active"), eq(products.producerId, producerId)];
  if (excludeProductId) conditions.push(sql`${products.id} <> ${excludeProductId}`);
  const rows = await cardQuery(db)
    .where(and(...conditions))
    .orderBy(desc(products.featured), asc(products.id))
    .limit(limit);
  return rows;
}

export type CatalogFacets = {
  categories: { slug: string; name: string; description: string; productCount: number; image: ImageRef | null }[];
  materials: { slug: string; name: string }[];
  producers: { slug: string; name: string }[];
};

/** The filter choices and category list, in one statement (exported to EXPLAIN). */
export const catalogFacetsStatement = sql`with pictured as materialized (
      -- Each category's first photographed piece: starts from the photos (a few hundred), not the products.
      select distinct on (p.category_id) p.category_id, ${imageRefJson} as image
      from ${images} i join ${products} p on p.id = i.product_id
      where p.status = 'active'
      order by p.category_id, p.featured desc, p.id, i.position)
    select json_build_object(
      'categories', (select coalesce(json_agg(c order by c.position), '[]'::json) from (
        select cat.slug, cat.name, cat.description, cat.position, cat.active_product_count as "productCount", pictured.image
        from ${categories} cat left join pictured on pictured.category_id = cat.id) c),
      -- One active piece is enough: each material's own rows, from its index, until the first active product.
      'materials', (select coalesce(json_agg(json_build_object('slug', m.slug, 'name', m.name) order by m.name), '[]'::json)
        from ${materials} m where (select 1 from product_materials pm where pm.material_id = m.id
          and (select p.status from products p where p.id = pm.product_id) = 'active' limit 1) is not null),
      'producers', (select coalesce(json_agg(json_build_object('slug', g.slug, 'name', g.name) order by g.name), '[]'::json)
        from ${producerGroups} g where g.active)
    ) as facets`;

export async function getCatalogFacets(db: Executor): Promise<CatalogFacets> {
  const [row] = await queryRows<{ facets: CatalogFacets }>(db, catalogFacetsStatement);
  return row!.facets;
}

/** How many of its group's other pieces a product page shows. */
export const RELATED_PIECES = 4;

/** The product page in one statement (drizzle's relational query compiles to lateral joins). */
export async function getProductBySlug(db: Executor, { slug }: { slug: string }) {
  return db.query.products.findFirst({
    where: and(eq(products.slug, slug), eq(products.status, "active")),
    // Only what the page shows (and the ids its surrogate keys and related pieces need).
    columns: {
      id: true,
      slug: true,
      title: true,
      summary: true,
      description: true,
      categoryId: true,
      producerId: true,
      oneOfAKind: true,
      technique: true,
      lengthMm: true,
      widthMm: true,
      heightMm: true,
      careNotes: true,
      hsCode: true,
    },
    extras: (product, { sql }) => ({
      // Which pieces the page's "more from this group" shows, known up front so that their cards can stream in
      // later while the page's surrogate keys and placeholder size are already right (same order as listProducerProducts).
      relatedIds: sql<number[]>`(select coalesce(json_agg(r.id order by r.featured desc, r.id), '[]'::json) from (
        select p.id, p.featured from products p
        where p.producer_id = ${product.producerId} and p.status = 'active' and p.id <> ${product.id}
        order by p.featured desc, p.id limit ${RELATED_PIECES}) r)`.as("related_ids"),
    }),
    with: {
      category: { columns: { slug: true, name: true } },
      producer: {
        columns: {
          id: true,
          slug: true,
          name: true,
          province: true,
          regency: true,
          village: true,
          island: true,
          crafts: true,
          memberCount: true,
          womenCount: true,
          homeworkers: true,
          foundedYear: true,
        },
        with: {
          fieldVisits: {
            columns: { visitedOn: true },
            orderBy: (v, { desc }) => [desc(v.visitedOn), desc(v.id)],
            limit: 1,
            with: { checks: { columns: { principle: true, met: true, note: true } } },
          },
        },
      },
      variants: {
        where: eq(variants.active, true),
        orderBy: (v, { asc }) => [asc(v.position), asc(v.id)],
        columns: {
          id: true,
          sku: true,
          title: true,
          retailPriceMinor: true,
          retailCurrency: true,
          producerPriceMinor: true,
          producerCurrency: true,
          weightGrams: true,
        },
        with: {
          stock: {
            columns: { onHand: true, reserved: true },
            with: { location: { columns: { sellsOnline: true } } },
          },
        },
      },
      images: {
        orderBy: (i, { asc }) => [asc(i.position), asc(i.id)],
        columns: { hash: true, width: true, height: true, widths: true, alt: true, placeholder: true },
      },
      materials: { columns: {}, with: { material: { columns: { name: true } } } },
    },
  });
}

export type ProductPageData = NonNullable<Awaited<ReturnType<typeof getProductBySlug>>>;

export async function findProductRedirect(db: Executor, { oldSlug }: { oldSlug: string }): Promise<string | null> {
  const [row] = await db
    .select({ slug: products.slug })
    .from(productSlugRedirects)
    .innerJoin(products, eq(products.id, productSlugRedirects.productId))
    .where(and(eq(productSlugRedirects.oldSlug, oldSlug), eq(products.status, "active")))
    .limit(1);
  return row?.slug ?? null;
}

/** How many pieces a sitemap lists (the sitemap splits into files of SITEMAP_FILE_SIZE beyond that). */
export async function countSitemapProducts(db: Executor): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(products).where(eq(products.status, "active"));
  return row?.n ?? 0;
}

/** One file's worth of active pieces for the sitemap, in id order: page 1 is the first `size`. */
export async function listSitemapProducts(db: Executor, { page, size }: { page: number; size: number }) {
  return db
    .select({ slug: products.slug, updatedAt: products.updatedAt })
    .from(products)
    .where(eq(products.status, "active"))
    .orderBy(asc(products.id))
    .limit(size)
    .offset((page - 1) * size);
}

/** The sitemap's other pages: every category and every active producer group. */
export async function listSitemapPages(db: Executor) {
  const [producerRows, categoryRows] = await Promise.all([
    db
      .select({ slug: producerGroups.slug, updatedAt: producerGroups.updatedAt })
      .from(producerGroups)
      .where(eq(producerGroups.active, true))
      .orderBy(asc(producerGroups.id)),
    db.select({ slug: categories.slug }).from(categories).orderBy(asc(categories.position)),
  ]);
  return { producers: producerRows, categories: categoryRows };
}
