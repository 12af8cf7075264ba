import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { signIn } from "./accounts";
import { expect, test } from "./fixtures";

/** Submits one step form of the production order page and waits for the page it redirects back to. */
async function step(page: Page, form: string, button: string, fill?: (f: ReturnType<Page["getByRole"]>) => Promise<void>) {
  const f = page.getByRole("form", { name: form });
  if (fill) await fill(f);
  await f.getByRole("button", { name: button }).click();
}

test("staff pay the advance, produce, fail QC, rework, pass, pay the balance and receive; the overview, CSV and batch page show it", async ({ page }) => {
  await signIn(page, "staff", "/admin/production?status=draft");
  const rows = page.getByRole("region", { name: "Production orders", exact: true }).getByRole("row");
  await expect(rows.nth(1)).toBeVisible();
  // The last draft in the list, so other journeys that take the first one don't meet this one.
  const link = page.getByRole("region", { name: "Production orders", exact: true }).locator("tbody th a").last();
  const number = (await link.textContent())!.trim();
  await link.click();
  await expect(page.getByRole("heading", { level: 1, name: number })).toBeVisible();
  const status = page.locator(".admin-heading .badge");
  await expect(status).toHaveText("Draft");

  // A wrong amount is refused on the form, and nothing moves.
  await step(page, "Record the advance", "Record advance", async (f) => {
    await f.getByLabel("Amount (Rp)").fill("1000");
    await f.getByLabel("Reference").fill("BRI 55120");
  });
  await expect(page.getByRole("alert")).toContainText("The advance for this order is Rp");
  await expect(status).toHaveText("Draft");

  await page.goto(`/admin/production/${number}`);
  await step(page, "Record the advance", "Record advance", async (f) => {
    await f.getByLabel("Method").selectOption("bank_transfer");
    await f.getByLabel("Reference").fill("BRI 55120");
  });
  await expect(page.getByRole("status").filter({ hasText: "Advance recorded" })).toBeVisible();
  await expect(status).toHaveText("Advance paid");

  await step(page, "Start production", "Start production");
  await expect(status).toHaveText("In production");

  const inspected = Number(await page.getByRole("form", { name: "Record QC" }).getByLabel("Pieces inspected").inputValue());
  expect(inspected).toBeGreaterThan(1);
  await step(page, "Record QC", "Record inspection", async (f) => {
    await f.getByLabel("Pieces passed").fill(String(inspected - 1));
    await f.getByLabel("Notes").fill("One with a loose handle");
  });
  await expect(status).toHaveText("QC failed (rework)");
  await step(page, "Send to rework", "Send to rework", (f) => f.getByLabel("What to rework").fill("Re-stitch the handle"));
  await expect(status).toHaveText("In production");
  await step(page, "Record QC", "Record inspection", (f) => f.getByLabel("Pieces passed").fill(String(inspected)));
  await expect(status).toHaveText("QC passed");

  await step(page, "Record the balance", "Record balance", async (f) => {
    await f.getByLabel("Method").selectOption("cash");
    await f.getByLabel("Reference").fill("Receipt 0091");
  });
  await expect(status).toHaveText("Balance paid");
  await step(page, "Receive the goods", "Receive goods");
  await expect(status).toHaveText("Received");
  await expect(page.getByText("Nothing left to do on this order.")).toBeVisible();
  const batchCode = (await page.locator(".batch-tag-code").textContent())!.trim();
  await expect(page.getByRole("img", { name: `QR code for batch ${batchCode}` })).toBeVisible();

  await page.goto(`/admin/production?q=${number}`);
  const row = page.getByRole("row").filter({ hasText: number });
  await expect(row).toContainText("Received");
  await expect(row).not.toContainText("Overdue");

  await page.goto("/admin/payouts?status=paid");
  await expect(page.getByRole("region", { name: "Payouts", exact: true }).getByRole("row").filter({ hasText: number })).toHaveCount(2);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^kriya-payouts-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile((await download.path())!, "utf8");
  expect(csv).toContain("state,kind,producer_group,production_order");
  expect(csv.split("\r\n").filter((l) => l.includes(number))).toHaveLength(2);
  expect(csv).toContain("BRI 55120");

  await page.goto(`/batch/${batchCode.toLowerCase()}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Made by");
  await expect(page.getByRole("img", { name: /QR code linking to this page/ })).toBeVisible();
  await expect(page.getByText("Received at our warehouse")).toBeVisible();
  await expect(page.locator("body")).not.toContainText("Rp");
});

test("the overview marks overdue orders in words, and the batch page fits a phone", async ({ page }) => {
  await signIn(page, "staff", "/admin/production");
  const overdue = page.locator("tr.row-overdue");
  if ((await overdue.count()) > 0) await expect(overdue.first()).toContainText("Overdue");
  await page.goto("/admin/production?status=received");
  const code = (await page.getByRole("region", { name: "Production orders", exact: true }).locator("tbody th .muted").first().textContent())!.trim();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/batch/${code}`);
  await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();
  const width = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(width.scroll).toBeLessThanOrEqual(width.inner);
  expect((await page.request.get("/batch/B-26-ZZZZZZ")).status()).toBe(404);
  expect((await page.request.get("/batch/not-a-code")).status()).toBe(404);
});
