import type { APIRequestContext, Page } from "@playwright/test";
import { signIn } from "./accounts";
import { expect, test, waitForHydration } from "./fixtures";

const mailbox = { Authorization: `Bearer ${process.env.KRIYA_TEST_MAILBOX_TOKEN}` };
type Email = { id: number; to: string; subject: string; text: string };

/** Waits for an email to `to` whose subject matches (the outbox drains right after the request, and every few seconds). */
async function emailTo(request: APIRequestContext, to: string, subject: RegExp): Promise<Email> {
  let email: Email | null = null;
  await expect
    .poll(async () => {
      const response = await request.get(`/dev/emails/latest?to=${encodeURIComponent(to)}`, { headers: mailbox });
      email = response.status() === 200 ? ((await response.json()) as Email) : null;
      return email?.subject ?? "";
    }, { timeout: 15_000 })
    .toMatch(subject);
  return email!;
}

async function fillApplication(page: Page, email: string, company: string) {
  const form = page.getByRole("form", { name: "Wholesale application" });
  await form.getByLabel("Company name").fill(company);
  await form.getByLabel("Country", { exact: true }).selectOption("DK");
  await form.getByLabel("Tax or VAT number").fill("DK 12 34 56 78");
  await form.getByLabel("Contact name").fill("Mette Larsen");
  await form.getByLabel("Email", { exact: true }).fill(email);
  await form.getByLabel("Phone", { exact: true }).fill("+45 33 12 34 56");
  await form.getByLabel("Website (optional)").fill("fairkurv.example");
  await form.getByLabel("Expected annual purchases").selectOption("US$20,000–50,000");
  await form.getByRole("checkbox", { name: /Kriya may contact me/ }).check();
  return form;
}

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("an importer applies, staff approve, and the importer sets a password and reaches the wholesale pages", async ({ page, browser, request }) => {
    const email = `mette.${Date.now()}@fairkurv.example`;
    const company = `Fair Kurv ApS ${Date.now()}`;
    await page.goto("/wholesale");
    await page.getByRole("link", { name: "Apply for a wholesale account" }).click();
    await waitForHydration(page);
    const form = await fillApplication(page, email, company);
    await form.getByRole("button", { name: "Send the application" }).click();
    await expect(page).toHaveURL(/\/wholesale\/apply\/thanks$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thank you for applying");
    await emailTo(request, email, /We have your wholesale application/);

    const staff = await browser.newPage();
    await signIn(staff, "staff", "/admin/importers");
    await staff.getByRole("link", { name: company }).click();
    await expect(staff.getByRole("heading", { level: 1 })).toHaveText(company);
    await staff.getByRole("form", { name: "Approve" }).getByRole("button", { name: "Approve" }).click();
    await expect(staff.getByRole("status").first()).toContainText("Approved");
    await staff.close();

    const welcome = await emailTo(request, email, /wholesale account is ready/);
    const link = /https?:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]{43}/.exec(welcome.text)![0];
    await page.goto(new URL(link).pathname + new URL(link).search);
    const password = "a fair kurv password";
    await page.getByLabel("New password", { exact: true }).fill(password);
    await page.getByLabel("Repeat the new password").fill(password);
    await page.getByRole("button", { name: "Save the new password" }).click();
    await expect(page).toHaveURL(/\/login$/);

    await signIn(page, { email, password }, "/wholesale");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, Mette");
    await expect(page.getByText(company)).toBeVisible();
    // The link was single-use.
    await page.goto(new URL(link).pathname + new URL(link).search);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("This link can't be used");
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the application form shows the server's field errors and sends", async ({ page }) => {
    await page.goto("/wholesale/apply");
    // The seeded importer's address is taken: the email field says so.
    let form = await fillApplication(page, "BUYER@importer.example", "Second Try A/S");
    await form.getByRole("button", { name: "Send the application" }).click();
    form = page.getByRole("form", { name: "Wholesale application" });
    await expect(form.getByRole("alert")).toContainText("We already have an application from this email address");
    await expect(form.getByLabel("Email", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expect(form.getByLabel("Company name")).toHaveValue("Second Try A/S");

    await fillApplication(page, `nojs.${Date.now()}@fairkurv.example`, "No Script Handel A/S");
    await form.getByRole("button", { name: "Send the application" }).click();
    await expect(page).toHaveURL(/\/wholesale\/apply\/thanks$/);
    await expect(page.getByRole("heading", { name: "What happens next" })).toBeVisible();
  });
});

test("wholesale pages look like the shop at 390 and 1280 px", async ({ page }) => {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    for (const [name, path] of [["wholesale", "/wholesale"], ["apply", "/wholesale/apply"]] as const) {
      await page.goto(path);
      await page.screenshot({ path: `test-results/w1-${name}-${width}.png`, fullPage: true });
      // Nothing sticks out sideways on a phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    }
  }
  await signIn(page, "staff", "/admin/importers");
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/admin/importers");
    await page.screenshot({ path: `test-results/w1-admin-list-${width}.png`, fullPage: true });
    await page.getByRole("link", { name: "Fairwerk Handelshaus GmbH" }).click();
    await page.screenshot({ path: `test-results/w1-admin-detail-${width}.png`, fullPage: true });
  }
});
