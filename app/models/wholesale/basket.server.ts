import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db, Executor } from "~db/client.server";
import { producerGroups, products, variants, wholesaleBasketLines, wholesalePriceTiers } from "~db/schema";
import { Refusal } from "~/domain/platform/refusal";
import type { LeadTime } from "~/domain/production/lead-time";
import { checkQuoteLines, tierPriceLines, type PriceTier, type ProductQuantityProblem, type WholesaleProduct } from "~/domain/wholesale/quote-lines";
import { firstImageSql } from "~/models/catalog/first-image.server";
import type { ImageRef } from "~/utils/images";
import { leadTimeForLines } from "./catalogue.server";

/** The most pieces of one variant a basket line may hold (the table's CHECK says the same). */
export const MAX_BASKET_QUANTITY = 100_000;

export type BasketLine = {
  variantId: number;
  productId: number;
  productSlug: string;
  productTitle: string;
  variantTitle: string;
  sku: string;
  producerName: string;
  quantity: number;
  /** The tier price picked by the product's total across its variants; null below the lowest tier. */
  unitPriceMinor: number | null;
  lineTotalMinor: number | null;
  /** False when the piece has left the catalogue since it was added: it must be removed before asking. */
  offered: boolean;
  image: ImageRef | null;
};

export type BasketProduct = WholesaleProduct & { slug: string; totalQuantity: number; problem: string | null };

export type Basket = {
  lines: BasketLine[];
  products: BasketProduct[];
  problems: ProductQuantityProblem[];
  /** Pieces in the basket, all lines together. */
  pieceCount: number;
  /** Indicative only: staff confirm the prices in the quote. */
  subtotalMinor: number;
  currency: "USD";
  leadTime: LeadTime;
};

type StoredLine = { variantId: number; quantity: number };

/** The product-level rules (largest MOQ and case pack over active variants) of some products, in one statement. */
export async function wholesaleRulesOf(db: Executor, { productIds }: { productIds: number[] }): Promise<Map<number, { moq: number; casePack: number; variantCount: number }>> {
  if (!productIds.length) return new Map();
  const rows = await db
    .select({
      productId: variants.productId,
      moq: sql`max(${variants.wholesaleMoq})`.mapWith(Number),
      casePack: sql`max(${variants.casePack})`.mapWith(Number),
      variantCount: sql`count(*)`.mapWith(Number),
    })
    .from(variants)
    .where(and(inArray(variants.productId, productIds), eq(variants.active, true)))
    .groupBy(variants.productId);
  return new Map(rows.map((r) => [r.productId, r]));
}

/** Details of stored basket lines: product, variant, tiers and quantity problems, in four statements. */
export async function describeLines(db: Executor, { lines }: { lines: readonly StoredLine[] }): Promise<Basket> {
  const variantIds = lines.map((l) => l.variantId);
  const details = variantIds.length
    ? await db
        .select({
          variantId: variants.id,
          productId: products.id,
          productSlug: products.slug,
          productTitle: products.title,
          variantTitle: variants.title,
          sku: variants.sku,
          producerName: producerGroups.name,
          offered: sql<boolean>`(${variants.active} and ${products.status} = 'active')`,
          image: firstImageSql({ productId: sql`${products}.${sql.identifier("id")}` }),
        })
        .from(variants)
        .innerJoin(products, eq(products.id, variants.productId))
        .innerJoin(producerGroups, eq(producerGroups.id, products.producerId))
        .where(inArray(variants.id, variantIds))
    : [];
  const byVariant = new Map(details.map((d) => [d.variantId, d]));
  const known = lines.flatMap((l) => {
    const d = byVariant.get(l.variantId);
    return d ? [{ ...d, quantity: l.quantity }] : [];
  });
  const offered = known.filter((l) => l.offered);
  const productIds = [...new Set(offered.map((l) => l.productId))];
  const [rules, tierRows, leadTime] = await Promise.all([
    wholesaleRulesOf(db, { productIds }),
    offered.length
      ? db
          .select({ variantId: wholesalePriceTiers.variantId, minQuantity: wholesalePriceTiers.minQuantity, unitPriceMinor: wholesalePriceTiers.unitPriceMinor })
          .from(wholesalePriceTiers)
          .where(inArray(wholesalePriceTiers.variantId, offered.map((l) => l.variantId)))
      : Promise.resolve([]),
    leadTimeForLines(db, { lines: offered }),
  ]);
  const tiersByVariant = new Map<number, PriceTier[]>();
  for (const t of tierRows) tiersByVariant.set(t.variantId, [...(tiersByVariant.get(t.variantId) ?? []), t]);

  const quoteLines = offered.map((l) => ({ productId: l.productId, variantId: l.variantId, quantity: l.quantity }));
  const priced = new Map(tierPriceLines(quoteLines, tiersByVariant).map((l) => [l.variantId, l.unitPriceMinor]));
  const wholesaleProducts: (WholesaleProduct & { slug: string })[] = productIds.map((id) => {
    const line = offered.find((l) => l.productId === id)!;
    const rule = rules.get(id)!;
    return { productId: id, title: line.productTitle, slug: line.productSlug, moq: rule.moq, casePack: rule.casePack, variantCount: rule.variantCount };
  });
  const problems = checkQuoteLines(quoteLines, wholesaleProducts);
  const basketLines: BasketLine[] = known.map(({ offered: isOffered, ...l }) => {
    const unitPriceMinor = isOffered ? (priced.get(l.variantId) ?? null) : null;
    return { ...l, offered: isOffered, unitPriceMinor, lineTotalMinor: unitPriceMinor === null ? null : unitPriceMinor * l.quantity };
  });
  return {
    lines: basketLines,
    products: wholesaleProducts.map((p) => ({
      ...p,
      totalQuantity: offered.filter((l) => l.productId === p.productId).reduce((sum, l) => sum + l.quantity, 0),
      problem: problems.find((problem) => problem.productId === p.productId)?.message ?? null,
    })),
    problems,
    pieceCount: known.reduce((sum, l) => sum + l.quantity, 0),
    subtotalMinor: basketLines.reduce((sum, l) => sum + (l.lineTotalMinor ?? 0), 0),
    currency: "USD",
    leadTime,
  };
}

/** An importer's quote basket, with tier prices, each product's quantity problem, the indicative subtotal and lead time. */
export async function getBasket(db: Executor, { importerId }: { importerId: number }): Promise<Basket> {
  const lines = await db
    .select({ variantId: wholesaleBasketLines.variantId, quantity: wholesaleBasketLines.quantity })
    .from(wholesaleBasketLines)
    .where(eq(wholesaleBasketLines.importerId, importerId))
    .orderBy(asc(wholesaleBasketLines.variantId));
  return describeLines(db, { lines });
}

/** How many pieces an importer's basket holds (for the catalogue's basket link). */
export async function countBasket(db: Executor, { importerId }: { importerId: number }): Promise<number> {
  const [row] = await db
    .select({ pieces: sql`coalesce(sum(${wholesaleBasketLines.quantity}), 0)`.mapWith(Number) })
    .from(wholesaleBasketLines)
    .where(eq(wholesaleBasketLines.importerId, importerId));
  return row?.pieces ?? 0;
}

export type BasketQuantity = { variantId: number; quantity: number };

/**
 * Sets quantities in the importer's basket, in one transaction: a quantity above zero is stored (replacing what
 * was there), zero removes the line. A variant that is not offered is refused as not found, a quantity that is
 * not a whole number from 0 to 100,000 as invalid; either way nothing is written.
 */
export async function setBasketQuantities(db: Db, { importerId, quantities, now = new Date() }: { importerId: number; quantities: readonly BasketQuantity[]; now?: Date }) {
  for (const { variantId, quantity } of quantities) {
    if (!Number.isSafeInteger(quantity) || quantity < 0) throw Refusal.invalid("A quantity is a whole number of pieces, zero or more", { field: `quantity-${variantId}` });
    if (quantity > MAX_BASKET_QUANTITY) throw Refusal.invalid(`At most ${MAX_BASKET_QUANTITY.toLocaleString("en-US")} pieces of one variant; write to us for more`, { field: `quantity-${variantId}` });
  }
  const latest = new Map(quantities.map((q) => [q.variantId, q.quantity]));
  const toStore = [...latest].filter(([, quantity]) => quantity > 0).map(([variantId]) => variantId);
  const toRemove = [...latest].filter(([, quantity]) => quantity === 0).map(([variantId]) => variantId);
  return db.transaction(async (tx) => {
    if (toStore.length) {
      const found = await tx
        .select({ id: variants.id })
        .from(variants)
        .innerJoin(products, eq(products.id, variants.productId))
        .where(and(inArray(variants.id, toStore), eq(variants.active, true), eq(products.status, "active")));
      const offered = new Set(found.map((v) => v.id));
      const missing = toStore.filter((id) => !offered.has(id));
      if (missing.length) throw Refusal.notFound("That piece is not in the wholesale catalogue (any more). Reload the page and try again.", { field: `quantity-${missing[0]}` });
      await tx
        .insert(wholesaleBasketLines)
        .values(toStore.map((variantId) => ({ importerId, variantId, quantity: latest.get(variantId)!, updatedAt: now })))
        .onConflictDoUpdate({
          target: [wholesaleBasketLines.importerId, wholesaleBasketLines.variantId],
          set: { quantity: sql`excluded.quantity`, updatedAt: now },
        });
    }
    if (toRemove.length) {
      await tx.delete(wholesaleBasketLines).where(and(eq(wholesaleBasketLines.importerId, importerId), inArray(wholesaleBasketLines.variantId, toRemove)));
    }
    return { stored: toStore.length, removed: toRemove.length };
  });
}

/** Empties the importer's basket. */
export async function clearBasket(db: Executor, { importerId }: { importerId: number }) {
  await db.delete(wholesaleBasketLines).where(eq(wholesaleBasketLines.importerId, importerId));
}
