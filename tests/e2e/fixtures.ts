import { test as base, expect } from "@playwright/test";

/** Every journey fails on a browser console error or an uncaught page error. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (msg) => {
        if (msg.type() === "error") errors.push(msg.text());
      });
      // A navigation that a newer one replaces has its data request aborted by Remix, which can surface as an
      // AbortError when the journey clicks on before the first one ends (seen under CI load). That is the router
      // cancelling stale work, not the page failing; any other error still fails the journey.
      page.on("pageerror", (err) => {
        if (err.name !== "AbortError") errors.push(err.message);
      });
      await use(errors);
      // Refusals of bad input (400, 404, 409, 413, 415) log the failed request; that is the page working as designed.
      const unexpected = errors.filter((e) => !/Failed to load resource: the server responded with a status of (400|404|409|413|415)/.test(e) && !/^(Uncaught \(in promise\) )?AbortError\b/.test(e));
      expect(unexpected, "console errors").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Waits until React has hydrated the page (root.tsx sets `data-hydrated` on <html>). */
export async function waitForHydration(page: import("@playwright/test").Page) {
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
}
