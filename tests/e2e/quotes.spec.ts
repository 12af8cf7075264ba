import type { APIRequestContext, Page } from "@playwright/test";
import { signIn } from "./accounts";
import { expect, test } from "./fixtures";

const mailbox = { Authorization: `Bearer ${process.env.KRIYA_TEST_MAILBOX_TOKEN}` };
const importerEmail = "buyer@importer.example";

async function latestSubject(request: APIRequestContext, to: string, subject: RegExp) {
  await expect
    .poll(async () => {
      const response = await request.get(`/dev/emails/latest?to=${encodeURIComponent(to)}`, { headers: mailbox });
      return response.status() === 200 ? ((await response.json()) as { subject: string }).subject : "";
    }, { timeout: 15_000 })
    .toMatch(subject);
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function expectNoSidewaysScroll(page: Page) {
  const width = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(width.scroll).toBeLessThanOrEqual(width.inner);
}

test("staff price a quote (one line below cost, with a reason), send it, the importer asks for changes, staff send version 2, and the importer reads both and opens the proforma", async ({ page, browser, request }) => {
  test.setTimeout(120_000);
  // The seeded Nordlys request (FOB Jakarta, not yet priced).
  await signIn(page, "staff", "/admin/quotes?status=requested&q=Nordlys");
  const link = page.getByRole("region", { name: "Quote list" }).getByRole("link").first();
  const number = (await link.textContent())!.trim();
  await link.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(number);

  const pricing = page.getByRole("form", { name: "Price the quote" });
  const firstPrice = pricing.getByRole("textbox", { name: /^Unit price for / }).first();
  await expect(firstPrice).not.toHaveValue("");
  await firstPrice.fill("0.10");
  await pricing.getByLabel("Valid until").fill(inDays(30));
  await pricing.getByLabel("Lead time (days)").fill("63");
  await pricing.getByRole("button", { name: "Save as new version" }).click();
  await expect(page.getByRole("alert")).toContainText("below the producer's cost");
  // Nothing was saved: the quote is still requested.
  await expect(page.locator(".admin-heading .badge")).toHaveText("requested");

  const again = page.getByRole("form", { name: "Price the quote" });
  await again.getByRole("textbox", { name: /^Unit price for / }).first().fill("0.10");
  await again.getByRole("checkbox", { name: "Price below cost" }).first().check();
  await again.getByRole("textbox", { name: /^Reason for pricing .* below cost$/ }).first().fill("Samples for the Bergen shop window");
  await again.getByRole("button", { name: "Save as new version" }).click();
  await expect(page.getByRole("status").first()).toContainText("Saved as version 1");
  await page.getByRole("form", { name: "Send to importer" }).getByRole("button", { name: "Send to importer" }).click();
  await expect(page.getByRole("status").first()).toContainText("Version 1 is sent");
  await latestSubject(request, importerEmail, new RegExp(`quote ${number} is ready`));

  // The importer, on a phone.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const importer = await phone.newPage();
  await signIn(importer, "importer", "/wholesale/quotes");
  await importer.getByRole("link", { name: number }).click();
  await expect(importer.getByRole("heading", { level: 1 })).toHaveText(`Quote ${number}`);
  await expect(importer.getByText("Ready for your answer.")).toBeVisible();
  await expect(importer.getByText("Deposit due on acceptance")).toBeVisible();
  await expect(importer.locator("body")).not.toContainText("Samples for the Bergen");
  await expect(importer.locator("body")).not.toContainText("Producer cost");
  const changes = importer.getByRole("form", { name: "Ask for changes" });
  await changes.getByLabel("What would you like changed?").fill("Could the second line come a little cheaper for 24 pieces?");
  await changes.getByRole("button", { name: "Ask for changes" }).click();
  await expect(importer.getByRole("status").first()).toContainText("we'll price it again");
  await latestSubject(request, "wholesale@kriya.example", new RegExp(`asks for changes to quote ${number}`));

  // Staff re-price: version 2, sent again.
  await page.reload();
  await expect(page.locator(".admin-heading .badge")).toHaveText("changes requested");
  await expect(page.locator(".quote-thread")).toContainText("a little cheaper");
  const v2 = page.getByRole("form", { name: "Price the quote" });
  const secondPrice = v2.getByRole("textbox", { name: /^Unit price for / }).nth(1);
  const cents = Math.round(Number(await secondPrice.inputValue()) * 100) - 25;
  await secondPrice.fill((cents / 100).toFixed(2));
  await v2.getByRole("button", { name: "Save as new version" }).click();
  await expect(page.getByRole("status").first()).toContainText("Saved as version 2");
  await page.getByRole("form", { name: "Send to importer" }).getByRole("button", { name: "Send to importer" }).click();
  await expect(page.getByRole("status").first()).toContainText("Version 2 is sent");
  await page.getByText(/^Version 1:/).click();
  await expect(page.locator("details.quote-version").last()).toContainText("Samples for the Bergen shop window");
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: "test-results/quote-pricing-1280.png", fullPage: true });

  // The importer sees version 2 and can still read version 1, and opens the proforma.
  await importer.reload();
  await expect(importer.getByRole("heading", { name: "Version 2" })).toBeVisible();
  await importer.getByText(/^Version 1:/).click();
  await expect(importer.getByRole("region", { name: "Lines of version 1" })).toContainText("$0.10");
  await expectNoSidewaysScroll(importer);
  await importer.screenshot({ path: "test-results/quote-importer-390.png", fullPage: true });
  const href = await importer.getByRole("link", { name: "Proforma invoice (PDF)" }).getAttribute("href");
  expect(href).toBe(`/wholesale/quotes/${number}/proforma.pdf`);
  const pdf = await importer.request.get(href!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect(pdf.headers()["content-disposition"]).toBe(`inline; filename="proforma-${number}.pdf"`);
  expect((await pdf.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  await phone.close();
});
