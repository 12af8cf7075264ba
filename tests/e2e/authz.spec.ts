import type { APIRequestContext } from "@playwright/test";
import { seededLogins, signIn } from "./accounts";
import { expect, test } from "./fixtures";

type Who = "anonymous" | "importer" | "bazaar" | "staff" | "admin";
const logins = seededLogins;

const everyone = (status: number) => ({ anonymous: status, importer: status, bazaar: status, staff: status, admin: status });
const staffOnly = { anonymous: 302, importer: 403, bazaar: 403, staff: 200, admin: 200 };
/** Approved importers only: admins and staff see importers in the back office, not as one. */
const importerOnly = { anonymous: 302, importer: 200, bazaar: 403, staff: 403, admin: 403 };
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
  { path: "/sitemap/pages.xml", expected: everyone(200) },
  // The sample shop's pieces all fit in /sitemap.xml, so it has no files of pieces; a bad page number is a 400.
  { path: "/sitemap/products.xml?page=1", expected: everyone(404) },
  { path: "/sitemap/products.xml?page=x", expected: everyone(400) },
  { path: "/login", expected: { anonymous: 200, importer: 302, bazaar: 302, staff: 302, admin: 302 } },
  { path: "/account", expected: { anonymous: 302, importer: 200, bazaar: 200, staff: 200, admin: 200 } },
  // The bazaar role's back office is its events: /admin sends it there.
  { path: "/admin", expected: { anonymous: 302, importer: 403, bazaar: 302, staff: 200, admin: 200 } },
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
    "/admin/quotes",
    "/admin/quotes?status=requested&q=Nordlys",
    "/admin/production",
    "/admin/production?status=draft",
    "/admin/payouts",
    "/admin/payouts?status=paid",
    "/admin/payouts.csv",
  ].map((path) => ({ path, expected: staffOnly })),
  { path: "/admin/production/PO-26-NOPE0000", expected: { anonymous: 302, importer: 403, bazaar: 403, staff: 404, admin: 404 } },
  // A bank transfer's proof is for staff only; one that isn't kept is a 404 to them.
  { path: "/admin/wholesale-orders/WO-26-NOPE0000/proof/1", expected: { anonymous: 302, importer: 403, bazaar: 403, staff: 404, admin: 404 } },
  // A quote (and its proforma) that does not exist is a 404 for staff; an importer's quotes are importers' only.
  { path: "/admin/quotes/WQ-26-NOPE0000", expected: { anonymous: 302, importer: 403, bazaar: 403, staff: 404, admin: 404 } },
  { path: "/admin/quotes/WQ-26-NOPE0000/proforma.pdf", expected: { anonymous: 302, importer: 403, bazaar: 403, staff: 404, admin: 404 } },
  { path: "/wholesale/quotes", expected: { anonymous: 302, importer: 200, bazaar: 403, staff: 403, admin: 403 } },
  { path: "/wholesale/quotes/WQ-26-NOPE0000", expected: { anonymous: 302, importer: 404, bazaar: 403, staff: 403, admin: 403 } },
  // Staff's view of an order that does not exist is a 404, and only staff get that far.
  { path: "/admin/wholesale-orders/WO-26-NOPE0000", expected: { anonymous: 302, importer: 403, bazaar: 403, staff: 404, admin: 404 } },
  // An importer's own orders: importers only (admins and staff see them in the back office).
  { path: "/wholesale/orders", expected: { anonymous: 302, importer: 200, bazaar: 403, staff: 403, admin: 403 } },
  ...["/wholesale/basket", "/wholesale/products/sekar-water-hyacinth-storage-basket"].map((path) => ({ path, expected: importerOnly })),
  // Numbers and slugs that are not the importer's: a 404 for the importer, the same 403 as any importer page for everyone else.
  ...["/wholesale/quotes/WQ-26-NOPE0000/proforma.pdf", "/wholesale/orders/WO-26-NOPE0000", "/wholesale/orders/WO-26-NOPE0000/deposit-demo", "/wholesale/products/no-such-piece"].map((path) => ({
    path,
    expected: { ...importerOnly, importer: 404 },
  })),
  { path: "/wholesale/apply/thanks", expected: everyone(200) },
  // A batch tag's page is public; an unknown or malformed code is a 404 for everyone.
  { path: "/batch/B-26-ZZZZZZ", expected: everyone(404) },
  { path: "/batch/not-a-code", expected: everyone(404) },
  // The public introduction for everyone; the seeded importer is approved, so it gets its own landing page.
  { path: "/wholesale", expected: everyone(200) },
  { path: "/wholesale/apply", expected: everyone(200) },
  { path: "/admin/products/1/photos", expected: { anonymous: 302, importer: 403, bazaar: 403, staff: 302, admin: 302 } },
  { path: "/forgot-password", expected: { anonymous: 200, importer: 302, bazaar: 302, staff: 302, admin: 302 } },
  { path: "/reset-password?token=nonsense", expected: everyone(200) },
  { path: "/dev/emails", expected: everyone(404) },
  // The bazaar: the till and its catalogue for the bazaar role, staff and admins; events in the back office for
  // the same three, but creating an event or sending stock is staff's.
  { path: "/pos", expected: { anonymous: 302, importer: 403, bazaar: 200, staff: 200, admin: 200 } },
  { path: "/pos/catalog/2", expected: { anonymous: 401, importer: 403, bazaar: 200, staff: 200, admin: 200 } },
  { path: "/pos/catalog/999999", expected: { anonymous: 401, importer: 403, bazaar: 404, staff: 404, admin: 404 } },
  ...["/admin/events", "/admin/events/1", "/admin/events/1/sales", "/admin/events/1/close", "/admin/events/1/reconciliation", "/admin/events/1/tags", "/admin/events/2"].map((path) => ({
    path,
    expected: { anonymous: 302, importer: 403, bazaar: 200, staff: 200, admin: 200 },
  })),
  ...["/admin/events/new", "/admin/events/2/transfers/new"].map((path) => ({ path, expected: staffOnly })),
  { path: "/admin/events/999999", expected: { anonymous: 302, importer: 403, bazaar: 404, staff: 404, admin: 404 } },
  // A buyer's digital receipt is public; one not (yet) synced, or not a ULID, is a 404 for everyone.
  { path: "/receipt/01JZZZZZZZZZZZZZZZZZZZZZZZ", expected: everyone(404) },
  { path: "/receipt/not-a-ulid", expected: everyone(404) },
  // Impact: the page and its open data are public; an open or unknown month has no published entries.
  ...["/impact", "/impact.json", "/impact.csv", "/impact/map.svg", "/impact/plantings.csv", "/impact/months/2026-01"].map((path) => ({ path, expected: everyone(200) })),
  { path: "/impact/months/2999-01", expected: everyone(404) },
  { path: "/impact/months/not-a-month", expected: everyone(400) },
  // Plantings are staff work: the bazaar role neither sees nor reaches them.
  ...["/admin/impact", "/admin/impact/plantings/new", "/admin/impact/plantings/1"].map((path) => ({ path, expected: staffOnly })),
  { path: "/admin/impact/plantings/999999", expected: { anonymous: 302, importer: 403, bazaar: 403, staff: 404, admin: 404 } },
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
  "/admin/quotes/WQ-26-NOPE0000",
  "/admin/production/PO-26-NOPE0000",
  "/admin/stock/1",
  "/admin/events/new",
  // The event's overview is the layout's index route: its action is addressed with ?index.
  "/admin/events/1?index",
  "/admin/events/1/transfers/new",
  "/admin/events/1/reconciliation",
  "/admin/impact/plantings/new",
  "/admin/impact/plantings/1",
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
  for (const [who, landing] of [["staff", /\/admin$/], ["admin", /\/admin$/], ["bazaar", /\/pos$/], ["importer", /\/wholesale$/]] as const) {
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

/** The seeded importers with logins (db/seed/data/wholesale.ts): Nordlys is `importer` above; these two own other quotes and orders. */
const oakAndLoom = { email: "buyer.uk@importer.example", password: "kriya-importer-2026" };
const southernCross = { email: "buyer.au@importer.example", password: "kriya-importer-2026" };
const codesIn = (html: string, pattern: RegExp) => [...new Set(html.match(pattern) ?? [])];
const quoteCodes = /\bWQ-\d{2}-[2-9A-HJ-NP-Z]{8}\b/g;
const orderCodes = /\bWO-\d{2}-[2-9A-HJ-NP-Z]{8}\b/g;
const productionCodes = /\bPO-\d{2}-[2-9A-HJ-NP-Z]{8}\b/g;
const batchCodes = /\bB-\d{2}-[2-9A-HJ-NP-Z]{6}\b/g;

async function signedIn(playwright: Parameters<typeof contextFor>[0], baseURL: string, login: { email: string; password: string }) {
  const context = await playwright.request.newContext({ baseURL });
  expect((await context.post("/login", { form: login, maxRedirects: 0 })).status(), `${login.email} signs in`).toBe(302);
  return context;
}

async function pageText(context: APIRequestContext, path: string) {
  const response = await context.get(path, { maxRedirects: 0 });
  expect(response.status(), `GET ${path}`).toBe(200);
  return response.text();
}

/** The seeded numbers, looked up through each owner's own pages (codes carry the seed's year, so they are not hard-coded). */
async function seededWholesale(playwright: Parameters<typeof contextFor>[0], baseURL: string) {
  const nordlys = await contextFor(playwright, baseURL, "importer");
  const order = codesIn(await pageText(nordlys, "/wholesale/orders"), orderCodes)[0]!;
  expect(order, "Nordlys has an order").toBeTruthy();
  const orderPage = await pageText(nordlys, `/wholesale/orders/${order}`);
  const quote = codesIn(orderPage, quoteCodes)[0]!;
  const batch = codesIn(orderPage, batchCodes)[0]!;
  const awaitingDeposit = orderPage.includes("Waiting for your deposit");
  await nordlys.dispose();

  const staff = await contextFor(playwright, baseURL, "staff");
  const production = codesIn(await pageText(staff, `/admin/wholesale-orders/${order}`), productionCodes);
  await staff.dispose();

  const oak = await signedIn(playwright, baseURL, oakAndLoom);
  const oakQuotes = codesIn(await pageText(oak, "/wholesale/quotes"), quoteCodes);
  const oakOrder = codesIn(await pageText(oak, "/wholesale/orders"), orderCodes)[0]!;
  const oakOrderQuote = codesIn(await pageText(oak, `/wholesale/orders/${oakOrder}`), quoteCodes)[0]!;
  await oak.dispose();
  const southern = await signedIn(playwright, baseURL, southernCross);
  const southernOrder = codesIn(await pageText(southern, "/wholesale/orders"), orderCodes)[0]!;
  await southern.dispose();

  for (const [name, value] of Object.entries({ quote, batch, oakOrder, oakOrderQuote, southernOrder })) expect(value, name).toBeTruthy();
  expect(production.length, "Nordlys's order has production orders").toBeGreaterThan(0);
  expect(oakQuotes.length, "Oak & Loom has quotes").toBeGreaterThan(1);
  expect([...oakQuotes, oakOrderQuote]).not.toContain(quote);
  return { order, quote, batch, awaitingDeposit, production, oakQuotes, oakOrder, oakOrderQuote, southernOrder };
}

test("the seeded wholesale pages answer each role, and an importer gets a 404 for another importer's quote, order and proforma", async ({ playwright, baseURL }) => {
  const seeded = await seededWholesale(playwright, baseURL!);
  const { order, quote, batch } = seeded;
  const seededMatrix: { path: string; expected: Record<Who, number> }[] = [
    ...[`/wholesale/quotes/${quote}`, `/wholesale/quotes/${quote}/proforma.pdf`, `/wholesale/orders/${order}`].map((path) => ({ path, expected: importerOnly })),
    // Once the deposit is in, the demo checkout sends its owner back to the order.
    { path: `/wholesale/orders/${order}/deposit-demo`, expected: { ...importerOnly, importer: seeded.awaitingDeposit ? 200 : 302 } },
    ...[`/admin/quotes/${quote}`, `/admin/quotes/${quote}/proforma.pdf`, `/admin/wholesale-orders/${order}`, ...seeded.production.map((number) => `/admin/production/${number}`)].map((path) => ({
      path,
      expected: staffOnly,
    })),
    { path: `/batch/${batch}`, expected: everyone(200) },
    { path: `/batch/${batch.toLowerCase()}`, expected: everyone(200) },
    // Ownership: Oak & Loom's quotes, order and proforma, and Southern Cross's order and its checkout, are not Nordlys's.
    ...[
      ...seeded.oakQuotes.map((number) => `/wholesale/quotes/${number}`),
      `/wholesale/quotes/${seeded.oakOrderQuote}/proforma.pdf`,
      `/wholesale/orders/${seeded.oakOrder}`,
      `/wholesale/orders/${seeded.southernOrder}`,
      `/wholesale/orders/${seeded.southernOrder}/deposit-demo`,
    ].map((path) => ({ path, expected: { ...importerOnly, importer: 404 } })),
  ];
  for (const who of ["anonymous", "importer", "bazaar", "staff", "admin"] as const) {
    const context = await contextFor(playwright, baseURL!, who);
    for (const { path, expected } of seededMatrix) {
      const response = await context.get(path, { maxRedirects: 0 });
      expect(response.status(), `${who} GET ${path}`).toBe(expected[who]);
      if (expected[who] === 302 && who === "anonymous") expect(response.headers()["location"], `${who} GET ${path}`).toMatch(/^\/login\?redirectTo=/);
    }
    await context.dispose();
  }
  // The pages Nordlys is refused are real: their owner reads them.
  const oak = await signedIn(playwright, baseURL!, oakAndLoom);
  for (const path of [`/wholesale/quotes/${seeded.oakOrderQuote}`, `/wholesale/quotes/${seeded.oakOrderQuote}/proforma.pdf`, `/wholesale/orders/${seeded.oakOrder}`]) {
    expect((await oak.get(path, { maxRedirects: 0 })).status(), `Oak & Loom GET ${path}`).toBe(200);
  }
  await oak.dispose();
});

test("importer actions refuse other roles, and an importer can't accept, write on or pay another importer's quote or order", async ({ playwright, baseURL }) => {
  const seeded = await seededWholesale(playwright, baseURL!);
  const post = (context: APIRequestContext, path: string, form: Record<string, string>) => context.post(path, { form, headers: { Origin: baseURL! }, maxRedirects: 0 });
  const importerActions: [string, Record<string, string>][] = [
    ["/wholesale/basket", { intent: "request", incoterm: "FOB" }],
    ["/wholesale/products/sekar-water-hyacinth-storage-basket", { "quantities[0].variantId": "1", "quantities[0].quantity": "12" }],
    [`/wholesale/quotes/${seeded.quote}`, { intent: "message", message: "Not from Nordlys" }],
    [`/wholesale/orders/${seeded.order}`, { intent: "pay-deposit" }],
    [`/wholesale/orders/${seeded.order}/deposit-demo`, { intent: "pay" }],
  ];
  for (const who of ["anonymous", "bazaar", "staff", "admin"] as const) {
    const context = await contextFor(playwright, baseURL!, who);
    for (const [path, form] of importerActions) {
      const response = await post(context, path, form);
      expect(response.status(), `${who} POST ${path}`).toBe(who === "anonymous" ? 302 : 403);
    }
    await context.dispose();
  }

  // Nordlys, signed in, aims at Oak & Loom's quotes and Southern Cross's order: each is a 404.
  const oak = await signedIn(playwright, baseURL!, oakAndLoom);
  const southern = await signedIn(playwright, baseURL!, southernCross);
  const oakOrdersBefore = codesIn(await pageText(oak, "/wholesale/orders"), orderCodes);
  const southernBefore = await pageText(southern, `/wholesale/orders/${seeded.southernOrder}`);
  const nordlys = await contextFor(playwright, baseURL!, "importer");
  const nordlysOrdersBefore = codesIn(await pageText(nordlys, "/wholesale/orders"), orderCodes);
  for (const number of seeded.oakQuotes) {
    const forms: Record<string, string>[] = [{ intent: "accept" }, { intent: "message", message: "Written by Nordlys on someone else's quote" }, { intent: "decline" }];
    for (const form of forms) {
      expect((await post(nordlys, `/wholesale/quotes/${number}`, form)).status(), `Nordlys POST ${form.intent} ${number}`).toBe(404);
    }
  }
  expect((await post(nordlys, `/wholesale/orders/${seeded.southernOrder}`, { intent: "pay-deposit" })).status(), "Nordlys pays Southern Cross's deposit").toBe(404);
  expect((await post(nordlys, `/wholesale/orders/${seeded.southernOrder}/deposit-demo`, { intent: "pay" })).status(), "Nordlys pays it in the demo checkout").toBe(404);

  // Nothing changed: no order was made, no message written, and the deposit is as it was.
  expect(codesIn(await pageText(oak, "/wholesale/orders"), orderCodes)).toEqual(oakOrdersBefore);
  expect(codesIn(await pageText(nordlys, "/wholesale/orders"), orderCodes)).toEqual(nordlysOrdersBefore);
  for (const number of seeded.oakQuotes) expect(await pageText(oak, `/wholesale/quotes/${number}`)).not.toContain("Written by Nordlys");
  expect(await pageText(nordlys, `/wholesale/quotes/${seeded.quote}`)).not.toContain("Not from Nordlys");
  const southernAfter = await pageText(southern, `/wholesale/orders/${seeded.southernOrder}`);
  expect(southernAfter.includes("Waiting for your deposit")).toBe(southernBefore.includes("Waiting for your deposit"));
  expect(southernAfter.match(/paid by card/g)?.length ?? 0).toBe(southernBefore.match(/paid by card/g)?.length ?? 0);
  for (const context of [oak, southern, nordlys]) await context.dispose();
});
