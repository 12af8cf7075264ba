import { signIn } from "./accounts";
import { expect, test } from "./fixtures";

const share = String.raw`(\d+\.\d{2} of a tree|[\d,]+ trees?|\d+\.\d{2} trees)`;

test("the tree counter on every shop page says funded, planted and verified alive, and leads to the evidence, on a phone and a desktop", async ({ browser }) => {
  for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 900 }]) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    for (const path of ["/", "/shop"]) {
      await page.goto(path);
      const counter = page.locator(".impact-strip");
      await expect(counter).toHaveText(/^\s*[\d,]+ trees? funded by sales · [\d,]+ planted · [\d,]+ verified alive: one for every US\$1,500 of turnover\. See the evidence$/);
      await expect(counter.getByRole("link", { name: "See the evidence" })).toHaveAttribute("href", "/impact");
      const width = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
      expect(width.scroll).toBeLessThanOrEqual(width.inner);
    }
    await context.close();
  }
});

test("a product says how many sold plant a tree, and its producer group how many trees its sales funded and where they were planted", async ({ page }) => {
  await page.goto("/shop");
  await page.locator(".product-card a").first().click();
  await expect(page).toHaveURL(/\/products\/[a-z0-9-]+/);
  await expect(page.locator(".provenance .tree-badge")).toHaveText(/^(Every [\d,]+ sold plants a tree|Each one sold plants a tree)\.$/);

  await page.locator(".provenance-maker a").click();
  await expect(page).toHaveURL(/\/producers\/[a-z0-9-]+/);
  const trees = page.getByRole("region", { name: "Trees from their work" });
  await expect(trees.locator(".tree-badge")).toHaveText(
    /^Sales of this group have (funded [\d,]+ trees?(, and US\$[\d,.]+ of the US\$1,500 for the next)?|not yet funded a whole tree: US\$[\d,.]+ of the US\$1,500 for the first|not funded a tree yet)\.$/,
  );
  await expect(trees.getByRole("link", { name: "How every tree is counted, with the evidence" })).toHaveAttribute("href", "/impact");
});

test("the importer's order says what its payments fund and what it will fund once paid in full", async ({ page }) => {
  await signIn(page, "importer", "/wholesale/orders");
  await page.locator(".quote-card-number").first().click();
  await expect(page).toHaveURL(/\/wholesale\/orders\/WO-\d{2}-[A-Z0-9]{8}$/);
  await expect(page.locator(".order-money .tree-badge")).toHaveText(
    new RegExp(`^(This order funds ${share}\\.( Paid in full, it will fund (about )?${share}\\.)?|Once paid, this order will fund (about )?${share}\\.)$`),
  );
});
