import { signIn } from "./accounts";
import { expect, test } from "./fixtures";

const mailbox = { Authorization: `Bearer ${process.env.KRIYA_TEST_MAILBOX_TOKEN}` };

test("the importer accepts a sent quote on a phone, pays the deposit through the demo checkout, and sees it paid with each group's progress", async ({ browser, request }) => {
  test.setTimeout(90_000);
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await phone.newPage();
  await signIn(page, "importer", "/wholesale/quotes");
  // The seeded Nordlys quote that is sent and waiting for an answer.
  const card = page.locator(".quote-card", { has: page.getByText("Ready for you") }).first();
  const quoteNumber = (await card.locator(".quote-card-number").textContent())!.trim();
  await card.locator(".quote-card-number").click();
  await page.getByRole("form", { name: "Accept the quote" }).getByRole("button", { name: "Accept quote" }).click();
  await expect(page).toHaveURL(/\/wholesale\/orders\/WO-\d{2}-[A-Z0-9]{8}$/);
  const orderNumber = new URL(page.url()).pathname.split("/").pop()!;
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Order ${orderNumber}`);
  await expect(page.getByText("Waiting for your deposit")).toBeVisible();
  await expect(page.getByRole("link", { name: quoteNumber }).first()).toBeVisible();
  // One card per making group, with where it works and its steps; the first step is done.
  const groups = page.locator(".order-group");
  expect(await groups.count()).toBeGreaterThan(0);
  const firstSteps = groups.first().getByRole("list", { name: /^Progress at / });
  await expect(firstSteps.getByRole("listitem").first()).toHaveAttribute("aria-current", "step");
  await expect(groups.first().getByRole("link", { name: /^B-\d{2}-/ })).toBeVisible();
  await expect(page.getByRole("link", { name: `Proforma invoice ${quoteNumber} (PDF)` })).toBeVisible();
  await expect(page.locator("body")).not.toContainText("Commercial invoice");
  const confirm = await request.get(`/dev/emails/latest?to=${encodeURIComponent("buyer@importer.example")}`, { headers: mailbox });
  expect(((await confirm.json()) as { subject: string }).subject).toContain(`Order ${orderNumber} confirmed`);

  await page.getByRole("button", { name: /^Pay the deposit of / }).click();
  await expect(page).toHaveURL(new RegExp(`/wholesale/orders/${orderNumber}/deposit-demo$`));
  await expect(page.getByRole("note")).toContainText("Demo checkout");
  await page.getByRole("button", { name: /\(demo\)$/ }).click();
  await expect(page).toHaveURL(new RegExp(`/wholesale/orders/${orderNumber}$`));
  await expect(page.getByText(/paid by card on \d{4}-\d{2}-\d{2}/)).toBeVisible();
  await expect(page.getByRole("button", { name: /^Pay the deposit of / })).toHaveCount(0);
  const width = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(width.scroll).toBeLessThanOrEqual(width.inner);

  // Someone else's order number is a 404, not a peek.
  const response = await page.goto("/wholesale/orders/WO-26-ZZZZZZZZ");
  expect(response?.status()).toBe(404);
  await expect(page.getByText("There is no order with that number on your account.")).toBeVisible();
  await phone.close();
});

test("staff record a bank transfer with its proof on an order awaiting its deposit, after a wrong amount is refused", async ({ page }) => {
  await signIn(page, "staff", "/admin/wholesale-orders");
  const row = page.getByRole("row", { name: /Southern Cross/ }).filter({ hasText: "due" }).first();
  await row.getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: "Record a bank transfer" })).toBeVisible();
  const form = page.getByRole("form", { name: "Record a bank transfer" });
  const option = (await form.getByLabel("For", { exact: true }).locator("option").first().textContent())!;
  const due = /\((.+)\)/.exec(option)![1]!.replace(/[^\d.]/g, "");

  await form.getByLabel(/^Amount received/).fill("1.00");
  await form.getByLabel("Bank reference").fill("ANZ 7781 2290");
  await form.getByRole("button", { name: "Record the transfer" }).click();
  await expect(page.getByRole("alert")).toContainText("The deposit due is");
  await expect(page.getByText("Nothing received yet.")).toBeVisible();

  const again = page.getByRole("form", { name: "Record a bank transfer" });
  await again.getByLabel(/^Amount received/).fill(due);
  await again.getByLabel("Bank reference").fill("ANZ 7781 2290");
  await again.getByLabel(/^Proof/).setInputFiles({ name: "anz-slip.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n% transfer slip\n") });
  await again.getByRole("button", { name: "Record the transfer" }).click();
  await expect(page.getByRole("status").first()).toContainText("Recorded the deposit");
  const payments = page.getByRole("region", { name: "Payments received" });
  await expect(payments.getByRole("row", { name: /deposit/ })).toContainText("ANZ 7781 2290");
  const proofLink = payments.getByRole("link", { name: /^Proof of the deposit received / });
  const proof = await page.request.get((await proofLink.getAttribute("href"))!);
  expect(proof.status()).toBe(200);
  expect(proof.headers()["content-type"]).toBe("application/pdf");
  expect((await proof.body()).toString()).toContain("transfer slip");
  // The deposit now reads as paid by transfer. The order's own status has moved on from awaiting its deposit
  // (to "deposit paid", or "in production" when a group started first: the advance is not held back for it).
  await expect(page.getByText(/^Paid: .+ \(bank transfer\)$/)).toBeVisible();
  await expect(page.locator(".admin-heading .badge")).not.toHaveText("awaiting deposit");
});
