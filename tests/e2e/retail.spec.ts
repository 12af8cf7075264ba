import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures";

/**
 * Retail: cart, currency, demo checkout and order lookup. The e2e server has no Stripe keys, so checkout goes
 * through the labelled demo payment page (the same signed-webhook fulfilment as a real payment).
 */

const ORDER_NUMBER = /KR-\d{2}-[A-Z0-9]{8}/;

type Candidate = { slug: string; title: string; variantId: number; available: number | null };

async function productSlugs(request: APIRequestContext): Promise<string[]> {
  const res = await request.get("/sitemap.xml");
  expect(res.ok()).toBe(true);
  const slugs = [...(await res.text()).matchAll(/\/products\/([a-z0-9-]+)</g)].map((m) => m[1]!);
  expect(slugs.length).toBeGreaterThan(0);
  return slugs;
}

/** Reads a product page's server HTML: its title, the selected variant's id and its stock line. */
async function inspectProduct(request: APIRequestContext, slug: string): Promise<(Candidate & { inStock: boolean }) | null> {
  const res = await request.get(`/products/${slug}`);
  if (!res.ok()) return null;
  const html = await res.text();
  const button = /<button type="submit" class="button"[^>]*aria-label="Add to cart: ([^"]+)"/.exec(html);
  const variant = /<input type="hidden" name="variantId" value="(\d+)"/.exec(html);
  if (!button || !variant || /<button[^>]*disabled[^>]*aria-label="Add to cart/.test(html)) return null;
  const only = /Only (\d+) left/.exec(html);
  const title = button[1]!.replace(/&amp;/g, "&").replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"');
  return {
    slug,
    title,
    variantId: Number(variant[1]),
    available: only ? Number(only[1]) : null,
    inStock: html.includes("In stock, ships from Jakarta"),
  };
}

/** The first product (in sitemap order, after `skip`) that matches. */
async function findProduct(request: APIRequestContext, want: (c: Candidate & { inStock: boolean }) => boolean, skip: string[] = []) {
  for (const slug of await productSlugs(request)) {
    if (skip.includes(slug)) continue;
    const c = await inspectProduct(request, slug);
    if (c && want(c)) return c;
  }
  throw new Error("no product in the sitemap matches");
}

// A bare "en" names no country, so these journeys start with no delivery country chosen.
test.use({ locale: "en" });

const cartLink = (page: Page) => page.getByRole("banner").getByRole("link", { name: /^Cart, \d+ items?$/ });
/** Without JavaScript the header cannot read the count cookie, so its cart link is a plain "Cart". */
const plainCartLink = (page: Page) => page.getByRole("banner").getByRole("link", { name: "Cart", exact: true });

test("journey: add to cart, pay in euros through the demo checkout, then look the order up", async ({ page, browser, baseURL }) => {
  await page.goto("/");
  await expect(page).toHaveTitle(/Kriya/);
  await expect(cartLink(page)).toHaveAccessibleName("Cart, 0 items");

  // Prefer a featured piece from the home page that is comfortably in stock; fall back to the sitemap.
  const featured = await page
    .getByRole("list", { name: "Featured pieces" })
    .getByRole("link")
    .evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute("href")).filter((h): h is string => !!h?.startsWith("/products/")))]);
  let product: Candidate | null = null;
  for (const href of featured) {
    const c = await inspectProduct(page.request, href.replace("/products/", "").split("?")[0]!);
    if (c?.inStock) {
      product = c;
      break;
    }
  }
  if (product) {
    await page.getByRole("list", { name: "Featured pieces" }).locator(`a[href="/products/${product.slug}"]`).first().click();
  } else {
    product = await findProduct(page.request, (c) => c.inStock);
    await page.goto(`/products/${product.slug}`);
  }
  await expect(page).toHaveURL(new RegExp(`/products/${product.slug}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(product.title);

  const addButton = page.getByRole("button", { name: `Add to cart: ${product.title}` });
  await expect(addButton).toBeEnabled();
  await page.getByLabel("Quantity", { exact: true }).fill("2");
  await addButton.click();
  const status = page.locator("form.add-to-cart").getByRole("status");
  await expect(status).toContainText("Added to your cart (2 in total).");
  await expect(status.getByRole("link", { name: "View cart" })).toBeVisible();
  await expect(cartLink(page)).toHaveAccessibleName("Cart, 2 items");
  await expect(cartLink(page)).toHaveText("2");
  // Still on the product page: the fetcher form does not navigate.
  await expect(page).toHaveURL(new RegExp(`/products/${product.slug}$`));

  // Currency: the select auto-submits and the page comes back priced in euros, at its address in euros.
  const usdPrice = (await page.locator(".product-price").textContent())!.trim();
  expect(usdPrice).toMatch(/^\$[\d,]+\.\d{2}$/);
  await page.getByLabel("Currency").selectOption("EUR");
  await expect(page.locator(".product-price")).toHaveText(/^[\d.]+,\d{2}\s€$/);
  await expect(page.getByLabel("Currency")).toHaveValue("EUR");
  await expect(page).toHaveURL(new RegExp(`/products/${product.slug}\\?currency=EUR$`));
  await expect(cartLink(page)).toHaveAccessibleName("Cart, 2 items");

  await cartLink(page).click();
  await expect(page).toHaveURL(/\/cart$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your cart");
  const lines = page.getByRole("list", { name: "Items in your cart" }).getByRole("listitem");
  await expect(lines).toHaveCount(1);
  await expect(lines.first().getByRole("heading", { level: 3 })).toHaveText(product.title);
  await expect(page.getByRole("spinbutton", { name: `Quantity of ${product.title}`, exact: true })).toHaveValue("2");
  await expect(lines.first()).toContainText(/[\d.]+,\d{2}\s€ each/);
  const totals = page.locator("dl.totals");
  await expect(totals.locator("dt:text-is('Subtotal') + dd")).toHaveText(/^[\d.]+,\d{2}\s€$/);
  await expect(totals.locator("dt:text-is('Shipping') + dd")).toHaveText("Choose a country");
  await expect(page.getByText("Charged in EUR.")).toBeVisible();
  // Checkout is offered at once; choosing a country applies without pressing anything else.
  await expect(page.getByRole("button", { name: "Checkout" })).toBeVisible();
  await page.getByLabel("Ship to").selectOption({ label: "Germany" });
  await expect(page.getByRole("status")).toHaveText("Shipping to Germany.");
  await expect(page.getByLabel("Ship to")).toHaveValue("DE");
  const shipping = totals.locator("dt:text-is('Shipping') + dd");
  await expect(shipping).toHaveText(/^[\d.]+,\d{2}\s€$/);
  const euros = (s: string) => Number(s.replace(/[^\d,]/g, "").replace(",", "."));
  const subtotal = euros((await totals.locator("dt:text-is('Subtotal') + dd").textContent())!);
  const ship = euros((await shipping.textContent())!);
  expect(ship).toBeGreaterThan(0);
  await expect(totals.locator("dt:text-is('Total') + dd")).toHaveText(
    new Intl.NumberFormat("de-DE", { style: "currency", currency: "EUR" }).format(Math.round((subtotal + ship) * 100) / 100),
  );
  const cartTotal = (await totals.locator("dt:text-is('Total') + dd").textContent())!.trim();
  await expect(page.getByText("Demo shop: no real payment is taken.")).toBeVisible();

  const email = `shopper-${Date.now()}@example.com`;
  await page.getByLabel("Email for your receipt").fill(email);
  await page.getByRole("button", { name: "Checkout" }).click();

  // The demo payment page says plainly that it is a demo.
  await expect(page).toHaveURL(/\/checkout\/demo\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("note")).toContainText("Demo checkout.");
  await expect(page.getByRole("note")).toContainText("no money moves");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(new RegExp(`^Pay for order ${ORDER_NUMBER.source}$`));
  const orderNumber = ORDER_NUMBER.exec((await page.getByRole("heading", { level: 1 }).textContent())!)![0];
  await expect(page.getByText("Country: Germany")).toBeVisible();
  await expect(page.getByRole("complementary", { name: /^Order KR-/ })).toContainText(`2 × ${product.title}`);
  const payButton = page.getByRole("button", { name: /^Pay .+ \(demo\)$/ });
  await expect(payButton).toHaveText(`Pay ${cartTotal} (demo)`);
  await expect(page.getByRole("button", { name: "Cancel and return to cart" })).toBeVisible();

  const address = page.getByRole("form", { name: "Delivery address" });
  await address.getByLabel("Full name").fill("Anna Schmidt");
  await address.getByLabel("Street address").fill("Lindenstraße 12");
  await address.getByLabel("Town or city").fill("Berlin");
  await address.getByLabel("Postal code").fill("10969");
  await payButton.click();

  await expect(page).toHaveURL(new RegExp(`/checkout/success\\?order=${orderNumber}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thank you! Your order is confirmed.");
  await expect(page.locator(".eyebrow").first()).toHaveText(`Order ${orderNumber}`);
  await expect(page.locator("main")).toContainText(`Keep your order number, ${orderNumber}`);
  await expect(page.locator("main")).toContainText(email);
  await expect(page.locator(".status-pill")).toHaveText("Paid");
  await expect(page.locator(".timeline")).toContainText("Payment received");
  await expect(page.locator(".tree-badge")).toHaveText(/^This order funds \d+\.\d{2} of a tree\.$/);
  await expect(page.locator(".order-lines")).toContainText(`2 × ${product.title}`);
  // Paying empties the cart and the confirmation page resets the header count, on the page itself and after.
  await expect(cartLink(page)).toHaveAccessibleName("Cart, 0 items");
  await expect(cartLink(page)).toHaveText("0");
  expect((await page.context().cookies()).find((c) => c.name === "kriya_cart_count")?.value).toBe("0");
  // A catalogue page opened without a currency moves to the one this browser chose.
  await page.getByRole("link", { name: "Keep browsing" }).click();
  await expect(page).toHaveURL(/\/shop\?currency=EUR$/);
  await expect(cartLink(page)).toHaveAccessibleName("Cart, 0 items");
  await cartLink(page).click();
  await expect(page.getByRole("heading", { name: "Your cart is empty" })).toBeVisible();
  await expect(cartLink(page)).toHaveAccessibleName("Cart, 0 items");

  // A different browser (no cookies) must prove number + email.
  const other = await browser.newContext({ baseURL });
  try {
    const stranger = await other.newPage();
    const errors: string[] = [];
    stranger.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    stranger.on("pageerror", (e) => errors.push(e.message));

    const direct = await stranger.goto(`/orders/${orderNumber}`);
    expect(direct?.status()).toBe(200);
    await expect(stranger).toHaveURL(new RegExp(`/orders/lookup\\?number=${orderNumber}$`));
    await expect(stranger.getByRole("heading", { level: 1 })).toHaveText("Find your order");

    const form = stranger.getByRole("form", { name: "Find your order" });
    await expect(form.getByLabel("Order number")).toHaveValue(orderNumber);
    await form.getByLabel("Email").fill(`someone-else-${Date.now()}@example.com`);
    const wrong = stranger.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/orders/lookup"));
    await form.getByRole("button", { name: "Find order" }).click();
    expect((await wrong).status()).toBe(404);
    await expect(form.getByRole("alert")).toHaveText("We couldn't find an order with that number and email.");
    await expect(stranger).toHaveURL(/\/orders\/lookup/);

    await form.getByLabel("Email").fill(email.toUpperCase());
    await form.getByRole("button", { name: "Find order" }).click();
    await expect(stranger).toHaveURL(new RegExp(`/orders/${orderNumber}$`));
    await expect(stranger.getByRole("heading", { level: 1 })).toHaveText(`Order ${orderNumber}`);
    await expect(stranger.locator(".status-pill")).toHaveText("Paid");
    await expect(stranger.locator(".timeline")).toContainText("Payment received");
    await expect(stranger.locator(".order-lines")).toContainText(`2 × ${product.title}`);
    // The order is shown in the currency it was paid in, whatever this browser would default to.
    await expect(stranger.locator("dl.totals .total dd")).toHaveText(cartTotal);

    const unexpected = errors.filter((e) => !/Failed to load resource: the server responded with a status of (404|400)/.test(e));
    expect(unexpected, "console errors in the second browser").toEqual([]);
  } finally {
    await other.close();
  }
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the cart works with plain form posts", async ({ page }) => {
    const product = await findProduct(page.request, (c) => c.inStock);
    await page.goto(`/products/${product.slug}`);

    await page.getByLabel("Quantity", { exact: true }).fill("2");
    await page.getByRole("button", { name: `Add to cart: ${product.title}` }).click();
    // The fetcher form is a real form: the browser lands on /cart with the message.
    await expect(page).toHaveURL(/\/cart$/);
    await expect(page.getByRole("status")).toHaveText("Added to your cart (2 in total).");
    // Post/Redirect/Get: the cart page after the post already shows the new line and count.
    const line = page.getByRole("list", { name: "Items in your cart" }).getByRole("listitem");
    await expect(line).toHaveCount(1);
    await expect(line.getByRole("heading", { level: 3 })).toHaveText(product.title);
    await expect(page.getByRole("spinbutton", { name: `Quantity of ${product.title}`, exact: true })).toHaveValue("2");

    await page.getByRole("spinbutton", { name: `Quantity of ${product.title}`, exact: true }).fill("3");
    await page.getByRole("button", { name: `Update quantity of ${product.title}` }).click();
    await expect(page).toHaveURL(/\/cart$/);
    await expect(page.getByRole("status")).toHaveText(`${product.title}: 3 in your cart.`);
    await expect(page.getByRole("spinbutton", { name: `Quantity of ${product.title}`, exact: true })).toHaveValue("3");
    const subtotal = page.locator("dl.totals dt:text-is('Subtotal') + dd");
    const each = await line.locator("p.muted", { hasText: / each$/ }).textContent();
    const unit = Number(each!.replace(/[^\d.]/g, ""));
    await expect(subtotal).toHaveText(new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(unit * 3));

    // Currency without JavaScript: the noscript "Change currency" button submits the header form.
    await page.getByLabel("Currency").selectOption("GBP");
    await page.getByRole("button", { name: "Change currency" }).click();
    await expect(page).toHaveURL(/\/cart$/);
    await expect(page.getByLabel("Currency")).toHaveValue("GBP");
    await expect(plainCartLink(page)).toBeVisible();
    await expect(subtotal).toHaveText(/^£[\d,]+\.\d{2}$/);
    await expect(page.getByText("Charged in GBP.")).toBeVisible();

    await page.getByRole("button", { name: `Remove ${product.title}` }).click();
    await expect(page).toHaveURL(/\/cart$/);
    await expect(page.getByRole("status")).toContainText(`Removed ${product.title}`);
    await expect(page.getByRole("heading", { name: "Your cart is empty" })).toBeVisible();
    await expect(page.getByRole("list", { name: "Items in your cart" })).toHaveCount(0);
    await page.goto("/cart");
    await expect(page.getByRole("heading", { name: "Your cart is empty" })).toBeVisible();
    await expect(plainCartLink(page)).toBeVisible();
  });
});

test("bad cart input gets a 4xx with a message and leaves the cart alone", async ({ page }) => {
  const product = await findProduct(page.request, (c) => c.inStock);
  const add = await page.request.post("/cart", { form: { intent: "add", variantId: String(product.variantId), quantity: "1" } });
  expect(add.status()).toBe(200);
  expect(await add.text()).toContain("Added to your cart (1 in total).");

  const cases: { form: Record<string, string>; status: number; message: RegExp }[] = [
    { form: { intent: "add", variantId: String(product.variantId), quantity: "-1" }, status: 400, message: /can(&#x27;|')t be negative|Add at least one/ },
    { form: { intent: "add", variantId: String(product.variantId), quantity: "100000" }, status: 400, message: /That is more than we can sell at once/ },
    { form: { intent: "update", variantId: String(product.variantId), quantity: "-1" }, status: 400, message: /can(&#x27;|')t be negative/ },
    { form: { intent: "add", variantId: "999999", quantity: "1" }, status: 404, message: /That piece is no longer in the shop\./ },
    { form: { intent: "update", variantId: "999999", quantity: "1" }, status: 404, message: /That piece is no longer in the shop\./ },
    { form: { intent: "add", variantId: "abc", quantity: "1" }, status: 400, message: /Unknown piece/ },
    { form: { intent: "bogus", variantId: String(product.variantId), quantity: "1" }, status: 400, message: /.+/ },
    { form: { intent: "country", country: "ZZ" }, status: 400, message: /We don(&#x27;|')t ship there yet\./ },
  ];
  for (const c of cases) {
    const res = await page.request.post("/cart", { form: c.form });
    const label = JSON.stringify(c.form);
    expect(res.status(), label).toBe(c.status);
    const html = await res.text();
    const alert = /<div class="notice notice-error" role="alert"><p>([^<]+)<\/p>/.exec(html);
    expect(alert, `${label} shows an error message`).not.toBeNull();
    expect(alert![1]!.trim().length, label).toBeGreaterThan(0);
    expect(alert![1], label).toMatch(c.message);
  }

  // The cart still holds exactly the one piece.
  await page.goto("/cart");
  const lines = page.getByRole("list", { name: "Items in your cart" }).getByRole("listitem");
  await expect(lines).toHaveCount(1);
  await expect(lines.getByRole("heading", { level: 3 })).toHaveText(product.title);
  await expect(page.getByRole("spinbutton", { name: `Quantity of ${product.title}`, exact: true })).toHaveValue("1");
  await expect(cartLink(page)).toHaveAccessibleName("Cart, 1 item");
  await expect(page.getByLabel("Ship to")).toHaveValue("");
});

test("adding more than is in stock caps the quantity and says why", async ({ page }) => {
  // A piece the product page says is running low ("Only N left").
  const low = await findProduct(page.request, (c) => c.available !== null && c.available >= 1);
  await page.goto(`/products/${low.slug}`);
  await expect(page.locator(".stock")).toHaveText(`Only ${low.available} left`);

  // The browser's own max stops a too-large number, so post it as a form without validation would.
  const res = await page.request.post("/cart", { form: { intent: "add", variantId: String(low.variantId), quantity: "99" } });
  expect(res.status()).toBe(200);
  const html = await res.text();
  const capped = /: only (\d+) available, so your cart has (\d+)\./.exec(html);
  expect(capped, "a message saying how many are available").not.toBeNull();
  const available = Number(capped![1]);
  expect(Number(capped![2])).toBe(available);
  expect(available).toBeGreaterThanOrEqual(1);
  expect(available).toBeLessThanOrEqual(low.available!);

  await page.goto("/cart");
  await expect(page.getByRole("spinbutton", { name: `Quantity of ${low.title}`, exact: true })).toHaveValue(String(available));

  // With JavaScript, updating the line beyond stock is capped too: the server answers with the cap and the line
  // total stays at `available` pieces. (The cart-line input is reset to the real quantity: see the regression test below.)
  const line = page.getByRole("list", { name: "Items in your cart" }).getByRole("listitem");
  const lineTotal = (await line.locator(".cart-line-total").textContent())!;
  await page.getByRole("spinbutton", { name: `Quantity of ${low.title}`, exact: true }).fill(String(available + 5));
  const update = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/cart"));
  await page.getByRole("button", { name: `Update quantity of ${low.title}` }).click();
  const updated = await update;
  expect(updated.status()).toBe(200);
  expect(await updated.text()).toContain(`only ${available} available, so your cart has ${available}.`);
  await expect(line).toHaveAttribute("aria-busy", "false");
  await expect(line.locator(".cart-line-total")).toHaveText(lineTotal);
  await expect(cartLink(page)).toHaveAccessibleName(`Cart, ${available} ${available === 1 ? "item" : "items"}`);

  // Adding again from the product page (JS on) shows the cap in the status message.
  await page.goto(`/products/${low.slug}`);
  await page.getByRole("button", { name: `Add to cart: ${low.title}` }).click();
  const status = page.locator("form.add-to-cart").getByRole("status");
  await expect(status).toHaveText(new RegExp(`only ${available} available, so your cart has ${available}\\.`));
  await expect(cartLink(page)).toHaveAccessibleName(`Cart, ${available} ${available === 1 ? "item" : "items"}`);
});

test("an unknown order is a designed 404 on the confirmation page and needs a lookup on the order page", async ({ page }) => {
  const response = await page.goto("/checkout/success?order=KR-26-AAAAAAAA");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This piece has wandered off");
  await expect(page.locator(".error-page .lede")).toContainText("We couldn't find that order.");
  await expect(page.getByRole("link", { name: "Browse the shop" })).toBeVisible();

  const garbage = await page.goto("/checkout/success?order=nonsense");
  expect(garbage?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This piece has wandered off");

  await page.goto("/orders/KR-26-AAAAAAAA");
  await expect(page).toHaveURL(/\/orders\/lookup\?number=KR-26-AAAAAAAA$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Find your order");
  await expect(page.getByLabel("Order number")).toHaveValue("KR-26-AAAAAAAA");

  // Even with a plausible email, an unknown number is the same "not found" (no probing).
  await page.getByLabel("Email").fill("nobody@example.com");
  await page.getByRole("button", { name: "Find order" }).click();
  await expect(page.getByRole("alert")).toHaveText("We couldn't find an order with that number and email.");

  const demo = await page.goto("/checkout/demo/00000000-0000-4000-8000-000000000000");
  expect(demo?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This piece has wandered off");
});

/* Regressions of bugs found while building the cart. */
test.describe("cart regressions", () => {
  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });

    test("the first add lands on a cart that shows the new line, and the count cookie is set", async ({ page }) => {
      const product = await findProduct(page.request, (c) => c.inStock);
      await page.goto(`/products/${product.slug}`);
      await page.getByRole("button", { name: `Add to cart: ${product.title}` }).click();
      await expect(page).toHaveURL(/\/cart$/);
      await expect(page.getByRole("status")).toHaveText("Added to your cart (1 in total).");
      await expect(page.getByRole("spinbutton", { name: `Quantity of ${product.title}`, exact: true })).toHaveValue("1", { timeout: 2_000 });
      // Without JavaScript the header cannot read the count; the cookie is there for when it can.
      await expect(plainCartLink(page)).toBeVisible();
      expect((await page.context().cookies()).find((c) => c.name === "kriya_cart_count")?.value).toBe("1");
    });
  });

  test("a cart-line update beyond stock shows the capped quantity and says why", async ({ page }) => {
    const low = await findProduct(page.request, (c) => c.available !== null && c.available >= 1);
    await page.goto(`/products/${low.slug}`);
    await page.getByRole("button", { name: `Add to cart: ${low.title}` }).click();
    await expect(page.locator("form.add-to-cart").getByRole("status")).not.toBeEmpty();
    await page.goto("/cart");
    const input = page.getByRole("spinbutton", { name: `Quantity of ${low.title}`, exact: true });
    const line = page.getByRole("list", { name: "Items in your cart" }).getByRole("listitem");
    await input.fill("99");
    const update = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/cart"));
    await page.getByRole("button", { name: `Update quantity of ${low.title}` }).click();
    const capped = /only (\d+) available/.exec(await (await update).text());
    expect(capped).not.toBeNull();
    await expect(line).toHaveAttribute("aria-busy", "false");
    await expect(line).toContainText(`only ${capped![1]} available`, { timeout: 2_000 });
    await expect(input).toHaveValue(capped![1]!, { timeout: 2_000 });
  });
});

test("forged cart cookies, unknown currencies and foreign redirects change nothing", async ({ playwright, baseURL }) => {
  const forged = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { cookie: "kriya_cart=11111111-1111-4111-8111-111111111111; kriya_currency=XYZ" } });
  // An unsigned (forged) cart id is ignored: there is no cart to change or check out.
  const update = await forged.post("/cart", { form: { intent: "update", variantId: "1", quantity: "2" } });
  expect(update.status()).toBe(400);
  expect(await update.text()).toContain("Your cart is empty.");
  const checkout = await forged.post("/cart", { form: { intent: "checkout", email: "a@example.com", country: "DE" } });
  expect(checkout.status()).toBe(400);

  const currency = await forged.post("/currency", { form: { currency: "XYZ", redirectTo: "/" }, maxRedirects: 0 });
  expect(currency.status()).toBe(400);
  expect(await currency.text()).toMatch(/Choose one of USD, EUR/);
  // The forged currency cookie is ignored and the page renders in the default currency.
  const home = await forged.get("/");
  expect(home.status()).toBe(200);
  expect(await home.text()).not.toContain("XYZ");

  const offsite = await forged.post("/currency", { form: { currency: "EUR", redirectTo: "//evil.example/" }, maxRedirects: 0 });
  expect(offsite.status()).toBe(302);
  expect(offsite.headers()["location"]).toBe("/?currency=EUR");
  await forged.dispose();
});
