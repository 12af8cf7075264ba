import { expect, test } from "./fixtures";

test("search matches stems and ignores case", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("searchbox", { name: "Search the collection" }).fill("Baskets");
  await page.getByRole("button", { name: "Search" }).first().click();
  await expect(page).toHaveURL(/\/search\?q=Baskets/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Results for “Baskets”");
  const titles = await page.getByRole("list", { name: "Products" }).getByRole("heading").allTextContents();
  expect(titles.length).toBeGreaterThan(2);
  expect(titles.some((t) => /basket/i.test(t))).toBe(true);

  await page.goto("/search?q=BASKET");
  const upper = await page.getByRole("list", { name: "Products" }).getByRole("heading").allTextContents();
  expect(upper).toEqual(titles);
});

test("a search with no match and no filter says so and suggests words, not clearing filters", async ({ page }) => {
  await page.goto("/search?q=zzyzx");
  await expect(page.getByRole("heading", { name: "No pieces match “zzyzx”" })).toBeVisible();
  await expect(page.getByRole("status").first()).toHaveText(/0 pieces/);
  await expect(page.getByRole("link", { name: "Clear filters" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Browse all pieces" })).toHaveAttribute("href", "/shop");
  await page.getByRole("link", { name: "basket", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Results for “basket”");
});

test("a search with no match under a filter offers to clear the filters but keep the words", async ({ page }) => {
  await page.goto("/search?q=zzyzx&instock=1");
  await expect(page.getByRole("heading", { name: "Nothing matches just now" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Clear filters" })).toHaveAttribute("href", "/search?q=zzyzx");
});

test("a misspelt or Indonesian search still finds the piece", async ({ page }) => {
  await page.goto("/search?q=baskit");
  await expect(page.getByRole("status").first()).toHaveText(/showing close spellings/);
  const titles = await page.getByRole("list", { name: "Products" }).getByRole("heading").allTextContents();
  expect(titles.some((t) => /basket/i.test(t))).toBe(true);
  await page.goto("/search?q=keranjang");
  const baskets = await page.getByRole("list", { name: "Products" }).getByRole("heading").allTextContents();
  expect(baskets.some((t) => /basket/i.test(t))).toBe(true);
});

test("an overlong search is a 400 page that says why, not an error", async ({ page }) => {
  const response = await page.goto(`/search?q=${"rattan ".repeat(20)}`);
  expect(response!.status()).toBe(400);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("We couldn't read that request");
  await expect(page.getByText("That search is too long.")).toBeVisible();
  await expect(page.getByText(/limited to 100 characters/)).toBeVisible();
  expect(response!.headers()["cache-control"] ?? "").not.toMatch(/public/);
});

test("search results can be filtered further", async ({ page }) => {
  await page.goto("/search?q=silver");
  const before = await page.getByRole("list", { name: "Products" }).getByRole("listitem").count();
  await page.getByRole("form", { name: "Filter and sort" }).getByLabel("To", { exact: true }).fill("60");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/q=silver.*max=60|max=60.*q=silver/);
  await expect(page.getByRole("link", { name: "Remove filter: To 60 USD" })).toBeVisible();
  const prices = await page.locator(".product-card-price").allTextContents();
  expect(prices.length).toBeLessThanOrEqual(before);
  for (const p of prices) expect(Number(/\$([\d.,]+)/.exec(p)![1]!.replace(",", ""))).toBeLessThanOrEqual(60);
});
