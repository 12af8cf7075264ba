import { mkdirSync } from "node:fs";
import type { Page } from "@playwright/test";
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
  await receipt.getByRole("group", { name: "Lebar kertas" }).getByRole("button", { name: "80 mm" }).click();
  await expect(paper).toHaveAttribute("data-paper", "80");
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
  const saleIds = await page.evaluate(
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
  await office.close();

  // The same till at a tablet held upright and at a phone.
  for (const width of [768, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 1024 });
    await tiles.nth(0).click();
    await tiles.nth(1).click();
    await page.screenshot({ path: `${shots}/floor-${width}.png` });
    await cart.getByRole("button", { name: "Bayar" }).click();
    await sheet.getByRole("group", { name: "Uang cepat" }).getByRole("button").nth(1).click();
    await expect(sheet.getByRole("status", { name: "Kembalian" })).toHaveText(/^Rp\s/);
    await page.screenshot({ path: `${shots}/cash-${width}.png` });
    await sheet.getByRole("button", { name: "Batal" }).click();
    await cart.getByRole("button", { name: "Kosongkan" }).click();
    await expect(cart.getByText("Ketuk barang untuk menambahkannya.")).toBeVisible();
  }
  // The cart and pay button fit without sideways scrolling at every width.
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
});
