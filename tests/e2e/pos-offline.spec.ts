import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./accounts";
import { openEventWithStock } from "./bazaar-event";

/**
 * The offline journey (12, Tests): the till opened once online keeps selling with no network at all,
 * across reloads and in a fresh tab, and every sale reaches the database exactly once when the network returns.
 * Offline, the browser logs the requests it could not make (net::ERR_INTERNET_DISCONNECTED): those are the point
 * of the test. Only the browser's offline emulation produces that error, and its console message can reach the
 * test after the network is back (CI saw one land just after `setOffline(false)`), so it is allowed throughout;
 * a request that fails while online fails with another net:: error. Any other console error fails the test.
 */

type Watched = { errors: string[] };

function watchConsole(page: Page, watched: Watched) {
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    if (/net::ERR_INTERNET_DISCONNECTED/.test(message.text())) return;
    watched.errors.push(message.text());
  });
  page.on("pageerror", (error) => watched.errors.push(error.message));
}

/** The till's own records (IndexedDB "kriya-pos"), read the way the till reads them. */
function readTill(page: Page) {
  return page.evaluate(
    () =>
      new Promise<{ deviceId: string | null; seq: number; waiting: string[]; catalogs: number; history: string[] }>((resolve, reject) => {
        const open = indexedDB.open("kriya-pos");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(["meta", "outbox", "catalog", "history"]);
          const device = tx.objectStore("meta").get("device");
          const waiting = tx.objectStore("outbox").getAllKeys();
          const catalogs = tx.objectStore("catalog").count();
          const history = tx.objectStore("history").getAllKeys();
          tx.oncomplete = () => {
            db.close();
            const meta = device.result as { deviceId: string; seq: number } | undefined;
            resolve({ deviceId: meta?.deviceId ?? null, seq: meta?.seq ?? 0, waiting: waiting.result.map(String), catalogs: catalogs.result, history: history.result.map(String) });
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

/** Runs in the page: the till's worker is active for /pos and holds the till document. */
async function offlineReady() {
  const registration = await navigator.serviceWorker.getRegistration("/pos");
  return registration?.active?.scriptURL.endsWith("/pos-sw.js") === true && (await caches.match("/pos")) !== undefined;
}

/** Runs in the page: the catalogue's photos within the viewport, and whether each has really loaded. */
function photosOnScreenLoaded() {
  const photos = [...document.querySelectorAll<HTMLImageElement>("[aria-label=Katalog] img")].filter((img) => {
    const box = img.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight && box.width > 0;
  });
  return { onScreen: photos.length, loaded: photos.every((img) => img.complete && img.naturalWidth > 0) };
}

/** The till reopened from the service worker: its catalogue and status bar, not the browser's offline page. */
async function expectTillSelling(page: Page) {
  await expect(page.locator("[data-till-ready=true]")).toBeAttached();
  const catalogue = page.getByRole("region", { name: "Katalog" });
  await expect(catalogue.getByRole("searchbox", { name: "Cari nama atau SKU" })).toBeVisible();
  await expect(catalogue.getByRole("button", { name: /^Tambah / }).first()).toBeVisible();
  return catalogue;
}

const payments = [
  { method: "Tunai" },
  { method: "QRIS", reference: "Referensi QRIS" },
  { method: "Kartu", reference: "Kode persetujuan EDC" },
  { method: "Transfer", reference: "Referensi transfer" },
] as const;

/** One piece, paid the i-th way: cash with change, QRIS, card or transfer with a reference. */
async function sellOne(page: Page, index: number) {
  const catalogue = page.getByRole("region", { name: "Katalog" });
  const tiles = catalogue.getByRole("button", { name: /^Tambah / });
  await tiles.nth(index % (await tiles.count())).click();
  await page.getByRole("region", { name: "Keranjang" }).getByRole("button", { name: "Bayar" }).click();
  const sheet = page.getByRole("dialog", { name: "Pembayaran" });
  const payment = payments[index % payments.length]!;
  await sheet.getByRole("radio", { name: payment.method }).check();
  if ("reference" in payment) {
    await sheet.getByRole("textbox", { name: payment.reference }).fill(`E2E-${index + 1}`);
  } else {
    // The first round-up note above the total: the buyer hands over more, and the till shows the change.
    await sheet.getByRole("group", { name: "Uang cepat" }).getByRole("button").nth(1).click();
    await expect(sheet.getByRole("status", { name: "Kembalian" })).toHaveText(/^Rp\s[1-9]/);
  }
  await sheet.getByRole("button", { name: "Simpan penjualan" }).click();
  const receipt = page.getByRole("region", { name: "Struk" });
  await expect(receipt).toBeVisible();
  await receipt.getByRole("button", { name: "Penjualan baru" }).click();
  await expect(receipt).toBeHidden();
}

test("the web manifest and the service worker are served for installing the till", async ({ request }) => {
  const manifestResponse = await request.get("/pos.webmanifest");
  expect(manifestResponse.status()).toBe(200);
  expect(manifestResponse.headers()["content-type"]).toMatch(/^application\/manifest\+json/);
  const manifest = (await manifestResponse.json()) as { name: string; short_name: string; start_url: string; scope: string; display: string; lang: string; icons: { src: string; sizes: string; purpose: string }[] };
  expect(manifest).toMatchObject({ name: "Kriya Kasir Bazar", short_name: "Kasir", start_url: "/pos", scope: "/pos", display: "standalone", lang: "id" });
  expect(manifest.icons.map((icon) => `${icon.sizes} ${icon.purpose}`).sort()).toEqual(["192x192 any", "192x192 maskable", "512x512 any", "512x512 maskable"]);
  for (const icon of manifest.icons) {
    const png = await request.get(icon.src);
    expect(png.status(), icon.src).toBe(200);
    const body = await png.body();
    // A PNG's width and height sit at bytes 16–23 of its header.
    expect(`${body.readUInt32BE(16)}x${body.readUInt32BE(20)}`, icon.src).toBe(icon.sizes);
  }

  const worker = await request.get("/pos-sw.js");
  expect(worker.status()).toBe(200);
  expect(worker.headers()["content-type"]).toMatch(/javascript/);
  // Checked for a new version on every visit, never kept for an hour like the other static files.
  expect(worker.headers()["cache-control"]).toBe("no-cache");
  const source = await worker.text();
  expect(source).not.toContain("self.__WB_MANIFEST");
  expect(source).toMatch(/assets\/[^"]+\.js/);
});

test("the till sells 20 pieces offline, across reloads and a fresh tab, and the database holds each sale once", async ({ browser, page, context }) => {
  test.setTimeout(300_000);
  const event = await openEventWithStock(browser, { name: `Bazar Luring ${Date.now()}`, pieces: 6, quantity: 4 });
  const watched: Watched = { errors: [] };
  watchConsole(page, watched);

  // 1. Online: the bazaar login opens the till, chooses the event, and waits until it is ready for offline.
  await signIn(page, "bazaar", "/pos");
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", "/pos.webmanifest");
  await page.getByRole("button", { name: `Pilih ${event.name}` }).click();
  await expectTillSelling(page);
  // Reached from the login form, this document began at /login and is never the worker's own; the worker is
  // active for /pos and has been asked to keep a copy of the till.
  await expect(page.getByRole("region", { name: "Status sinkronisasi" }).getByText("Siap luring", { exact: true })).toBeVisible({ timeout: 30_000 });
  expect(await page.evaluate(offlineReady)).toBe(true);
  const before = await readTill(page);
  expect(before.catalogs).toBeGreaterThan(0);
  expect(before.deviceId).toMatch(/^[0-9a-f-]{36}$/);
  expect(before.waiting).toEqual([]);

  // 2. No network, and a reload: the document comes from the service worker, the catalogue from IndexedDB.
  await context.setOffline(true);
  await page.reload();
  await expectTillSelling(page);
  await expect(page.getByRole("region", { name: "Status sinkronisasi" }).getByRole("status").filter({ hasText: /^Luring$/ })).toBeVisible();
  // The pieces' photos come from the worker's cache as well: every one on screen has loaded.
  await expect.poll(() => page.evaluate(photosOnScreenLoaded)).toEqual({ onScreen: expect.any(Number), loaded: true });
  expect((await page.evaluate(photosOnScreenLoaded)).onScreen).toBeGreaterThan(0);

  // 3. Twenty sales, every way of paying.
  for (let index = 0; index < 20; index++) await sellOne(page, index);
  const sold = await readTill(page);
  expect(sold.waiting).toHaveLength(20);
  expect(sold.seq - before.seq).toBe(20);

  // 4. Still offline, reload again: all twenty are still waiting, in this tab and in a fresh one.
  await page.reload();
  await expectTillSelling(page);
  const status = page.getByRole("region", { name: "Status sinkronisasi" });
  await expect(status.getByRole("status").filter({ hasText: /^20 menunggu sinkron$/ })).toBeVisible();
  expect((await readTill(page)).waiting.sort()).toEqual(sold.waiting.sort());

  const freshTab = await context.newPage();
  watchConsole(freshTab, watched);
  await freshTab.goto("/pos");
  await expectTillSelling(freshTab);
  await expect(freshTab.getByRole("region", { name: "Status sinkronisasi" }).getByRole("status").filter({ hasText: /^20 menunggu sinkron$/ })).toBeVisible();
  await freshTab.close();

  // 5. The network returns: the till syncs by itself, and the server holds exactly these twenty.
  await context.setOffline(false);
  await expect(status.getByRole("status").filter({ hasText: /^0 menunggu sinkron$/ })).toBeVisible({ timeout: 60_000 });
  expect((await readTill(page)).waiting).toEqual([]);
  // The back office reads the database: twenty sales of one piece at this event, all from this till, numbered
  // 1–20 with none missing (a till's numbers are unique in the database, so that is each sale exactly once).
  await expect(event.recordedSales()).resolves.toEqual({ sales: 20, pieces: 20, tills: [{ deviceId: before.deviceId, upTo: 20, allSynced: true }] });

  expect(watched.errors, "console errors").toEqual([]);
});
