import { expect, test, waitForHydration } from "./fixtures";

test("home → category → filter → product → producer", async ({ page }) => {
  await page.goto("/");
  await waitForHydration(page);
  await expect(page).toHaveTitle(/Kriya/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Made by hand");
  await expect(page.getByRole("list", { name: "Featured pieces" }).getByRole("listitem")).toHaveCount(8);

  await page.getByRole("link", { name: /Home decor \d+ pieces/ }).click();
  await expect(page).toHaveURL(/\/shop\/home-decor$/);
  await expect(page.getByRole("heading", { level: 1, name: "Home decor" })).toBeVisible();
  const countText = await page.getByRole("status").first().textContent();
  const total = Number(/(\d+) pieces?/.exec(countText ?? "")?.[1]);
  expect(total).toBeGreaterThan(5);

  // Filtering by material auto-submits with JavaScript; the URL carries the state.
  const filters = page.getByRole("form", { name: "Filter and sort" });
  await filters.getByRole("checkbox", { name: "Water hyacinth" }).check();
  await expect(page).toHaveURL(/material=water-hyacinth/);
  await expect(page.getByRole("status").first()).not.toHaveText(countText ?? "");
  const filtered = await page.getByRole("list", { name: "Products" }).getByRole("listitem").count();
  expect(filtered).toBeGreaterThan(0);
  expect(filtered).toBeLessThan(total);
  await expect(page.getByRole("link", { name: "Remove filter: Water hyacinth" })).toBeVisible();

  await filters.getByLabel("Sort by").selectOption("price-desc");
  await expect(page).toHaveURL(/sort=price-desc/);
  // The URL can change a moment before the sorted list renders: wait for something drawn from the new data.
  await expect(page.getByRole("link", { name: "Remove filter: Water hyacinth" })).toHaveAttribute("href", /sort=price-desc/);

  const firstCard = page.getByRole("list", { name: "Products" }).getByRole("listitem").first();
  const productTitle = (await firstCard.getByRole("heading").textContent())!.trim();
  await firstCard.getByRole("link", { name: productTitle }).click();
  await expect(page.getByRole("heading", { level: 1, name: productTitle })).toBeVisible();

  const provenance = page.getByRole("complementary", { name: "Who made this" });
  await expect(provenance).toContainText("of this price goes to the producer group");
  await expect(provenance).toContainText(/Last field visit .* \d{4}: \d+ of 10 principles met/);
  await expect(provenance).toContainText(/are women/);

  const producerName = (await provenance.getByRole("link").first().textContent())!.trim();
  await provenance.getByRole("link", { name: producerName }).click();
  await expect(page.getByRole("heading", { level: 1, name: producerName })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Field visits" })).toBeVisible();
  await expect(page.getByRole("list", { name: `Pieces by ${producerName}` }).getByRole("link", { name: productTitle })).toBeVisible();
});

test("the variant picker changes price and SKU", async ({ page }) => {
  await page.goto("/shop?sort=price-desc");
  await page.goto("/products/" + (await firstMultiVariantSlug(page)));
  const picker = page.getByRole("navigation", { name: "Choose an option" });
  const options = picker.getByRole("link");
  expect(await options.count()).toBeGreaterThan(1);
  const skuBefore = await page.locator("dt:text('SKU') + dd").textContent();
  await options.nth(1).click();
  await expect(options.nth(1)).toHaveAttribute("aria-current", "true");
  await expect(page.locator("dt:text('SKU') + dd")).not.toHaveText(skuBefore ?? "");
});

async function firstMultiVariantSlug(page: import("@playwright/test").Page) {
  const res = await page.request.get("/sitemap.xml");
  const slugs = [...(await res.text()).matchAll(/\/products\/([a-z0-9-]+)</g)].map((m) => m[1]!);
  for (const slug of slugs) {
    const html = await (await page.request.get(`/products/${slug}`)).text();
    if (html.includes("Choose an option")) return slug;
  }
  throw new Error("no product with several variants");
}

test("the producer index lists every group with its latest visit", async ({ page }) => {
  await page.goto("/producers");
  const cards = page.locator(".producer-card");
  expect(await cards.count()).toBeGreaterThanOrEqual(8);
  await expect(cards.first()).toContainText(/Visited .*: \d+ of 10 principles met/);
  await expect(page.getByText(/North Jakarta|Jakarta Utara/).first()).toBeVisible();
});

test("keyboard users can skip to content and reach the search", async ({ page }) => {
  await page.goto("/shop");
  await waitForHydration(page);
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
  await page.getByRole("searchbox", { name: "Search the collection" }).focus();
  await page.keyboard.type("rattan");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=rattan/);
});
