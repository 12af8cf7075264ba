import sharp from "sharp";
import type { Page } from "@playwright/test";
import { signIn } from "./accounts";
import { expect, test, waitForHydration } from "./fixtures";

/** Degrees as EXIF rationals, as a camera writes them. */
const rationals = (deg: number) => {
  const abs = Math.abs(deg);
  const d = Math.floor(abs);
  const m = Math.floor((abs - d) * 60);
  return `${d}/1 ${m}/1 ${Math.round(((abs - d) * 60 - m) * 60 * 10_000)}/10000`;
};

/** A phone photo of the site: a JPEG whose EXIF says where it was taken. */
async function sitePhoto(latitude: number, longitude: number, colour = "#5d8a3c") {
  return sharp({ create: { width: 900, height: 600, channels: 3, background: colour } })
    .composite([{ input: Buffer.from('<svg width="900" height="600"><path d="M0 420Q450 330 900 400V600H0Z" fill="#8aa865"/></svg>') }])
    .jpeg({ quality: 82 })
    .withExif({ IFD2: { DateTimeOriginal: "2026:11:02 08:40:00" }, IFD3: { GPSLatitudeRef: latitude < 0 ? "S" : "N", GPSLatitude: rationals(latitude), GPSLongitudeRef: "E", GPSLongitude: rationals(longitude) } })
    .toBuffer();
}

const site = { latitude: -8.412, longitude: 115.188 };
const unique = () => `${Date.now().toString(36)}`;

async function fillPlanting(page: Page, { place, latitude = site.latitude, longitude = site.longitude, treeCount = "75", plantedOn = "2026-11-02" }: { place: string; latitude?: number; longitude?: number; treeCount?: string; plantedOn?: string }) {
  const form = page.getByRole("form", { name: "New planting" });
  await form.getByLabel("Planted on").fill(plantedOn);
  await form.getByLabel("Place").fill(place);
  await form.getByLabel("Province").fill("Bali");
  await form.getByLabel("Latitude").fill(String(latitude));
  await form.getByLabel("Longitude").fill(String(longitude));
  await form.getByLabel("Number of trees").fill(treeCount);
  await form.getByLabel("Species").fill("Bamboo and cempaka");
  await form.getByLabel("Planting partner").fill("Subak Jatiluwih");
  return form;
}

/** Submits and returns the status of the POST the form made (the document itself, or Remix's data request). */
async function submit(page: Page, form: ReturnType<Page["getByRole"]>, button: string) {
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/admin/impact/plantings/")), form.getByRole("button", { name: button }).click()]);
  return response.status();
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`plantings back office, JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("staff record a planting with a photo, see it listed, add a survival check and confirm the evidence", async ({ page }) => {
      const place = `Jatiluwih terraces ${unique()}`;
      await signIn(page, "staff", "/admin/impact");
      if (javaScriptEnabled) await waitForHydration(page);
      await expect(page.getByRole("navigation", { name: "Back office sections" }).getByRole("link", { name: "Impact" })).toBeVisible();
      await expect(page.getByRole("definition").first()).toBeVisible();
      await page.getByRole("link", { name: "New planting" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "New planting" })).toBeVisible();
      const form = await fillPlanting(page, { place });
      await form.getByLabel("Photos of the planting").setInputFiles({ name: "jatiluwih.jpg", mimeType: "image/jpeg", buffer: await sitePhoto(site.latitude + 0.002, site.longitude - 0.001) });
      await form.getByRole("button", { name: "Record planting" }).click();

      await expect(page.getByRole("heading", { level: 1 })).toHaveText(`75 trees at ${place}`);
      await expect(page.getByRole("status").first()).toContainText(`Recorded 75 trees at ${place}.`);
      const photos = page.getByRole("list", { name: "Evidence photos" });
      await expect(photos.getByRole("img")).toHaveCount(1);
      await expect(photos).toContainText("GPS matches");
      await expect(page.getByText("Awaiting confirmation")).toBeVisible();

      const check = page.getByRole("form", { name: "Record a survival check" });
      await check.getByLabel("Checked on").fill("2026-11-30");
      await check.getByLabel("Trees alive").fill("71");
      await check.getByLabel("Check notes").fill("Four lost to a landslip on the lower terrace.");
      await check.getByRole("button", { name: "Record survival check" }).click();
      await expect(page.getByRole("status").first()).toContainText("Recorded the survival check of 2026-11-30.");
      await expect(page.getByText("71 of 75 alive (95%)")).toBeVisible();

      await page.getByRole("form", { name: "Confirm evidence" }).getByRole("button", { name: "Confirm evidence" }).click();
      await expect(page.getByRole("status").first()).toContainText("Evidence confirmed.");
      await expect(page.getByText(/Confirmed on \d{4}-\d{2}-\d{2} by Dewi Lestari/)).toBeVisible();
      await expect(page.getByRole("button", { name: "Confirm evidence" })).toHaveCount(0);

      await page.getByRole("link", { name: "Impact", exact: true }).first().click();
      const row = page.getByRole("row").filter({ hasText: place });
      await expect(row).toContainText("2026-11-02");
      await expect(row).toContainText("1 matching");
      await expect(row).toContainText(/Confirmed \d{4}/);
      await expect(row).toContainText("71 alive at the last check");

      // The public impact page shows it at once, with its photo and its check.
      await page.goto("/impact");
      const card = page.locator("article.planting-card").filter({ hasText: place });
      await expect(card).toBeVisible();
      await expect(card.getByRole("list", { name: `Photos of the planting at ${place}` }).getByRole("img")).toHaveCount(1);
    });

    test("bad input is refused beside its field with a 4xx and nothing is recorded", async ({ page }) => {
      const place = `Off the map ${unique()}`;
      await signIn(page, "staff", "/admin/impact/plantings/new");
      if (javaScriptEnabled) await waitForHydration(page);
      // A place in Amsterdam passes the browser's number check; the server says where the map ends.
      let form = await fillPlanting(page, { place, latitude: 52.37, longitude: 4.89 });
      await form.getByLabel("Photos of the planting").setInputFiles({ name: "site.jpg", mimeType: "image/jpeg", buffer: await sitePhoto(site.latitude, site.longitude) });
      expect(await submit(page, form, "Record planting")).toBe(400);
      await expect(page.getByRole("alert").filter({ hasText: "Nothing was saved." })).toBeVisible();
      await expect(page.getByLabel("Latitude")).toHaveAttribute("aria-invalid", "true");
      await expect(page.getByText(/That place is off the map of Indonesia/).first()).toBeVisible();

      // A text file renamed .jpg is not a photo.
      form = await fillPlanting(page, { place });
      await form.getByLabel("Photos of the planting").setInputFiles({ name: "diary.jpg", mimeType: "image/jpeg", buffer: Buffer.from("Dear diary, we planted bamboo today.") });
      // Without JavaScript the page itself answers 415; Remix's data request (JavaScript on) carries a 4xx too.
      const notAPhoto = await submit(page, form, "Record planting");
      if (javaScriptEnabled) expect(notAPhoto >= 400 && notAPhoto < 500, `status ${notAPhoto}`).toBe(true);
      else expect(notAPhoto).toBe(415);
      await expect(page.getByText(/diary\.jpg: That file is not a JPEG, PNG, WebP or AVIF photo/).first()).toBeVisible();

      // What the browser's own checks would stop (a negative count, a future date) the server refuses too.
      const photo = { name: "site.jpg", mimeType: "image/jpeg", buffer: await sitePhoto(site.latitude, site.longitude) };
      const fields = { intent: "save", plantedOn: "2026-11-02", place, province: "Bali", latitude: String(site.latitude), longitude: String(site.longitude), species: "Bamboo", treeCount: "75", partner: "", notes: "" };
      for (const [change, message] of [
        [{ treeCount: "-40" }, "The number of trees must be at least 1 (it can&#x27;t be zero or negative)"],
        [{ plantedOn: "2999-05-01" }, "The planting date can&#x27;t be in the future"],
      ] as const) {
        const response = await page.request.post("/admin/impact/plantings/new", { multipart: { ...fields, ...change, photos: photo } });
        expect(response.status()).toBe(400);
        expect(await response.text()).toContain(message);
      }
      const list = await page.request.get("/admin/impact");
      expect(list.status()).toBe(200);
      expect(await list.text()).not.toContain(place);
    });
  });
}

test("the bazaar role neither sees nor reaches the plantings", async ({ page }) => {
  await signIn(page, "bazaar", "/admin/events");
  await expect(page.getByRole("navigation", { name: "Back office sections" }).getByRole("link", { name: "Impact" })).toHaveCount(0);
  const response = await page.request.get("/admin/impact");
  expect(response.status()).toBe(403);
  const form = await page.request.post("/admin/impact/plantings/new", { multipart: { intent: "save" } });
  expect(form.status()).toBe(403);
});

test("a NUL in a multipart field is a 400 that names the field, and nothing is recorded", async ({ page, baseURL }) => {
  const place = `Null Bay ${unique()}`;
  await signIn(page, "staff", "/admin/impact");
  const response = await page.request.post("/admin/impact/plantings/new", {
    headers: { Origin: new URL(baseURL!).origin },
    multipart: {
      intent: "save",
      plantedOn: "2026-11-02",
      place: `${place}\u0000`,
      province: "Bali",
      latitude: String(site.latitude),
      longitude: String(site.longitude),
      treeCount: "5",
      species: "Bamboo",
      photos: { name: "site.jpg", mimeType: "image/jpeg", buffer: await sitePhoto(site.latitude, site.longitude) },
    },
  });
  expect(response.status()).toBe(400);
  expect(await response.text()).toMatch(/field (&quot;|\\?")place(&quot;|\\?") contains a control character/);
  await page.goto("/admin/impact");
  await expect(page.getByText(place)).toHaveCount(0);
});
