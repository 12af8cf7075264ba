import { monotonicFactory } from "ulid";
import { signIn } from "./accounts";
import { expect, test } from "./fixtures";

/** The sync endpoint behind the real server's request guard, and the receipt a buyer opens on a phone. */

const nextUlid = monotonicFactory();

function sale(variantId: number, deviceSeq: number, options: { paymentReference?: string } = {}) {
  return {
    clientSaleId: nextUlid(),
    deviceSeq,
    soldAt: new Date().toISOString(),
    paymentMethod: "card",
    paymentReference: options.paymentReference ?? "",
    offline: false,
    lines: [{ variantId, quantity: 2, unitPriceMinor: 17_500_000 }],
    totalMinor: 35_000_000,
    receiptPrinciple: ((deviceSeq - 1) % 10) + 1,
  };
}

test("the request guard answers an oversized sync 413 and a form-encoded one 415, before any sale is read", async ({ request }) => {
  const huge = JSON.stringify({ deviceId: "till-e2e-huge", eventId: 1, issuedSeq: 0, pendingCount: 0, sales: [], padding: "x".repeat(2 * 1024 * 1024 + 10) });
  const tooLarge = await request.post("/pos/sync", { data: huge, headers: { "content-type": "application/json" } });
  expect(tooLarge.status()).toBe(413);

  const form = await request.post("/pos/sync", { form: { deviceId: "till-e2e-form" } });
  expect(form.status()).toBe(415);
  expect(await form.text()).toMatch(/application\/json/);

  const anonymous = await request.post("/pos/sync", { data: { deviceId: "till-e2e-anon", eventId: 1, issuedSeq: 0, pendingCount: 0, sales: [] }, maxRedirects: 0 });
  expect(anonymous.status()).toBe(401);
  expect(anonymous.headers()["cache-control"]).toBe("no-store");
  expect((await anonymous.json()) as { error: string }).toEqual({ error: expect.stringMatching(/Sign in/) });
});

test("a synced sale's receipt opens on a phone: the pieces, who made them and the principle, never the reference", async ({ page }) => {
  await signIn(page, "staff", "/admin/events");
  const created = await page.request.post("/admin/events/new", {
    form: { name: "Pasar Kriya Senayan", venue: "Plaza Senayan", city: "Jakarta", startsOn: "2026-12-01", endsOn: "2026-12-02", openingFloat: "300.000", slug: `pasar-kriya-e2e-${Date.now()}` },
    maxRedirects: 0,
  });
  expect(created.status()).toBe(302);
  const eventId = Number(/\/admin\/events\/(\d+)/.exec(created.headers()["location"] ?? "")?.[1]);
  expect(eventId).toBeGreaterThan(0);

  await page.goto("/shop");
  await page.locator(".product-card-link").first().click();
  const variantId = Number(await page.locator('input[name="variantId"]').first().getAttribute("value"));
  const pieceTitle = (await page.getByRole("heading", { level: 1 }).textContent())!.trim();

  const bought = sale(variantId, 7, { paymentReference: "EDC-4471-SECRET" });
  const synced = await page.request.post("/pos/sync", { data: { deviceId: `till-e2e-${Date.now()}`, deviceLabel: "Meja depan", eventId, issuedSeq: 7, pendingCount: 0, sales: [bought] } });
  expect(synced.status()).toBe(200);
  expect(await synced.json()).toMatchObject({ recorded: 1, outcomes: [{ clientSaleId: bought.clientSaleId, status: "recorded" }] });

  await page.setViewportSize({ width: 390, height: 844 });
  const response = await page.goto(`/receipt/${bought.clientSaleId}`);
  expect(response?.status()).toBe(200);
  expect(response?.headers()["x-robots-tag"]).toBe("noindex");
  expect(response?.headers()["cache-control"]).toBe("private, max-age=300");
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", "noindex");
  const receipt = page.getByRole("article", { name: "Pasar Kriya Senayan" });
  await expect(receipt.getByRole("link", { name: pieceTitle })).toBeVisible();
  await expect(receipt.getByText("2 × Rp 175.000")).toBeVisible();
  await expect(receipt.getByText("Rp 350.000").first()).toBeVisible();
  await expect(receipt.getByText("Card", { exact: true })).toBeVisible();
  await expect(receipt.getByRole("heading", { name: "Fair Trade principle 7 of 10: Good working conditions" })).toBeVisible();
  const maker = receipt.locator(".receipt-maker a");
  await expect(maker).toHaveAttribute("href", /^\/producers\/[a-z0-9-]+$/);
  await expect(page.locator("body")).not.toContainText("EDC-4471-SECRET");
  // Phone-first: nothing wider than the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: "test-results/receipt-390.png", fullPage: true });

  await maker.click();
  await expect(page).toHaveURL(/\/producers\/[a-z0-9-]+$/);

  const notSynced = await page.goto(`/receipt/${nextUlid()}`);
  expect(notSynced?.status()).toBe(404);
  // Not remembered as missing: the same link must work once the till has synced.
  expect(notSynced?.headers()["cache-control"]).toBe("no-store");
  await expect(page.getByRole("heading", { name: "Your receipt is on its way" })).toBeVisible();
  await expect(page.getByText("This receipt appears once the stall's till has synced.")).toBeVisible();
  await page.screenshot({ path: "test-results/receipt-missing-390.png", fullPage: true });
  expect((await page.goto("/receipt/not-a-receipt"))?.status()).toBe(404);
});
