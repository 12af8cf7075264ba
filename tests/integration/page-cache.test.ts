import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { and, eq, sql } from "drizzle-orm";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { exchangeRates, fieldVisits, locations, plantingRecords, producerGroups, products, stockLevels, variants } from "../../db/schema";
import { createPageCacheLayer, PAGES_CHANNEL, type PageCacheLayer } from "../../scripts/page-cache-http";
import { applySecurityHeaders, createNonce, cspHeaderName } from "~/utils/security.server";
import { writableBackends } from "../support/db";

/**
 * The page cache against a real database: what each catalogue write announces (migration 0007's triggers), and
 * a cached page dropped by a price change on every server that listens, through the same HTTP layer as start.ts.
 */
describe.each(writableBackends())("page cache invalidation on $name", ({ open }) => {
  let handle: DbHandle;
  let heard: string[] = [];
  let stopListening: () => Promise<void>;
  let product: { id: number; slug: string; producerId: number; variantId: number };
  let onlineId: number;

  beforeAll(async () => {
    handle = await open();
    stopListening = await handle.listen(PAGES_CHANNEL, (payload) => heard.push(payload));
    const [row] = await handle.db
      .select({ id: products.id, slug: products.slug, producerId: products.producerId, variantId: variants.id })
      .from(products)
      .innerJoin(variants, and(eq(variants.productId, products.id), eq(variants.active, true)))
      .where(eq(products.status, "active"))
      .orderBy(products.id, variants.id)
      .limit(1);
    product = row!;
    const [online] = await handle.db.select({ id: locations.id }).from(locations).where(eq(locations.sellsOnline, true));
    onlineId = online!.id;
  });
  afterAll(async () => {
    await stopListening?.();
    await handle?.close();
  });

  /** The notifications that arrive for `write`, once the database has delivered them (in commit order). */
  async function announced(write: () => Promise<unknown>): Promise<string[]> {
    heard = [];
    await write();
    const marker = `sync:${Math.random()}`;
    await handle.db.execute(sql`select pg_notify(${PAGES_CHANNEL}, ${marker})`);
    for (let i = 0; i < 200 && !heard.includes(marker); i++) await new Promise((r) => setTimeout(r, 10));
    expect(heard).toContain(marker);
    // One transaction may send several notifications (one per statement); what counts is the set of keys.
    return [...new Set(heard.filter((p) => p !== marker).flatMap((p) => p.split(" ")))];
  }

  it("a price change announces the piece and every listing", async () => {
    const keys = await announced(() => handle.db.update(variants).set({ retailPriceMinor: sql`${variants.retailPriceMinor} + 100` }).where(eq(variants.id, product.variantId)));
    expect(keys.sort()).toEqual(["listing", `product:${product.id}`]);
  });

  it("a change that shows only on the piece announces only the piece", async () => {
    const keys = await announced(() => handle.db.update(variants).set({ weightGrams: 1234 }).where(eq(variants.id, product.variantId)));
    expect(keys).toEqual([`product:${product.id}`]);
  });

  it("stock announces its piece, and listings ordered by availability only when it sells out or comes back", async () => {
    const level = (onHand: number, reserved = 0) =>
      handle.db
        .insert(stockLevels)
        .values({ variantId: product.variantId, locationId: onlineId, locationKind: "warehouse", onHand, reserved })
        .onConflictDoUpdate({ target: [stockLevels.variantId, stockLevels.locationId], set: { onHand, reserved } });
    await level(5);
    expect(await announced(() => level(4))).toEqual([`product:${product.id}`]);
    expect((await announced(() => level(4, 4))).sort()).toEqual(["availability", `product:${product.id}`]);
    expect((await announced(() => level(6, 4))).sort()).toEqual(["availability", `product:${product.id}`]);
    // Nothing sellable changed: nothing is announced.
    expect(await announced(() => level(6, 4))).toEqual([]);
    expect(await announced(() => level(7, 5))).toEqual([]);
  });

  it("stock where the shop doesn't sell online announces nothing", async () => {
    const [stand] = await handle.db.insert(locations).values({ code: "PAGE-CACHE-STAND", name: "Stand", kind: "event" }).returning({ id: locations.id });
    const keys = await announced(() =>
      handle.db.insert(stockLevels).values({ variantId: product.variantId, locationId: stand!.id, locationKind: "event", onHand: 3, reserved: 0 }),
    );
    expect(keys).toEqual([]);
  });

  it("a write that rolls back announces nothing", async () => {
    const keys = await announced(() =>
      handle.db
        .transaction(async (tx) => {
          await tx.update(variants).set({ retailPriceMinor: 1 }).where(eq(variants.id, product.variantId));
          tx.rollback();
        })
        .catch(() => {}),
    );
    expect(keys).toEqual([]);
  });

  it("producers, field visits, rates and plantings announce their own keys", async () => {
    expect((await announced(() => handle.db.update(producerGroups).set({ summary: "A new summary" }).where(eq(producerGroups.id, product.producerId)))).sort()).toEqual([
      "listing",
      `producer:${product.producerId}`,
    ]);
    expect(
      await announced(() => handle.db.insert(fieldVisits).values({ producerId: product.producerId, visitedOn: "2026-11-01", visitor: "Ibu Sari" })),
    ).toEqual([`producer:${product.producerId}`]);
    expect(await announced(() => handle.db.update(exchangeRates).set({ perUsdMicros: 950_000 }).where(eq(exchangeRates.currency, "EUR")))).toEqual(["rates"]);
    expect(
      await announced(() =>
        handle.db.insert(plantingRecords).values({ plantedOn: "2026-11-02", place: "Desa Test", province: "Jawa Tengah", latitude: -7.5, longitude: 110.5, treeCount: 3, species: "Mahoni" }),
      ),
    ).toEqual(["impact"]);
  });

  it("a piece moving to another group announces both groups and every listing", async () => {
    const [other] = await handle.db.select({ id: producerGroups.id }).from(producerGroups).where(sql`${producerGroups.id} <> ${product.producerId}`).limit(1);
    const keys = await announced(() => handle.db.update(products).set({ producerId: other!.id }).where(eq(products.id, product.id)));
    expect(new Set(keys)).toEqual(new Set(["listing", `product:${product.id}`, `producer:${product.producerId}`, `producer:${other!.id}`, expect.stringMatching(/^category:\d+$/)]));
    await handle.db.update(products).set({ producerId: product.producerId }).where(eq(products.id, product.id));
  });

  describe("through HTTP", () => {
    let server: Server;
    let base: string;
    let layer: PageCacheLayer;
    let renders = 0;
    let catalogueWrites = 0;

    beforeAll(async () => {
      layer = createPageCacheLayer({ handle, ttlSeconds: 60, maxBytes: 8 * 1024 * 1024, onCatalogueWrite: () => (catalogueWrites += 1) });
      await layer.start();
      const app = express();
      app.use(layer.serveHits);
      // Stands in for Remix: the product page, priced from the database, with a nonce and its surrogate keys.
      app.get("/products/:slug", async (_req, res) => {
        renders += 1;
        const [variant] = await handle.db.select({ price: variants.retailPriceMinor }).from(variants).where(eq(variants.id, product.variantId));
        const nonce = createNonce();
        const headers = new Headers({ "Content-Type": "text/html; charset=utf-8", "Cache-Control": "public, max-age=0, s-maxage=60", "Surrogate-Key": `product:${product.id} rates` });
        applySecurityHeaders(headers, nonce);
        const body = `<!DOCTYPE html><html><body><p id="price">${variant!.price}</p><script nonce="${nonce}">window.ok = 1;</script></body></html>`;
        await layer.send(res, new Response(body, { status: 200, headers }));
      });
      server = await new Promise<Server>((resolve) => {
        const s = app.listen(0, "127.0.0.1", () => resolve(s));
      });
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => server?.close(resolve));
    });

    const get = (headers: Record<string, string> = {}) => fetch(`${base}/products/${product.slug}`, { headers });
    const price = async (response: Response) => /<p id="price">(\d+)<\/p>/.exec(await response.text())?.[1];
    async function storedAfter(response: Response) {
      await response.text();
      for (let i = 0; i < 100 && layer.cache.summary().entries === 0; i++) await new Promise((r) => setTimeout(r, 10));
    }

    it("serves the second request from memory, with a fresh hash policy instead of the first one's nonce", async () => {
      layer.cache.purge(["all"]);
      const first = await get();
      expect(first.headers.get("x-cache")).toBe("MISS");
      const firstPolicy = first.headers.get(cspHeaderName())!;
      expect(firstPolicy).toMatch(/'nonce-/);
      await storedAfter(first);
      const rendersBefore = renders;
      const second = await get({ "Accept-Encoding": "br" });
      expect(second.headers.get("x-cache")).toBe("HIT");
      expect(second.headers.get(cspHeaderName())).not.toMatch(/nonce/);
      expect(second.headers.get(cspHeaderName())).toMatch(/'sha256-[A-Za-z0-9+/=]+'/);
      expect(second.headers.get("surrogate-key")).toBe(`product:${product.id} rates`);
      expect(await second.text()).not.toContain("nonce");
      expect(renders).toBe(rendersBefore);
      const etag = second.headers.get("etag")!;
      const revalidated = await get({ "If-None-Match": etag });
      expect(revalidated.status).toBe(304);
    });

    it("a price change committed anywhere drops the page; the next request renders the new price", async () => {
      layer.cache.purge(["all"]);
      await storedAfter(await get());
      const before = await price(await get());
      expect((await get()).headers.get("x-cache")).toBe("HIT");
      const writesBefore = catalogueWrites;
      // Another connection (another server's write, as far as this one knows).
      await handle.db.update(variants).set({ retailPriceMinor: sql`${variants.retailPriceMinor} + 500` }).where(eq(variants.id, product.variantId));
      await layer.barrier();
      expect(catalogueWrites).toBeGreaterThan(writesBefore);
      const after = await get();
      expect(after.headers.get("x-cache")).toBe("MISS");
      expect(Number(await price(after))).toBe(Number(before) + 500);
    });

    it("a write that touches other pieces leaves this page cached", async () => {
      layer.cache.purge(["all"]);
      await storedAfter(await get());
      const [other] = await handle.db.select({ id: variants.id }).from(variants).where(sql`${variants.productId} <> ${product.id}`).limit(1);
      await handle.db.update(variants).set({ weightGrams: 777 }).where(eq(variants.id, other!.id));
      await layer.barrier();
      expect((await get()).headers.get("x-cache")).toBe("HIT");
    });
  });
});
