import { expect, test } from "./fixtures";

test("every page has its own title, description, canonical URL and Open Graph tags", async ({ page }) => {
  const seen = new Set<string>();
  for (const path of ["/", "/shop", "/shop/leather", "/producers", "/search?q=bowl"]) {
    await page.goto(path);
    const title = await page.title();
    expect(seen.has(title), `${path} repeats a title`).toBe(false);
    seen.add(title);
    await expect(page.locator('meta[name="description"]')).toHaveAttribute("content", /.{40,}/);
    await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", /^http:\/\/localhost:\d+\//);
    await expect(page.locator('meta[property="og:title"]')).toHaveCount(1);
    await expect(page.locator('meta[property="og:url"]')).toHaveCount(1);
  }
});

test("product pages carry JSON-LD Product with offers and the producer as brand", async ({ page }) => {
  await page.goto("/shop/furniture");
  await page.getByRole("list", { name: "Products" }).getByRole("listitem").first().getByRole("link").first().click();
  const producer = (await page.getByRole("complementary", { name: "Who made this" }).getByRole("link").first().textContent())!.trim();
  const json = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!);
  expect(json["@type"]).toBe("Product");
  expect(json.brand).toMatchObject({ "@type": "Brand", name: producer });
  expect(json.offers.length).toBeGreaterThan(0);
  expect(json.offers[0]).toMatchObject({ "@type": "Offer", priceCurrency: "USD" });
  expect(json.offers[0].price).toMatch(/^\d+\.\d{2}$/);
  await expect(page.locator('meta[property="og:image"]')).toHaveAttribute("content", /\/images\/[a-f0-9]{24}\/\d+\.jpg$/);
  await expect(page.locator('meta[property="og:type"]')).toHaveAttribute("content", "product");
});

test("sitemap.xml lists every product and producer page; robots.txt points to it", async ({ request }) => {
  const sitemap = await (await request.get("/sitemap.xml")).text();
  expect([...sitemap.matchAll(/\/products\//g)].length).toBeGreaterThanOrEqual(60);
  expect([...sitemap.matchAll(/\/producers\/[a-z]/g)].length).toBeGreaterThanOrEqual(8);
  const robots = await request.get("/robots.txt");
  expect(robots.headers()["content-type"]).toContain("text/plain");
  expect(await robots.text()).toMatch(/Sitemap: http:\/\/localhost:\d+\/sitemap\.xml/);
});

test.describe("on a 390 px phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });

  test("the largest image a product page loads is at most 80 KB, and images are immutable", async ({ page }) => {
    const sizes = new Map<string, number>();
    page.on("response", async (response) => {
      if (response.url().includes("/images/")) {
        const body = await response.body().catch(() => Buffer.alloc(0));
        sizes.set(response.url(), body.byteLength);
        expect(response.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
      }
    });
    await page.goto("/shop/furniture");
    await page.getByRole("list", { name: "Products" }).getByRole("listitem").first().getByRole("link").first().click();
    await page.waitForLoadState("networkidle");
    await page.mouse.wheel(0, 4000);
    await page.waitForLoadState("networkidle");
    expect(sizes.size).toBeGreaterThan(1);
    const largest = Math.max(...sizes.values());
    expect(largest).toBeLessThanOrEqual(80 * 1024);
    // The browser chose AVIF from <picture>.
    expect([...sizes.keys()].some((u) => u.endsWith(".avif"))).toBe(true);
  });

  test("images reserve their space so nothing shifts", async ({ page }) => {
    await page.goto("/");
    const images = page.locator("main img");
    const count = await images.count();
    expect(count).toBeGreaterThan(5);
    for (let i = 0; i < count; i++) {
      await expect(images.nth(i)).toHaveAttribute("width", /^\d+$/);
      await expect(images.nth(i)).toHaveAttribute("height", /^\d+$/);
    }
    const shift = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let total = 0;
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
              if (!entry.hadRecentInput) total += entry.value;
            }
          }).observe({ type: "layout-shift", buffered: true });
          setTimeout(() => resolve(total), 800);
        }),
    );
    expect(shift).toBeLessThan(0.02);
  });
});
