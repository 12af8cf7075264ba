import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures";

/**
 * The bazaar account is reset here: no later journey depends on its sessions. Its password is always put back
 * to the seeded one before the test ends, so other specs on the same server can still sign in.
 */
const bazaar = { email: "bazaar@kriya.example", password: "kriya-bazaar-2026" };
const mailbox = { Authorization: `Bearer ${process.env.KRIYA_TEST_MAILBOX_TOKEN}` };
const changedNotice = "Your password has been changed; sign in with the new one.";

type Email = { id: number; to: string; subject: string; text: string };

/** The newest email to `to` from the server's test-only mailbox (null when there is none). */
async function latestEmail(request: APIRequestContext, to: string): Promise<Email | null> {
  const response = await request.get(`/dev/emails/latest?to=${encodeURIComponent(to)}`, { headers: mailbox });
  if (response.status() === 404) return null;
  expect(response.status()).toBe(200);
  return (await response.json()) as Email;
}

/** Waits for an email newer than `afterId` (the outbox drains right after the request, and every few seconds). */
async function nextEmail(request: APIRequestContext, to: string, afterId: number): Promise<Email> {
  let email: Email | null = null;
  await expect
    .poll(async () => {
      email = await latestEmail(request, to);
      return email?.id ?? 0;
    }, { timeout: 15_000 })
    .toBeGreaterThan(afterId);
  return email!;
}

const resetLinkIn = (email: Email) => /https?:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]{43}/.exec(email.text)![0];

async function signIn(page: Page, email: string, password: string) {
  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Password").fill(password);
  await form.getByRole("button", { name: "Sign in" }).click();
}

/** A browser's form post carries its Origin; the reset link is built only from that (or PUBLIC_URL). */
const sameOrigin = () => ({ Origin: `http://localhost:${process.env.E2E_PORT ?? 3210}` });

/** The whole reset over plain HTTP, back to the seeded password. */
async function restorePassword(request: APIRequestContext, user: { email: string; password: string }) {
  const before = (await latestEmail(request, user.email))?.id ?? 0;
  expect((await request.post("/forgot-password", { headers: sameOrigin(), form: { email: user.email } })).status()).toBe(200);
  const token = new URL(resetLinkIn(await nextEmail(request, user.email, before))).searchParams.get("token")!;
  const done = await request.post("/reset-password", { form: { token, password: user.password, confirmPassword: user.password }, maxRedirects: 0 });
  expect(done.status()).toBe(302);
}

test("a forgotten password is reset through the emailed link, which then stops working", async ({ page, browser, request, baseURL }) => {
  const newPassword = `a new bazaar password ${Date.now()}`;
  let changed = false;
  // A second browser stays signed in to the same account: the reset must sign it out.
  const elsewhere = await browser.newPage();
  try {
    await elsewhere.goto("/login");
    await signIn(elsewhere, bazaar.email, bazaar.password);
    await expect(elsewhere).toHaveURL(/\/pos$/);

    const before = (await latestEmail(request, bazaar.email))?.id ?? 0;
    await page.goto("/login");
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await expect(page).toHaveURL(/\/forgot-password$/);
    const ask = page.getByRole("form", { name: "Request a reset link" });
    await ask.getByLabel("Email").fill(bazaar.email);
    await ask.getByRole("button", { name: "Send me a reset link" }).click();
    await expect(page.getByRole("status")).toContainText(`If there is a Kriya account for ${bazaar.email}, we have sent it a link`);

    const email = await nextEmail(request, bazaar.email, before);
    expect(email.subject).toBe("Choose a new password for your Kriya account");
    expect(email.text).toContain("Hello Agus,");
    const link = resetLinkIn(email);
    expect(link.startsWith(`${baseURL}/reset-password?token=`)).toBe(true);

    await page.goto(link);
    const reset = page.getByRole("form", { name: "Choose a new password" });
    await expect(page.getByText(`For ${bazaar.email}.`)).toBeVisible();
    await reset.getByLabel("New password", { exact: true }).fill(newPassword);
    await reset.getByLabel("Repeat the new password").fill(`${newPassword}!`);
    await reset.getByRole("button", { name: "Save the new password" }).click();
    await expect(reset.getByRole("alert")).toHaveText("The two passwords don't match");
    await expect(reset.getByLabel("Repeat the new password")).toHaveAttribute("aria-invalid", "true");

    await reset.getByLabel("Repeat the new password").fill(newPassword);
    await reset.getByRole("button", { name: "Save the new password" }).click();
    await expect(page).toHaveURL(/\/login$/);
    changed = true;
    await expect(page.getByRole("status")).toHaveText(changedNotice);

    // Signed out everywhere: the other browser's session is gone.
    await elsewhere.goto("/account");
    await expect(elsewhere).toHaveURL(/\/login\?redirectTo=%2Faccount/);

    // The old password no longer works; the new one does.
    expect((await request.post("/login", { form: bazaar, maxRedirects: 0 })).status()).toBe(400);
    await signIn(page, bazaar.email, newPassword);
    // The bazaar role starts at the till.
    await expect(page).toHaveURL(/\/pos$/);
    await page.goto("/account");
    await expect(page.getByText("role: bazaar")).toBeVisible();

    // The link works only once.
    await page.goto(link);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("This link can't be used");
    await expect(page.getByRole("alert")).toContainText("already been used");
    await expect(page.getByRole("link", { name: "Ask for a new link" })).toHaveAttribute("href", "/forgot-password");

    // Made-up tokens get the same clear page, never an error.
    for (const token of ["nonsense", "A".repeat(43)]) {
      const response = await page.goto(`/reset-password?token=${token}`);
      expect(response!.status()).toBe(200);
      await expect(page.getByRole("alert")).toContainText("isn't valid");
    }
  } finally {
    await elsewhere.close();
    if (changed) await restorePassword(request, bazaar);
  }
  expect((await request.post("/login", { form: bazaar, maxRedirects: 0 })).status()).toBe(302);
});

test("answers the same for unknown addresses, limits requests per address, and keeps the mailbox locked", async ({ request }) => {
  const unknown = `nobody-${Date.now()}@kriya.example`;
  const first = await request.post("/forgot-password", { headers: sameOrigin(), form: { email: unknown } });
  expect(first.status()).toBe(200);
  expect(await first.text()).toContain(`If there is a Kriya account for ${unknown}, we have sent it a link`);
  // Give the drain a moment: still nothing arrives for an address without an account.
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(await latestEmail(request, unknown)).toBeNull();

  // Links always use the configured origin, whatever the request says (security.spec.ts: "a reset email never points…").
  const invalid = await request.post("/forgot-password", { headers: sameOrigin(), form: { email: "not an address" } });
  expect(invalid.status()).toBe(400);
  expect(await invalid.text()).toContain("Enter your email address");

  for (let i = 1; i < 5; i++) expect((await request.post("/forgot-password", { headers: sameOrigin(), form: { email: unknown } })).status()).toBe(200);
  const blocked = await request.post("/forgot-password", { headers: sameOrigin(), form: { email: unknown } });
  expect(blocked.status()).toBe(429);
  expect(Number(blocked.headers()["retry-after"])).toBeGreaterThan(0);
  expect(await blocked.text()).toContain("Too many reset requests");

  // Without the right token the test mailbox is just another missing page.
  const to = `?to=${encodeURIComponent(bazaar.email)}`;
  expect((await request.get(`/dev/emails/latest${to}`)).status()).toBe(404);
  expect((await request.get(`/dev/emails/latest${to}`, { headers: { Authorization: "Bearer wrong-token" } })).status()).toBe(404);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("both forms work as plain HTML forms", async ({ page, request }) => {
    const before = (await latestEmail(request, bazaar.email))?.id ?? 0;
    await page.goto("/forgot-password");
    const ask = page.getByRole("form", { name: "Request a reset link" });
    await ask.getByLabel("Email").fill(bazaar.email);
    await ask.getByRole("button", { name: "Send me a reset link" }).click();
    await expect(page.getByRole("status")).toContainText("we have sent it a link");

    await page.goto(resetLinkIn(await nextEmail(request, bazaar.email, before)));
    const reset = page.getByRole("form", { name: "Choose a new password" });
    // Setting the seeded password again keeps the account as other journeys expect it.
    await reset.getByLabel("New password", { exact: true }).fill(bazaar.password);
    await reset.getByLabel("Repeat the new password").fill("something else entirely");
    await reset.getByRole("button", { name: "Save the new password" }).click();
    await expect(page.getByRole("alert")).toHaveText("The two passwords don't match");

    await reset.getByLabel("New password", { exact: true }).fill(bazaar.password);
    await reset.getByLabel("Repeat the new password").fill(bazaar.password);
    await reset.getByRole("button", { name: "Save the new password" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole("status")).toHaveText(changedNotice);
    await signIn(page, bazaar.email, bazaar.password);
    await expect(page).toHaveURL(/\/pos$/);
  });
});
