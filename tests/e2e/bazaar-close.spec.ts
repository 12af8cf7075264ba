import { mkdirSync } from "node:fs";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { monotonicFactory } from "ulid";
import { IDR_DENOMINATIONS } from "~/domain/bazaar/close-of-day";
import { signIn } from "./accounts";
import { jakartaToday, openEventWithStock } from "./bazaar-event";

const shots = "/tmp/shots-h4";
const ulid = monotonicFactory();

type Piece = { variantId: number; bazaarPriceMinor: number };

/** Posts a till's batch the way the till does, as the signed-in bazaar user. */
async function sync(request: APIRequestContext, body: { deviceId: string; deviceLabel: string; eventId: number; issuedSeq: number; pendingCount: number; sales: unknown[] }) {
  const response = await request.post("/pos/sync", { data: body });
  expect(response.status(), await response.text()).toBe(200);
}

const sale = (deviceSeq: number, piece: Piece, paymentMethod: "cash" | "qris" | "card", quantity = 1) => {
  const totalMinor = piece.bazaarPriceMinor * quantity;
  return {
    clientSaleId: ulid(),
    deviceSeq,
    soldAt: new Date().toISOString(),
    paymentMethod,
    paymentReference: paymentMethod === "cash" ? "" : `REF-${deviceSeq}`,
    offline: paymentMethod === "qris",
    lines: [{ variantId: piece.variantId, quantity, unitPriceMinor: piece.bazaarPriceMinor }],
    totalMinor,
    ...(paymentMethod === "cash" ? { tenderedMinor: totalMinor + 2_000_000, changeMinor: 2_000_000 } : {}),
    receiptPrinciple: ((deviceSeq - 1) % 10) + 1,
  };
};

/** Notes and coins making up `amountMinor`, largest first, as someone counting a drawer would stack them. */
function drawerFor(amountMinor: number): Map<number, number> {
  const drawer = new Map<number, number>();
  let left = amountMinor;
  for (const d of IDR_DENOMINATIONS) {
    const pieces = Math.floor(left / d);
    if (pieces) drawer.set(d, pieces);
    left -= pieces * d;
  }
  expect(left).toBe(0);
  return drawer;
}

async function shoot(page: Page, name: string) {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${shots}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("a bazaar user closes the day across two tills, once the second has synced, and must explain a short count", async ({ browser, page }) => {
  test.setTimeout(120_000);
  mkdirSync(shots, { recursive: true });
  const event = await openEventWithStock(browser, { name: `Bazar Tutup Hari ${Date.now().toString(36)}`, pieces: 2, quantity: 4 });
  const today = jakartaToday();
  await signIn(page, "bazaar", `/admin/events/${event.id}/close`);

  const catalog = (await (await page.request.get(`/pos/catalog/${event.id}`)).json()) as { pieces: (Piece & { onHand: number })[] };
  const [first, second] = catalog.pieces.filter((p) => p.onHand > 0);
  const tillA = `e2e-till-a-${Date.now()}`;
  const tillB = `e2e-till-b-${Date.now()}`;
  await sync(page.request, { deviceId: tillA, deviceLabel: "Kasir 1", eventId: event.id, issuedSeq: 3, pendingCount: 0, sales: [sale(1, first!, "cash", 2), sale(2, second!, "qris"), sale(3, first!, "card", 3)] });
  // Five of the first piece sold where four arrived: one sold beyond stock, for staff to reconcile.
  // Till B has rung up a sale it has not sent yet.
  await sync(page.request, { deviceId: tillB, deviceLabel: "Kasir 2", eventId: event.id, issuedSeq: 1, pendingCount: 1, sales: [] });

  await page.getByRole("link", { name: `Close ${today}` }).click();
  await expect(page.getByRole("heading", { name: `Close of ${today}` })).toBeVisible();
  await expect(page.getByText("1 sale waits on the till to sync.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "A supervisor must close this day" })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Close / })).toHaveCount(0);

  // Till B's second sale arrives but its first does not: the number is missing, and the close stays blocked.
  await sync(page.request, { deviceId: tillB, deviceLabel: "Kasir 2", eventId: event.id, issuedSeq: 2, pendingCount: 0, sales: [sale(2, second!, "card")] });
  await page.reload();
  await expect(page.getByText("Missing sale number: 1.")).toBeVisible();
  await expect(page.getByText(/^The close is blocked: a till still holds sales or misses sale numbers/)).toBeVisible();
  await expect(page.getByRole("button", { name: /^Close / })).toHaveCount(0);

  await sync(page.request, { deviceId: tillB, deviceLabel: "Kasir 2", eventId: event.id, issuedSeq: 2, pendingCount: 0, sales: [sale(1, second!, "cash")] });
  await page.reload();
  const form = page.getByRole("form", { name: `Close ${today}` });
  await expect(form).toBeVisible();
  await expect(page.locator(".till-ok")).toHaveCount(2);

  const cashSales = first!.bazaarPriceMinor * 2 + second!.bazaarPriceMinor;
  const totals = page.getByRole("definition").filter({ hasText: "Rp" });
  await expect(totals.first()).toBeVisible();
  const floatText = await form.getByLabel("Opening float (Rp)").inputValue();
  const floatMinor = Number(floatText.replace(/\D/g, "") || "0") * 100;
  // A Rp 1.000 note short of the expected cash.
  const drawer = drawerFor(floatMinor + cashSales - 100_000);
  for (const [denomination, pieces] of drawer) {
    const label = (await page.locator(`label[for="close-count_${denomination}"]`).innerText()).trim();
    await form.getByLabel(label, { exact: true }).fill(String(pieces));
  }
  await expect(form.locator(".close-balance")).toContainText("Short Rp 1.000");
  await shoot(page, "close-form");

  await form.getByRole("button", { name: `Close ${today}` }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Say why in the notes" })).toBeVisible();
  const again = page.getByRole("form", { name: `Close ${today}` });
  await again.getByLabel("Notes", { exact: true }).fill("Rp 1.000 too much change given to one buyer.");
  await again.getByRole("button", { name: `Close ${today}` }).click();

  await expect(page.getByRole("status")).toHaveText(`${today} is closed.`);
  await expect(page.locator(".close-stamp")).toContainText("Short Rp 1.000");
  await expect(page.getByRole("row", { name: new RegExp(`${today}.*Closed`) })).toBeVisible();
  await shoot(page, "close-done");

  await page.getByRole("navigation", { name: "Event pages" }).getByRole("link", { name: "Sales" }).click();
  await expect(page.locator('dl[aria-label="Totals"] dt').first()).toHaveText("5 sales · 8 pieces");
  await expect(page.getByRole("table", { name: /Sales by hour/ }).or(page.getByRole("region", { name: "Sales by hour" }))).toBeVisible();
  await shoot(page, "sales");

  await page.getByRole("link", { name: "Reconciliation" }).click();
  await expect(page.getByRole("heading", { name: /QRIS to verify/ })).toBeVisible();
  // The till user sees what waits, but settling it is for staff.
  await expect(page.getByRole("button", { name: "Mark verified" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Resolve" })).toHaveCount(0);

  const office = await browser.newContext();
  const staff = await office.newPage();
  try {
    await signIn(staff, "staff", `/admin/events/${event.id}/reconciliation`);
    await expect(staff.getByText("1 sold beyond stock")).toBeVisible();
    await shoot(staff, "reconciliation");
    const task = staff.getByRole("form", { name: /^Resolve the shortfall of / });
    await task.getByLabel("How it was settled").fill("Counted four on arrival; the fifth was in the display basket.");
    await task.getByLabel(/^Write off/).check();
    await task.getByRole("button", { name: "Resolve" }).click();
    await expect(staff.getByRole("status")).toHaveText("Task resolved; 1 written back at the event.");
    await expect(staff.getByText("Nothing was sold beyond stock.")).toBeVisible();

    const qris = staff.getByRole("form", { name: "Verify QRIS payments" });
    await qris.getByLabel(/reference REF-2, Kasir 1 sale #2$/).check();
    await qris.getByRole("button", { name: "Mark verified" }).click();
    await expect(staff.getByRole("status")).toHaveText("1 QRIS sale marked verified.");
    await expect(staff.getByText("Every QRIS payment is verified.")).toBeVisible();
  } finally {
    await office.close();
  }
});

test("the sample World Fair Trade Day reads as a finished event: both days closed, one short, and what is left to settle", async ({ page }) => {
  mkdirSync(shots, { recursive: true });
  await signIn(page, "staff", "/admin/events");
  await page.getByRole("link", { name: "World Fair Trade Day 2026" }).click();
  await page.getByRole("navigation", { name: "Event pages" }).getByRole("link", { name: "Close of day" }).click();
  const days = page.getByRole("table").first();
  await expect(days.getByText("Closed", { exact: true })).toHaveCount(2);
  await expect(days.getByText("Short Rp 2.000")).toBeVisible();
  // What remained has already gone back and been received: the page links that transfer and offers no second one.
  await expect(page.getByRole("link", { name: "Send the remaining stock back to the warehouse" })).toHaveCount(0);
  await expect(page.locator(".close-return")).toHaveText(/^What remained went back to the warehouse in transfer TR-[\w-]+, received there\.$/);
  await expect(page.locator(".close-return").getByRole("link", { name: /^transfer TR-/ })).toHaveAttribute("href", /^\/admin\/events\/\d+\/transfers\/\d+$/);
  await days.getByRole("link").last().click();
  await expect(page.locator(".close-facts")).toContainText("change for a Rp 100.000 note was given twice");
  await shoot(page, "sample-close");

  await page.getByRole("navigation", { name: "Event pages" }).getByRole("link", { name: "Sales" }).click();
  await expect(page.getByRole("region", { name: "Sales by hour" }).getByRole("row")).not.toHaveCount(1);
  await shoot(page, "sample-sales");

  await page.getByRole("navigation", { name: "Event pages" }).getByRole("link", { name: "Reconciliation" }).click();
  await expect(page.getByRole("form", { name: /^Resolve the shortfall of / })).toHaveCount(1);
  await expect(page.getByRole("form", { name: "Verify QRIS payments" }).getByRole("checkbox")).toHaveCount(1);
  await expect(page.getByRole("form", { name: /^Resolve set-aside sale / })).toHaveCount(1);
  await shoot(page, "sample-reconciliation");
});
