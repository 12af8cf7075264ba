import { expect, type Page } from "@playwright/test";

/** The seeded logins (README), one per role. */
export const seededLogins = {
  importer: { email: "buyer@importer.example", password: "kriya-importer-2026" },
  bazaar: { email: "bazaar@kriya.example", password: "kriya-bazaar-2026" },
  staff: { email: "staff@kriya.example", password: "kriya-staff-2026" },
  admin: { email: "admin@kriya.example", password: "kriya-admin-2026" },
} as const;
export type SeededRole = keyof typeof seededLogins;

/** Signs in through the real form and waits until the page it was sent to has loaded. */
export async function signIn(page: Page, who: SeededRole | { email: string; password: string }, to: string) {
  const login = typeof who === "string" ? seededLogins[who] : who;
  await page.goto(`/login?redirectTo=${encodeURIComponent(to)}`);
  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email").fill(login.email);
  await form.getByLabel("Password").fill(login.password);
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`${to.replace(/[?]/g, "\\?")}$`));
}
