import type { APIRequestContext } from "@playwright/test";
import { seededLogins, signIn } from "./accounts";
import { expect, test } from "./fixtures";

type Who = "anonymous" | "importer" | "bazaar" | "staff" | "admin";
const logins = seededLogins;

const everyone = (status: number) => ({ anonymous: status, importer: status, bazaar: status, staff: status, admin: status });
const staffOnly = { anonymous: 302, importer: 403, bazaar: 403, staff: 200, admin: 200 };
/** Every route, and what each kind of visitor gets from a GET. 302 is the redirect to /login (or away from it). */
const matrix: { path: string; expected: Record<Who, number> }[] = [
  { path: "/", expected: everyone(200) },
  { path: "/shop", expected: everyone(200) },
  { path: "/shop/leather", expected: everyone(200) },
  { path: "/search?q=basket", expected: everyone(200) },
  { path: "/producers", expected: everyone(200) },
  { path: "/cart", expected: everyone(200) },
  { path: "/orders/lookup", expected: everyone(200) },
  ...["/shipping", "/contact", "/privacy", "/imprint"].map((path) => ({ path, expected: everyone(200) })),
  { path: "/sitemap.xml", expected: everyone(200) },
  { path: "/login", expected: { anonymous: 200, importer: 302, bazaar: 302, staff: 302, admin: 302 } },
  { path: "/account", expected: { anonymous: 302, importer: 200, bazaar: 200, staff: 200, admin: 200 } },
  { path: "/admin", expected: { anonymous: 302, importer: 403, bazaar: 403, staff: 200, admin: 200 } },
  { path: "/admin/rates", expected: { anonymous: 302, importer: 403, bazaar: 403, staff: 200, admin: 200 } },
  { path: "/admin/audit", expected: { anonymous: 302, importer: 403, bazaar: 403, staff: 403, admin: 200 } },
  ...[
    "/admin/orders",
    "/admin/orders?status=paid&q=KR",
    "/admin/orders.csv",
    "/admin/products",
    "/admin/products/new",
    "/admin/products/1",
    "/admin/products/import",
    "/admin/producers",
    "/admin/producers/new",
    "/admin/producers/1",
    "/admin/stock",
    "/admin/stock/1",
    "/admin/importers",
    "/admin/importers?status=pending",
    "/admin/importers/1",
    "/admin/wholesale-orders",
  ].map((path) => ({ path, expected: staffOnly })),
  // Staff's view of an order that does not exist is a 404, and only staff get that far.
  { path: "/admin/wholesale-orders/WO-26-NOPE0000", expected: { anonymous: 302, importer: 403, bazaar: 403, staff: 404, admin: 404 } },
  // An importer's own orders: importers only (admins and staff see them in the back office).
  { path: "/wholesale/orders", expected: { anonymous: 302, importer: 200, bazaar: 403, staff: 403, admin: 403 } },
  // The public introduction for everyone; the seeded importer is approved, so it gets its own landing page.
  { path: "/wholesale", expected: everyone(200) },
  { path: "/wholesale/apply", expected: everyone(200) },
  { path: "/admin/products/1/photos", expected: { anonymous: 302, importer: 403, bazaar: 403, staff: 302, admin: 302 } },
  { path: "/forgot-password", expected: { anonymous: 200, importer: 302, bazaar: 302, staff: 302, admin: 302 } },
  { path: "/reset-password?token=nonsense", expected: everyone(200) },
  { path: "/dev/emails", expected: everyone(404) },
];

async function contextFor(playwright: { request: { newContext: (o: { baseURL?: string }) => Promise<APIRequestContext> } }, baseURL: string, who: Who) {
  const context = await playwright.request.newContext({ baseURL });
  if (who !== "anonymous") {
    const response = await context.post("/login", { form: logins[who], maxRedirects: 0 });
    expect(response.status(), `${who} signs in`).toBe(302);
  }
  return context;
}

test("every route answers each role as expected (deny by default)", async ({ playwright, baseURL }) => {
  for (const who of ["anonymous", "importer", "bazaar", "staff", "admin"] as const) {
    const context = await contextFor(playwright, baseURL!, who);
    for (const { path, expected } of matrix) {
      const response = await context.get(path, { maxRedirects: 0 });
      expect(response.status(), `${who} GET ${path}`).toBe(expected[who]);
      if (expected[who] === 302 && who === "anonymous") expect(response.headers()["location"], `${who} GET ${path}`).toMatch(/^\/login\?redirectTo=/);
    }
    await context.dispose();
  }
});

test("staff see today's orders and low stock on the dashboard", async ({ page }) => {
  await page.goto("/login?redirectTo=/admin");
  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email").fill("staff@kriya.example");
  await form.getByLabel("Password").fill("kriya-staff-2026");
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Today's orders" })).toBeVisible();
  const low = page.getByRole("region", { name: "Low stock online" }).getByRole("row");
  expect(await low.count()).toBeGreaterThan(1);
});

test("staff change an exchange rate, the shop converts with it, and admins see who did it", async ({ page, browser, playwright, baseURL }) => {
  await signIn(page, "staff", "/admin/rates");
  const form = page.getByRole("form", { name: "Exchange rates" });
  await form.getByLabel("EUR per US dollar").fill("abc");
  await form.getByRole("button", { name: "Save rates" }).click();
  await expect(page.getByRole("alert")).toHaveText("Nothing was saved: fix the rates marked below.");
  await expect(form.getByLabel("EUR per US dollar")).toHaveAttribute("aria-invalid", "true");

  await form.getByLabel("EUR per US dollar").fill("2");
  await form.getByRole("button", { name: "Save rates" }).click();
  // More than 20% away from the current rate: saved only once confirmed.
  await expect(page.getByRole("alert")).toContainText("EUR changed by more than 20%");
  await form.getByRole("checkbox", { name: "Yes, the EUR rate really changed by +117% (from 0.92 to 2)" }).check();
  await form.getByRole("button", { name: "Save rates" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved EUR.");

  // A shopper paying in euros now sees prices at 2 EUR per dollar: a $28.00 piece costs 56,00 €.
  // Catalogue pages are priced by their URL, not by a cookie (ADR 004).
  const shopper = await playwright.request.newContext({ baseURL });
  const html = await (await shopper.get("/shop?sort=price-asc&currency=EUR")).text();
  const usd = await (await playwright.request.newContext({ baseURL })).get("/shop?sort=price-asc").then((r) => r.text());
  const firstUsd = Number(/from \$([\d.]+)|>\$([\d.]+)</.exec(usd)!.slice(1).find(Boolean));
  const expected = new Intl.NumberFormat("de-DE", { style: "currency", currency: "EUR" }).format(firstUsd * 2);
  expect(html).toContain(expected);
  await shopper.dispose();

  await form.getByLabel("EUR per US dollar").fill("0.92");
  await form.getByRole("button", { name: "Save rates" }).click();
  await form.getByRole("checkbox", { name: /^Yes, the EUR rate really changed by -54%/ }).check();
  await form.getByRole("button", { name: "Save rates" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved EUR.");

  const admin = await browser.newPage();
  await signIn(admin, "admin", "/admin/audit");
  await expect(admin.getByRole("row").filter({ hasText: "Updated Exchange rates" }).first()).toContainText("Dewi Lestari");
  await admin.close();
});

/** Every back-office action checks the role too, not just the page: a POST from the wrong role changes nothing. */
const adminActions = [
  "/admin/rates",
  "/admin/producers/new",
  "/admin/producers/1",
  "/admin/products/new",
  "/admin/products/1",
  "/admin/products/1/photos",
  "/admin/products/import",
  "/admin/stock",
  "/admin/orders/KR-00-NOPE00",
  "/admin/importers/1",
  "/admin/wholesale-orders/WO-26-NOPE0000",
];
test("every back-office action refuses other roles before reading the form", async ({ playwright, baseURL }) => {
  for (const who of ["anonymous", "importer", "bazaar"] as const) {
    const context = await contextFor(playwright, baseURL!, who);
    for (const path of adminActions) {
      const response = await context.post(path, { form: { intent: "delete", confirm: "yes" }, headers: { Origin: baseURL! }, maxRedirects: 0 });
      expect(response.status(), `${who} POST ${path}`).toBe(who === "anonymous" ? 302 : 403);
    }
    await context.dispose();
  }
  // And the product is still there.
  const staff = await contextFor(playwright, baseURL!, "staff");
  expect((await staff.get("/admin/products/1", { maxRedirects: 0 })).status()).toBe(200);
  await staff.dispose();
});

test("signing in from the login page starts staff and admins at the back office, importers at the wholesale pages and everyone else at their account", async ({ browser }) => {
  for (const [who, landing] of [["staff", /\/admin$/], ["admin", /\/admin$/], ["bazaar", /\/account$/], ["importer", /\/wholesale$/]] as const) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto("/login");
    const form = page.getByRole("form", { name: "Sign in" });
    await form.getByLabel("Email").fill(seededLogins[who].email);
    await form.getByLabel("Password").fill(seededLogins[who].password);
    await form.getByRole("button", { name: "Sign in" }).click();
    await expect(page, who).toHaveURL(landing);
    // Already signed in, the login page sends them to the same place.
    await page.goto("/login");
    await expect(page, who).toHaveURL(landing);
    await context.close();
  }
});
