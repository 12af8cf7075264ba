import { expect, test } from "./fixtures";

test.use({ javaScriptEnabled: false });

test("browsing, filtering, variants and search all work without JavaScript", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("script[type='module']")).toHaveCount(0, { timeout: 1 }).catch(() => {});
  await page.getByRole("link", { name: /Silver jewellery \d+ pieces/ }).click();
  await expect(page).toHaveURL(/\/shop\/silver-jewellery$/);

  // The filter form is a plain GET form: ticking a box does nothing until "Apply filters".
  const filters = page.getByRole("form", { name: "Filter and sort" });
  await filters.getByRole("checkbox", { name: "In stock only" }).check();
  await filters.getByLabel("Sort by").selectOption("price-asc");
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/instock=1/);
  await expect(page).toHaveURL(/sort=price-asc/);
  const prices = (await page.locator(".product-card-price").allTextContents()).map((p) => Number(/([\d.,]+)/.exec(p)![1]!.replace(",", "")));
  expect(prices).toEqual([...prices].sort((a, b) => a - b));

  await page.getByRole("list", { name: "Products" }).getByRole("listitem").first().getByRole("link").first().click();
  await expect(page.getByRole("complementary", { name: "Who made this" })).toBeVisible();
  // The field-visit checklist is a <details>: it opens without JavaScript.
  await page.locator(".visit summary").click();
  await expect(page.locator(".principles li")).toHaveCount(10);

  await page.getByRole("searchbox", { name: "Search the collection" }).fill("teak");
  await page.getByRole("searchbox", { name: "Search the collection" }).press("Enter");
  await expect(page).toHaveURL(/\/search\?q=teak/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Results for “teak”");
  await expect(page.getByRole("list", { name: "Products" }).getByRole("listitem").first()).toBeVisible();
});

test("pagination and the variant picker are plain links", async ({ page }) => {
  await page.goto("/shop");
  await page.getByRole("navigation", { name: "Pagination" }).getByRole("link", { name: "Page 2" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByRole("status").first()).toContainText("page 2 of");

  await page.goto("/search?q=basket");
  const links = page.getByRole("list", { name: "Products" }).getByRole("link");
  const hrefs = await links.evaluateAll((els) => els.map((e) => e.getAttribute("href")).filter((h) => h?.startsWith("/products/")));
  for (const href of hrefs) {
    await page.goto(href!);
    const picker = page.getByRole("navigation", { name: "Choose an option" });
    if (await picker.count()) {
      const second = picker.getByRole("link").nth(1);
      const label = await second.textContent();
      await second.click();
      await expect(page.locator(".variant-label strong")).toHaveText(label!.trim());
      return;
    }
  }
  throw new Error("expected a basket with several options");
});

test("the cart's country applies through its button, and a removal can be undone, without JavaScript", async ({ page }) => {
  await page.goto("/search?q=basket");
  const href = await page.getByRole("list", { name: "Products" }).getByRole("link").first().getAttribute("href");
  await page.goto(href!);
  const add = page.getByRole("button", { name: /^Add to cart: / });
  const title = (await add.getAttribute("aria-label"))!.replace("Add to cart: ", "");
  await add.click();
  await expect(page).toHaveURL(/\/cart$/);
  await expect(page.getByRole("button", { name: "Checkout" })).toBeVisible();

  await page.getByLabel("Ship to").selectOption("JP");
  await page.getByRole("button", { name: "Update shipping" }).click();
  await expect(page).toHaveURL(/\/cart$/);
  await expect(page.getByRole("status")).toHaveText("Shipping to Japan.");
  await expect(page.getByLabel("Ship to")).toHaveValue("JP");

  await page.getByRole("button", { name: `Remove ${title}` }).click();
  await expect(page.getByRole("heading", { name: "Your cart is empty" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText(`Removed ${title}`);
  await page.getByRole("button", { name: `Undo: put back ${title}` }).click();
  await expect(page.getByRole("list", { name: "Items in your cart" }).getByRole("listitem")).toHaveCount(1);
  await expect(page.getByRole("status")).toContainText("Put back");
});
