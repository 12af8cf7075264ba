import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

/**
 * Operations tests (issue 15): several real servers from the production build, Varnish, faults and backups.
 * Run by `npm test` after the build, one file at a time (they start servers and time things).
 */
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["tests/ops/**/*.test.ts"],
    globalSetup: ["tests/ops/support/global-setup.ts"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: "forks",
    fileParallelism: false,
  },
});
