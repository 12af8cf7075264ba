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

test("a search with no match says so and offers a way back", async ({ page }) => {
  await page.goto("/search?q=zzyzx");
  await expect(page.getByRole("heading", { name: "Nothing matches just now" })).toBeVisible();
  await expect(page.getByRole("status").first()).toHaveText(/0 pieces/);
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
