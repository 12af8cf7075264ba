import { afterEach, beforeEach, vi } from "vitest";
import { reloadEnvForTests } from "~/utils/env.server";
import { testImageDir } from "./paths";

process.env.IMAGE_DIR ??= testImageDir;
// Tests sign cookies with a fixed secret of their own; servers generate theirs (see ensureSessionSecret).
process.env.SESSION_SECRETS ??= "kriya-test-secret-only-for-vitest-runs";

// The app parses the environment once (app/utils/env.server.ts). Tests change process.env as they go
// (process.env.SMTP_URL = …, delete process.env.STRIPE_SECRET_KEY): each change makes the next env() parse it again.
const watched = Symbol.for("kriya.watchedEnv");
if (!(process.env as unknown as Record<symbol, unknown>)[watched]) {
  process.env = new Proxy(process.env, {
    get: (target, key) => (key === watched ? true : Reflect.get(target, key)),
    set: (target, key, value) => {
      const done = Reflect.set(target, key, value);
      reloadEnvForTests();
      return done;
    },
    deleteProperty: (target, key) => {
      const done = Reflect.deleteProperty(target, key);
      reloadEnvForTests();
      return done;
    },
  });
}
reloadEnvForTests();

// A console.error during a test is a bug the test should have caught (Epic Stack habit).
beforeEach(() => {
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    throw new Error(`console.error was called: ${args.map(String).join(" ")}`);
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});
