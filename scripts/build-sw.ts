/**
 * Part of `npm run build`, after Remix's: bundles the till's service worker (app/service-worker/pos-sw.ts) with
 * Vite and writes it into the client build as /pos-sw.js, with Workbox's precache list of the built assets
 * injected. Honours KRIYA_BUILD_DIR like vite.config.ts, so parallel builds stay apart.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { build } from "vite";
import { injectManifest } from "workbox-build";

const projectRoot = path.resolve(import.meta.dirname, "..");
const clientDir = path.resolve(projectRoot, process.env.KRIYA_BUILD_DIR ?? "build", "client");
const bundleDir = mkdtempSync(path.join(os.tmpdir(), "kriya-pos-sw-"));

try {
  await build({
    configFile: false,
    root: projectRoot,
    logLevel: "warn",
    // Workbox reads NODE_ENV to drop its development logging from the bundle.
    define: { "process.env.NODE_ENV": JSON.stringify("production") },
    build: {
      outDir: bundleDir,
      emptyOutDir: false,
      target: "es2022",
      minify: true,
      lib: { entry: path.join(projectRoot, "app/service-worker/pos-sw.ts"), formats: ["iife"], name: "kriyaPosServiceWorker", fileName: () => "pos-sw.js" },
    },
  });

  const { count, size, warnings } = await injectManifest({
    swSrc: path.join(bundleDir, "pos-sw.js"),
    swDest: path.join(clientDir, "pos-sw.js"),
    globDirectory: clientDir,
    // What the till needs to start: the app's code and styles, its fonts, manifest and icons. Product photos are
    // cached as the till shows them, not all up front.
    globPatterns: ["assets/**/*.{js,css,woff,woff2}", "pos.webmanifest", "icons/pos-*.png", "favicon.svg"],
    // Vite's hashed file names already change with their content.
    dontCacheBustURLsMatching: /^assets\//,
    maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
  });
  for (const warning of warnings) console.warn(warning);
  console.log(`pos-sw.js: ${count} files precached (${(size / 1024).toFixed(0)} kB)`);
} finally {
  rmSync(bundleDir, { recursive: true, force: true });
}
