import type { APIRequestContext, Page } from "@playwright/test";
import { signIn } from "./accounts";
import { placePaidDemoOrder } from "./demo-orders";
import { expect, test } from "./fixtures";

/**
 * The back office on a tablet: no page scrolls sideways (wide tables scroll in their own named region), the
 * section menu is one compact bar so each page starts near the top, and every control is a target of at least
 * 24 × 24 px (WCAG 2.2, 2.5.8), larger on a touch screen. Then the audit log's filters and pages, without JavaScript.
 */

const listPages = ["/admin", "/admin/orders", "/admin/products", "/admin/stock", "/admin/producers", "/admin/importers", "/admin/rates", "/admin/audit"];

/** Signed in as the admin (who sees every section), with an order and an audit entry, so no list is empty. */
async function adminWithData(page: Page, playwright: { request: { newContext: (o: { baseURL?: string }) => Promise<APIRequestContext> } }, baseURL: string) {
  const shopper = await playwright.request.newContext({ baseURL });
  const orderNumber = await placePaidDemoOrder(shopper, { email: `tablet-${Date.now()}@example.com`, name: "Made Ayu Kartika Sari Dewi" });
  await shopper.dispose();
  await signIn(page, "admin", "/admin");
  const stock = await receiveStock(page.request, 1);
  return { orderNumber, ...stock };
}

/** Books `times` receipts of one piece each through the stock form's own POST, as the signed-in user. */
async function receiveStock(request: APIRequestContext, times: number) {
  const html = await (await request.get("/admin/stock?page=2")).text();
  const link = /<a [^>]*aria-label="Stock history for SKU [^"]+"[^>]*>/.exec(html)![0];
  const sku = /Stock history for SKU ([^"]+)"/.exec(link)![1]!;
  const variantId = /href="\/admin\/stock\/(\d+)"/.exec(link)![1]!;
  const locationId = /<option value="(\d+)">Jakarta warehouse<\/option>/.exec(html)![1]!;
  for (let i = 0; i < times; i++) {
    const response = await request.post("/admin/stock", { form: { intent: "adjust", sku, locationId, mode: "delta", quantity: "+1", reason: "received", note: `Delivery ${i + 1}` } });
    expect(response.status()).toBe(200);
  }
  return { sku, variantId };
}

/** Visible controls smaller than `min` px in either direction, described for the failure message. */
async function smallTargets(page: Page, min: number, selector: string) {
  return page.evaluate(
    ({ min, selector }) =>
      [...document.querySelectorAll<HTMLElement>(selector)]
        .filter((el) => el.getClientRects().length > 0 && !el.closest(".visually-hidden"))
        .map((el) => ({ el, box: el.getBoundingClientRect() }))
        .filter(({ box }) => box.width < min - 0.5 || box.height < min - 0.5)
        .map(({ el, box }) => `${el.tagName.toLowerCase()}${el.getAttribute("type") ? `[${el.getAttribute("type")}]` : ""} "${(el.textContent || el.getAttribute("aria-label") || el.getAttribute("name") || "").trim().slice(0, 40)}" ${Math.round(box.width)}×${Math.round(box.height)}`),
    { min, selector },
  );
}

const controls = ".admin a, .admin button, .admin summary, .admin input[type=checkbox], .admin input[type=radio]";

for (const viewport of [
  { width: 768, height: 1024 },
  { width: 1024, height: 768 },
]) {
  test(`every back-office page fits a ${viewport.width}×${viewport.height} tablet and starts near the top`, async ({ page, playwright, baseURL }) => {
    await page.setViewportSize(viewport);
    const { orderNumber, variantId } = await adminWithData(page, playwright, baseURL!);
    const formPages = ["/admin/products/new", "/admin/products/1", "/admin/producers/1", `/admin/orders/${orderNumber}`, `/admin/stock/${variantId}`, "/admin/products/import"];

    for (const path of [...listPages, ...formPages]) {
      await page.goto(path);
      const heading = page.getByRole("heading", { level: 1 });
      await expect(heading, path).toBeVisible();
      const width = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
      expect(width.scroll, `${path} scrolls sideways`).toBeLessThanOrEqual(width.inner);
      // A list's heading, or a record's breadcrumb above its heading, starts near the top.
      const firstContent = await page.locator(".admin-main > :first-child").boundingBox();
      expect(firstContent!.y, `${path}: the page is pushed down`).toBeLessThanOrEqual(250);
      if (listPages.includes(path)) expect((await heading.boundingBox())!.y, `${path}: the heading is pushed down`).toBeLessThanOrEqual(250);
      expect(await smallTargets(page, 24, controls), `${path}: targets under 24 px`).toEqual([]);
    }

    // The wide orders table scrolls inside its own named, focusable region instead of widening the page.
    await page.goto("/admin/orders");
    const region = page.getByRole("region", { name: "Order list" });
    await expect(region).toHaveAttribute("tabindex", "0");
    await expect(region.getByRole("row", { name: new RegExp(orderNumber) })).toHaveCount(1);
    const overflow = await region.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    if (viewport.width === 768) expect(overflow.scroll).toBeGreaterThan(overflow.client);
    await region.focus();
    await page.keyboard.press("ArrowRight");
    if (viewport.width === 768) await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);

    // Each list's table sits in such a region (exchange rates and the CSV preview still scroll in their card).
    for (const path of ["/admin", "/admin/orders", "/admin/products", "/admin/stock", "/admin/producers", "/admin/audit", `/admin/stock/${variantId}`, `/admin/orders/${orderNumber}`]) {
      await page.goto(path);
      const unwrapped = await page.locator(".admin-main table").evaluateAll((tables) => tables.filter((t) => !t.closest('[role="region"][aria-label][tabindex="0"]')).length);
      expect(unwrapped, `${path}: tables outside a scroll region`).toBe(0);
    }
  });
}

test("on a desktop the section menu stays a sidebar beside the page", async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 900 });
  await signIn(page, "staff", "/admin/products");
  const nav = (await page.getByRole("complementary", { name: "Back office" }).boundingBox())!;
  const heading = (await page.getByRole("heading", { level: 1, name: "Products" }).boundingBox())!;
  expect(nav.x + nav.width).toBeLessThan(heading.x);
  expect(Math.abs(nav.y - heading.y)).toBeLessThan(40);
  expect(await smallTargets(page, 24, controls)).toEqual([]);
});

test.describe("on a touch screen", () => {
  test.use({ hasTouch: true, viewport: { width: 768, height: 1024 } });

  test("the menu, breadcrumbs, paging links and check boxes are about 44 px targets", async ({ page }) => {
    await signIn(page, "staff", "/admin/products");
    expect(await page.evaluate(() => matchMedia("(pointer: coarse)").matches)).toBe(true);
    const primary = ".admin-nav a, .admin-heading a, .pager a, .admin .text-button";
    expect(await smallTargets(page, 40, primary)).toEqual([]);
    await page.goto("/admin/products/1");
    expect(await smallTargets(page, 40, ".breadcrumbs-admin a, .admin-main .button-link, .admin-main .button")).toEqual([]);
    expect(await smallTargets(page, 28, ".admin-main input[type=checkbox]")).toEqual([]);
  });
});

test("each variant's and each tier's fields say which variant and tier they belong to", async ({ page }) => {
  await signIn(page, "staff", "/admin/products/new");
  const product = page.getByRole("form", { name: "Product" });
  await product.getByRole("button", { name: "Add a variant" }).click();
  const addTier = product.getByRole("button", { name: "Add a wholesale tier to variant 2" });
  await addTier.click();
  await expect(product.getByLabel("From quantity, tier 1 of variant 2")).toBeVisible();
  await addTier.click();
  await expect(product.getByLabel("From quantity, tier 2 of variant 2")).toBeVisible();
  for (const variant of ["variant 1", "variant 2"]) {
    for (const field of ["SKU", "Variant name", "Size", "Colour", "Finish", "Retail price (USD)", "Bazaar price (IDR)", "Producer price (IDR)", "Weight (g)", "Wholesale minimum", "Case pack", "Active (can be sold)"]) {
      await expect(product.getByLabel(`${field}, ${variant}`, { exact: true })).toHaveAccessibleName(`${field}, ${variant}`);
    }
  }
  for (const tier of ["tier 1 of variant 2", "tier 2 of variant 2"]) {
    await expect(product.getByLabel(`From quantity, ${tier}`, { exact: true })).toHaveAccessibleName(`From quantity, ${tier}`);
    await expect(product.getByLabel(`Unit price, ${tier}`, { exact: true })).toHaveAccessibleName(`Unit price, ${tier}`);
    await expect(product.getByRole("button", { name: `Remove ${tier}`, exact: true })).toHaveCount(1);
  }
  await expect(product.getByRole("group", { name: "Wholesale price tiers (USD per piece), variant 2" })).toHaveCount(1);
  // The short label stays what sighted staff read.
  await expect(product.getByText("Size", { exact: true })).toHaveCount(2);
});

test.describe("the audit log without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("an admin filters by kind, person and day, pages through 50 at a time and follows an entry to its record", async ({ page, browser }) => {
    await signIn(page, "admin", "/admin/audit");
    const { sku, variantId } = await receiveStock(page.request, 52);
    // A colleague's change the person filter must leave out.
    const staff = await browser.newPage();
    await signIn(staff, "staff", "/admin/stock");
    await receiveStock(staff.request, 1);
    await staff.close();

    const today = new Date().toISOString().slice(0, 10);
    await page.goto("/admin/audit");
    const filters = page.getByRole("search", { name: "Filter the audit log" });
    await filters.getByLabel("What changed").selectOption({ label: "Stock level" });
    await filters.getByLabel("Who").selectOption({ label: "Ratna Sari (admin@kriya.example)" });
    await filters.getByLabel("From (UTC day)").fill(today);
    await filters.getByLabel("To (UTC day)").fill(today);
    await filters.getByRole("button", { name: "Filter" }).click();
    const search = new URL(page.url()).searchParams;
    expect([search.get("type"), search.get("from"), search.get("to")]).toEqual(["stock_level", today, today]);
    expect(search.get("person")).toMatch(/^\d+$/);

    const entries = page.getByRole("region", { name: "Audit entries, newest first" });
    const rows = entries.getByRole("row");
    await expect(rows).toHaveCount(51); // the header and 50 entries
    await expect(page.getByText(/^Page 1 of [2-9]\d* · \d+ entries$/)).toBeVisible();
    await expect(entries.getByText("Dewi Lestari")).toHaveCount(0);
    const newest = rows.nth(1);
    await expect(newest).toContainText("Ratna Sari");
    await expect(newest).toContainText(`Received Stock level ${sku} at Jakarta warehouse`);
    // Changes read as a definition list, "field: from → to", not JSON.
    await expect(newest.getByRole("definition").first()).toBeVisible();
    await expect(newest).toContainText(/On hand\s*\d+\s*→\s*changed to\s*\d+/);
    await expect(newest).toContainText("Delivery 52");
    await expect(newest).not.toContainText("{");

    await page.getByRole("navigation", { name: "Audit log pages" }).getByRole("link", { name: "Next page" }).click();
    expect(new URL(page.url()).searchParams.get("page")).toBe("2");
    expect(new URL(page.url()).searchParams.get("type")).toBe("stock_level");
    await expect(filters.getByLabel("What changed")).toHaveValue("stock_level");
    await expect(filters.getByLabel("From (UTC day)")).toHaveValue(today);
    await expect(page.getByText(/^Page 2 of \d+ · \d+ entries$/)).toBeVisible();
    await page.getByRole("navigation", { name: "Audit log pages" }).getByRole("link", { name: "Previous page" }).click();
    expect(new URL(page.url()).searchParams.get("page")).toBeNull();

    await rows.nth(1).getByRole("link", { name: `Stock level ${sku} at Jakarta warehouse` }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/stock/${variantId}$`));
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

    // Nothing matches: a sentence, and no empty table.
    await page.goto("/admin/audit?from=2099-01-01");
    await expect(page.getByRole("status")).toHaveText("No changes match these filters.");
    await expect(page.getByRole("table")).toHaveCount(0);

    // A link that makes no sense is a 400 naming each problem.
    const bad = await page.goto("/admin/audit?type=Stock!&person=me&from=2026-02-30&to=2026-01-01&page=0");
    expect(bad!.status()).toBe(400);
    for (const problem of ["What changed must be chosen from the list", "Person must be chosen from the list", "From is not a real date", "Page must be between 1 and 10000"]) {
      await expect(page.getByRole("listitem").filter({ hasText: problem })).toHaveCount(1);
    }
    const unknown = await page.goto("/admin/audit?type=gift_card");
    expect(unknown!.status()).toBe(400);
    await expect(page.getByText("Nothing of the kind “gift_card” is in the audit log.")).toBeVisible();
  });
});
