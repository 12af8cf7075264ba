import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures";

/** What a shopper on a phone hits in the cart and at checkout (issue 9). */

async function inStockVariant(request: APIRequestContext, skip = 0) {
  const res = await request.get("/sitemap.xml");
  const slugs = [...(await res.text()).matchAll(/\/products\/([a-z0-9-]+)</g)].map((m) => m[1]!);
  let found = 0;
  for (const slug of slugs) {
    const html = await (await request.get(`/products/${slug}`)).text();
    const button = /<button type="submit" class="button"[^>]*aria-label="Add to cart: ([^"]+)"/.exec(html);
    const variant = /<input type="hidden" name="variantId" value="(\d+)"/.exec(html);
    if (!button || !variant || !html.includes("In stock, ships from Jakarta") || /Only \d+ left/.test(html)) continue;
    if (found++ < skip) continue;
    return { title: button[1]!.replace(/&amp;/g, "&").replace(/&#x27;|&#39;/g, "'"), variantId: variant[1]! };
  }
  throw new Error("no piece in stock");
}

async function addToCart(page: Page, variantId: string, quantity: number) {
  const res = await page.request.post("/cart", { form: { intent: "add", variantId, quantity: String(quantity) } });
  expect(res.status()).toBe(200);
}

/** The element the browser would hit when tapping the centre of `name`'s button is that button. */
async function tapTarget(page: Page, name: string) {
  return page.getByRole("button", { name, exact: true }).evaluate((button) => {
    const r = button.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return { own: hit === button || button.contains(hit), width: r.width, height: r.height };
  });
}

test.describe("the cart on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, locale: "en-GB", hasTouch: true });

  test("Update and Remove are each fully tappable at every width from 320 to 1280", async ({ page }) => {
    const piece = await inStockVariant(page.request);
    await addToCart(page, piece.variantId, 1);
    for (const width of [320, 390, 600, 800, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto("/cart");
      for (const name of [`Update quantity of ${piece.title}`, `Remove ${piece.title}`]) {
        await page.getByRole("button", { name, exact: true }).scrollIntoViewIfNeeded();
        const target = await tapTarget(page, name);
        expect(target.own, `${name} at ${width}px`).toBe(true);
        expect(target.height, `${name} at ${width}px`).toBeGreaterThanOrEqual(40);
      }
      const [update, remove] = await Promise.all([
        page.getByRole("button", { name: `Update quantity of ${piece.title}` }).boundingBox(),
        page.getByRole("button", { name: `Remove ${piece.title}` }).boundingBox(),
      ]);
      const overlap = update!.x < remove!.x + remove!.width && remove!.x < update!.x + update!.width && update!.y < remove!.y + remove!.height && remove!.y < update!.y + update!.height;
      expect(overlap, `buttons overlap at ${width}px`).toBe(false);
    }
  });

  test("tapping Update changes the quantity and keeps the line; Remove then Undo puts it back", async ({ page }) => {
    const piece = await inStockVariant(page.request);
    await addToCart(page, piece.variantId, 1);
    await page.goto("/cart");
    const lines = page.getByRole("list", { name: "Items in your cart" }).getByRole("listitem");
    await expect(lines).toHaveCount(1);
    const quantity = page.getByRole("spinbutton", { name: `Quantity of ${piece.title}`, exact: true });
    await quantity.fill("2");
    await page.getByRole("button", { name: `Update quantity of ${piece.title}` }).tap();
    await expect(page.getByRole("banner").getByRole("link", { name: /^Cart, \d+ items?$/ })).toHaveAccessibleName("Cart, 2 items");
    await expect(lines).toHaveCount(1);
    await expect(quantity).toHaveValue("2");

    await page.getByRole("button", { name: `Remove ${piece.title}` }).tap();
    await expect(page.getByRole("heading", { name: "Your cart is empty" })).toBeVisible();
    const status = page.getByRole("status");
    await expect(status).toContainText(`Removed ${piece.title}`);
    await page.screenshot({ path: "test-results/cart-removed-390.png" });
    await status.getByRole("button", { name: `Undo: put back ${piece.title}` }).tap();
    await expect(lines).toHaveCount(1);
    await expect(quantity).toHaveValue("2");
    await expect(page.getByRole("status")).toContainText("Put back");
    await page.reload();
    await expect(quantity).toHaveValue("2");
  });

  test("Checkout is offered at once, the country comes from the browser's language and a change applies at once", async ({ page }) => {
    const piece = await inStockVariant(page.request);
    await addToCart(page, piece.variantId, 1);
    await page.goto("/cart");
    await expect(page.getByLabel("Ship to")).toHaveValue("GB");
    await expect(page.getByRole("button", { name: "Checkout" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Update shipping" })).toHaveCount(0);
    const shipping = page.locator("dl.totals dt:text-is('Shipping') + dd");
    const before = await shipping.textContent();
    expect(before).not.toBe("Choose a country");
    await page.getByLabel("Ship to").selectOption("JP");
    await expect(page.getByRole("status")).toHaveText("Shipping to Japan.");
    await page.reload();
    await expect(page.getByLabel("Ship to")).toHaveValue("JP");
    await page.screenshot({ path: "test-results/cart-390.png", fullPage: true });
  });
});

test.describe("a browser whose language names no country we ship to", () => {
  test.use({ viewport: { width: 390, height: 844 }, locale: "en" });

  test("still sees Checkout, and is asked clearly for a country", async ({ page }) => {
    const piece = await inStockVariant(page.request);
    await addToCart(page, piece.variantId, 1);
    await page.goto("/cart");
    await expect(page.getByLabel("Ship to")).toHaveValue("");
    await expect(page.getByRole("button", { name: "Checkout" })).toBeVisible();
    await expect(page.getByText("Choose where to ship under “Ship to” first")).toBeVisible();
    await page.getByLabel("Email for your receipt").fill(`nowhere-${Date.now()}@example.com`);
    await page.getByRole("button", { name: "Checkout" }).click();
    await expect(page.getByRole("alert").first()).toContainText("Choose where to ship");
  });
});

test.describe("the delivery address at checkout", () => {
  test.use({ viewport: { width: 390, height: 844 }, locale: "de-DE" });

  test("reports every problem at once, keeps the typing, then shows the address on the confirmation and order pages", async ({ page }) => {
    const piece = await inStockVariant(page.request, 1);
    await addToCart(page, piece.variantId, 1);
    await page.goto("/cart");
    await expect(page.getByLabel("Ship to")).toHaveValue("DE");
    await page.getByLabel("Email for your receipt").fill(`address-${Date.now()}@example.com`);
    await page.getByRole("button", { name: "Checkout" }).click();
    await expect(page).toHaveURL(/\/checkout\/demo\//);

    const form = page.getByRole("form", { name: "Delivery address" });
    await form.getByLabel("Full name").fill("   ");
    await form.getByLabel("Street address").fill("Lindenstraße 12");
    await form.getByLabel("Town or city").fill("  ");
    await form.getByLabel("Postal code").fill("ABC");
    await page.getByRole("button", { name: /^Pay .+ \(demo\)$/ }).click();
    const alert = form.getByRole("alert");
    await expect(alert).toContainText("Enter the name for delivery");
    await expect(alert).toContainText("Enter the town or city");
    await expect(alert).toContainText("That postal code doesn't look right: for example 10969");
    await expect(form.getByLabel("Street address")).toHaveValue("Lindenstraße 12");
    await expect(form.getByLabel("Postal code")).toHaveValue("ABC");
    await expect(form.getByLabel("Full name")).toHaveAttribute("aria-invalid", "true");
    await page.screenshot({ path: "test-results/address-errors-390.png", fullPage: true });

    await form.getByLabel("Full name").fill("Anna Schmidt");
    await form.getByLabel("Town or city").fill("Berlin");
    await form.getByLabel("Postal code").fill("10969");
    await page.getByRole("button", { name: /^Pay .+ \(demo\)$/ }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thank you! Your order is confirmed.");
    const address = page.locator("address.delivery-address");
    await expect(address).toContainText("Anna Schmidt");
    await expect(address).toContainText("Lindenstraße 12");
    await expect(address).toContainText("10969 Berlin");
    await expect(address).toContainText("Germany");
    await page.getByRole("link", { name: "Follow this order" }).click();
    await expect(page.locator("address.delivery-address")).toContainText("10969 Berlin");
  });
});
