import { mkdirSync } from "node:fs";
import type { Locator, Page } from "@playwright/test";
import QRCode from "qrcode";
import { signIn } from "./accounts";
import { openEventWithStock } from "./bazaar-event";
import { expect, test } from "./fixtures";

/**
 * The till online (issue 12.2): the bazaar login chooses the event, sells with cash (change shown), QRIS and card,
 * the receipt prints a Fair Trade principle and the provenance QR, the outbox drains to 0 waiting, and the back
 * office counts exactly these sales. Screenshots at the three widths the till is designed for go to /tmp/shots-h2a.
 */

const shots = "/tmp/shots-h2a";

/** "Rp 150.000" → 150000 (whole rupiah). */
const rupiahOf = (text: string) => Number(text.replace(/[^\d]/g, ""));

/** The device's last sequence number, as the till keeps it in IndexedDB. */
function seqOf(page: Page) {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open("kriya-pos");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction("meta").objectStore("meta").get("device");
          request.onsuccess = () => {
            open.result.close();
            resolve((request.result as { seq: number }).seq);
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

/** The width in PostScript points of every page of a PDF, read from each page's MediaBox [x0 y0 x1 y1]. */
function pdfPageWidths(pdf: Buffer): number[] {
  return [...pdf.toString("latin1").matchAll(/\/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]/g)].map((m) => Number(m[3]) - Number(m[1]));
}

/** 1 mm in PostScript points (1 in = 72 pt = 25.4 mm). */
const POINTS_PER_MM = 72 / 25.4;

/**
 * What a QR image on the page holds, checked without a decoder: the qrcode library lays out `text` as one module
 * matrix (the same library draws it in the browser), so each module's centre pixel must be dark exactly where
 * the matrix has a dark module. Any other text, or a damaged image, gives another pattern.
 */
async function expectQrHolds(image: Locator, text: string) {
  const symbol = QRCode.create(text, { errorCorrectionLevel: "M" }).modules;
  const expected = Array.from({ length: symbol.size }, (_, row) => Array.from({ length: symbol.size }, (_, col) => (symbol.get(row, col) ? "1" : "0")).join(""));
  const drawn = await image.evaluate(async (img: HTMLImageElement, size: number) => {
    const source = new Image();
    source.src = img.src;
    await source.decode();
    const canvas = document.createElement("canvas");
    canvas.width = source.naturalWidth;
    canvas.height = source.naturalHeight;
    const context = canvas.getContext("2d")!;
    context.drawImage(source, 0, 0);
    // Drawn with a quiet zone of one module on each side (QrImage's margin: 1).
    const cell = canvas.width / (size + 2);
    return Array.from({ length: size }, (_, row) =>
      Array.from({ length: size }, (_, col) => (context.getImageData(Math.floor((col + 1.5) * cell), Math.floor((row + 1.5) * cell), 1, 1).data[0]! < 128 ? "1" : "0")).join(""),
    );
  }, symbol.size);
  expect(drawn).toEqual(expected);
}

/** Every control in `targets` is at least 44 × 44 CSS px (the till's own target is 48, --pos-target). */
async function expectLargeTargets(targets: Locator, what: string) {
  const count = await targets.count();
  expect(count, what).toBeGreaterThan(0);
  for (let index = 0; index < count; index++) {
    const box = await targets.nth(index).boundingBox();
    expect(box, `${what} #${index}`).not.toBeNull();
    expect({ what: `${what} #${index}`, width: box!.width >= 44, height: box!.height >= 44 }).toEqual({ what: `${what} #${index}`, width: true, height: true });
  }
}

/** The page never scrolls sideways: nothing is wider than the viewport. */
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

test("a bazaar seller rings up cash, QRIS and card sales, prints receipts with a principle and a QR, and every sale reaches the back office once", async ({ browser, page }) => {
  test.setTimeout(180_000);
  mkdirSync(shots, { recursive: true });
  const event = await openEventWithStock(browser, { name: `Bazar Kasir ${Date.now()}`, pieces: 4, quantity: 6 });

  await page.setViewportSize({ width: 1024, height: 768 });
  await signIn(page, "bazaar", "/pos");
  await expect(page.getByRole("heading", { name: "Pilih acara" })).toBeVisible();
  await page.screenshot({ path: `${shots}/picker-1024.png` });
  await page.getByRole("button", { name: `Pilih ${event.name}` }).click();

  const catalogue = page.getByRole("region", { name: "Katalog" });
  const cart = page.getByRole("region", { name: "Keranjang" });
  const status = page.getByRole("region", { name: "Status sinkronisasi" });
  const tiles = catalogue.getByRole("button", { name: /^Tambah / });
  await expect(tiles).toHaveCount(4);
  const before = await seqOf(page);

  // Search finds by name and by SKU, and says so when nothing matches.
  const search = catalogue.getByRole("searchbox", { name: "Cari nama atau SKU" });
  const firstName = (await tiles.first().getAttribute("aria-label"))!.replace(/^Tambah /, "");
  const firstSku = (await tiles.first().locator(".pos-tile-sku").innerText()).trim();
  await search.fill(firstSku.toLowerCase());
  await expect(tiles).toHaveCount(1);
  await expect(tiles.first()).toHaveAccessibleName(`Tambah ${firstName}`);
  await search.fill("tidak-ada-barang-ini");
  await expect(catalogue.getByText("Tidak ada barang yang cocok.")).toBeVisible();
  await search.fill("");
  await expect(tiles).toHaveCount(4);

  // 1. Cash: two of one piece and one of another, more cash handed over than the total, the change shown.
  await tiles.nth(0).click();
  await tiles.nth(0).click();
  await tiles.nth(1).click();
  await expect(cart.getByRole("button", { name: `Kurangi satu ${firstName}` })).toBeVisible();
  await cart.getByRole("button", { name: `Tambah satu ${firstName}` }).click();
  await cart.getByRole("button", { name: `Kurangi satu ${firstName}` }).click();
  await expect(cart.getByRole("status", { name: `Jumlah ${firstName}` })).toHaveText("2");
  const total = rupiahOf(await cart.getByTestId("cart-total").innerText());
  expect(total).toBeGreaterThan(0);
  await page.screenshot({ path: `${shots}/floor-1024.png` });

  await cart.getByRole("button", { name: "Bayar" }).click();
  const sheet = page.getByRole("dialog", { name: "Pembayaran" });
  await expect(sheet.getByRole("radio", { name: "Tunai" })).toBeChecked();
  await expect(sheet.getByRole("group", { name: "Uang cepat" }).getByRole("button", { name: "Uang pas" })).toBeVisible();
  const tendered = sheet.getByRole("textbox", { name: "Uang diterima" });
  await tendered.fill(String(total - 1_000));
  await expect(sheet.getByRole("alert")).toHaveText("Uang diterima kurang dari total");
  await expect(sheet.getByRole("button", { name: "Simpan penjualan" })).toBeDisabled();
  await tendered.fill(String(total + 12_345));
  await expect(sheet.getByRole("status", { name: "Kembalian" })).toHaveText(/^Rp\s12\.345$/);
  await page.screenshot({ path: `${shots}/cash-1024.png` });
  await sheet.getByRole("button", { name: "Simpan penjualan" }).click();

  const receipt = page.getByRole("region", { name: "Struk" });
  const paper = receipt.getByRole("article", { name: "Struk" });
  await expect(paper.getByText(/^Rp\s12\.345$/)).toBeVisible();
  await expect(paper.getByText(`Prinsip Fair Trade #${((before % 10) + 1)}`)).toBeVisible();
  const qr = paper.getByRole("img", { name: "Kode QR asal-usul barang yang dibeli" });
  await expect(qr).toHaveAttribute("src", /^data:image\/png;base64,/);
  await expect(paper).toHaveAttribute("data-paper", "58");
  // The QR holds this sale's receipt at the shop's public address (PUBLIC_URL; here the e2e server's own origin),
  // printed under it for a phone that can't scan.
  const [firstSaleId] = await historySaleIds(page);
  expect(firstSaleId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  const receiptUrl = `${new URL(page.url()).origin}/receipt/${firstSaleId}`;
  await expect(qr).toHaveAttribute("data-qr-text", receiptUrl);
  await expectQrHolds(qr, receiptUrl);
  await expect(paper.getByText(receiptUrl.replace(/^http:\/\//, ""), { exact: true })).toBeVisible();

  // Printed, the receipt is a page as wide as the roll: 58 mm, then 80 mm (Chromium's PDF honours @page size).
  const widthOfPrint = async () => pdfPageWidths(await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  const narrow = await widthOfPrint();
  expect(narrow.length).toBeGreaterThan(0);
  // Within a point (Chromium rounds the page to its own pixels): A4 or Letter would be 595 or 612.
  for (const width of narrow) expect(Math.abs(width - 58 * POINTS_PER_MM)).toBeLessThan(1.5);
  await receipt.getByRole("group", { name: "Lebar kertas" }).getByRole("button", { name: "80 mm" }).click();
  await expect(paper).toHaveAttribute("data-paper", "80");
  const wide = await widthOfPrint();
  expect(wide.length).toBeGreaterThan(0);
  for (const width of wide) expect(Math.abs(width - 80 * POINTS_PER_MM)).toBeLessThan(1.5);
  await page.screenshot({ path: `${shots}/receipt-1024.png` });
  await receipt.getByRole("button", { name: "Tampilkan QR" }).click();
  await expect(receipt.getByRole("img", { name: "Kode QR asal-usul barang yang dibeli" }).first()).toBeVisible();
  await receipt.getByRole("button", { name: "Penjualan baru" }).click();
  await expect(receipt).toBeHidden();

  // 2. QRIS: the event's own static code and its merchant, and the reference recorded.
  await tiles.nth(2).click();
  await cart.getByRole("button", { name: "Bayar" }).click();
  await sheet.getByRole("radio", { name: "QRIS" }).check();
  await expect(sheet.getByRole("img", { name: "Kode QRIS Kriya Bazar" })).toHaveAttribute("src", /^data:image\/png;base64,/);
  await sheet.getByRole("textbox", { name: "Referensi QRIS" }).fill("QRIS-778812");
  await page.screenshot({ path: `${shots}/qris-1024.png` });
  await sheet.getByRole("button", { name: "Simpan penjualan" }).click();
  await expect(paper.getByText("Ref: QRIS-778812")).toBeVisible();
  // Online or not, a static QRIS code confirms nothing: the receipt says staff will verify it.
  await expect(paper.getByText("QRIS: menunggu verifikasi staf")).toBeVisible();
  await expect(paper.getByText(`Prinsip Fair Trade #${((before + 1) % 10) + 1}`)).toBeVisible();
  await receipt.getByRole("button", { name: "Penjualan baru" }).click();

  // 3. Card, with the EDC approval code.
  await tiles.nth(3).click();
  await cart.getByRole("button", { name: "Bayar" }).click();
  await sheet.getByRole("radio", { name: "Kartu" }).check();
  await sheet.getByRole("textbox", { name: "Kode persetujuan EDC" }).fill("EDC 004211");
  await sheet.getByRole("button", { name: "Simpan penjualan" }).click();
  await expect(paper.getByText("Bayar: Kartu")).toBeVisible();
  await receipt.getByRole("button", { name: "Penjualan baru" }).click();

  // The outbox drains by itself, and the day's history on the device says each was recorded.
  await expect(status.getByRole("status").filter({ hasText: "0 menunggu sinkron" })).toBeVisible({ timeout: 30_000 });
  await expect(status.getByText(/^Terakhir sinkron /)).toBeVisible();
  expect((await seqOf(page)) - before).toBe(3);
  await page.getByRole("button", { name: "Riwayat" }).click();
  const history = page.getByRole("dialog", { name: "Penjualan hari ini di perangkat ini" });
  await expect(history.getByRole("button", { name: /^Struk / })).toHaveCount(3);
  await expect(history.getByText("Tercatat")).toHaveCount(3);
  await history.getByRole("button", { name: "Tutup" }).click();

  // English on the switch, and back.
  await page.getByRole("group", { name: "Bahasa" }).getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("region", { name: "Cart" }).getByRole("button", { name: "Pay" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Sync status" }).getByRole("status").filter({ hasText: "0 waiting to sync" })).toBeVisible();
  await page.getByRole("group", { name: "Language" }).getByRole("button", { name: "Indonesia" }).click();
  await expect(cart.getByRole("button", { name: "Bayar" })).toBeVisible();

  // The digital receipt behind the QR is there for the buyer, signed in or not.
  const saleIds = await historySaleIds(page);
  expect(saleIds).toHaveLength(3);
  for (const id of saleIds) expect((await page.request.get(`/receipt/${id}`)).status(), id).toBe(200);

  // The back office holds exactly these three sales, one per way of paying.
  const office = await browser.newContext();
  const staff = await office.newPage();
  await signIn(staff, "staff", `/admin/events/${event.id}/sales`);
  const totals = staff.locator('dl[aria-label="Totals"]');
  await expect(totals.locator("dt").first()).toHaveText("3 sales · 5 pieces");
  await expect(totals).toContainText("Cash (1)");
  await expect(totals).toContainText("QRIS (1)");
  await expect(totals).toContainText("Card (1)");
  // The QRIS sale, taken online, waits in the back office to be matched on the merchant's QRIS statement.
  await staff.goto(`/admin/events/${event.id}/reconciliation`);
  await expect(staff.getByRole("heading", { name: /QRIS to verify/ })).toContainText("1");
  await expect(staff.getByRole("form", { name: "Verify QRIS payments" }).getByLabel(/reference QRIS-778812,/)).toBeVisible();
  await expect(staff.getByText(/static QRIS code, so the till never learns whether a payment arrived/)).toBeVisible();
  await office.close();

  // The same till on a tablet held sideways and upright, and at a phone: never a sideways scroll, and at the
  // tablet widths (12.2) every main control is a thumb's target.
  for (const width of [1024, 768, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : width === 768 ? 1024 : 768 });
    const tablet = width >= 768;
    expect(await fitsWidth(page), `empty till at ${width}`).toBe(true);
    await tiles.nth(0).click();
    await tiles.nth(1).click();
    if (width !== 1024) await page.screenshot({ path: `${shots}/floor-${width}.png` });
    expect(await fitsWidth(page), `till with a cart at ${width}`).toBe(true);
    if (tablet) {
      await expectLargeTargets(tiles, `catalogue tile at ${width}`);
      await expectLargeTargets(cart.getByRole("button", { name: /^(Tambah|Kurangi) satu / }), `quantity button at ${width}`);
      await expectLargeTargets(cart.getByRole("button", { name: /^(Bayar|Kosongkan)$/ }), `cart button at ${width}`);
    }
    await cart.getByRole("button", { name: "Bayar" }).click();
    await sheet.getByRole("group", { name: "Uang cepat" }).getByRole("button").nth(1).click();
    await expect(sheet.getByRole("status", { name: "Kembalian" })).toHaveText(/^Rp\s/);
    if (width !== 1024) await page.screenshot({ path: `${shots}/cash-${width}.png` });
    expect(await fitsWidth(page), `payment sheet at ${width}`).toBe(true);
    if (tablet) {
      await expectLargeTargets(sheet.getByRole("radio"), `payment method at ${width}`);
      await expectLargeTargets(sheet.getByRole("group", { name: "Uang cepat" }).getByRole("button"), `quick cash note at ${width}`);
      await expectLargeTargets(sheet.getByRole("button", { name: /^(Simpan penjualan|Batal)$/ }), `sheet button at ${width}`);
    }
    await sheet.getByRole("button", { name: "Batal" }).click();
    await cart.getByRole("button", { name: "Kosongkan" }).click();
    await expect(cart.getByText("Ketuk barang untuk menambahkannya.")).toBeVisible();
  }
});

/** The sale ids in the till's history, straight from its IndexedDB. */
function historySaleIds(page: Page) {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open("kriya-pos");
        open.onsuccess = () => {
          const request = open.result.transaction("history").objectStore("history").getAllKeys();
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result.map(String));
          };
        };
        open.onerror = () => reject(open.error);
      }),
  );
}
