/**
 * Part of `npm run build`, after Remix's: compiles the production start script (scripts/start.ts and what it
 * imports from app/ and db/) to plain JavaScript in <build>/start/, so `npm start` runs it with node alone.
 * Loading it through tsx cost about a second of every cold start (its loader thread, esbuild service and source
 * maps); see BENCHMARKS.md. Packages stay external (node_modules), and code behind a dynamic import, such as the
 * first-start seed with sharp and its data, stays in its own chunk that a normal start never loads.
 * Honours KRIYA_BUILD_DIR like vite.config.ts, so parallel builds stay apart.
 */
import path from "node:path";
import { build } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";
import { serverEntryFile } from "./server-command";

const projectRoot = path.resolve(import.meta.dirname, "..");
const entry = path.resolve(projectRoot, serverEntryFile(process.env.KRIYA_BUILD_DIR ?? "build"));

await build({
  configFile: false,
  root: projectRoot,
  logLevel: "warn",
  plugins: [tsconfigPaths()],
  publicDir: false,
  // Only the bundled browser code reads import.meta.env; the server reads process.env at run time.
  build: {
    ssr: path.join(projectRoot, "scripts/start.ts"),
    outDir: path.dirname(entry),
    emptyOutDir: true,
    target: "node20",
    minify: false,
    // Stack traces in the logs point into readable code; no source maps to load at start.
    sourcemap: false,
    reportCompressedSize: false,
    rollupOptions: { output: { entryFileNames: path.basename(entry), chunkFileNames: "chunks/[name]-[hash].js" } },
  },
});
