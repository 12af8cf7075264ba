import { randomBytes } from "node:crypto";
import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3210);
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// Unlocks the server's test-only mailbox (GET /dev/emails/latest) for this run; set on process.env so the
// workers, which load this file again, read the same token.
const mailboxToken = (process.env.KRIYA_TEST_MAILBOX_TOKEN ??= randomBytes(24).toString("hex"));
// The run's session secret, shared the same way: specs derive the demo webhook secret from it (demoWebhookSecret).
const sessionSecret = (process.env.SESSION_SECRETS ??= randomBytes(24).toString("hex"));

/**
 * Browser journeys against the production build on a fresh embedded PGlite (the same path as
 * `npm start` on a new machine). Debian's Chromium is used because Playwright cannot download browsers here.
 */
export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 7_000 },
  reporter: process.env.CI ? [["list"], ["json", { outputFile: "test-results/e2e.json" }]] : [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "off",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: {
    command: "tsx scripts/e2e-server.ts",
    url: `http://localhost:${port}/healthz/ready`,
    reuseExistingServer: false,
    timeout: 300_000,
    stdout: "pipe",
    stderr: "pipe",
    env: { PORT: String(port), KRIYA_SQL_COUNT: "1", KRIYA_TEST_MAILBOX_TOKEN: mailboxToken, SESSION_SECRETS: sessionSecret },
  },
});
