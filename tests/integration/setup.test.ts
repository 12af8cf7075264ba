import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client.server";
import { products, productSlugRedirects } from "../../db/schema";
import { prepareDatabase } from "../../db/setup.server";
import { findProductRedirect } from "~/models/catalog/catalog.server";
import { openSeededPglite } from "../support/db";

describe("first and second start", () => {
  let dir: string;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("migrates and seeds an empty data directory once, and keeps the data on the next start", async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "kriya-start-"));
    const first = createDb({ dataDir: dir });
    expect(await prepareDatabase(first, { quiet: true })).toEqual({ seeded: true });
    // Something a shopkeeper changed between starts must survive the restart.
    await first.db.update(products).set({ title: "Renamed by staff" }).where(eq(products.id, 1));
    const [before] = await first.db.select({ n: count() }).from(products);
    await first.close();

    const second = createDb({ dataDir: dir });
    expect(await prepareDatabase(second, { quiet: true })).toEqual({ seeded: false });
    const [after] = await second.db.select({ n: count() }).from(products);
    const [renamed] = await second.db.select({ title: products.title }).from(products).where(eq(products.id, 1));
    await second.close();
    expect(after!.n).toBe(before!.n);
    expect(renamed!.title).toBe("Renamed by staff");
  }, 120_000);
});

describe("renamed products", () => {
  it("find their new slug from the old one", async () => {
    const handle = await openSeededPglite();
    const [product] = await handle.db.select({ id: products.id, slug: products.slug }).from(products).limit(1);
    await handle.db.insert(productSlugRedirects).values({ oldSlug: "an-old-name", productId: product!.id });
    expect(await findProductRedirect(handle.db, { oldSlug: "an-old-name" })).toBe(product!.slug);
    expect(await findProductRedirect(handle.db, { oldSlug: "never-existed" })).toBeNull();
    await handle.close();
  });
});
