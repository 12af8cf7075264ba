import type { APIRequestContext, Locator, Page } from "@playwright/test";
import { signIn } from "./accounts";
import { expect, test, waitForHydration } from "./fixtures";

/**
 * Issue 11's journey in one go, through the real pages: a new importer applies, staff approve, the importer asks for
 * a CIF quote, staff price and send it, the importer accepts and pays the deposit (demo checkout), staff pay the
 * group's advance, produce, pass QC, pay the balance and receive the goods, and the importer sees every step.
 */

const mailbox = { Authorization: `Bearer ${process.env.KRIYA_TEST_MAILBOX_TOKEN}` };
type Email = { subject: string; text: string };
const product = { title: "Sekar Water Hyacinth Storage Basket", slug: "sekar-water-hyacinth-storage-basket", maker: "Enceng Rawa Pening Weavers" };
const port = "Rotterdam";
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Waits for the latest email to `to` to have a subject matching `subject` (the outbox drains right after the request). */
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

/** On hand at the Jakarta warehouse for each size of the basket, read from the back-office stock list. */
async function onHandBySize(staff: Page, sizes: string[]) {
  await staff.goto("/admin/stock");
  const filters = staff.getByRole("search", { name: "Filter stock" });
  await filters.getByLabel("Product or SKU").fill(product.title);
  await filters.getByLabel("Location").selectOption({ label: "Jakarta warehouse" });
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(staff).toHaveURL(/q=Sekar/);
  const rows = staff.getByRole("region", { name: "Stock levels" }).getByRole("table").getByRole("row");
  const result: Record<string, number> = {};
  for (const size of sizes) {
    const row = rows.filter({ has: staff.getByRole("cell", { name: size, exact: true }) });
    await expect(row).toHaveCount(1);
    // Product, variant, SKU, then on hand / reserved / available at the one location.
    const onHand = (await row.getByRole("cell").nth(3).textContent())!.trim();
    result[size] = onHand === "—" ? 0 : Number(onHand);
    expect(Number.isInteger(result[size]), `on hand of ${size}: ${onHand}`).toBe(true);
  }
  return result;
}

/** Submits one step form of a production order and waits for its notice. */
async function step(staff: Page, form: string, button: string, notice: string, fill?: (f: Locator) => Promise<void>) {
  const f = staff.getByRole("form", { name: form });
  if (fill) await fill(f);
  await f.getByRole("button", { name: button }).click();
  await expect(staff.getByRole("status").filter({ hasText: notice })).toBeVisible();
}

test("an importer applies, is approved, asks for a CIF quote, accepts it and pays the deposit; staff pay the group, produce, pass QC and receive; the importer sees each step", async ({ page, browser, request }) => {
  test.setTimeout(180_000);
  const run = Date.now();
  const email = `ingrid.${run}@havnhandel.example`;
  const company = `Havn Handel ApS ${run}`;
  const password = "a harbour trading password";

  // Staff work in a browser of their own; its console must stay as clean as the importer's.
  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  const staffErrors: string[] = [];
  staff.on("console", (msg) => {
    if (msg.type() === "error" && !/status of (400|404|409)/.test(msg.text())) staffErrors.push(msg.text());
  });
  staff.on("pageerror", (err) => staffErrors.push(err.message));

  // 1. A new importer applies.
  await page.goto("/wholesale/apply");
  await waitForHydration(page);
  const application = page.getByRole("form", { name: "Wholesale application" });
  await application.getByLabel("Company name").fill(company);
  await application.getByLabel("Country", { exact: true }).selectOption("DK");
  await application.getByLabel("Tax or VAT number").fill("DK 87 65 43 21");
  await application.getByLabel("Contact name").fill("Ingrid Holm");
  await application.getByLabel("Email", { exact: true }).fill(email);
  await application.getByLabel("Phone", { exact: true }).fill("+45 70 20 30 40");
  await application.getByLabel("Expected annual purchases").selectOption("US$20,000–50,000");
  await application.getByRole("checkbox", { name: /Kriya may contact me/ }).check();
  await application.getByRole("button", { name: "Send the application" }).click();
  await expect(page).toHaveURL(/\/wholesale\/apply\/thanks$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thank you for applying");
  await emailTo(request, email, /We have your wholesale application/);

  // 2. Staff approve; the importer sets a password from the welcome email and signs in.
  await signIn(staff, "staff", "/admin/importers");
  await staff.getByRole("link", { name: company }).click();
  await expect(staff.getByRole("heading", { level: 1 })).toHaveText(company);
  await staff.getByRole("form", { name: "Approve" }).getByRole("button", { name: "Approve" }).click();
  await expect(staff.getByRole("status").first()).toContainText("Approved");
  const welcome = await emailTo(request, email, /wholesale account is ready/);
  const link = new URL(/https?:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]{43}/.exec(welcome.text)![0]);
  await page.goto(link.pathname + link.search);
  await page.getByLabel("New password", { exact: true }).fill(password);
  await page.getByLabel("Repeat the new password").fill(password);
  await page.getByRole("button", { name: "Save the new password" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await signIn(page, { email, password }, "/wholesale");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, Ingrid");
  await expect(page.getByRole("heading", { name: "The wholesale catalogue" })).toBeVisible();
  await expect(page.getByText(company)).toBeVisible();

  // 3. The importer browses to the basket, mixes two sizes to fill whole cartons, and asks for a CIF quote.
  await waitForHydration(page);
  const filters = page.getByRole("form", { name: "Filter and sort" });
  await filters.getByRole("checkbox", { name: product.maker }).check();
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/producer=enceng-rawa-pening/);
  const card = page.getByRole("list", { name: "Wholesale pieces" }).getByRole("listitem").filter({ hasText: product.title });
  await expect(card).toContainText("MOQ 12 · cartons of 6");
  await expect(card.getByText(/Lead time about \d+ days/)).toBeVisible();
  await card.getByRole("link", { name: product.title }).click();
  await expect(page).toHaveURL(new RegExp(`/wholesale/products/${product.slug}$`));
  const add = page.getByRole("form", { name: "Add to quote basket" });
  await add.getByLabel("Small").fill("6");
  await add.getByLabel("Medium").fill("6");
  await add.getByRole("button", { name: "Add to quote basket" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your quote basket holds 12 pieces" })).toBeVisible();

  await page.getByRole("navigation", { name: "Wholesale" }).getByRole("link", { name: /Quote basket/ }).click();
  await expect(page).toHaveURL(/\/wholesale\/basket$/);
  await expect(page.getByText("Meets the minimum in whole cartons.")).toBeVisible();
  const ask = page.getByRole("form", { name: "Ask for a quote" });
  await ask.getByLabel(/CIF to your port/).check();
  await ask.getByLabel("Destination port (for CIF)").fill(port);
  await ask.getByLabel("Notes (optional)").fill("Our first order: one pallet to the Rotterdam warehouse.");
  await ask.getByRole("button", { name: "Ask for the quote" }).click();
  await expect(page).toHaveURL(/\/wholesale\/quotes\/WQ-\d{2}-[A-Z0-9]{8}$/);
  const quoteNumber = new URL(page.url()).pathname.split("/").pop()!;
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Quote ${quoteNumber}`);
  await emailTo(request, "wholesale@kriya.example", new RegExp(`Quote request ${quoteNumber} from ${company}`));

  // Staff price it from the prefilled tier prices, set freight, validity and lead time, save and send.
  await staff.goto(`/admin/quotes/${quoteNumber}`);
  await expect(staff.getByRole("heading", { level: 1 })).toHaveText(quoteNumber);
  const pricing = staff.getByRole("form", { name: "Price the quote" });
  const prices = pricing.getByRole("textbox", { name: /^Unit price for / });
  await expect(prices).toHaveCount(2);
  // Each line's price starts at its tier price (the Tier price column).
  const lineRows = pricing.getByRole("row").filter({ has: staff.getByRole("textbox", { name: /^Unit price for / }) });
  await expect(lineRows).toHaveCount(2);
  for (const row of await lineRows.all()) {
    const tier = (await row.getByRole("cell").nth(1).textContent())!.replace(/[^\d.]/g, "");
    expect(tier).toMatch(/^\d+\.\d{2}$/);
    await expect(row.getByRole("textbox", { name: /^Unit price for / })).toHaveValue(tier);
  }
  await expect(pricing.getByLabel("Lead time (days)")).toHaveValue(/^\d+$/);
  await pricing.getByLabel(`Freight to ${port} (US$)`).fill("85.00");
  await pricing.getByLabel("Valid until").fill(inDays(30));
  await pricing.getByLabel("Lead time (days)").fill("70");
  await pricing.getByRole("button", { name: "Save as new version" }).click();
  await expect(staff.getByRole("status").first()).toContainText("Saved as version 1");
  await staff.getByRole("form", { name: "Send to importer" }).getByRole("button", { name: "Send to importer" }).click();
  await expect(staff.getByRole("status").first()).toContainText("Version 1 is sent");
  await emailTo(request, email, new RegExp(`quote ${quoteNumber} is ready`));

  // The importer sees the sent quote and accepts it.
  await page.reload();
  await expect(page.getByText("Ready for your answer.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Version 1" })).toBeVisible();
  await expect(page.locator("body")).toContainText(port);
  await expect(page.locator("body")).toContainText("$85.00");
  await page.getByRole("form", { name: "Accept the quote" }).getByRole("button", { name: "Accept quote" }).click();
  await expect(page).toHaveURL(/\/wholesale\/orders\/WO-\d{2}-[A-Z0-9]{8}$/);
  const orderNumber = new URL(page.url()).pathname.split("/").pop()!;
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Order ${orderNumber}`);
  await expect(page.getByText("Waiting for your deposit")).toBeVisible();
  await emailTo(request, email, new RegExp(`Order ${orderNumber} confirmed`));

  // 4. The deposit, through the labelled demo checkout.
  await page.getByRole("button", { name: /^Pay the deposit of / }).click();
  await expect(page).toHaveURL(new RegExp(`/wholesale/orders/${orderNumber}/deposit-demo$`));
  await expect(page.getByRole("note")).toContainText("Demo checkout");
  await page.getByRole("button", { name: /\(demo\)$/ }).click();
  await expect(page).toHaveURL(new RegExp(`/wholesale/orders/${orderNumber}$`));
  await expect(page.getByText(/paid by card on \d{4}-\d{2}-\d{2}/)).toBeVisible();
  await expect(page.getByText("Deposit received")).toBeVisible();
  await expect(page.getByRole("button", { name: /^Pay the deposit of / })).toHaveCount(0);
  // The basket is made by one group, so the order has one production order.
  const progress = page.getByRole("list", { name: `Progress at ${product.maker}` });
  await expect(page.getByRole("list", { name: /^Progress at / })).toHaveCount(1);
  await expect(progress.locator("li[aria-current=step]")).toContainText("Order placed with the group");

  /** After each staff step the importer reloads their order and sees the group at that step. */
  async function importerSeesStep(label: string) {
    await page.reload();
    await expect(progress.locator("li[aria-current=step]")).toContainText(label);
  }

  // 5. Staff open the order's production order and take it through every step.
  await staff.goto(`/admin/wholesale-orders/${orderNumber}`);
  await expect(staff.getByRole("heading", { level: 1 })).toHaveText(orderNumber);
  const productionRows = staff.getByRole("region", { name: "Production orders" }).getByRole("row").filter({ has: staff.getByRole("link", { name: /^PO-/ }) });
  await expect(productionRows).toHaveCount(1);
  await expect(productionRows).toContainText(product.maker);
  const productionLink = productionRows.getByRole("link", { name: /^PO-/ });
  const productionNumber = (await productionLink.textContent())!.trim();
  const stockBefore = await onHandBySize(staff, ["Small", "Medium"]);

  await staff.goto(`/admin/production/${productionNumber}`);
  await expect(staff.getByRole("heading", { level: 1, name: productionNumber })).toBeVisible();
  const advance = staff.getByRole("form", { name: "Record the advance" });
  await expect(advance.getByLabel("Amount (Rp)")).toHaveValue(/^[\d.,]+$/);
  await step(staff, "Record the advance", "Record advance", "Advance recorded", (f) => f.getByLabel("Reference").fill(`BRI ${run}`));
  await importerSeesStep("Advance paid to the group");

  await step(staff, "Start production", "Start production", "Production started");
  await importerSeesStep("In production");

  const inspected = await staff.getByRole("form", { name: "Record QC" }).getByLabel("Pieces inspected").inputValue();
  expect(inspected).toBe("12");
  await step(staff, "Record QC", "Record inspection", "Inspection recorded", (f) => f.getByLabel("Pieces passed").fill(inspected));
  await importerSeesStep("Quality check passed");

  await step(staff, "Record the balance", "Record balance", "Balance recorded", (f) => f.getByLabel("Reference").fill(`BRI ${run}-2`));
  await importerSeesStep("Balance paid to the group");

  await step(staff, "Receive the goods", "Receive goods", "Goods received into the warehouse");
  await expect(staff.getByText("Nothing left to do on this order.")).toBeVisible();
  await importerSeesStep("Received at our Jakarta warehouse");

  // The six of each size are on hand at the warehouse now.
  const stockAfter = await onHandBySize(staff, ["Small", "Medium"]);
  expect(stockAfter).toEqual({ Small: stockBefore.Small! + 6, Medium: stockBefore.Medium! + 6 });

  // 6. The batch link opens the public page that names who made it.
  const batch = page.getByRole("link", { name: /^B-\d{2}-[A-Z0-9]{6}$/ });
  const batchCode = (await batch.textContent())!.trim();
  await batch.click();
  await expect(page).toHaveURL(new RegExp(`/batch/${batchCode}$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`Made by ${product.maker}`);
  await expect(page.getByRole("listitem").filter({ hasText: "Received at our warehouse" })).not.toContainText("not yet");
  await expect(page.getByRole("list", { name: "The pieces" })).toContainText("6 ×");

  await staffContext.close();
  expect(staffErrors, "staff console errors").toEqual([]);
});
