import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { cartLines, products, variants } from "../../db/schema";
import { Refusal } from "~/domain/platform/refusal";
import { addToCart, ensureCart, getCartLines, MAX_LINE_QUANTITY, setCartLineQuantity } from "~/models/retail/cart.server";
import { writableBackends } from "../support/db";
import { setOnlineStock, someVariant } from "../support/retail";

describe.each(writableBackends())("cart on $name", ({ open }) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await open();
  });
  afterAll(async () => {
    await handle.close();
  });

  it("adds, changes and removes lines, adding to what is there", async () => {
    const variant = await someVariant(handle.db, 30);
    await setOnlineStock(handle.db, variant.id, 10);
    const cartId = await ensureCart(handle.db, { cartId: null });
    await addToCart(handle.db, { cartId, variantId: variant.id, quantity: 2 });
    const change = await addToCart(handle.db, { cartId, variantId: variant.id, quantity: 3 });
    expect(change).toMatchObject({ quantity: 5, capped: false });
    await setCartLineQuantity(handle.db, { cartId, variantId: variant.id, quantity: 1 });
    expect((await getCartLines(handle.db, { cartId })).map((l) => l.quantity)).toEqual([1]);
    await setCartLineQuantity(handle.db, { cartId, variantId: variant.id, quantity: 0 });
    expect(await getCartLines(handle.db, { cartId })).toEqual([]);
  });

  it("caps quantities at available stock with a clear message", async () => {
    const variant = await someVariant(handle.db, 31);
    await setOnlineStock(handle.db, variant.id, 2);
    const cartId = await ensureCart(handle.db, { cartId: null });
    const change = await addToCart(handle.db, { cartId, variantId: variant.id, quantity: 5 });
    expect(change.capped).toBe(true);
    expect(change.quantity).toBe(2);
    expect(change.message).toMatch(/only 2 available/);
    await setOnlineStock(handle.db, variant.id, 500);
    expect((await setCartLineQuantity(handle.db, { cartId, variantId: variant.id, quantity: 400 })).quantity).toBe(MAX_LINE_QUANTITY);
  });

  it("refuses sold-out, unknown and withdrawn pieces without changing the cart", async () => {
    const variant = await someVariant(handle.db, 32);
    const cartId = await ensureCart(handle.db, { cartId: null });
    await setOnlineStock(handle.db, variant.id, 0);
    await expect(addToCart(handle.db, { cartId, variantId: variant.id, quantity: 1 })).rejects.toMatchObject({ kind: "conflict" });
    await expect(addToCart(handle.db, { cartId, variantId: 987654, quantity: 1 })).rejects.toBeInstanceOf(Refusal);
    const other = await someVariant(handle.db, 33);
    await setOnlineStock(handle.db, other.id, 5);
    const [row] = await handle.db.select({ productId: variants.productId }).from(variants).where(eq(variants.id, other.id));
    await handle.db.update(products).set({ status: "archived" }).where(eq(products.id, row!.productId));
    await expect(addToCart(handle.db, { cartId, variantId: other.id, quantity: 1 })).rejects.toMatchObject({ kind: "not_found" });
    expect(await handle.db.select().from(cartLines).where(eq(cartLines.cartId, cartId))).toEqual([]);
  });

  it("starts a new cart when the cookie names one that does not exist", async () => {
    const id = await ensureCart(handle.db, { cartId: "00000000-0000-4000-8000-000000000000" });
    expect(id).not.toBe("00000000-0000-4000-8000-000000000000");
  });
});
