import { mkdir } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { signIn } from "./accounts";
import { jakartaToday } from "./bazaar-event";
import { expect, test } from "./fixtures";
import { qrCodeSvg } from "~/utils/qr-code.server";

const shots = "/tmp/shots-h1";

/** A phone and a desktop screenshot of the page as it is now, to look at. */
async function screenshots(page: Page, name: string) {
  await mkdir(shots, { recursive: true });
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${shots}/${name}-${width}.png`, fullPage: true });
  }
  // The phone's screens one by one, readable at full size.
  await page.setViewportSize({ width: 390, height: 844 });
  for (const screen of [0, 1, 2]) {
    await page.evaluate((y) => window.scrollTo(0, y), 150 + screen * 800);
    await page.screenshot({ path: `${shots}/${name}-390-screen${screen + 1}.png` });
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Whether an element is laid out when the page is printed. */
async function printed(page: Page, selector: string) {
  await page.emulateMedia({ media: "print" });
  const shown = await page.locator(selector).first().evaluate((el) => getComputedStyle(el).display !== "none");
  await page.emulateMedia({ media: "screen" });
  return shown;
}

test("staff create an event and send stock; the bazaar user receives it with a difference; the packing list and price tags print", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const today = jakartaToday();
  const name = `Bazaar Kemang ${Date.now().toString(36)}`;
  await signIn(page, "staff", "/admin/events");
  await page.getByRole("link", { name: "New event" }).click();

  const details = page.getByRole("form", { name: "Event details" });
  // A last day before the first is refused on the form, and nothing is made.
  await details.getByLabel("Name", { exact: true }).fill(name);
  await details.getByLabel("Venue").fill("Kemang Village");
  await details.getByLabel("First day").fill(today);
  await details.getByLabel("Last day").fill("2020-01-01");
  await details.getByLabel("Opening float").fill("Rp 500.000");
  await details.getByRole("button", { name: "Create event" }).click();
  await expect(page.getByText("The last day can't be before the first day")).toBeVisible();
  await details.getByLabel("Last day").fill(today);
  await details.getByRole("button", { name: "Create event" }).click();
  await expect(page).toHaveURL(/\/admin\/events\/\d+$/);
  const id = Number(/\/admin\/events\/(\d+)$/.exec(page.url())![1]);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Event pages" }).getByRole("link", { name: "Overview" })).toHaveClass(/active/);
  await expect(page.getByRole("form", { name: "Event details" }).getByLabel("Opening float")).toHaveValue("500000");

  await page.getByRole("link", { name: "Send stock" }).click();
  const send = page.getByRole("form", { name: "Pieces to send" });
  // The first two pieces the warehouse holds at least three of (the sample bazaars hold some of the others).
  const rows = send.getByRole("row").filter({ has: page.getByRole("spinbutton", { name: /^Quantity of .* to send$/ }) });
  await expect(rows.first()).toBeVisible();
  const wanted = ["3", "2"];
  for (let index = 0; wanted.length && index < (await rows.count()); index++) {
    const row = rows.nth(index);
    if (Number(await row.getByRole("cell").nth(2).innerText()) < 3) continue;
    await row.getByRole("spinbutton").fill(wanted.shift()!);
  }
  expect(wanted).toEqual([]);
  await send.getByRole("button", { name: "Send stock" }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/events/${id}/transfers/\\d+$`));
  await expect(page.getByRole("status")).toContainText("is on its way");
  const transferUrl = new URL(page.url()).pathname;
  const code = (await page.locator("h2 .transfer-code").textContent())!.trim();
  expect(code).toMatch(/^TR-\d{2}-[A-Z0-9]{8}$/);

  // The packing list: the code as text and QR, a tick box per line, and only the sheet when printed.
  await page.getByRole("link", { name: "Packing list" }).click();
  await expect(page.getByRole("img", { name: `QR code for transfer ${code}` }).locator("svg")).toBeVisible();
  await expect(page.locator(".packing-table tbody tr")).toHaveCount(2);
  await expect(page.getByRole("img", { name: "Box to tick on arrival" })).toHaveCount(2);
  await expect(page.getByText("Received by (name, date)")).toBeVisible();
  expect(await printed(page, ".admin-nav")).toBe(false);
  expect(await printed(page, ".site-header")).toBe(false);
  expect(await printed(page, ".event-nav")).toBe(false);
  expect(await printed(page, ".packing-table")).toBe(true);
  await screenshots(page, "packing-list");

  // The bazaar user receives: one piece short, which needs a reason.
  const stall = await browser.newContext();
  const bazaar = await stall.newPage();
  try {
    await signIn(bazaar, "bazaar", "/admin/events");
    // The dashboard is staff's: the bazaar role's back office starts at its events.
    await bazaar.goto("/admin");
    await expect(bazaar).toHaveURL(/\/admin\/events$/);
    await expect(bazaar.getByRole("link", { name: "New event" })).toHaveCount(0);
    await expect(bazaar.getByRole("navigation", { name: "Back office sections" }).getByRole("link")).toHaveText(["Events", "Till"]);
    await bazaar.goto(transferUrl);
    const receive = bazaar.getByRole("form", { name: "Receive this transfer" });
    const arrived = receive.getByRole("spinbutton", { name: /^Arrived of / });
    // Each line starts at what was sent.
    const prefilled = await arrived.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect([...prefilled].sort()).toEqual(["2", "3"]);
    const line = prefilled.indexOf("3");
    await arrived.nth(line).fill("2");
    await receive.getByRole("button", { name: "Receive" }).click();
    await expect(bazaar.getByRole("alert")).toContainText("Say why 1 of");
    await expect(arrived.nth(line)).toHaveValue("2");
    await receive.getByRole("textbox", { name: /^Reason for a difference/ }).nth(line).fill("One cracked on the toll road");
    await receive.getByRole("button", { name: "Receive" }).click();
    await expect(bazaar.getByRole("status")).toContainText("Received 4 pieces, with 1 difference noted.");
    await expect(bazaar.getByText("1 short: One cracked on the toll road")).toBeVisible();
    await screenshots(bazaar, "transfer-received");
  } finally {
    await stall.close();
  }

  await page.goto(`/admin/events/${id}`);
  await expect(page.getByRole("region", { name: "Stock at the event" }).locator("tbody tr")).toHaveCount(2);
  await expect(page.getByRole("region", { name: "Transfers of this event" }).getByRole("row", { name: new RegExp(code) })).toContainText("Received");
  await screenshots(page, "event-overview");

  // Price tags: one per piece on hand, each with its price in rupiah and a QR code to the piece's story.
  await page.getByRole("navigation", { name: "Event pages" }).getByRole("link", { name: "Tags" }).click();
  await expect(page).toHaveURL(`/admin/events/${id}/tags`);
  const tags = page.locator(".price-tag");
  await expect(tags).toHaveCount(4);
  await expect(tags.first().locator(".price-tag-price")).toHaveText(/^Rp\s?[\d.]+$/);
  await expect(page.getByRole("img", { name: /^QR code to the story of / }).first().locator("svg")).toBeVisible();
  // Each code holds its piece's product page at the shop's public address (PUBLIC_URL; here the e2e server's
  // origin): the drawn modules are exactly those the QR library draws for that address, and the page is there.
  const codes = page.getByRole("img", { name: /^QR code to the story of / });
  for (let index = 0; index < (await codes.count()); index++) {
    const code = codes.nth(index);
    const target = (await code.getAttribute("data-qr-text")) ?? "";
    expect(target).toMatch(new RegExp(`^${new URL(page.url()).origin}/products/[a-z0-9-]+$`));
    const drawn = await code.locator("svg path").evaluateAll((paths) => paths.map((path) => path.getAttribute("d")));
    const expected = [...(await qrCodeSvg(target)).matchAll(/ d="([^"]+)"/g)].map((m) => m[1]);
    expect(expected.join("").length).toBeGreaterThan(100);
    expect(drawn).toEqual(expected);
    expect((await page.request.get(new URL(target).pathname)).status(), target).toBe(200);
  }
  const tagBox = await tags.first().boundingBox();
  // 50 × 30 mm at 96 px to the inch.
  expect(Math.round(tagBox!.width)).toBe(189);
  expect(Math.round(tagBox!.height)).toBe(113);
  expect(await printed(page, ".admin-nav")).toBe(false);
  expect(await printed(page, ".print-toolbar")).toBe(false);
  expect(await printed(page, ".tag-grid")).toBe(true);
  await page.getByLabel("Tags to print").selectOption("one");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(tags).toHaveCount(2);
  await screenshots(page, "tags");

  await page.goto("/admin/events");
  await expect(page.getByRole("region", { name: "Events coming up" }).getByRole("row", { name: new RegExp(name) })).toContainText("4");
  await screenshots(page, "events-list");
});
