import { and, asc, count, desc, eq, ilike, inArray, notInArray, or, sql, type SQL } from "drizzle-orm";
import type { Db, Executor, Tx } from "~db/client.server";
import {
  categories,
  images,
  materials,
  producerGroups,
  productMaterials,
  stockLevels,
  productSlugRedirects,
  products,
  variants,
  wholesalePriceTiers,
} from "~db/schema";
import { formatMoneyInput } from "~/domain/money/money";
import type { ProductInput } from "~/domain/catalog/product-input";
import { variantTitleFor } from "~/domain/catalog/product-input";
import { buildSearchKeywords } from "~/domain/catalog/search-keywords";
import { PG, pgErrorCode } from "~/utils/pg-errors.server";
import { assertEditVersion, recordAudit } from "~/models/platform/audit.server";
import { lockImageHash, queueImageFileDeletion, queueImageRenditions, type ProcessedImage } from "./images.server";
import { Refusal } from "~/domain/platform/refusal";
import type { Actor } from "~/models/platform/audit.server";
import { firstFreeSlug, slugFrom } from "~/domain/catalog/slug";

export const ADMIN_PAGE_SIZE = 30;

export type AdminProductFilter = { q?: string; status?: "draft" | "active" | "archived"; categoryId?: number; producerId?: number; page: number };

export async function listProductsForAdmin(db: Executor, filter: AdminProductFilter) {
  const where: SQL[] = [];
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(products.title, like), sql`exists (select 1 from variants v where v.product_id = ${products.id} and v.sku ilike ${like})`)!);
  }
  if (filter.status) where.push(eq(products.status, filter.status));
  if (filter.categoryId) where.push(eq(products.categoryId, filter.categoryId));
  if (filter.producerId) where.push(eq(products.producerId, filter.producerId));
  const condition = where.length ? and(...where) : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: products.id,
        slug: products.slug,
        title: products.title,
        status: products.status,
        category: categories.name,
        producer: producerGroups.name,
        updatedAt: products.updatedAt,
        variantCount: sql<number>`(select count(*)::int from variants v where v.product_id = ${products.id})`,
        skus: sql<string>`(select string_agg(v.sku, ', ' order by v.position) from variants v where v.product_id = ${products.id})`,
        fromPriceMinor: sql<number | null>`(select min(v.retail_price_minor) from variants v where v.product_id = ${products.id} and v.active)`.mapWith((v) => (v == null ? null : Number(v))),
        thumbnail: sql<{ hash: string; width: number } | null>`(select json_build_object('hash', i.hash, 'width', i.widths[1]) from images i where i.product_id = ${products.id} order by i.position, i.id limit 1)`,
      })
      .from(products)
      .innerJoin(categories, eq(categories.id, products.categoryId))
      .innerJoin(producerGroups, eq(producerGroups.id, products.producerId))
      .where(condition)
      .orderBy(desc(products.updatedAt), desc(products.id))
      .limit(ADMIN_PAGE_SIZE)
      .offset((filter.page - 1) * ADMIN_PAGE_SIZE),
    db.select({ n: count() }).from(products).where(condition),
  ]);
  return { rows, total: total?.n ?? 0, pageCount: Math.max(1, Math.ceil((total?.n ?? 0) / ADMIN_PAGE_SIZE)) };
}

/** Categories, producers and materials for the product form's choices. */
export async function getProductFormOptions(db: Executor) {
  const [cats, producers, mats] = await Promise.all([
    db.select({ id: categories.id, name: categories.name }).from(categories).orderBy(asc(categories.position), asc(categories.name)),
    db.select({ id: producerGroups.id, name: producerGroups.name, active: producerGroups.active }).from(producerGroups).orderBy(asc(producerGroups.name)),
    db.select({ id: materials.id, name: materials.name }).from(materials).orderBy(asc(materials.name)),
  ]);
  return { categories: cats, producers, materials: mats };
}

export async function getProductForEdit(db: Executor, { id }: { id: number }) {
  return db.query.products.findFirst({
    where: eq(products.id, id),
    with: {
      materials: { columns: { materialId: true } },
      variants: { orderBy: (v) => [asc(v.position), asc(v.id)], with: { tiers: { orderBy: (t) => [asc(t.minQuantity)] } } },
      images: { orderBy: (i) => [asc(i.position), asc(i.id)] },
    },
  });
}
export type ProductForEdit = NonNullable<Awaited<ReturnType<typeof getProductForEdit>>>;

/** The form's starting values for an existing product: prices back to the text staff type. */
export function productFormValues(p: ProductForEdit) {
  return {
    title: p.title,
    slug: p.slug,
    summary: p.summary,
    description: p.description,
    categoryId: String(p.categoryId),
    producerId: String(p.producerId),
    status: p.status,
    featured: p.featured ? "on" : undefined,
    oneOfAKind: p.oneOfAKind ? "on" : undefined,
    technique: p.technique,
    lengthMm: p.lengthMm == null ? "" : String(p.lengthMm),
    widthMm: p.widthMm == null ? "" : String(p.widthMm),
    heightMm: p.heightMm == null ? "" : String(p.heightMm),
    careNotes: p.careNotes,
    hsCode: p.hsCode ?? "",
    materialIds: p.materials.map((m) => String(m.materialId)),
    variants: p.variants.map((v) => ({
      id: String(v.id),
      sku: v.sku,
      title: v.title,
      size: v.options.size ?? "",
      colour: v.options.colour ?? "",
      finish: v.options.finish ?? "",
      retailPrice: formatMoneyInput(v.retailPriceMinor, v.retailCurrency),
      bazaarPrice: formatMoneyInput(v.bazaarPriceMinor, v.bazaarCurrency),
      producerPrice: formatMoneyInput(v.producerPriceMinor, v.producerCurrency),
      weightGrams: String(v.weightGrams),
      wholesaleMoq: String(v.wholesaleMoq),
      casePack: String(v.casePack),
      active: v.active ? "on" : undefined,
      tiers: v.tiers.map((t) => ({ minQuantity: String(t.minQuantity), unitPrice: formatMoneyInput(t.unitPriceMinor, t.currency) })),
    })),
  };
}

/** Recomputes the words a product is found by from its category, materials, producer and options. */
export async function refreshSearchKeywords(tx: Executor, { productId }: { productId: number }) {
  const product = await tx.query.products.findFirst({
    where: eq(products.id, productId),
    columns: { id: true, technique: true },
    with: {
      category: { columns: { name: true } },
      producer: { columns: { name: true, crafts: true, province: true } },
      materials: { with: { material: { columns: { name: true } } } },
      variants: { columns: { options: true } },
    },
  });
  if (!product) return;
  const keywords = buildSearchKeywords({
    categoryName: product.category.name,
    materialNames: product.materials.map((m) => m.material.name),
    producerName: product.producer.name,
    crafts: product.producer.crafts,
    technique: product.technique,
    optionValues: product.variants.flatMap((v) => Object.values(v.options).filter((x): x is string => !!x)),
    province: product.producer.province,
  });
  await tx.update(products).set({ searchKeywords: keywords }).where(eq(products.id, productId));
}

async function assertReferencesExist(tx: Executor, input: ProductInput) {
  const [cat] = await tx.select({ id: categories.id }).from(categories).where(eq(categories.id, input.categoryId));
  if (!cat) throw Refusal.invalid("Choose a category from the list.", { field: "categoryId" });
  const [producer] = await tx.select({ id: producerGroups.id }).from(producerGroups).where(eq(producerGroups.id, input.producerId));
  if (!producer) throw Refusal.invalid("Choose a producer group from the list.", { field: "producerId" });
  if (input.materialIds.length) {
    const found = await tx.select({ id: materials.id }).from(materials).where(inArray(materials.id, input.materialIds));
    if (found.length !== new Set(input.materialIds).size) throw Refusal.invalid("One of the chosen materials no longer exists.", { field: "materialIds" });
  }
}

/** SKUs are unique across the whole catalogue; the message names the product that already has one. */
async function assertSkusFree(tx: Executor, input: ProductInput, productId?: number) {
  const skus = input.variants.map((v) => v.sku);
  const clashes = await tx
    .select({ sku: variants.sku, productTitle: products.title, productId: variants.productId })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(productId ? and(inArray(variants.sku, skus), sql`${variants.productId} <> ${productId}`) : inArray(variants.sku, skus));
  if (clashes.length) {
    const clash = clashes[0]!;
    const index = skus.indexOf(clash.sku);
    throw Refusal.conflict(`SKU ${clash.sku} is already used by “${clash.productTitle}”.`, { field: `variants[${index}].sku` });
  }
}

async function assertSlugFree(tx: Executor, slug: string, productId?: number) {
  const [clash] = await tx
    .select({ id: products.id, title: products.title })
    .from(products)
    .where(productId ? and(eq(products.slug, slug), sql`${products.id} <> ${productId}`) : eq(products.slug, slug));
  if (clash) throw Refusal.conflict(`“${clash.title}” already uses the web address “${slug}”.`, { field: "slug" });
  const [redirect] = await tx.select({ productId: productSlugRedirects.productId }).from(productSlugRedirects).where(eq(productSlugRedirects.oldSlug, slug));
  if (redirect && redirect.productId !== productId) throw Refusal.conflict(`The web address “${slug}” still redirects to another product.`, { field: "slug" });
}

function productValues(input: ProductInput) {
  return {
    title: input.title,
    summary: input.summary,
    description: input.description,
    categoryId: input.categoryId,
    producerId: input.producerId,
    status: input.status,
    featured: input.featured,
    oneOfAKind: input.oneOfAKind,
    technique: input.technique,
    lengthMm: input.lengthMm,
    widthMm: input.widthMm,
    heightMm: input.heightMm,
    careNotes: input.careNotes,
    hsCode: input.hsCode,
  };
}

function variantValues(v: ProductInput["variants"][number], position: number) {
  const options = Object.fromEntries(Object.entries({ size: v.size, colour: v.colour, finish: v.finish }).filter(([, value]) => value));
  return {
    sku: v.sku,
    title: variantTitleFor(v),
    options,
    position,
    retailPriceMinor: v.retailPrice,
    retailCurrency: "USD",
    bazaarPriceMinor: v.bazaarPrice,
    bazaarCurrency: "IDR",
    producerPriceMinor: v.producerPrice,
    producerCurrency: "IDR",
    weightGrams: v.weightGrams,
    wholesaleMoq: v.wholesaleMoq,
    casePack: v.casePack,
    active: v.active,
  };
}

async function writeTiers(tx: Executor, variantId: number, tiers: ProductInput["variants"][number]["tiers"]) {
  await tx.delete(wholesalePriceTiers).where(eq(wholesalePriceTiers.variantId, variantId));
  if (tiers.length) {
    await tx.insert(wholesalePriceTiers).values(tiers.map((t) => ({ variantId, minQuantity: t.minQuantity, unitPriceMinor: t.unitPrice, currency: "USD" })));
  }
}

/**
 * Inserts a product with its variants, tiers and materials inside the caller's transaction (the CSV import
 * applies many in one). Checks references, SKUs and the slug first so a refusal names the field.
 */
export async function insertProduct(tx: Tx, { input, actor }: { input: ProductInput; actor: Actor }) {
  await assertReferencesExist(tx, input);
  const slug = input.slug ?? (await freeSlug(tx, slugFrom(input.title)));
  await assertSlugFree(tx, slug);
  await assertSkusFree(tx, input);
  const [row] = await tx
    .insert(products)
    .values({ ...productValues(input), slug })
    .returning({ id: products.id, slug: products.slug });
  const productId = row!.id;
  if (input.materialIds.length) await tx.insert(productMaterials).values([...new Set(input.materialIds)].map((materialId) => ({ productId, materialId })));
  for (const [position, v] of input.variants.entries()) {
    const [variant] = await tx.insert(variants).values({ ...variantValues(v, position), productId }).returning({ id: variants.id });
    await writeTiers(tx, variant!.id, v.tiers);
  }
  await refreshSearchKeywords(tx, { productId });
  await recordAudit(tx, {
    userId: actor.userId,
    action: "create",
    entityType: "product",
    entityId: String(productId),
    changes: { title: input.title, slug, skus: input.variants.map((v) => v.sku) },
    ip: actor.ip,
  });
  return row!;
}

/** A slug derived from the title, with -2, -3… when it is taken. */
async function freeSlug(tx: Executor, base: string) {
  const taken = new Set(
    (await tx.select({ slug: products.slug }).from(products).where(or(eq(products.slug, base), ilike(products.slug, `${base}-%`)))).map((r) => r.slug),
  );
  for (const r of await tx.select({ slug: productSlugRedirects.oldSlug }).from(productSlugRedirects).where(ilike(productSlugRedirects.oldSlug, `${base}%`))) taken.add(r.slug);
  return firstFreeSlug(base, taken);
}

export async function createProduct(db: Executor, { input, actor }: { input: ProductInput; actor: Actor }) {
  return withConstraintMessages(() => db.transaction((tx) => insertProduct(tx, { input, actor })));
}

/**
 * Saves every field, variant and tier in one transaction. Variants left out of the form are deleted, unless
 * they have been sold or quoted: then the message says to untick "Active" instead and nothing is saved.
 */
export async function updateProduct(db: Executor, { id, input, actor, expectedVersion }: { id: number; input: ProductInput; actor: Actor; expectedVersion?: number }) {
  return withConstraintMessages(() =>
    db.transaction(async (tx) => {
      const before = await tx.query.products.findFirst({ where: eq(products.id, id), with: { variants: true, materials: true } });
      if (!before) throw Refusal.notFound("That product no longer exists.");
      await tx.select({ id: products.id }).from(products).where(eq(products.id, id)).for("update");
      await assertEditVersion(tx, { entity: { type: "product", id, noun: "product" }, expected: expectedVersion });
      await assertReferencesExist(tx, input);
      const slug = input.slug ?? before.slug;
      await assertSlugFree(tx, slug, id);
      await assertSkusFree(tx, input, id);

      const keptIds = input.variants.map((v) => v.id).filter((v): v is number => v !== undefined);
      const ownIds = new Set(before.variants.map((v) => v.id));
      const foreign = keptIds.find((v) => !ownIds.has(v));
      if (foreign !== undefined) throw Refusal.conflict("The form was out of date: a variant belongs to another product. Reload and try again.");

      const removed = before.variants.filter((v) => !keptIds.includes(v.id));
      if (removed.length) {
        await assertNoStock(tx, removed.map((v) => v.id), "untick “Active” to stop selling");
        try {
          await tx.transaction(async (sp) => {
            await sp.delete(variants).where(and(eq(variants.productId, id), notInArray(variants.id, keptIds.length ? keptIds : [0])));
          });
        } catch (error) {
          if (pgErrorCode(error) !== PG.foreignKeyViolation) throw error;
          throw Refusal.conflict(`${removed.map((v) => v.sku).join(", ")} ${removed.length === 1 ? "has" : "have"} been sold, quoted or counted, so ${removed.length === 1 ? "it" : "they"} can't be deleted. Untick “Active” to stop selling instead.`);
        }
      }
      // Move kept SKUs out of the way first so swapping two SKUs between variants doesn't trip the unique index.
      for (const vid of keptIds) await tx.update(variants).set({ sku: sql`'~tmp-' || ${variants.id}` }).where(eq(variants.id, vid));
      for (const [position, v] of input.variants.entries()) {
        if (v.id !== undefined) {
          await tx.update(variants).set({ ...variantValues(v, position), updatedAt: new Date() }).where(eq(variants.id, v.id));
          await writeTiers(tx, v.id, v.tiers);
        } else {
          const [row] = await tx.insert(variants).values({ ...variantValues(v, position), productId: id }).returning({ id: variants.id });
          await writeTiers(tx, row!.id, v.tiers);
        }
      }

      await tx.delete(productMaterials).where(eq(productMaterials.productId, id));
      if (input.materialIds.length) await tx.insert(productMaterials).values([...new Set(input.materialIds)].map((materialId) => ({ productId: id, materialId })));

      if (slug !== before.slug) {
        await tx.delete(productSlugRedirects).where(eq(productSlugRedirects.oldSlug, slug));
        await tx.insert(productSlugRedirects).values({ oldSlug: before.slug, productId: id }).onConflictDoUpdate({ target: productSlugRedirects.oldSlug, set: { productId: id } });
      }
      await tx.update(products).set({ ...productValues(input), slug, updatedAt: new Date() }).where(eq(products.id, id));
      await refreshSearchKeywords(tx, { productId: id });

      const changes: Record<string, unknown> = {};
      const beforeValues = productValues({ ...before, materialIds: [], variants: [], slug: before.slug } as unknown as ProductInput);
      for (const [key, value] of Object.entries(productValues(input))) {
        if (JSON.stringify((beforeValues as Record<string, unknown>)[key]) !== JSON.stringify(value)) changes[key] = { from: (beforeValues as Record<string, unknown>)[key], to: value };
      }
      if (slug !== before.slug) changes.slug = { from: before.slug, to: slug };
      const priceChanges = input.variants.flatMap((v) => {
        const old = before.variants.find((b) => b.id === v.id);
        if (!old) return [{ sku: v.sku, added: true }];
        const diff: Record<string, unknown> = {};
        if (old.sku !== v.sku) diff.sku = { from: old.sku, to: v.sku };
        if (old.retailPriceMinor !== v.retailPrice) diff.retailPriceMinor = { from: old.retailPriceMinor, to: v.retailPrice };
        if (old.bazaarPriceMinor !== v.bazaarPrice) diff.bazaarPriceMinor = { from: old.bazaarPriceMinor, to: v.bazaarPrice };
        if (old.producerPriceMinor !== v.producerPrice) diff.producerPriceMinor = { from: old.producerPriceMinor, to: v.producerPrice };
        if (old.active !== v.active) diff.active = { from: old.active, to: v.active };
        return Object.keys(diff).length ? [{ sku: v.sku, ...diff }] : [];
      });
      if (priceChanges.length) changes.variants = priceChanges;
      if (removed.length) changes.removedSkus = removed.map((v) => v.sku);
      const beforeMaterials = before.materials.map((m) => m.materialId).sort();
      const afterMaterials = [...new Set(input.materialIds)].sort();
      if (JSON.stringify(beforeMaterials) !== JSON.stringify(afterMaterials)) changes.materialIds = { from: beforeMaterials, to: afterMaterials };
      await recordAudit(tx, { userId: actor.userId, action: "update", entityType: "product", entityId: String(id), changes, ip: actor.ip });
      return { id, slug };
    }),
  );
}

/** Deletes a product that was never sold; otherwise says to archive it (which hides it and keeps history). */
export async function deleteProduct(db: Db, { id, actor }: { id: number; actor: Actor }) {
  return withConstraintMessages(async () => {
    try {
      return await db.transaction(async (tx) => {
        const own = await tx.select({ id: variants.id }).from(variants).where(eq(variants.productId, id));
        const held = await stockOnHand(tx, own.map((v) => v.id));
        const photos = await tx.select({ imageId: images.id, hash: images.hash, originalExt: images.originalExt, widths: images.widths }).from(images).where(eq(images.productId, id));
        // Delete first: a product with sales fails here (foreign keys) and gets the "archive it" answer, rather
        // than being sent to count its stock out only to be refused afterwards. The transaction rolls back either way.
        const [gone] = await tx.delete(products).where(eq(products.id, id)).returning({ id: products.id, title: products.title, slug: products.slug });
        if (!gone) throw Refusal.notFound("That product was already deleted.");
        if (held.length) throw stockHeldError(held, "set the product to Archived to hide it");
        // Its photos' rows went with it (cascade); their files go after this commits.
        for (const photo of photos) await queueImageFileDeletion(tx, { image: photo });
        await recordAudit(tx, { userId: actor.userId, action: "delete", entityType: "product", entityId: String(id), changes: { title: gone.title, slug: gone.slug }, ip: actor.ip });
        return gone;
      });
    } catch (error) {
      if (pgErrorCode(error) !== PG.foreignKeyViolation) throw error;
      throw Refusal.conflict("This product has been sold, quoted or has batches, so it can't be deleted. Set its status to Archived to hide it instead.");
    }
  });
}

/** Deleting a variant would silently drop its ledger; stock on hand must be counted out first. */
async function assertNoStock(tx: Executor, variantIds: number[], alternative: string) {
  const held = await stockOnHand(tx, variantIds);
  if (held.length) throw stockHeldError(held, alternative);
}

async function stockOnHand(tx: Executor, variantIds: number[]) {
  if (!variantIds.length) return [];
  return tx
    .select({ sku: variants.sku, onHand: sql<number>`sum(${stockLevels.onHand})::int` })
    .from(stockLevels)
    .innerJoin(variants, eq(variants.id, stockLevels.variantId))
    .where(and(inArray(stockLevels.variantId, variantIds), sql`${stockLevels.onHand} > 0`))
    .groupBy(variants.sku);
}

function stockHeldError(held: { sku: string; onHand: number }[], alternative: string) {
  const list = held.map((h) => `${h.sku} (${h.onHand})`).join(", ");
  return Refusal.conflict(`Stock is still on hand for ${list}. Adjust it to zero on the Stock page first, or ${alternative}.`);
}

/** Two people saving the same SKU at once: the unique index decides, and the loser gets a message. */
async function withConstraintMessages<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const code = pgErrorCode(error);
    if (code === PG.uniqueViolation) throw Refusal.conflict("Another product took that SKU or web address a moment ago. Check and save again.");
    if (code === PG.checkViolation) throw Refusal.invalid("A price, weight or quantity is out of range.");
    throw error;
  }
}

/** Adds already-processed photos after the product's existing ones, all or none. */
export async function addProductImages(db: Db, { productId, uploads, actor }: { productId: number; uploads: { processed: ProcessedImage; alt: string }[]; actor: Actor }) {
  return db.transaction(async (tx) => {
    const [product] = await tx.select({ id: products.id }).from(products).where(eq(products.id, productId)).for("update");
    if (!product) throw Refusal.notFound("That product no longer exists.");
    // A delayed delete of the same bytes' files waits for this commit, then sees these rows (deleteImageFilesHandler).
    for (const hash of [...new Set(uploads.map((u) => u.processed.hash))].sort()) await lockImageHash(tx, { hash });
    const [{ next }] = (await tx.select({ next: sql<number>`coalesce(max(${images.position}) + 1, 0)::int` }).from(images).where(eq(images.productId, productId))) as [{ next: number }];
    const rows = await tx
      .insert(images)
      .values(uploads.map((u, i) => ({ ...u.processed, alt: u.alt, productId, position: next + i })))
      .returning({ id: images.id });
    // The formats the upload left for later are made once these rows commit.
    for (const [i, row] of rows.entries()) await queueImageRenditions(tx, { imageId: row.id, ...uploads[i]!.processed });
    await tx.update(products).set({ updatedAt: new Date() }).where(eq(products.id, productId));
    await recordAudit(tx, {
      userId: actor.userId,
      action: "create",
      entityType: "product_image",
      entityId: rows.map((r) => r.id).join(","),
      changes: { productId, hashes: uploads.map((u) => u.processed.hash) },
      ip: actor.ip,
    });
    return rows;
  });
}

export async function updateProductImage(
  db: Db,
  { productId, imageId, change, actor }: { productId: number; imageId: number; change: { alt?: string; makeCover?: boolean; remove?: boolean }; actor: Actor },
) {
  return db.transaction(async (tx) => {
    const own = await tx.select().from(images).where(eq(images.productId, productId)).orderBy(asc(images.position), asc(images.id)).for("update");
    const image = own.find((i) => i.id === imageId);
    if (!image) throw Refusal.notFound("That photo is no longer on this product.");
    if (change.remove) {
      await tx.delete(images).where(eq(images.id, imageId));
      await queueImageFileDeletion(tx, { image: { imageId, ...image } });
      await recordAudit(tx, { userId: actor.userId, action: "delete", entityType: "product_image", entityId: String(imageId), changes: { productId, hash: image.hash }, ip: actor.ip });
    } else if (change.makeCover) {
      const order = [image, ...own.filter((i) => i.id !== imageId)];
      for (const [position, i] of order.entries()) await tx.update(images).set({ position }).where(eq(images.id, i.id));
      await recordAudit(tx, { userId: actor.userId, action: "update", entityType: "product_image", entityId: String(imageId), changes: { productId, cover: true }, ip: actor.ip });
    } else if (change.alt !== undefined && change.alt !== image.alt) {
      await tx.update(images).set({ alt: change.alt }).where(eq(images.id, imageId));
      await recordAudit(tx, { userId: actor.userId, action: "update", entityType: "product_image", entityId: String(imageId), changes: { alt: { from: image.alt, to: change.alt } }, ip: actor.ip });
    }
    await tx.update(products).set({ updatedAt: new Date() }).where(eq(products.id, productId));
  });
}

/** After a producer's name, crafts or province change, its products must be found by the new words. */
export async function refreshProducerProductKeywords(tx: Executor, { producerId }: { producerId: number }) {
  const ids = await tx.select({ id: products.id }).from(products).where(eq(products.producerId, producerId));
  for (const { id } of ids) await refreshSearchKeywords(tx, { productId: id });
}
