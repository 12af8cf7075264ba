import { signIn } from "./accounts";
import { expect, test } from "./fixtures";

test.describe("on a 390 px phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the header search is wide enough to type in, with JavaScript on", async ({ page }) => {
    await page.goto("/");
    const search = page.getByRole("searchbox", { name: "Search the collection" });
    const box = await search.boundingBox();
    expect(box!.width).toBeGreaterThanOrEqual(160);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  test("Apply filters is on screen as soon as the filter panel opens", async ({ page }) => {
    await page.goto("/shop");
    await page.getByText("Filter and sort", { exact: true }).click();
    await expect(page.getByRole("button", { name: "Apply filters" })).toBeInViewport();
  });

  test("every footer link answers with a page and its heading", async ({ page }) => {
    await page.goto("/");
    const footer = page.getByRole("navigation", { name: "Footer" });
    for (const [name, heading] of [
      ["Track an order", /order/i],
      ["Shipping and returns", "Shipping and returns"],
      ["Contact us", "Contact us"],
      ["Privacy", "Privacy"],
      ["Imprint", "Imprint"],
      ["Sign in", /sign in/i],
    ] as const) {
      const href = await footer.getByRole("link", { name, exact: true }).getAttribute("href");
      const response = await page.goto(href!);
      expect(response!.status(), href!).toBe(200);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
      await page.goto("/");
    }
  });

  test("the shipping page shows the zones and rates from the database", async ({ page }) => {
    const response = await page.goto("/shipping");
    expect(response!.headers()["cache-control"]).toMatch(/public/);
    const europe = page.getByRole("region", { name: "Shipping to Europe" });
    await expect(europe).toContainText("Germany");
    await expect(europe.getByRole("row", { name: /500 g/ })).toContainText("$19.00");
    await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", /^https?:\/\/[^/]+\/shipping$/);
    const sitemap = await (await page.request.get("/sitemap.xml")).text();
    for (const path of ["/shipping", "/contact", "/privacy", "/imprint"]) expect(sitemap).toContain(`${path}</loc>`);
  });
});

test("category chips on search results keep the words searched for", async ({ page }) => {
  await page.goto("/search?q=basket");
  const chip = page.getByRole("navigation", { name: "Categories" }).getByRole("link", { name: "Home decor" });
  await expect(chip).toHaveAttribute("href", "/search?q=basket&category=home-decor");
  await chip.click();
  await expect(page).toHaveURL(/\/search\?q=basket&category=home-decor$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Results for “basket”");
  await expect(chip).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("searchbox", { name: "Search for" })).toHaveValue("basket");
});

test("a product without a photo shows the woven placeholder on its page, as in the listing", async ({ page }) => {
  const name = `Unphotographed Runner ${Date.now().toString(36)}`;
  await signIn(page, "staff", "/admin/products/new");
  const product = page.getByRole("form", { name: "Product" });
  await product.getByLabel("Product name").fill(name);
  await product.getByLabel("Status").selectOption("active");
  await product.getByLabel("Category").selectOption({ label: "Textiles" });
  await product.getByLabel("Producer group").selectOption({ index: 1 });
  await product.getByLabel("One-line summary").fill("A striped cotton runner, not yet photographed.");
  await product.getByLabel("Description").fill("Hand-woven lurik cotton in indigo and natural stripes.");
  await product.getByLabel("SKU, variant 1").fill(`KR-NOPHOTO-${Date.now().toString(36).toUpperCase()}`);
  await product.getByLabel("Retail price (USD), variant 1").fill("30.00");
  await product.getByLabel("Bazaar price (IDR), variant 1").fill("300.000");
  await product.getByLabel("Producer price (IDR), variant 1").fill("120000");
  await product.getByLabel("Weight (g), variant 1").fill("400");
  await product.getByRole("button", { name: "Create product" }).click();
  await expect(page).toHaveURL(/\/admin\/products\/\d+$/);

  await page.goto(`/search?q=${encodeURIComponent(name)}`);
  const card = page.getByRole("list", { name: "Products" }).getByRole("listitem").filter({ hasText: name });
  const inListing = card.getByRole("img", { name: `No photo of ${name} yet` });
  await expect(inListing).toBeVisible();
  await card.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const onPage = page.getByRole("region", { name: "Photos" }).getByRole("img", { name: `No photo of ${name} yet` });
  await expect(onPage).toBeVisible();
  await expect(onPage).toHaveClass(/image-missing/);
  expect((await onPage.boundingBox())!.height).toBeGreaterThan(200);
  await page.screenshot({ path: "test-results/screenshots/product-without-photo-1280.png" });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/screenshots/product-without-photo-390.png" });
});
