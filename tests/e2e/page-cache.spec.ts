import { signIn } from "./accounts";
import { expect, test, waitForHydration } from "./fixtures";

/**
 * The full-page cache through the real server (ADR 017): a repeat visit is answered from memory with a hash-based
 * policy and no nonce, still hydrates and sells; a staff edit or a sell-out reaches the very next page view.
 */

const EARRINGS = { slug: "teratai-silver-drop-earrings", title: "Teratai Silver Drop Earrings", sku: "KR-EAR-019" };
const WALLET = { slug: "sawo-long-leather-wallet", title: "Sawo Long Leather Wallet", sku: "KR-WAL-018" };

async function cached(request: import("@playwright/test").APIRequestContext, path: string) {
  // The first request renders and stores the page; the copy is ready a moment after the response ends.
  for (let i = 0; i < 20; i++) {
    const response = await request.get(path);
    if (response.headers()["x-cache"] === "HIT") return response;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${path} was never served from the cache`);
}

test("a repeat visit is served from memory without a replayed nonce, hydrates, and still adds to the cart", async ({ page, request }) => {
  const path = `/products/${EARRINGS.slug}`;
  const hit = await cached(request, path);
  const policy = hit.headers()["content-security-policy"]!;
  expect(policy).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')+;/);
  expect(policy).not.toContain("nonce");
  const scripts = policy.split("; ").find((d) => d.startsWith("script-src"))!;
  expect(scripts).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  const stored = await hit.text();
  expect(stored).not.toContain("nonce=");
  // Stored whole: the related pieces, streamed in behind a placeholder on a render, are in place for readers
  // without JavaScript (no Suspense placeholder or hidden streamed chunk is kept).
  expect(stored).not.toContain('<template id="B:');
  expect(stored).not.toMatch(/<div hidden id="S:/);
  const related = stored.slice(stored.indexOf('id="related-title"'));
  expect(related).toMatch(/<a [^>]*href="\/products\/[a-z0-9-]+"/);
  expect(hit.headers()["cache-control"]).toMatch(/^public, .*s-maxage=\d+, stale-while-revalidate=\d+/);
  expect(hit.headers()["surrogate-key"]).toMatch(/(^| )product:\d+( |$)/);
  expect(hit.headers()["surrogate-key"]).toMatch(/(^| )producer:\d+( |$)/);
  // Two hits are byte-identical, so a CDN can keep one copy; the page was not rendered for the second.
  const again = await request.get(path);
  expect(again.headers()["x-cache"]).toBe("HIT");
  expect(again.headers()["etag"]).toBe(hit.headers()["etag"]);
  const revalidated = await request.get(path, { headers: { "If-None-Match": hit.headers()["etag"]! } });
  expect(revalidated.status()).toBe(304);

  const response = await page.goto(path);
  expect(response!.headers()["x-cache"]).toBe("HIT");
  await waitForHydration(page);
  await page.getByRole("button", { name: `Add to cart: ${EARRINGS.title}` }).click();
  await expect(page.getByRole("status").filter({ hasText: /added/i })).toBeVisible();
});

test("a staff price change reaches the cached product page and listing on the next view", async ({ page, browser, request }) => {
  const path = `/products/${EARRINGS.slug}`;
  await cached(request, path);
  await cached(request, "/shop/silver-jewellery");

  const staff = await browser.newContext();
  const admin = await staff.newPage();
  await signIn(admin, "staff", `/admin/products?q=${encodeURIComponent(EARRINGS.title)}`);
  await admin.getByRole("link", { name: EARRINGS.title, exact: true }).click();
  const form = admin.getByRole("form", { name: "Product" });
  await form.getByLabel(/^Retail price \(USD\)/).first().fill("81.50");
  await form.getByRole("button", { name: "Save product" }).click();
  await expect(admin.getByRole("status")).toHaveText(`Saved ${EARRINGS.title}.`);
  await staff.close();

  const shown = await page.goto(path);
  expect(shown!.headers()["x-cache"]).toBe("MISS");
  await expect(page.locator(".product-page").getByText("$81.50").first()).toBeVisible();
  await page.goto("/shop/silver-jewellery");
  await expect(page.getByRole("link", { name: new RegExp(EARRINGS.title) }).first()).toBeVisible();
  await expect(page.getByText("$81.50").first()).toBeVisible();
});

test("a piece that sells out shows as sold out on the next view, never with Add to cart", async ({ page, browser, request }) => {
  const path = `/products/${WALLET.slug}`;
  await cached(request, path);
  await page.goto(path);
  await expect(page.getByRole("button", { name: `Add to cart: ${WALLET.title}` })).toBeVisible();

  const staff = await browser.newContext();
  const admin = await staff.newPage();
  await signIn(admin, "staff", `/admin/stock?q=${WALLET.sku}`);
  const adjust = admin.getByRole("form", { name: "Adjust stock", exact: true });
  await adjust.getByLabel("SKU").fill(WALLET.sku);
  await adjust.getByLabel("Location").selectOption({ label: "Jakarta warehouse" });
  await adjust.getByLabel("Set counted quantity").check();
  await adjust.getByLabel("Quantity", { exact: true }).fill("0");
  await adjust.getByLabel("Reason").selectOption({ label: "Count correction" });
  await adjust.getByLabel("Note").fill("Shelf empty at stocktake");
  await adjust.getByRole("button", { name: "Save adjustment" }).click();
  await expect(adjust.getByRole("status")).toContainText(`${WALLET.sku} at Jakarta warehouse`);
  await staff.close();

  await page.goto(path);
  await expect(page.getByText("Sold out for now.")).toBeVisible();
  await expect(page.getByRole("button", { name: `Add to cart: ${WALLET.title}` })).toHaveCount(0);
});

test("bad input and errors are rendered but never stored", async ({ request }) => {
  for (const path of ["/shop?currency=XYZ", "/shop?page=abc", "/products/no-such-piece", "/shop/no-such-category"]) {
    for (let i = 0; i < 2; i++) {
      const response = await request.get(path);
      expect(response.status(), path).toBeGreaterThanOrEqual(400);
      expect(response.status(), path).toBeLessThan(500);
      expect(response.headers()["cache-control"], path).toBe("no-store");
      expect(response.headers()["x-cache"], path).not.toBe("HIT");
    }
  }
  // A parameter no page reads is served, but never keyed: a flood of them can't fill the cache.
  for (let i = 0; i < 2; i++) {
    const response = await request.get(`/products/${EARRINGS.slug}?utm_source=mail-${i}`);
    expect(response.status()).toBe(200);
    expect(response.headers()["x-cache"]).toBeUndefined();
  }
  // HEAD of a cached page answers its headers without a body.
  await cached(request, "/producers");
  const head = await request.head("/producers");
  expect(head.status()).toBe(200);
  expect(head.headers()["x-cache"]).toBe("HIT");
  expect((await head.body()).length).toBe(0);
});
