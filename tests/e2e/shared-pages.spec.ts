import type { APIRequestContext } from "@playwright/test";
import { expect, test, waitForHydration } from "./fixtures";

/**
 * Catalogue pages are the same for everyone with the same URL (ADR 004): the cart badge is read from a cookie in
 * the browser, and the display currency is in the URL, so a CDN can share the HTML without `Vary: Cookie`.
 */

async function inStockProduct(request: APIRequestContext) {
  const slugs = [...(await (await request.get("/sitemap.xml")).text()).matchAll(/\/products\/([a-z0-9-]+)</g)].map((m) => m[1]!);
  for (const slug of slugs) {
    const html = await (await request.get(`/products/${slug}`)).text();
    const variant = /<input type="hidden" name="variantId" value="(\d+)"/.exec(html);
    if (variant && html.includes("In stock, ships from Jakarta")) return { slug, variantId: variant[1]! };
  }
  throw new Error("no piece in stock");
}

// The CSP nonce is drawn per rendered response, and a copy from the page cache has none (its scripts are allowed by
// hash, ADR 017); everything else must match byte for byte.
const withoutNonce = (html: string) => html.replace(/ nonce="[^"]*"/g, "");

test("the cart badge shows the count after hydration, and a product page is the same bytes for two shoppers", async ({ page, playwright, baseURL }) => {
  const piece = await inStockProduct(page.request);
  await page.goto(`/products/${piece.slug}`);
  await waitForHydration(page);
  const badge = page.getByRole("banner").getByRole("link", { name: /^Cart/ });
  await expect(badge).toHaveAccessibleName("Cart, 0 items");
  await page.getByRole("button", { name: /^Add to cart: / }).click();
  await expect(page.locator("form.add-to-cart").getByRole("status")).toContainText("Added to your cart");
  await expect(badge).toHaveAccessibleName("Cart, 1 item");
  await expect(badge).toHaveText("1");
  const countCookie = (await page.context().cookies()).find((c) => c.name === "kriya_cart_count");
  expect(countCookie).toMatchObject({ value: "1", httpOnly: false, sameSite: "Lax", path: "/" });
  // It survives a reload: the server HTML has no count, the browser reads it again.
  await page.reload();
  await expect(badge).toHaveAccessibleName("Cart, 1 item");

  // A second shopper with three pieces in another cart, another chosen currency and another language.
  const other = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { "Accept-Language": "de-DE,de;q=0.9" } });
  try {
    expect((await other.post("/cart", { form: { intent: "add", variantId: piece.variantId, quantity: "3" } })).status()).toBe(200);
    expect((await other.post("/currency", { form: { currency: "GBP", redirectTo: "/" }, maxRedirects: 0 })).status()).toBe(302);
    for (const path of [`/products/${piece.slug}`, `/products/${piece.slug}?currency=EUR`, "/shop?currency=EUR", "/"]) {
      const [mine, theirs] = await Promise.all([page.request.get(path), other.get(path)]);
      expect(mine.status(), path).toBe(200);
      expect(withoutNonce(await theirs.text()), path).toBe(withoutNonce(await mine.text()));
      for (const response of [mine, theirs]) {
        expect(response.headers()["vary"] ?? "", path).not.toMatch(/cookie|accept-language/i);
        expect(response.headers()["cache-control"], path).toMatch(/^public/);
      }
    }
    // The single-fetch data is shared too, and holds no count.
    const [mineData, theirData] = await Promise.all([page.request.get(`/products/${piece.slug}.data`), other.get(`/products/${piece.slug}.data`)]);
    expect(await theirData.text()).toBe(await mineData.text());
    expect(await mineData.text()).not.toMatch(/cartCount/);
  } finally {
    await other.dispose();
  }
});

test("a shopper's chosen currency moves a catalogue page to its priced address, and links keep it", async ({ page }) => {
  expect((await page.request.post("/currency", { form: { currency: "EUR", redirectTo: "/shop" }, maxRedirects: 0 })).headers()["location"]).toBe("/shop?currency=EUR");
  // The server's answer for /shop is the dollar page for everyone; the browser then steers to euros.
  const html = await (await page.request.get("/shop")).text();
  expect(html).toMatch(/\$\d/);
  await page.goto("/shop");
  await expect(page).toHaveURL(/\/shop\?currency=EUR$/);
  await expect(page.getByLabel("Currency")).toHaveValue("EUR");
  await expect(page.locator(".product-card-price").first()).toHaveText(/\d,\d{2}\s€$/);
  const card = page.getByRole("list", { name: "Products" }).locator("a.product-card-link").first();
  await expect(card).toHaveAttribute("href", /^\/products\/[a-z0-9-]+\?currency=EUR$/);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Producers" })).toHaveAttribute("href", "/producers?currency=EUR");
  // Private pages are not priced by URL: the cart link stays plain.
  await expect(page.getByRole("banner").getByRole("link", { name: /^Cart/ })).toHaveAttribute("href", "/cart");

  // Mistyped currencies go to the canonical address or get a 400 that names the choices.
  const lower = await page.request.get("/shop?currency=eur", { maxRedirects: 0 });
  expect(lower.status()).toBe(301);
  expect(lower.headers()["location"]).toBe("/shop?currency=EUR");
  const unknown = await page.request.get("/shop?currency=XYZ");
  expect(unknown.status()).toBe(400);
  expect(await unknown.text()).toContain("choose one of USD, EUR");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the header shows a plain Cart link and the currency picker lands on the priced address", async ({ page }) => {
    await page.goto("/shop");
    await expect(page.getByRole("banner").getByRole("link", { name: "Cart", exact: true })).toBeVisible();
    await page.getByLabel("Currency").selectOption("JPY");
    await page.getByRole("button", { name: "Change currency" }).click();
    await expect(page).toHaveURL(/\/shop\?currency=JPY$/);
    await expect(page.locator(".product-card-price").first()).toHaveText(/[¥￥]\s?[\d,]+$/);
    // A GET form (the header search) keeps the currency too.
    await page.getByRole("searchbox", { name: "Search the collection" }).fill("basket");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect(page).toHaveURL(/\/search\?q=basket&currency=JPY$/);
  });
});
