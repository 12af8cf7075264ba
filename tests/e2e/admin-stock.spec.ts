import type { Locator } from "@playwright/test";
import { signIn } from "./accounts";
import { expect, test } from "./fixtures";

const SKU = "KR-NTB-003-ONI";

/** On hand, reserved and available in the warehouse columns of a variant's row (the list filtered to the warehouse). */
async function warehouseNumbers(row: Locator) {
  const cells = row.getByRole("cell");
  return { onHand: Number(await cells.nth(3).textContent()), reserved: Number(await cells.nth(4).textContent()), available: Number(await cells.nth(5).textContent()) };
}

test("staff find a piece by SKU, receive stock with a reason, see the ledger, and are stopped from going below zero", async ({ page }) => {
  await signIn(page, "staff", "/admin/stock");
  await expect(page.getByRole("heading", { level: 1, name: "Stock" })).toBeVisible();

  const filters = page.getByRole("search", { name: "Filter stock" });
  await filters.getByLabel("Product or SKU").fill(SKU);
  await filters.getByLabel("Location").selectOption({ label: "Jakarta warehouse" });
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(new RegExp(`q=${SKU}`));
  const table = page.getByRole("region", { name: "Stock levels" }).getByRole("table");
  const row = table.getByRole("row").filter({ has: page.getByRole("link", { name: `Stock history for SKU ${SKU}` }) });
  await expect(row).toHaveCount(1);
  const before = await warehouseNumbers(row);
  expect(before.onHand).toBeGreaterThan(0);

  const adjust = page.getByRole("form", { name: "Adjust stock", exact: true });
  await expect(adjust.getByLabel("SKU")).toHaveValue(SKU);
  await adjust.getByLabel("Location").selectOption({ label: "Jakarta warehouse" });
  await adjust.getByLabel("Change by (+/−)").check();
  await adjust.getByLabel("Quantity", { exact: true }).fill("+5");
  await adjust.getByLabel("Reason").selectOption({ label: "Received from producer" });
  await adjust.getByLabel("Note").fill("Batch from Gili Rejo");
  await adjust.getByRole("button", { name: "Save adjustment" }).click();
  await expect(adjust.getByRole("status")).toHaveText(
    `Received ${SKU} at Jakarta warehouse: on hand ${before.onHand} → ${before.onHand + 5}, ${before.available + 5} available.`,
  );
  await expect(row.getByRole("cell").nth(3)).toHaveText(String(before.onHand + 5));
  await expect(row.getByRole("cell").nth(5)).toHaveText(String(before.available + 5));

  // Taking more than is available is refused with the numbers, and nothing changes.
  await adjust.getByLabel("Quantity", { exact: true }).fill("-999");
  await adjust.getByLabel("Reason").selectOption({ label: "Damaged" });
  await adjust.getByRole("button", { name: "Save adjustment" }).click();
  await expect(adjust.getByRole("alert")).toHaveText(
    `Can't remove 999: only ${before.available + 5} available (${before.onHand + 5} on hand, ${before.reserved} reserved). Nothing was changed.`,
  );
  await expect(adjust.getByLabel("Quantity", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(row.getByRole("cell").nth(3)).toHaveText(String(before.onHand + 5));

  // "Other" needs a note saying why.
  await adjust.getByLabel("Quantity", { exact: true }).fill("-1");
  await adjust.getByLabel("Reason").selectOption({ label: "Other" });
  await adjust.getByLabel("Note").fill("");
  await adjust.getByRole("button", { name: "Save adjustment" }).click();
  await expect(adjust.getByRole("alert")).toHaveText("Nothing was changed: fix the fields marked below.");
  await expect(adjust.getByLabel("Note")).toHaveAttribute("aria-invalid", "true");
  await expect(adjust.getByText("Add a note saying why when the reason is Other")).toBeVisible();

  // The variant's page shows the receipt in its ledger, and counts set the number on the shelf.
  await row.getByRole("link", { name: `Stock history for SKU ${SKU}` }).click();
  await expect(page).toHaveURL(/\/admin\/stock\/\d+$/);
  const ledger = page.getByRole("region", { name: "Movements" }).getByRole("row");
  await expect(ledger.nth(1)).toContainText("Receipt");
  await expect(ledger.nth(1)).toContainText("+5");
  await expect(ledger.nth(1)).toContainText("Received from producer: Batch from Gili Rejo");
  await expect(ledger.nth(1)).toContainText("Dewi Lestari");

  const count = page.getByRole("form", { name: `Adjust stock for SKU ${SKU}` });
  await count.getByLabel("Set counted quantity").check();
  await count.getByLabel("Quantity", { exact: true }).fill(String(before.onHand + 3));
  await count.getByLabel("Reason").selectOption({ label: "Count correction" });
  await count.getByLabel("Note").fill("Stocktake shelf C");
  await count.getByRole("button", { name: "Save adjustment" }).click();
  await expect(count.getByRole("status")).toHaveText(`Adjusted ${SKU} at Jakarta warehouse: on hand ${before.onHand + 5} → ${before.onHand + 3}, ${before.available + 3} available.`);
  await expect(ledger.nth(1)).toContainText(`Count correction (counted ${before.onHand + 3}): Stocktake shelf C`);
  await expect(ledger.nth(1)).toContainText("−2");
  const warehouse = page.getByRole("region", { name: "Stock by location" }).getByRole("row", { name: /Jakarta warehouse/ });
  await expect(warehouse.getByRole("cell").first()).toHaveText(String(before.onHand + 3));
});

test("bad filters get a 400 page that says what is wrong", async ({ page }) => {
  await signIn(page, "staff", "/admin/stock");
  const response = await page.goto("/admin/stock?page=0&location=nowhere");
  expect(response?.status()).toBe(400);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("We couldn't read that request");
  await expect(page.getByText("Page must be between 1 and 1000")).toBeVisible();
  expect((await page.goto("/admin/stock/abc"))?.status()).toBe(400);
  expect((await page.goto("/admin/stock/999999"))?.status()).toBe(404);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the filters and the adjustment form still work", async ({ page }) => {
    await signIn(page, "staff", "/admin/stock");
    const filters = page.getByRole("search", { name: "Filter stock" });
    await filters.getByLabel("Product or SKU").fill("KR-BSK-002-M");
    await filters.getByRole("checkbox", { name: /Low stock only/ }).uncheck();
    await filters.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/q=KR-BSK-002-M/);

    const adjust = page.getByRole("form", { name: "Adjust stock", exact: true });
    await adjust.getByLabel("Quantity", { exact: true }).fill("-1");
    await adjust.getByLabel("Reason").selectOption({ label: "Sample or gift" });
    await adjust.getByRole("button", { name: "Save adjustment" }).click();
    await expect(page.getByRole("status")).toContainText("Adjusted KR-BSK-002-M at Jakarta warehouse");

    // A mistake comes back with what was typed still in the form.
    await adjust.getByLabel("Quantity", { exact: true }).fill("lots");
    await adjust.getByLabel("Reason").selectOption({ label: "Lost" });
    await adjust.getByRole("button", { name: "Save adjustment" }).click();
    await expect(page.getByRole("alert")).toHaveText("Nothing was changed: fix the fields marked below.");
    await expect(adjust.getByLabel("Quantity", { exact: true })).toHaveValue("lots");
    await expect(adjust.getByLabel("Reason")).toHaveValue("lost");
  });

  test("reloading the page after saving, which sends the form again, does not adjust twice", async ({ page }) => {
    await signIn(page, "staff", "/admin/stock?q=KR-BSK-002-L");
    await page.getByRole("link", { name: "Stock history for SKU KR-BSK-002-L" }).click();
    const warehouse = page.getByRole("region", { name: "Stock by location" }).getByRole("row", { name: /Jakarta warehouse/ });
    const cells = warehouse.getByRole("cell");
    const onHand = Number(await cells.nth(0).textContent());
    const reserved = Number(await cells.nth(1).textContent());

    const adjust = page.getByRole("form", { name: "Adjust stock for SKU KR-BSK-002-L" });
    await adjust.getByLabel("Quantity", { exact: true }).fill("+2");
    await adjust.getByLabel("Reason").selectOption({ label: "Returned to stock" });
    const posts: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST") posts.push(request.url());
    });
    await adjust.getByRole("button", { name: "Save adjustment" }).click();
    await expect(page.getByRole("status")).toContainText(`on hand ${onHand} → ${onHand + 2}`);

    await page.reload();
    expect(posts).toHaveLength(2);
    await expect(page.getByRole("status")).toHaveText(`Already saved, so nothing more was changed. Adjusted KR-BSK-002-L at Jakarta warehouse: on hand ${onHand} → ${onHand + 2}, ${onHand + 2 - reserved} available.`);
    await expect(cells.nth(0)).toHaveText(String(onHand + 2));
    await page.goto(page.url());
    await expect(page.getByRole("region", { name: "Movements" }).getByRole("row").filter({ hasText: "Returned to stock" })).toHaveCount(1);
  });
});
