import type { Page } from "@playwright/test";
import { signIn } from "./accounts";
import { expect, test } from "./fixtures";

/** Fills the given rates, saves, and returns the status of the page's POST. */
async function save(page: Page, rates: Record<string, string>, options: { confirm?: RegExp } = {}) {
  const form = page.getByRole("form", { name: "Exchange rates" });
  for (const [currency, text] of Object.entries(rates)) await form.getByLabel(`${currency} per US dollar`).fill(text);
  if (options.confirm) await form.getByRole("checkbox", { name: options.confirm }).check();
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/admin/rates")), form.getByRole("button", { name: "Save rates" }).click()]);
  return response.status();
}

// Every journey leaves the seeded rates as it found them (IDR 16250, EUR 0.92, JPY 151.2): later specs convert with them.
for (const javaScriptEnabled of [true, false]) {
  test.describe(`exchange rates with JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("a rupiah rate typed with a thousands comma or dot is read as thousands, never as a decimal", async ({ page }) => {
      await signIn(page, "staff", "/admin/rates");
      const form = page.getByRole("form", { name: "Exchange rates" });
      await expect(page.getByText(/16250, 16,250 and 16\.250 are the same/)).toBeVisible();

      // Unchanged, just written the Indonesian or the English way: nothing changes (it once saved 16.25).
      expect(await save(page, { IDR: "16,250", EUR: "0,92" })).toBe(200);
      await expect(page.getByRole("status")).toHaveText("No rate changed.");
      expect(await save(page, { IDR: "16.250" })).toBe(200);
      await expect(page.getByRole("status")).toHaveText("No rate changed.");

      expect(await save(page, { IDR: "16.300" })).toBe(200);
      await expect(page.getByRole("status")).toHaveText("Saved IDR.");
      await page.reload();
      await expect(form.getByLabel("IDR per US dollar")).toHaveValue("16300");

      // The old mistake itself, 16,250 read as 16.25, is out of range; 1625 is in range but a 90% fall.
      expect(await save(page, { IDR: "16,25" })).toBe(400);
      await expect(page.getByRole("alert")).toHaveText("Nothing was saved: fix the rates marked below.");
      await expect(form.getByLabel("IDR per US dollar")).toHaveAttribute("aria-invalid", "true");
      await expect(form.getByText(/“16,25” reads as 16.25 rupiah per US dollar; .*Write 16250 or 16,250 for sixteen thousand two hundred and fifty rupiah/)).toBeVisible();
      await expect(form.getByLabel("IDR per US dollar")).toHaveValue("16,25");

      expect(await save(page, { IDR: "1625" })).toBe(400);
      await expect(page.getByRole("alert")).toHaveText("Nothing was saved: IDR changed by more than 20%. Check the rate, tick “Yes” below it and save again.");
      await expect(form.getByRole("checkbox", { name: "Yes, the IDR rate really changed by -90% (from 16300 to 1625)" })).not.toBeChecked();
      await expect(form.getByLabel("IDR per US dollar")).toHaveValue("1625");

      // The typo is caught: correcting it back to the seeded rate needs no tick (-0.3%).
      expect(await save(page, { IDR: "16250" })).toBe(200);
      await expect(page.getByRole("status")).toHaveText("Saved IDR.");
      await expect(form.getByRole("checkbox")).toHaveCount(0);
    });

    test("absurd and ambiguous rates are refused with how to write them; a big real change is confirmed", async ({ page }) => {
      await signIn(page, "staff", "/admin/rates");
      const form = page.getByRole("form", { name: "Exchange rates" });
      expect(await save(page, { EUR: "999999999", JPY: "151.200" })).toBe(400);
      await expect(page.getByRole("alert")).toHaveText("Nothing was saved: fix the rates marked below.");
      await expect(form.getByText(/“999999999” reads as 999,999,999 euros per US dollar; the EUR rate must be from 0.1 to 10 euros\. Write 0.92 or 0,92/)).toBeVisible();
      await expect(form.getByText(/“151.200” is ambiguous: .* For 151.2 yen per dollar write 151.2\./)).toBeVisible();
      await expect(form.getByLabel("EUR per US dollar")).toHaveValue("999999999");

      expect(await save(page, { EUR: "1,5", JPY: "151.2" })).toBe(400);
      await expect(page.getByRole("alert")).toContainText("EUR changed by more than 20%");
      expect(await save(page, {}, { confirm: /^Yes, the EUR rate really changed by \+63% \(from 0.92 to 1.5\)$/ })).toBe(200);
      await expect(page.getByRole("status")).toHaveText("Saved EUR.");
      await page.reload();
      await expect(form.getByLabel("EUR per US dollar")).toHaveValue("1.5");

      expect(await save(page, { EUR: "0.92" })).toBe(400);
      expect(await save(page, {}, { confirm: /really changed by -39%/ })).toBe(200);
      await expect(page.getByRole("status")).toHaveText("Saved EUR.");
    });
  });
}

test("a hand-made rates request with missing or broken fields is a 400, never a 500", async ({ page, baseURL }) => {
  await signIn(page, "staff", "/admin/rates");
  const headers = { Origin: baseURL! };
  const seeded = { EUR: "0.92", GBP: "0.79", AUD: "1.53", NZD: "1.68", CAD: "1.38", JPY: "151.2", IDR: "16250" };
  for (const form of [{}, { ...seeded, EUR: "-1" }, { ...seeded, IDR: "1e9" }, { ...seeded, JPY: "0" }, { ...seeded, EUR: "9".repeat(5000) }]) {
    const response = await page.request.post("/admin/rates", { form, headers, maxRedirects: 0 });
    expect(response.status(), JSON.stringify(form).slice(0, 60)).toBe(400);
  }
  // A JSON body is no form: refused at the door with 415 and a message, before the action could throw.
  const json = await page.request.post("/admin/rates", { data: { IDR: 16250 }, headers, maxRedirects: 0 });
  expect(json.status()).toBe(415);
  expect(await json.text()).toContain("takes a form");
  // A confirmation, even a forged one, never lets a rate out of its range.
  const forged = await page.request.post("/admin/rates", { form: { ...seeded, EUR: "10.5", confirm: "EUR:920000:10500000" }, headers, maxRedirects: 0 });
  expect(forged.status()).toBe(400);
  await page.reload();
  await expect(page.getByRole("form", { name: "Exchange rates" }).getByLabel("EUR per US dollar")).toHaveValue("0.92");
});
