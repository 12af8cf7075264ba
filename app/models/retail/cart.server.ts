import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { cartLines, carts, products, variants } from "~db/schema";
import { firstImageSql } from "~/models/catalog/first-image.server";
import { onlineAvailableSql } from "~/models/stock/online-available.server";
import { Refusal } from "~/domain/platform/refusal";
import type { ImageRef } from "~/utils/images";

export const MAX_LINE_QUANTITY = 99;

export type CartLineView = {
  variantId: number;
  productSlug: string;
  productTitle: string;
  variantTitle: string;
  sku: string;
  quantity: number;
  available: number;
  unitPriceUsdMinor: number;
  weightGrams: number;
  image: ImageRef | null;
};

const onlineAvailable = onlineAvailableSql({ variantId: variants.id });

/** The cart's lines with what the page needs, in one statement. An unknown cart is empty. */
export async function getCartLines(db: Executor, { cartId }: { cartId: string | null }): Promise<CartLineView[]> {
  if (!cartId) return [];
  return db
    .select({
      variantId: variants.id,
      productSlug: products.slug,
      productTitle: products.title,
      variantTitle: variants.title,
      sku: variants.sku,
      quantity: cartLines.quantity,
      available: onlineAvailable,
      unitPriceUsdMinor: variants.retailPriceMinor,
      weightGrams: variants.weightGrams,
      image: firstImageSql({ productId: products.id }),
    })
    .from(cartLines)
    .innerJoin(variants, eq(variants.id, cartLines.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .where(eq(cartLines.cartId, cartId))
    .orderBy(asc(cartLines.addedAt), asc(variants.id));
}

/** Returns the cart id to use: the cookie's cart if it still exists, otherwise a new one. */
export async function ensureCart(db: Executor, { cartId }: { cartId: string | null }): Promise<string> {
  if (cartId) {
    const [existing] = await db.select({ id: carts.id }).from(carts).where(eq(carts.id, cartId)).limit(1);
    if (existing) return existing.id;
  }
  const [created] = await db.insert(carts).values({}).returning({ id: carts.id });
  return created!.id;
}

async function sellableVariant(db: Executor, variantId: number) {
  const [row] = await db
    .select({ id: variants.id, title: products.title, available: onlineAvailable })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(and(eq(variants.id, variantId), eq(variants.active, true), eq(products.status, "active")))
    .limit(1);
  if (!row) throw Refusal.notFound("That piece is no longer in the shop.");
  return row;
}

export type CartChange = { quantity: number; message: string; capped: boolean };

/** Sets a line to an exact quantity (0 removes it), capped at what is available online. */
export async function setCartLineQuantity(
  db: Executor,
  { cartId, variantId, quantity }: { cartId: string; variantId: number; quantity: number },
): Promise<CartChange> {
  if (quantity <= 0) {
    await db.delete(cartLines).where(and(eq(cartLines.cartId, cartId), eq(cartLines.variantId, variantId)));
    return { quantity: 0, message: "Removed from your cart.", capped: false };
  }
  const variant = await sellableVariant(db, variantId);
  if (variant.available <= 0) {
    await db.delete(cartLines).where(and(eq(cartLines.cartId, cartId), eq(cartLines.variantId, variantId)));
    throw Refusal.conflict(`Sorry, ${variant.title} has just sold out.`);
  }
  const capped = Math.min(quantity, variant.available, MAX_LINE_QUANTITY);
  await db
    .insert(cartLines)
    .values({ cartId, variantId, quantity: capped })
    .onConflictDoUpdate({ target: [cartLines.cartId, cartLines.variantId], set: { quantity: capped } });
  await db.update(carts).set({ updatedAt: new Date() }).where(eq(carts.id, cartId));
  if (capped < quantity) {
    const reason = capped === variant.available ? `only ${variant.available} available` : `at most ${MAX_LINE_QUANTITY} per order line`;
    return { quantity: capped, message: `${variant.title}: ${reason}, so your cart has ${capped}.`, capped: true };
  }
  return { quantity: capped, message: `${variant.title}: ${capped} in your cart.`, capped: false };
}

/** Removes one line and says what it held, so the cart can offer to put it back; null when it wasn't there. */
export async function removeCartLine(db: Executor, { cartId, variantId }: { cartId: string; variantId: number }) {
  const [removed] = await db
    .delete(cartLines)
    .where(and(eq(cartLines.cartId, cartId), eq(cartLines.variantId, variantId)))
    .returning({ quantity: cartLines.quantity });
  if (!removed) return null;
  const [piece] = await db
    .select({ title: products.title, variantTitle: variants.title })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(eq(variants.id, variantId));
  const title = piece ? (piece.variantTitle ? `${piece.title} (${piece.variantTitle})` : piece.title) : "the piece";
  return { variantId, quantity: removed.quantity, title };
}

/** Adds to whatever is already in the cart, capped like `setCartLineQuantity`. */
export async function addToCart(
  db: Executor,
  { cartId, variantId, quantity }: { cartId: string; variantId: number; quantity: number },
): Promise<CartChange> {
  const [existing] = await db
    .select({ quantity: cartLines.quantity })
    .from(cartLines)
    .where(and(eq(cartLines.cartId, cartId), eq(cartLines.variantId, variantId)));
  const change = await setCartLineQuantity(db, { cartId, variantId, quantity: (existing?.quantity ?? 0) + quantity });
  if (!change.capped) return { ...change, message: `Added to your cart (${change.quantity} in total).` };
  return change;
}

export async function setCartCountry(db: Executor, { cartId, country }: { cartId: string; country: string }) {
  await db.update(carts).set({ shippingCountry: country }).where(eq(carts.id, cartId));
}

export async function getCartCountry(db: Executor, { cartId }: { cartId: string | null }): Promise<string | null> {
  if (!cartId) return null;
  const [row] = await db.select({ country: carts.shippingCountry }).from(carts).where(eq(carts.id, cartId));
  return row?.country ?? null;
}

export function cartItemCount(lines: readonly { quantity: number }[]) {
  return lines.reduce((n, l) => n + l.quantity, 0);
}
