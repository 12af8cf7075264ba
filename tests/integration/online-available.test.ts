import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { locations, products, stockLevels, variants } from "../../db/schema";
import { getProductBySlug } from "~/models/catalog/catalog.server";
import { onlineAvailableOf, onlineAvailableSql } from "~/models/stock/online-available.server";
import { writableBackends } from "../support/db";

/** The one definition of "can still be sold online", checked against stock set up by hand. */
describe.each(writableBackends())("online-available stock on $name", ({ open }) => {
  let handle: DbHandle;
  let product: { id: number; slug: string };
  let variantIds: number[];
  let onlineId: number;
  let standId: number;

  beforeAll(async () => {
    handle = await open();
    // A seeded product with at least two active variants.
    const [row] = await handle.db
      .select({ id: products.id, slug: products.slug })
      .from(products)
      .where(and(eq(products.status, "active"), sql`(select count(*) from variants v where v.product_id = ${products.id} and v.active) >= 2`))
      .limit(1);
    product = row!;
    variantIds = (await handle.db.select({ id: variants.id }).from(variants).where(and(eq(variants.productId, product.id), eq(variants.active, true))).orderBy(variants.id)).map((v) => v.id);
    const [online] = await handle.db.select({ id: locations.id }).from(locations).where(eq(locations.sellsOnline, true));
    onlineId = online!.id;
    const [stand] = await handle.db.insert(locations).values({ code: "ONLINE-AVAIL-STAND", name: "Test stand", kind: "event" }).returning({ id: locations.id });
    standId = stand!.id;
  });
  afterAll(async () => {
    await handle.close();
  });

  async function setLevel(variantId: number, locationId: number, kind: "warehouse" | "event", onHand: number, reserved: number) {
    await handle.db
      .insert(stockLevels)
      .values({ variantId, locationId, locationKind: kind, onHand, reserved })
      .onConflictDoUpdate({ target: [stockLevels.variantId, stockLevels.locationId], set: { onHand, reserved } });
  }

  async function forVariant(variantId: number) {
    const [row] = await handle.db.select({ n: onlineAvailableSql({ variantId: variants.id }) }).from(variants).where(eq(variants.id, variantId));
    return row!.n;
  }
  async function forProduct() {
    const productId = sql`${products}.${sql.identifier("id")}`;
    const [row] = await handle.db.select({ n: onlineAvailableSql({ productId }) }).from(products).where(eq(products.id, product.id));
    return row!.n;
  }

  it("counts on hand minus reserved at the online warehouse only, never an event stand's pieces", async () => {
    const [first, second] = variantIds as [number, number];
    await setLevel(first, onlineId, "warehouse", 7, 2);
    await setLevel(second, onlineId, "warehouse", 3, 3);
    await setLevel(first, standId, "event", 40, 0);
    const others = variantIds.slice(2);
    for (const id of others) await setLevel(id, onlineId, "warehouse", 1, 0);

    expect(await forVariant(first)).toBe(5);
    expect(await forVariant(second)).toBe(0);
    expect(await forProduct()).toBe(5 + 0 + others.length);
  });

  it("is zero for a variant with no stock row, and leaves inactive variants out of the product's figure", async () => {
    const [first, second] = variantIds as [number, number];
    await handle.db.delete(stockLevels).where(and(eq(stockLevels.variantId, second), eq(stockLevels.locationId, onlineId)));
    expect(await forVariant(second)).toBe(0);
    const before = await forProduct();
    await handle.db.update(variants).set({ active: false }).where(eq(variants.id, first));
    expect(await forProduct()).toBe(before - 5);
    await handle.db.update(variants).set({ active: true }).where(eq(variants.id, first));
  });

  it("agrees with the figure computed from a variant loaded with its stock levels", async () => {
    const page = await getProductBySlug(handle.db, { slug: product.slug });
    for (const variant of page!.variants) expect(onlineAvailableOf(variant), `variant ${variant.id}`).toBe(await forVariant(variant.id));
  });
});
