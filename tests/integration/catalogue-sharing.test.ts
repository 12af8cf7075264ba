import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { categories, producerGroups, products } from "../../db/schema";
import { writeCartCount, writeCartId, writeCurrencyChoice } from "~/utils/cookies.server";
import { writableBackends, serveAppFrom } from "../support/db";
import { cartWith, setOnlineStock, someVariant } from "../support/retail";

/**
 * Catalogue pages are shared by everyone with the same URL (ADR 004): nothing a shopper's cookies or languages
 * say may reach their loaders' data (the HTML and the `.data` are rendered from it) or a `Vary` header.
 */
type Page = { name: string; path: string; module: () => Promise<RouteModule>; params?: Record<string, string> };
type RouteModule = {
  loader: (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown;
  headers?: (args: { loaderHeaders: Headers; parentHeaders: Headers; actionHeaders: Headers; errorHeaders: Headers | undefined }) => Headers;
};

/** What a loader returned, unwrapped from `data()`: the data the page renders, and its headers. */
async function load(module: RouteModule, request: Request, params: Record<string, string> = {}) {
  const result = (await module.loader({ request, params, context: {} })) as { type?: string; data?: unknown; init?: ResponseInit | null } | Record<string, unknown>;
  if (result && typeof result === "object" && (result as { type?: string }).type === "DataWithResponseInit") {
    const wrapped = result as { data: unknown; init: ResponseInit | null };
    return { data: wrapped.data, headers: new Headers(wrapped.init?.headers) };
  }
  return { data: result, headers: new Headers() };
}

async function thrown(fn: () => unknown) {
  try {
    await fn();
  } catch (error) {
    return error as Response;
  }
  throw new Error("expected the loader to throw");
}

describe.each(writableBackends())("catalogue pages on $name", ({ open }) => {
  let handle: DbHandle;
  let restoreAppDb: () => void;
  let pages: Page[];
  let shopperCookie: string;
  const cookiePair = (setCookie: string) => setCookie.split(";")[0]!;

  beforeAll(async () => {
    handle = await open();
    // The routes reach the database through getDb(); point it at this test's database.
    restoreAppDb = serveAppFrom(handle);
    const [product] = await handle.db.select({ slug: products.slug }).from(products).where(eq(products.status, "active")).limit(1);
    const [producer] = await handle.db.select({ slug: producerGroups.slug }).from(producerGroups).where(eq(producerGroups.active, true)).limit(1);
    const [category] = await handle.db.select({ slug: categories.slug }).from(categories).limit(1);
    pages = [
      { name: "home", path: "/", module: () => import("~/routes/_shop+/_index") },
      { name: "shop", path: "/shop?sort=price-asc&min=10", module: () => import("~/routes/_shop+/shop._index") },
      { name: "category", path: `/shop/${category!.slug}`, module: () => import("~/routes/_shop+/shop.$category"), params: { category: category!.slug } },
      { name: "product", path: `/products/${product!.slug}`, module: () => import("~/routes/_shop+/products.$slug"), params: { slug: product!.slug } },
      { name: "producers", path: "/producers", module: () => import("~/routes/_shop+/producers._index") },
      { name: "producer", path: `/producers/${producer!.slug}`, module: () => import("~/routes/_shop+/producers.$slug"), params: { slug: producer!.slug } },
      { name: "search", path: "/search?q=basket", module: () => import("~/routes/_shop+/search") },
      { name: "shipping", path: "/shipping", module: () => import("~/routes/_info+/shipping") },
    ];
    // A shopper with a real cart of three pieces, a chosen currency and a German browser.
    const variant = await someVariant(handle.db, 3);
    await setOnlineStock(handle.db, variant.id, 10);
    const cartId = await cartWith(handle.db, [{ variantId: variant.id, quantity: 3 }]);
    shopperCookie = [cookiePair(await writeCartId(cartId)), cookiePair(writeCartCount(3)), cookiePair(writeCurrencyChoice("GBP"))].join("; ");
  });
  afterAll(async () => {
    restoreAppDb();
    await handle.close();
  });

  const asShopper = (path: string) => new Request(`http://localhost${path}`, { headers: { Cookie: shopperCookie, "Accept-Language": "de-DE,de;q=0.9" } });
  const asStranger = (path: string) => new Request(`http://localhost${path}`, { headers: { "Accept-Language": "en-US" } });

  it("give every visitor of one URL the same data, whatever their cart, currency cookie or languages", async () => {
    const root = await import("~/root");
    for (const page of pages) {
      const module = await page.module();
      for (const path of [page.path, `${page.path}${page.path.includes("?") ? "&" : "?"}currency=EUR`]) {
        const shopper = await load(module, asShopper(path), page.params);
        const stranger = await load(module, asStranger(path), page.params);
        expect(JSON.stringify(shopper.data), `${page.name} ${path}`).toBe(JSON.stringify(stranger.data));
        const shopperRoot = await load(root as unknown as RouteModule, asShopper(path));
        expect(JSON.stringify(shopperRoot.data), `root on ${path}`).toBe(JSON.stringify((await load(root as unknown as RouteModule, asStranger(path))).data));
        // Nothing of the cart reaches the page: no count, no cart id.
        expect(JSON.stringify(shopperRoot.data)).not.toMatch(/cart/i);
      }
    }
  });

  it("price a page in the currency its URL names, and only that", async () => {
    const root = (await import("~/root")) as unknown as RouteModule;
    expect((await load(root, asShopper("/shop"))).data).toMatchObject({ currency: "USD" });
    expect((await load(root, asStranger("/shop?currency=JPY"))).data).toMatchObject({ currency: "JPY" });
    const listing = (await import("~/routes/_shop+/shop._index")) as unknown as RouteModule;
    expect((await load(listing, asShopper("/shop?min=10"))).data).toMatchObject({ currency: "USD" });
    expect((await load(listing, asShopper("/shop?min=10&currency=IDR"))).data).toMatchObject({ currency: "IDR" });
  });

  it("send other spellings of a currency to the canonical address, and refuse unknown ones with a 400", async () => {
    const root = (await import("~/root")) as unknown as RouteModule;
    const lower = await thrown(() => load(root, asStranger("/shop?currency=eur&page=2")));
    expect(lower.status).toBe(301);
    expect(lower.headers.get("Location")).toBe("/shop?currency=EUR&page=2");
    const usd = await thrown(() => load(root, asStranger("/products/x?currency=USD")));
    expect(usd.headers.get("Location")).toBe("/products/x");
    const unknown = await thrown(() => load(root, asStranger("/shop?currency=XYZ")));
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { message: string }).message).toMatch(/^Unknown currency "XYZ": choose one of USD, EUR/);
  });

  it("are publicly cacheable and vary on nothing personal", async () => {
    for (const page of pages) {
      const module = await page.module();
      const { headers: loaderHeaders } = await load(module, asShopper(page.path), page.params);
      const headers = module.headers!({ loaderHeaders, parentHeaders: new Headers(), actionHeaders: new Headers(), errorHeaders: undefined });
      expect(headers.get("Cache-Control"), page.name).toMatch(/^public/);
      expect(headers.get("Vary"), page.name).toBeNull();
      expect(headers.get("Set-Cookie"), page.name).toBeNull();
    }
  });
});
