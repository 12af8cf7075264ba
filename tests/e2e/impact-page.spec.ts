import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

type ImpactJson = {
  totals: { treesFunded: number; treesPlanted: number; treesVerifiedAlive: number; usdCents: number };
  months: { month: string }[];
  plantings: { id: number }[];
};

/** The page's own numbers, read the way a visitor reads them: the counter's figure under each label. */
async function counter(page: Page, label: RegExp) {
  const text = await page.locator(".impact-stat").filter({ has: page.locator("dt", { hasText: label }) }).locator("dd").innerText();
  return Number(text.replace(/[^\d]/g, ""));
}

for (const width of [390, 1280]) {
  test(`the impact page shows its charts, map and plantings at ${width} px`, async ({ page, request }) => {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    const response = await page.goto("/impact");
    expect(response?.status()).toBe(200);
    expect(response?.headers()["cache-control"]).toContain("public");
    await expect(page).toHaveTitle(/impact/i);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("One tree for every US$1,500");

    const data = (await (await request.get("/impact.json")).json()) as ImpactJson;
    // The counter says what the open data says.
    expect(await counter(page, /trees? funded/i)).toBe(data.totals.treesFunded);
    expect(await counter(page, /trees? planted/i)).toBe(data.totals.treesPlanted);
    expect(await counter(page, /verified alive/i)).toBe(data.totals.treesVerifiedAlive);
    expect(await counter(page, /turnover/i)).toBe(Math.floor(data.totals.usdCents / 100));
    await expect(page.locator(".impact-oldest")).toHaveText(/^(The oldest tree still to plant was funded .+ ago; .+\.|Every funded tree is planted.*\.|No tree is funded yet.*)$/);

    // Both charts: one drawing each is shown for this width, with a title and a description, and a table of the same numbers.
    for (const [name, caption] of [
      [/Monthly turnover by channel/, /Turnover booked each month/],
      [/Trees funded and trees planted/, /Trees funded and planted so far/],
    ] as const) {
      const chart = page.getByRole("img", { name });
      await expect(chart).toHaveCount(1);
      await expect(chart).toBeVisible();
      const box = await chart.boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(width === 390 ? 250 : 450);
      const figure = page.locator("figure.impact-chart").filter({ has: chart });
      await figure.getByText("The numbers behind this chart").click();
      const table = figure.getByRole("table", { name: caption });
      await expect(table).toBeVisible();
      await expect(table.locator("tbody tr")).toHaveCount(data.months.length);
      await expect(table.getByRole("columnheader", { name: "Month" })).toBeVisible();
    }

    // The map: Indonesia with a pin per producer group and per planting, and the same places as text.
    const map = page.getByRole("img", { name: /Map of Indonesia/ });
    await expect(map).toBeVisible();
    expect(await map.locator("image.map-land").getAttribute("href")).toBe("/impact/map.svg");
    const land = await page.request.get("/impact/map.svg");
    expect(land.headers()["content-type"]).toBe("image/svg+xml");
    expect(await land.text()).toMatch(/<path d="M[\d. -]+l/);
    expect(await map.locator(".map-producer").count()).toBeGreaterThan(0);
    await expect(map.locator(".map-planting")).toHaveCount(data.plantings.length);
    await expect(page.getByRole("heading", { name: "Planting sites" })).toBeVisible();

    // Plantings with their evidence photos, each photo telling what its GPS says.
    const cards = page.locator("article.planting-card");
    await expect(cards).toHaveCount(data.plantings.length);
    expect(data.plantings.length).toBeGreaterThan(0);
    const first = cards.first();
    await first.scrollIntoViewIfNeeded();
    await expect(first.getByText(/^#[\d,]+(–#[\d,]+)?$/)).toBeVisible();
    await expect(first.getByText(/^(Verified .+|Awaiting verification)$/)).toBeVisible();
    const photo = first.locator(".evidence img").first();
    await photo.scrollIntoViewIfNeeded();
    await expect(photo).toHaveJSProperty("complete", true);
    expect(await photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await expect(first.locator(".gps-flag").first()).toHaveText(/GPS|photo/i);

    // Open data links.
    await expect(page.getByRole("link", { name: "Monthly ledger (CSV)" })).toHaveAttribute("href", "/impact.csv");
    await expect(page.getByRole("link", { name: "Everything (JSON)" })).toHaveAttribute("href", "/impact.json");

    // A phone never scrolls sideways; the page stays light.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `the impact page scrolls sideways at ${width}px`).toBeLessThanOrEqual(0);
    const html = await (await request.get("/impact")).text();
    expect(html.length, "HTML of /impact in bytes").toBeLessThan(150_000);
    expect(html).not.toContain('"arcs"');

    // Load every lazy photo, then keep a full-page picture for people to look at.
    for (const img of await page.locator(".evidence img").all()) await img.scrollIntoViewIfNeeded();
    await page.waitForLoadState("networkidle");
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `test-results/screenshots/impact-${width}.png`, fullPage: true });
  });
}

test("the impact page works without JavaScript: every chart, map and table is in the HTML", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/impact");
  await expect(page.locator("svg[role=img]")).toHaveCount(5);
  await page.getByText("The numbers behind this chart").first().click();
  await expect(page.getByRole("table", { name: /Turnover booked each month/ })).toBeVisible();
  await context.close();
});
