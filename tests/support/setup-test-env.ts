import { afterEach, beforeEach, vi } from "vitest";
import { testImageDir } from "./paths";

process.env.IMAGE_DIR ??= testImageDir;
// Tests sign cookies with a fixed secret of their own; servers generate theirs (see ensureSessionSecret).
process.env.SESSION_SECRETS ??= "kriya-test-secret-only-for-vitest-runs";

// A console.error during a test is a bug the test should have caught (Epic Stack habit).
beforeEach(() => {
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    throw new Error(`console.error was called: ${args.map(String).join(" ")}`);
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});
