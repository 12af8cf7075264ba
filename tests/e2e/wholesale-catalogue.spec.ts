import type { Page } from "@playwright/test";
import { signIn } from "./accounts";
import { expect, test, waitForHydration } from "./fixtures";

const basketProduct = "Sekar Water Hyacinth Storage Basket";

/** Filters the catalogue to the Sekar basket's group on Java, through the plain GET form. */
async function filterToSekar(page: Page) {
  const filters = page.getByRole("form", { name: "Filter and sort" });
  // On a phone the filters sit behind a disclosure.
  const disclosure = page.locator(".filters-disclosure > summary");
  if (await disclosure.isVisible()) await disclosure.click();
  await filters.getByLabel("Island").selectOption("Java");
  await filters.getByRole("checkbox", { name: "Enceng Rawa Pening Weavers" }).check();
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/island=Java/);
  await expect(page).toHaveURL(/producer=enceng-rawa-pening/);
  const cards = page.getByRole("list", { name: "Wholesale pieces" }).getByRole("listitem");
  await expect(cards.first()).toBeVisible();
  for (const maker of await cards.locator(".product-card-maker").allTextContents()) expect(maker).toContain("Enceng Rawa Pening Weavers");
  return cards.filter({ hasText: basketProduct });
}

/** Types quantities per size on the product page and adds them to the quote basket. */
async function addSizes(page: Page, sizes: Record<string, string>) {
  const form = page.getByRole("form", { name: "Add to quote basket" });
  for (const [size, quantity] of Object.entries(sizes)) await form.getByLabel(size).fill(quantity);
  await form.getByRole("button", { name: "Add to quote basket" }).click();
}

test.describe("the wholesale catalogue", () => {
  test("an approved importer filters, fills a carton by mixing sizes, and asks for a CIF quote", async ({ page }) => {
    await signIn(page, "importer", "/wholesale");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, Hanna");
    await expect(page.getByRole("heading", { level: 2, name: "The wholesale catalogue" })).toBeVisible();
    await waitForHydration(page);
    const card = await filterToSekar(page);
    // The card says the tier price, the product-level rules and the lead time before anyone asks.
    await expect(card).toContainText("from US$13.10 / piece");
    await expect(card).toContainText("MOQ 12 · cartons of 6");
    await expect(card.getByText(/Lead time about \d+ days/)).toBeVisible();
    await card.getByText(/Lead time about/).click();
    await expect(card.getByText(/Enceng Rawa Pening Weavers makes 150 a week by water hyacinth weaving/)).toBeVisible();

    await card.getByRole("link", { name: basketProduct }).click();
    await expect(page).toHaveURL(/\/wholesale\/products\/sekar-water-hyacinth-storage-basket$/);
    await expect(page.getByRole("heading", { name: "Who makes this" })).toBeVisible();
    await expect(page.getByText(/Mix colours and sizes to reach 12 pieces and fill cartons of 6/)).toBeVisible();
    await expect(page.getByRole("table", { name: /Tier prices/ })).toContainText("US$14.55");

    // Eight pieces are short of the minimum: kept in the basket, with the hint on the page.
    await addSizes(page, { Small: "4", Medium: "4" });
    await expect(page.getByRole("alert")).toContainText("Mix colours to reach 12 pieces: you have 8");
    await expect(page.getByRole("form", { name: "Add to quote basket" }).getByLabel("Small")).toHaveValue("4");
    await addSizes(page, { Large: "4" });
    await expect(page.getByRole("status").filter({ hasText: "Your quote basket holds 12 pieces" })).toBeVisible();

    await page.getByRole("navigation", { name: "Wholesale" }).getByRole("link", { name: /Quote basket/ }).click();
    await expect(page).toHaveURL(/\/wholesale\/basket$/);
    await expect(page.getByText("Meets the minimum in whole cartons.")).toBeVisible();
    await expect(page.getByText(/Indicative: staff confirm prices in the quote/)).toBeVisible();
    // 4 × 14.55 + 4 × 19.75 + 4 × 27.05, each at its 12-piece tier because the sizes count together.
    await expect(page.locator(".totals")).toContainText("US$245.40");

    const request = page.getByRole("form", { name: "Ask for a quote" });
    await request.getByLabel(/CIF to your port/).check();
    await request.getByRole("button", { name: "Ask for the quote" }).click();
    await expect(page.getByRole("form", { name: "Ask for a quote" }).getByRole("alert")).toContainText("Name the destination port for CIF");
    await page.getByRole("form", { name: "Ask for a quote" }).getByLabel("Destination port (for CIF)").fill("Oslo");
    await page.getByRole("form", { name: "Ask for a quote" }).getByLabel("Notes (optional)").fill("Nested sets, please.");
    await page.getByRole("form", { name: "Ask for a quote" }).getByRole("button", { name: "Ask for the quote" }).click();
    await expect(page).toHaveURL(/\/wholesale\/quotes\/WQ-\d{2}-[A-Z0-9]{8}$/);
    // The importer's quote page (helper B's) shows the new quote and carries the notice across the redirect.
    const number = /WQ-\d{2}-[A-Z0-9]{8}$/.exec(page.url())![0];
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Quote ${number}`);
    await expect(page.getByRole("status").filter({ hasText: `Quote ${number} is requested` })).toBeVisible();

    // The basket was emptied by the request.
    await page.goto("/wholesale/basket");
    await expect(page.getByRole("heading", { name: "Nothing here yet" })).toBeVisible();
  });

  test("the catalogue fits a phone: a 390 px screenshot with nothing sticking out sideways", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, "importer", "/wholesale");
    // Something in the basket, so its lines and request form are on the phone screenshot too.
    await page.goto("/wholesale/products/sekar-water-hyacinth-storage-basket");
    await addSizes(page, { Small: "6", Medium: "6" });
    await expect(page.getByRole("status").filter({ hasText: "Your quote basket holds 12 pieces" })).toBeVisible();
    for (const path of ["/wholesale", "/wholesale/products/sekar-water-hyacinth-storage-basket", "/wholesale/basket"]) {
      await page.goto(path);
      await page.screenshot({ path: `test-results/wholesale-catalogue${path.replace(/\//g, "-")}-390.png`, fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto("/wholesale");
    await page.screenshot({ path: "test-results/wholesale-catalogue-1280.png", fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("filters, adds to the basket, updates it and asks for a FOB quote", async ({ page }) => {
    await signIn(page, "importer", "/wholesale");
    const card = await filterToSekar(page);
    await card.getByRole("link", { name: basketProduct }).click();
    await addSizes(page, { Small: "6", Medium: "5" });
    await expect(page.getByRole("alert")).toContainText("Mix colours to reach 12 pieces: you have 11");
    // A quantity that is not a whole number is refused by the server with the message on its field.
    await addSizes(page, { Small: "2.5" });
    await expect(page.getByRole("form", { name: "Add to quote basket" }).getByText("Whole pieces only")).toBeVisible();

    await page.goto("/wholesale/basket");
    await page.getByLabel(`Quantity of ${basketProduct}, Medium`).fill("6");
    await page.getByRole("button", { name: "Update quantities" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Quantities updated." })).toBeVisible();
    await expect(page.getByText("Meets the minimum in whole cartons.")).toBeVisible();
    const request = page.getByRole("form", { name: "Ask for a quote" });
    await expect(request.getByLabel(/FOB Jakarta/)).toBeChecked();
    await request.getByRole("button", { name: "Ask for the quote" }).click();
    await expect(page).toHaveURL(/\/wholesale\/quotes\/WQ-\d{2}-[A-Z0-9]{8}$/);
  });
});
