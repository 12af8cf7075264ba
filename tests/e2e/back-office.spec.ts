import sharp from "sharp";
import { signIn } from "./accounts";
import { expect, test } from "./fixtures";

const stamp = Date.now().toString(36).slice(-5).toUpperCase();
const producerName = `Kelompok Tenun Lurik ${stamp}`;
const productName = `Lurik Table Runner ${stamp}`;
const sku = `KR-LRK-${stamp}`;

test("staff create a producer with a field visit and a product with a photo, stock it, and it appears in the shop", async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, "staff", "/admin/producers/new");

  // The producer group.
  const producer = page.getByRole("form", { name: "Producer group" });
  await producer.getByLabel("Name", { exact: true }).fill(producerName);
  await producer.getByLabel("One-line summary").fill("Women weaving striped lurik cloth on wooden looms near Klaten.");
  await producer.getByLabel("Story").fill("Thirty weavers keep the lurik tradition alive in Pedan.");
  await producer.getByLabel("Crafts").fill("lurik weaving, natural dyeing");
  await producer.getByLabel("Founded in").fill("1996");
  await producer.getByLabel("Members", { exact: true }).fill("30");
  await producer.getByLabel("Of whom women").fill("40");
  await producer.getByLabel("Village").fill("Pedan");
  await producer.getByLabel("Regency").fill("Klaten");
  await producer.getByLabel("Province").fill("Central Java");
  await producer.getByLabel("Island").selectOption("Java");
  await producer.getByLabel("Latitude").fill("-7.70");
  await producer.getByLabel("Longitude").fill("110.72");
  await producer.getByRole("button", { name: "Create producer group" }).click();
  // More women than members is refused with the reason beside the field, and nothing is created.
  await expect(producer.getByRole("alert")).toContainText("Nothing was saved");
  await expect(producer.getByLabel("Of whom women")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("There can't be more women than members")).toBeVisible();
  await producer.getByLabel("Of whom women").fill("27");
  await producer.getByRole("button", { name: "Create producer group" }).click();
  await expect(page).toHaveURL(/\/admin\/producers\/\d+$/);
  await expect(page.getByRole("status")).toHaveText(`Created ${producerName}. Record a field visit next.`);
  const producerId = /\/admin\/producers\/(\d+)$/.exec(page.url())![1]!;

  // A field visit against the 10 principles: an unmet principle needs a note.
  const visit = page.getByRole("form", { name: "Record a field visit" });
  await visit.getByLabel("Visitor").fill("Sari Wulandari");
  await visit.getByLabel("Principle 7 met: Working conditions").uncheck();
  await visit.getByRole("button", { name: "Save field visit" }).click();
  await expect(visit.getByText("Say what was not met")).toBeVisible();
  await visit.getByLabel("Note on principle 7: Working conditions").fill("Loom shed needs better light");
  await visit.getByRole("button", { name: "Save field visit" }).click();
  await expect(page.getByRole("status")).toHaveText("Recorded the field visit: 9 of 10 principles met.");
  await expect(page.getByText("Not met: Good working conditions — Loom shed needs better light")).toBeVisible();

  // The product, first with a negative price. Leave only once the page has settled: a goto during Remix's
  // revalidation after the visit's save aborts that fetch, which the browser logs as an error.
  await page.waitForLoadState("networkidle");
  await page.goto(`/admin/products/new?producer=${producerId}`);
  const product = page.getByRole("form", { name: "Product" });
  await product.getByLabel("Product name").fill(productName);
  await product.getByLabel("Status").selectOption("active");
  await product.getByLabel("Category").selectOption({ label: "Textiles" });
  await expect(product.getByLabel("Producer group")).toHaveValue(producerId);
  await product.getByLabel("One-line summary").fill("A striped cotton runner woven on a wooden loom.");
  await product.getByLabel("Description").fill("Hand-woven lurik cotton in indigo and natural stripes.");
  await product.getByLabel("Hand-woven cotton").check();
  await product.getByLabel("SKU, variant 1").fill(sku);
  await product.getByLabel("Retail price (USD), variant 1").fill("-5");
  await product.getByLabel("Bazaar price (IDR), variant 1").fill("350.000");
  await product.getByLabel("Producer price (IDR), variant 1").fill("140000");
  await product.getByLabel("Weight (g), variant 1").fill("420");
  await product.getByRole("button", { name: "Add a wholesale tier to variant 1" }).click();
  await product.getByLabel("From quantity, tier 1 of variant 1").fill("10");
  await product.getByLabel("Unit price, tier 1 of variant 1").fill("19.00");
  await product.getByRole("button", { name: "Create product" }).click();
  await expect(page.getByText("The retail price must be more than zero")).toBeVisible();
  await expect(product.getByLabel("Retail price (USD), variant 1")).toHaveAttribute("aria-invalid", "true");
  await product.getByLabel("Retail price (USD), variant 1").fill("34.00");
  await product.getByRole("button", { name: "Create product" }).click();
  await expect(page).toHaveURL(/\/admin\/products\/\d+$/);
  await expect(page.getByRole("status")).toHaveText(`Created ${productName}. Add photos and stock next.`);

  // A file that is not a photo is refused; a real photo uploads with a progress bar.
  const upload = page.getByRole("form", { name: "Upload photos" });
  await upload.getByLabel("Photos").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not a photo") });
  await upload.getByLabel("Describe the photo").fill("Lurik runner on a teak table");
  await upload.getByRole("button", { name: "Upload photos" }).click();
  await expect(upload.getByRole("alert")).toHaveText("notes.txt is not a photo. Use JPEG, PNG, WebP or AVIF.");

  const photo = await sharp({ create: { width: 1400, height: 1000, channels: 3, background: "#2f3e5c" } })
    .composite([{ input: Buffer.from('<svg width="1400" height="1000"><rect x="0" y="420" width="1400" height="160" fill="#e9e1d4"/></svg>') }])
    .jpeg()
    .toBuffer();
  // Hold the response briefly so the progress indicator can be seen.
  await page.route("**/photos", async (route) => {
    await new Promise((r) => setTimeout(r, 600));
    await route.continue();
  });
  await upload.getByLabel("Photos").setInputFiles({ name: "runner.jpg", mimeType: "image/jpeg", buffer: photo });
  await upload.getByRole("button", { name: "Upload photos" }).click();
  await expect(upload.getByRole("progressbar")).toBeVisible();
  await expect(upload.getByRole("status")).toHaveText("Added 1 photo.");
  await expect(page.getByRole("img", { name: "Lurik runner on a teak table" })).toBeVisible();
  await page.unroute("**/photos");

  // Stock arrives at the online warehouse, with a reason in the ledger.
  await page.goto(`/admin/stock?q=${sku}`);
  const adjust = page.getByRole("form", { name: "Adjust stock", exact: true });
  await adjust.getByLabel("SKU").fill(sku);
  await adjust.getByLabel("Location").selectOption({ label: "Jakarta warehouse" });
  await adjust.getByLabel("Change by (+/−)").check();
  await adjust.getByLabel("Quantity", { exact: true }).fill("+6");
  await adjust.getByLabel("Reason").selectOption({ label: "Received from producer" });
  await adjust.getByRole("button", { name: "Save adjustment" }).click();
  await expect(adjust.getByRole("status")).toContainText(`Received ${sku} at Jakarta warehouse: on hand 0 → 6`);

  // The storefront shows it with its maker, photo and price, ready to buy.
  await page.goto("/shop/textiles?sort=newest");
  await page.getByRole("link", { name: new RegExp(productName) }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: productName })).toBeVisible();
  await expect(page.getByText(producerName).first()).toBeVisible();
  await expect(page.getByRole("img", { name: "Lurik runner on a teak table" }).first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Add to cart" })).toBeEnabled();
  await expect(page.getByText("$34.00").first()).toBeVisible();
});

test("a huge photo is refused before it is processed, with a clear message", async ({ page, baseURL }) => {
  await signIn(page, "staff", "/admin/products/1");
  const huge = Buffer.alloc(11 * 1024 * 1024, 0xff);
  const json = await page.request.post("/admin/products/1/photos", {
    headers: { Origin: baseURL!, Accept: "application/json" },
    multipart: { alt: "Too big", photos: { name: "huge.jpg", mimeType: "image/jpeg", buffer: huge } },
  });
  expect(json.status()).toBe(413);
  expect(await json.json()).toEqual({ ok: false, status: 413, message: "That photo is too large: each photo must be 10 MB or smaller." });
  // The same through the page's own form (no JavaScript needed): a 413 page that says why.
  const form = await page.request.post("/admin/products/1", {
    headers: { Origin: baseURL! },
    multipart: { intent: "upload", alt: "Too big", photos: { name: "huge.jpg", mimeType: "image/jpeg", buffer: huge } },
  });
  expect(form.status()).toBe(413);
  await page.reload();
  await expect(page.getByRole("img", { name: "Too big" })).toHaveCount(0);
});

for (const javaScriptEnabled of [true, false]) {
  test.describe(`the product CSV import with JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("a product CSV is previewed with every problem of every row at once, then imported once", async ({ page }) => {
      const id = `${stamp}${javaScriptEnabled ? "J" : "N"}`;
      await signIn(page, "staff", "/admin/products/import");
      const header = "product,title,summary,category,producer,sku,retail_usd,bazaar_idr,producer_idr,weight_g,status,tiers,materials,featured,active";
      const good = `bamboo-pen-cup-${id.toLowerCase()},Bamboo Pen Cup ${id},A cup for pens.,office,lembar-hijau,KR-BPC-${id},12.00,120000,45000,150,active,12:7.50,,yes,yes`;
      const broken = `bamboo-tray-${id.toLowerCase()},Bamboo Tray ${id},A tray.,office,lembar-hijau,KR-BTR-${id},99999999999999,-1,45000,150,zzz,,unobtainium,maybe,perhaps`;
      const short = `qa-short-${id.toLowerCase()},Short row,only`;
      const preview = page.getByRole("form", { name: "Preview a product CSV" });
      await preview.getByLabel("Or paste the CSV").fill([header, good, broken, short].join("\n"));
      await preview.getByRole("button", { name: "Preview import" }).click();
      const problems = page.getByRole("table", { name: "Problems by row" });
      await expect(page.getByRole("alert")).toContainText("14 problems found. Nothing was changed.");
      const rows = problems.getByRole("row");
      const expected = [
        "3featured: “maybe” is not yes or no. Use yes or no (or y/n, true/false, 1/0); empty means no.",
        "3active: “perhaps” is not yes or no. Use yes or no (or y/n, true/false, 1/0); empty means yes.",
        "3materials: unknown “unobtainium”.",
        "3status: Choose draft, active or archived",
        "3retail_usd: Retail price: That amount is too large",
        "3bazaar_idr: The bazaar price must be more than zero",
        `4Row 4 has 3 of 15 columns: check for a missing or extra comma, or a value with a comma that needs "quotes".`,
        "4category: empty, but every product needs one.",
        "4producer: empty, but every product needs one.",
        "4sku: empty, but every row needs one.",
      ];
      for (const [i, text] of expected.entries()) await expect(rows.nth(i + 1)).toHaveText(text);
      await expect(rows.last()).toHaveText("4weight_g: empty, but every row needs one.");

      const fixed = broken.replace(",99999999999999,-1,45000,150,zzz,,unobtainium,maybe,perhaps", ",18.00,180000,45000,150,active,,,no,yes");
      await preview.getByLabel("Or paste the CSV").fill([header, good, fixed].join("\n"));
      await preview.getByRole("button", { name: "Preview import" }).click();
      await expect(page.getByRole("heading", { name: "Preview: every row is good" })).toBeVisible();
      await expect(page.getByRole("table", { name: "Products to import" }).getByRole("row")).toHaveCount(3);
      await page.getByRole("button", { name: "Import 2 products" }).click();
      await expect(page.getByRole("status")).toHaveText("Imported: 2 created, 0 updated.");

      // Post/Redirect/Get: the page now on screen came from a GET, so reloading it imports nothing again.
      await expect(page).toHaveURL(/\/admin\/products\/import$/);
      const reloaded = await page.reload();
      expect(reloaded!.request().method()).toBe("GET");
      await expect(page.getByRole("heading", { level: 1, name: "Import products from CSV" })).toBeVisible();
      await expect(page.getByText(/^Imported: /)).toHaveCount(0);
      await page.goto(`/admin/products?q=KR-BPC-${id}`);
      await expect(page.getByRole("link", { name: `Bamboo Pen Cup ${id}` })).toBeVisible();
    });
  });
}
