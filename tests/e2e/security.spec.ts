import { expect, test } from "./fixtures";

test("HTML responses carry a nonce CSP that the page's own scripts satisfy", async ({ page }) => {
  const response = await page.goto("/shop");
  const csp = response!.headers()["content-security-policy"]!;
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(response!.headers()["x-content-type-options"]).toBe("nosniff");
  expect(response!.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  // Every script the page ran had the nonce (a violation would be a console error and fail this test).
  await page.getByRole("form", { name: "Filter and sort" }).getByRole("checkbox", { name: "In stock only" }).check();
  await expect(page).toHaveURL(/instock=1/);
  const other = await page.request.get("/shop");
  expect(/'nonce-([^']+)'/.exec(other.headers()["content-security-policy"]!)?.[1]).not.toBe(nonce);
});

test("a POST from a foreign origin is refused with 403", async ({ request }) => {
  const foreign = await request.post("/cart", { form: { intent: "add", variantId: "1", quantity: "1" }, headers: { origin: "https://evil.example" } });
  expect(foreign.status()).toBe(403);
  const login = await request.post("/login", { form: { email: "admin@kriya.example", password: "x" }, headers: { origin: "https://evil.example" } });
  expect(login.status()).toBe(403);
});

test("staff sign in, see their account, and sign out; the session then stops working", async ({ page, context }) => {
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount/);
  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email").fill("staff@kriya.example");
  await form.getByLabel("Password").fill("not the password");
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(form.getByRole("alert")).toHaveText("That email and password don't match an account.");

  await form.getByLabel("Email").fill("staff@kriya.example");
  await form.getByLabel("Password").fill("kriya-staff-2026");
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText("role: staff")).toBeVisible();
  const cookie = (await context.cookies()).find((c) => c.name.endsWith("kriya_session"))!;
  expect(cookie.name).toBe("__Host-kriya_session");
  expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax", path: "/" });

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);
  // Replaying the old cookie after sign-out gets the login page: the session was deleted on the server.
  await context.addCookies([cookie]);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login/);
});

test("too many wrong passwords for one account get a 429 with a clear message", async ({ request }) => {
  // An address nobody uses: unknown accounts are limited the same way, so the limit reveals nothing.
  const email = `nobody-${Date.now()}@kriya.example`;
  for (let i = 0; i < 5; i++) {
    const wrong = await request.post("/login", { form: { email, password: `wrong-${i}` } });
    expect(wrong.status()).toBe(400);
  }
  const blocked = await request.post("/login", { form: { email, password: "any-password" } });
  expect(blocked.status()).toBe(429);
  expect(Number(blocked.headers()["retry-after"])).toBeGreaterThan(0);
  expect(await blocked.text()).toContain("Too many sign-in attempts");
});
