import { inArray, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../client.server";
import * as s from "../schema";
import { buildSearchKeywords } from "../../app/domain/catalog/search-keywords";
import { findOnlineLocationId } from "../../app/models/stock/ledger.server";
import { products as sampleProducts } from "./data/products";
import { generateProduct, type GeneratedProduct } from "./scale-catalogue";
import type { SeedProgress } from "./index";
import { variantValues } from "./variant-values";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** Products written per transaction: thousands of rows per statement, and a failure loses one batch only. */
const BATCH = 2_000;
/** PostgreSQL's bind-parameter limit is 65,535 per statement. */
const MAX_PARAMS = 60_000;

/**
 * Tops the catalogue up with generated products until `target` products exist (a second run with the same
 * target adds nothing). Needs the sample catalogue first: each generated piece varies a seeded one, keeps its
 * producer group, category, craft and materials, and has no photos (cards show the placeholder). Stock arrives
 * as the ledger writes it: a level at the online warehouse for every variant and an "Opening stock" receipt for
 * every piece on hand, so levels equal their movements.
 */
export async function seedScale(db: Db, { target, onProgress = () => {}, now = new Date() }: { target: number; onProgress?: SeedProgress; now?: Date }) {
  const [counted] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(s.products);
  const existing = counted?.n ?? 0;
  if (existing >= target) return { added: 0 };

  const templates = await loadTemplates(db);
  const warehouseId = await findOnlineLocationId(db);
  const toAdd = target - existing;
  onProgress("Generating products", 0, toAdd);
  for (let done = 0; done < toAdd; ) {
    const count = Math.min(BATCH, toAdd - done);
    const batch = Array.from({ length: count }, (_, i) => generateProduct(existing + done + i + 1, templates.samples));
    await db.transaction((tx) => writeBatch(tx, { batch, templates, warehouseId, now }));
    done += count;
    // Fresh statistics now and then, so the listing triggers' lookups stay on their indexes as the tables grow.
    if (done % (BATCH * 5) === BATCH) await db.execute(sql`analyze products, variants, stock_levels`);
    onProgress("Generating products", done, toAdd);
  }
  return { added: toAdd };
}

type Template = { categoryId: number; producerId: number; craft: string | null; searchKeywords: string; materialIds: number[] };
type Templates = { samples: typeof sampleProducts; bySlug: Map<string, Template> };

/** The sample products that are in this database (a seed may have been limited), with their rows' ids. */
async function loadTemplates(db: Db): Promise<Templates> {
  const rows = await db
    .select({ id: s.products.id, slug: s.products.slug, categoryId: s.products.categoryId, producerId: s.products.producerId, craft: s.products.craft })
    .from(s.products)
    .where(inArray(s.products.slug, sampleProducts.map((p) => p.slug)));
  if (!rows.length) throw new Error("Seed the sample catalogue first: generated products vary its pieces.");
  const [categoryRows, materialRows, producerRows] = await Promise.all([
    db.select({ id: s.categories.id, name: s.categories.name }).from(s.categories),
    db.select({ id: s.materials.id, slug: s.materials.slug, name: s.materials.name }).from(s.materials),
    db.select({ id: s.producerGroups.id, name: s.producerGroups.name, crafts: s.producerGroups.crafts, province: s.producerGroups.province }).from(s.producerGroups),
  ]);
  const categoryName = new Map(categoryRows.map((c) => [c.id, c.name]));
  const material = new Map(materialRows.map((m) => [m.slug, m]));
  const producer = new Map(producerRows.map((p) => [p.id, p]));
  const bySlug = new Map<string, Template>();
  for (const row of rows) {
    const sample = sampleProducts.find((p) => p.slug === row.slug)!;
    const materials = sample.materials.map((slug) => material.get(slug)).filter((m) => m !== undefined);
    const group = producer.get(row.producerId)!;
    bySlug.set(row.slug, {
      categoryId: row.categoryId,
      producerId: row.producerId,
      craft: row.craft,
      materialIds: materials.map((m) => m.id),
      searchKeywords: buildSearchKeywords({
        categoryName: categoryName.get(row.categoryId) ?? "",
        materialNames: materials.map((m) => m.name),
        producerName: group.name,
        crafts: group.crafts,
        technique: sample.technique,
        optionValues: sample.variants.flatMap((v) => Object.values(v.options).filter((x): x is string => !!x)),
        province: group.province,
      }),
    });
  }
  return { samples: sampleProducts.filter((p) => bySlug.has(p.slug)), bySlug };
}

/** Multi-row inserts, split so no statement passes the bind-parameter limit. */
async function insertRows<T extends PgTable>(tx: Tx, table: T, rows: T["$inferInsert"][]) {
  if (!rows.length) return;
  const perRow = Object.keys(rows[0]!).length;
  const size = Math.max(1, Math.floor(MAX_PARAMS / perRow));
  for (let i = 0; i < rows.length; i += size) await tx.insert(table).values(rows.slice(i, i + size));
}

async function insertReturning<T extends PgTable, K extends string>(tx: Tx, table: T, rows: T["$inferInsert"][], returning: Record<K | "id", PgColumn>) {
  const perRow = Object.keys(rows[0]!).length;
  const size = Math.max(1, Math.floor(MAX_PARAMS / perRow));
  const out: Record<K | "id", unknown>[] = [];
  for (let i = 0; i < rows.length; i += size) out.push(...((await tx.insert(table).values(rows.slice(i, i + size)).returning(returning)) as Record<K | "id", unknown>[]));
  return out;
}

async function writeBatch(tx: Tx, { batch, templates, warehouseId, now }: { batch: GeneratedProduct[]; templates: Templates; warehouseId: number; now: Date }) {
  const productRows = await insertReturning(
    tx,
    s.products,
    batch.map((p, i) => {
      const t = templates.bySlug.get(p.template.slug)!;
      const listedAt = new Date(now.getTime() - p.listedDaysAgo * 86_400_000 - i * 1_000);
      return {
        slug: p.slug,
        title: p.title,
        summary: p.summary,
        description: p.description,
        categoryId: t.categoryId,
        producerId: t.producerId,
        craft: t.craft,
        featured: p.featured,
        oneOfAKind: p.oneOfAKind,
        technique: p.template.technique,
        lengthMm: p.dimensionsMm.length,
        widthMm: p.dimensionsMm.width,
        heightMm: p.dimensionsMm.height,
        careNotes: p.template.careNotes,
        hsCode: p.template.hsCode,
        searchKeywords: t.searchKeywords,
        // What the listing triggers will compute, written at once so they find nothing to change.
        minPriceMinor: Math.min(...p.variants.map((v) => v.retailUsdCents)),
        onlineAvailable: p.variants.reduce((sum, v) => sum + v.stock, 0),
        createdAt: listedAt,
        updatedAt: listedAt,
      };
    }),
    { id: s.products.id, slug: s.products.slug },
  );
  const productId = new Map(productRows.map((r) => [r.slug as string, r.id as number]));
  const idOf = (p: GeneratedProduct) => productId.get(p.slug)!;

  await insertRows(
    tx,
    s.productMaterials,
    batch.flatMap((p) => templates.bySlug.get(p.template.slug)!.materialIds.map((materialId) => ({ productId: idOf(p), materialId }))),
  );
  const variantRows = await insertReturning(
    tx,
    s.variants,
    batch.flatMap((p) =>
      p.variants.map((v, position) => variantValues(idOf(p), v, position)),
    ),
    { id: s.variants.id, sku: s.variants.sku },
  );
  const variantId = new Map(variantRows.map((r) => [r.sku as string, r.id as number]));
  const variants = batch.flatMap((p) => p.variants.map((v) => ({ ...v, id: variantId.get(v.sku)! })));

  await insertRows(
    tx,
    s.wholesalePriceTiers,
    variants.flatMap((v) => v.tiers.map((t) => ({ variantId: v.id, minQuantity: t.minQuantity, unitPriceMinor: t.usdCents }))),
  );
  // What recordMovements would leave: every variant has its level at the warehouse, and each piece on hand its receipt.
  await insertRows(
    tx,
    s.stockLevels,
    variants.map((v) => ({ variantId: v.id, locationId: warehouseId, locationKind: "warehouse" as const, onHand: v.stock, reserved: 0 })),
  );
  await insertRows(
    tx,
    s.stockMovements,
    variants.filter((v) => v.stock > 0).map((v) => ({ variantId: v.id, locationId: warehouseId, kind: "receipt" as const, onHandDelta: v.stock, reservedDelta: 0, reason: "Opening stock" })),
  );
}
