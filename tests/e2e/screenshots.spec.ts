import { expect, test } from "./fixtures";

// Screenshots for people to look at (test-results/screenshots); the test checks the pages render fully.
for (const width of [390, 1280]) {
  test(`pages render at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    for (const [name, path] of [
      ["home", "/"],
      ["category", "/shop/home-decor"],
      ["product", "/search?q=basket"],
      ["producer", "/producers"],
    ] as const) {
      await page.goto(path);
      if (name === "product") {
        await page.getByRole("list", { name: "Products" }).getByRole("listitem").first().getByRole("link").first().click();
        await expect(page.getByRole("complementary", { name: "Who made this" })).toBeVisible();
      }
      await page.waitForLoadState("networkidle");
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${name} scrolls sideways at ${width}px`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `test-results/screenshots/${name}-${width}.png`, fullPage: true });
    }
  });
}
