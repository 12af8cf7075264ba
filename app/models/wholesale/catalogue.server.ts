import { and, asc, desc, eq, exists, inArray, sql, type SQL } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import {
  categories,
  materials,
  producerCapacities,
  producerGroups,
  productionOrderLines,
  productionOrders,
  productMaterials,
  products,
  variants,
  wholesalePriceTiers,
} from "~db/schema";
import { fairTradePrinciples } from "~/domain/catalog/principles";
import { CONSOLIDATION_DAYS, leadTime, openProductionStatuses, QC_DAYS, type CraftWork, type LeadTime } from "~/domain/production/lead-time";
import { WHOLESALE_PAGE_SIZE, smallestOrder, type WholesaleQuery } from "~/domain/wholesale/wholesale-query";
import type { ImageRef } from "~/utils/images";
import { queryRows } from "~/utils/db.server";
import { firstImageSql } from "~/models/catalog/first-image.server";

/** A product's tier at one quantity: the lowest unit price any of its variants has from there (USD cents). */
export type ProductTier = { minQuantity: number; unitPriceMinor: number };

export type WholesaleCard = {
  id: number;
  slug: string;
  title: string;
  summary: string;
  craft: string | null;
  categorySlug: string;
  categoryName: string;
  producerName: string;
  producerSlug: string;
  village: string;
  regency: string;
  province: string;
  island: string;
  materials: string[];
  /** The latest field visit: principles met of the ten, or null when none is recorded. */
  latestVisit: { visitedOn: string; met: number; total: number } | null;
  moq: number;
  casePack: number;
  variantCount: number;
  /** The smallest order the product takes: its minimum rounded up to whole cartons. */
  smallestOrder: number;
  fromPriceMinor: number | null;
  currency: "USD";
  tiers: ProductTier[];
  image: ImageRef | null;
  leadTime: LeadTime;
};

/** `fuzzy`: full-text search found nothing, so these are close spellings of the search words. */
export type WholesaleListing = { items: WholesaleCard[]; total: number; page: number; pageCount: number; fuzzy?: boolean };

/** The outer product's id, always qualified (see catalog.server.ts): a bare column would bind to a subquery's table. */
const productId = sql`${products}.${sql.identifier("id")}`;
const activeVariantOf = sql`v.product_id = ${productId} and v.active`;
// MOQ and case pack are stored per variant; the product's are the largest over its active variants, so an
// order that meets them meets every variant's own rule (colours and sizes mix to reach them).
const moqSql = sql`(select max(v.wholesale_moq) from variants v where ${activeVariantOf})`.mapWith(Number);
const casePackSql = sql`(select max(v.case_pack) from variants v where ${activeVariantOf})`.mapWith(Number);
const variantCountSql = sql`(select count(*) from variants v where ${activeVariantOf})`.mapWith(Number);
const fromPriceSql = sql`(select min(t.unit_price_minor) from wholesale_price_tiers t join variants v on v.id = t.variant_id where ${activeVariantOf})`;
const materialsSql = sql<string[]>`(select coalesce(json_agg(m.name order by m.name), '[]'::json) from product_materials pm join materials m on m.id = pm.material_id where pm.product_id = ${productId})`;
const latestVisitSql = sql<{ visitedOn: string; met: number } | null>`(select json_build_object('visitedOn', fv.visited_on,
  'met', (select count(*) from field_visit_checks c where c.visit_id = fv.id and c.met))
  from field_visits fv where fv.producer_id = ${producerGroups.id} order by fv.visited_on desc, fv.id desc limit 1)`;
const hasActiveVariant = sql`exists (select 1 from variants v where ${activeVariantOf})`;

type TextMode = "full-text" | "trigram";

function listingConditions(db: Executor, query: WholesaleQuery, mode: TextMode): { where: SQL[]; rank: SQL | null } {
  const where: SQL[] = [eq(products.status, "active"), hasActiveVariant];
  let rank: SQL | null = null;
  if (query.q && mode === "full-text") {
    const tsQuery = sql`websearch_to_tsquery('english', ${query.q})`;
    where.push(sql`${products.searchVector} @@ ${tsQuery}`);
    rank = sql`ts_rank(${products.searchVector}, ${tsQuery})`;
  } else if (query.q) {
    // As in the shop: when full-text finds nothing, a typo ("baskit") still finds the basket by trigram likeness.
    const likeness = sql`greatest(word_similarity(lower(${query.q}), lower(${products.title})), word_similarity(lower(${query.q}), lower(${products.searchKeywords})))`;
    where.push(sql`${likeness} >= 0.5`);
    rank = likeness;
  }
  if (query.category) where.push(eq(categories.slug, query.category));
  if (query.producers.length) where.push(inArray(producerGroups.slug, query.producers));
  if (query.island) where.push(sql`lower(${producerGroups.island}) = lower(${query.island})`);
  if (query.materials.length) {
    where.push(
      exists(
        db
          .select({ one: sql`1` })
          .from(productMaterials)
          .innerJoin(materials, eq(materials.id, productMaterials.materialId))
          .where(and(eq(productMaterials.productId, products.id), inArray(materials.slug, query.materials))),
      ),
    );
  }
  return { where, rank };
}

/**
 * The wholesale catalogue: active products with an active variant, filtered like the retail shop. Three
 * statements whatever the page size: the page of cards (with its total), the tiers of those products, and the
 * capacities and booked work of their groups for the lead times.
 */
export async function listWholesaleProducts(db: Executor, { query }: { query: WholesaleQuery }): Promise<WholesaleListing> {
  const listing = await listMatching(db, query, "full-text");
  if (query.q && listing.total === 0 && query.q.trim().length >= 3) {
    const fuzzy = await listMatching(db, query, "trigram");
    if (fuzzy.total > 0) return { ...fuzzy, fuzzy: true };
  }
  return listing;
}

async function listMatching(db: Executor, query: WholesaleQuery, mode: TextMode): Promise<WholesaleListing> {
  const { where, rank } = listingConditions(db, query, mode);
  const order: SQL[] = (() => {
    switch (query.sort) {
      case "name":
        return [asc(products.title), asc(products.id)];
      case "price-asc":
        return [sql`${fromPriceSql} asc nulls last`, asc(products.id)];
      case "price-desc":
        return [sql`${fromPriceSql} desc nulls last`, asc(products.id)];
      case "relevance":
        if (rank) return [sql`${rank} desc`, asc(products.id)];
        return [desc(products.featured), asc(products.id)];
      default:
        return [desc(products.featured), asc(products.id)];
    }
  })();
  const rows = await db
    .select({
      id: products.id,
      slug: products.slug,
      title: products.title,
      summary: products.summary,
      craft: products.craft,
      categorySlug: categories.slug,
      categoryName: categories.name,
      producerId: producerGroups.id,
      producerName: producerGroups.name,
      producerSlug: producerGroups.slug,
      village: producerGroups.village,
      regency: producerGroups.regency,
      province: producerGroups.province,
      island: producerGroups.island,
      materials: materialsSql,
      latestVisit: latestVisitSql,
      moq: moqSql,
      casePack: casePackSql,
      variantCount: variantCountSql,
      fromPriceMinor: fromPriceSql.mapWith(Number),
      image: firstImageSql({ productId }),
      total: sql`count(*) over ()`.mapWith(Number),
    })
    .from(products)
    .innerJoin(producerGroups, eq(producerGroups.id, products.producerId))
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(and(...where))
    .orderBy(...order)
    .limit(WHOLESALE_PAGE_SIZE)
    .offset((query.page - 1) * WHOLESALE_PAGE_SIZE);

  let total = rows[0]?.total ?? 0;
  if (!rows.length && query.page > 1) {
    const [row] = await db
      .select({ n: sql`count(*)`.mapWith(Number) })
      .from(products)
      .innerJoin(producerGroups, eq(producerGroups.id, products.producerId))
      .innerJoin(categories, eq(categories.id, products.categoryId))
      .where(and(...where));
    total = row?.n ?? 0;
  }
  const [tiers, work] = await Promise.all([
    productTiers(db, { productIds: rows.map((r) => r.id) }),
    craftWork(db, { demands: rows.map((r) => ({ producerId: r.producerId, producerName: r.producerName, craft: r.craft, askedUnits: 0 })) }),
  ]);
  const items = rows.map(({ total: _total, producerId, ...row }): WholesaleCard => {
    const smallest = smallestOrder(row);
    return {
      ...row,
      latestVisit: row.latestVisit ? { visitedOn: row.latestVisit.visitedOn, met: Number(row.latestVisit.met), total: fairTradePrinciples.length } : null,
      fromPriceMinor: row.fromPriceMinor || null,
      currency: "USD",
      smallestOrder: smallest,
      tiers: tiers.get(row.id) ?? [],
      leadTime: leadTimeOf(work, [{ producerId, craft: row.craft, askedUnits: smallest }]),
    };
  });
  return { items, total, page: query.page, pageCount: Math.max(1, Math.ceil(total / WHOLESALE_PAGE_SIZE)) };
}

/** Product-level tiers: at each quantity any variant has a tier for, the lowest unit price from there. */
async function productTiers(db: Executor, { productIds }: { productIds: number[] }): Promise<Map<number, ProductTier[]>> {
  const byProduct = new Map<number, ProductTier[]>();
  if (!productIds.length) return byProduct;
  const rows = await db
    .select({ productId: variants.productId, minQuantity: wholesalePriceTiers.minQuantity, unitPriceMinor: sql`min(${wholesalePriceTiers.unitPriceMinor})`.mapWith(Number) })
    .from(wholesalePriceTiers)
    .innerJoin(variants, eq(variants.id, wholesalePriceTiers.variantId))
    .where(and(inArray(variants.productId, productIds), eq(variants.active, true)))
    .groupBy(variants.productId, wholesalePriceTiers.minQuantity)
    .orderBy(variants.productId, wholesalePriceTiers.minQuantity);
  for (const row of rows) {
    const list = byProduct.get(row.productId) ?? [];
    list.push({ minQuantity: row.minQuantity, unitPriceMinor: row.unitPriceMinor });
    byProduct.set(row.productId, list);
  }
  return byProduct;
}

export type CraftDemand = { producerId: number; producerName: string; craft: string | null; askedUnits: number };
type WorkKey = `${number}:${string}`;
type WorkBook = Map<WorkKey, Omit<CraftWork, "askedUnits">>;
const keyOf = (producerId: number, craft: string | null): WorkKey => `${producerId}:${craft ?? ""}`;

/**
 * For each (group, craft) asked of: its weekly capacity and the units already booked on its open production
 * orders for that craft. Two statements for any number of groups.
 */
async function craftWork(db: Executor, { demands }: { demands: readonly CraftDemand[] }): Promise<WorkBook> {
  const book: WorkBook = new Map();
  for (const demand of demands) {
    book.set(keyOf(demand.producerId, demand.craft), { producerName: demand.producerName, craft: demand.craft ?? "its craft", unitsPerWeek: null, bookedUnits: 0 });
  }
  const producerIds = [...new Set(demands.map((d) => d.producerId))];
  if (!producerIds.length) return book;
  const [capacities, booked] = await Promise.all([
    db
      .select({ producerId: producerCapacities.producerId, craft: producerCapacities.craft, unitsPerWeek: producerCapacities.unitsPerWeek })
      .from(producerCapacities)
      .where(inArray(producerCapacities.producerId, producerIds)),
    db
      .select({ producerId: productionOrders.producerId, craft: products.craft, units: sql`sum(${productionOrderLines.quantity})`.mapWith(Number) })
      .from(productionOrderLines)
      .innerJoin(productionOrders, eq(productionOrders.id, productionOrderLines.productionOrderId))
      .innerJoin(variants, eq(variants.id, productionOrderLines.variantId))
      .innerJoin(products, eq(products.id, variants.productId))
      .where(and(inArray(productionOrders.producerId, producerIds), inArray(productionOrders.status, [...openProductionStatuses])))
      .groupBy(productionOrders.producerId, products.craft),
  ]);
  for (const row of capacities) {
    const entry = book.get(keyOf(row.producerId, row.craft));
    if (entry) entry.unitsPerWeek = row.unitsPerWeek;
  }
  for (const row of booked) {
    const entry = book.get(keyOf(row.producerId, row.craft));
    if (entry) entry.bookedUnits = row.units;
  }
  return book;
}

/** The lead time of some demands against a work book: asked units add up per (group, craft). */
function leadTimeOf(book: WorkBook, demands: readonly { producerId: number; craft: string | null; askedUnits: number }[]): LeadTime {
  const asked = new Map<WorkKey, number>();
  for (const d of demands) asked.set(keyOf(d.producerId, d.craft), (asked.get(keyOf(d.producerId, d.craft)) ?? 0) + d.askedUnits);
  const work: CraftWork[] = [...asked].map(([key, askedUnits]) => ({ ...book.get(key)!, askedUnits }));
  return leadTime({ work, qcDays: QC_DAYS, consolidationDays: CONSOLIDATION_DAYS });
}

/**
 * The lead time of a basket or quote: each line's group and craft, the units asked of each added up, against
 * its capacity and booked work. Groups work in parallel, so the slowest decides.
 */
export async function leadTimeForLines(db: Executor, { lines }: { lines: readonly { variantId: number; quantity: number }[] }): Promise<LeadTime> {
  const variantIds = [...new Set(lines.map((l) => l.variantId))];
  if (!variantIds.length) return leadTime({ work: [], qcDays: QC_DAYS, consolidationDays: CONSOLIDATION_DAYS });
  const rows = await db
    .select({ variantId: variants.id, producerId: producerGroups.id, producerName: producerGroups.name, craft: products.craft })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .innerJoin(producerGroups, eq(producerGroups.id, products.producerId))
    .where(inArray(variants.id, variantIds));
  const byVariant = new Map(rows.map((r) => [r.variantId, r]));
  const demands = lines.flatMap((line) => {
    const row = byVariant.get(line.variantId);
    return row ? [{ producerId: row.producerId, producerName: row.producerName, craft: row.craft, askedUnits: line.quantity }] : [];
  });
  const book = await craftWork(db, { demands });
  return leadTimeOf(book, demands);
}

export type WholesaleFacets = {
  categories: { slug: string; name: string }[];
  materials: { slug: string; name: string }[];
  producers: { slug: string; name: string }[];
  islands: string[];
};

/** The filter choices, in one statement: only what the wholesale catalogue holds. */
export async function getWholesaleFacets(db: Executor): Promise<WholesaleFacets> {
  const offered = sql`p.status = 'active' and exists (select 1 from variants v where v.product_id = p.id and v.active)`;
  const [row] = await queryRows<{ facets: WholesaleFacets }>(
    db,
    sql`select json_build_object(
      'categories', (select coalesce(json_agg(json_build_object('slug', c.slug, 'name', c.name) order by c.position), '[]'::json)
        from ${categories} c where exists (select 1 from products p where p.category_id = c.id and ${offered})),
      'materials', (select coalesce(json_agg(json_build_object('slug', m.slug, 'name', m.name) order by m.name), '[]'::json)
        from ${materials} m where exists (select 1 from product_materials pm join products p on p.id = pm.product_id where pm.material_id = m.id and ${offered})),
      'producers', (select coalesce(json_agg(json_build_object('slug', g.slug, 'name', g.name) order by g.name), '[]'::json)
        from ${producerGroups} g where exists (select 1 from products p where p.producer_id = g.id and ${offered})),
      'islands', (select coalesce(json_agg(i.island order by i.island), '[]'::json)
        from (select distinct g.island from ${producerGroups} g where exists (select 1 from products p where p.producer_id = g.id and ${offered})) i)
    ) as facets`,
  );
  return row!.facets;
}

/**
 * The wholesale product page: its active variants with their tiers, MOQ and case pack at product level, the
 * provenance the shop shows (the group, its crafts and people, its latest field visits with each principle),
 * and the lead time of one smallest order. Null for an unknown slug or a product with nothing to offer.
 */
export async function getWholesaleProduct(db: Executor, { slug }: { slug: string }) {
  const product = await db.query.products.findFirst({
    where: and(eq(products.slug, slug), eq(products.status, "active")),
    columns: { id: true, slug: true, title: true, summary: true, description: true, craft: true, technique: true, careNotes: true, hsCode: true, lengthMm: true, widthMm: true, heightMm: true },
    with: {
      category: { columns: { slug: true, name: true } },
      producer: {
        columns: { id: true, slug: true, name: true, summary: true, story: true, province: true, regency: true, village: true, island: true, crafts: true, memberCount: true, womenCount: true, homeworkers: true, foundedYear: true },
        with: {
          fieldVisits: {
            columns: { id: true, visitedOn: true, visitor: true },
            orderBy: (v, { desc }) => [desc(v.visitedOn), desc(v.id)],
            limit: 3,
            with: { checks: { columns: { principle: true, met: true, note: true } } },
          },
        },
      },
      variants: {
        where: eq(variants.active, true),
        orderBy: (v, { asc }) => [asc(v.position), asc(v.id)],
        columns: { id: true, sku: true, title: true, options: true, active: true, wholesaleMoq: true, casePack: true, weightGrams: true },
        with: { tiers: { columns: { minQuantity: true, unitPriceMinor: true, currency: true }, orderBy: (t, { asc }) => [asc(t.minQuantity)] } },
      },
      images: {
        orderBy: (i, { asc }) => [asc(i.position), asc(i.id)],
        columns: { hash: true, width: true, height: true, widths: true, alt: true, placeholder: true },
      },
      materials: { with: { material: { columns: { slug: true, name: true } } } },
    },
  });
  if (!product || product.variants.length === 0) return null;
  // See moqSql: the product's rules are the strictest of its active variants'.
  const moq = Math.max(...product.variants.map((v) => v.wholesaleMoq));
  const casePack = Math.max(...product.variants.map((v) => v.casePack));
  const smallest = smallestOrder({ moq, casePack });
  const demand = { producerId: product.producer.id, producerName: product.producer.name, craft: product.craft, askedUnits: smallest };
  const book = await craftWork(db, { demands: [demand] });
  const tierMap = new Map<number, number>();
  for (const v of product.variants) for (const t of v.tiers) tierMap.set(t.minQuantity, Math.min(tierMap.get(t.minQuantity) ?? Infinity, t.unitPriceMinor));
  const tiers: ProductTier[] = [...tierMap].sort((a, b) => a[0] - b[0]).map(([minQuantity, unitPriceMinor]) => ({ minQuantity, unitPriceMinor }));
  return {
    ...product,
    materials: product.materials.map((m) => m.material),
    moq,
    casePack,
    smallestOrder: smallest,
    tiers,
    currency: "USD" as const,
    leadTime: leadTimeOf(book, [demand]),
  };
}

export type WholesaleProductPage = NonNullable<Awaited<ReturnType<typeof getWholesaleProduct>>>;
