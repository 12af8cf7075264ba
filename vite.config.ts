import { gzipSync } from "node:zlib";
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig, type Plugin } from "vite";
import { flatRoutes } from "remix-flat-routes";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

/** Issue 14: a product page's JavaScript, everything its HTML makes a first visit fetch, gzipped (level 6, as BENCHMARKS.md). */
export const productPageJsBudget = 100 * 1024;

/**
 * Fails the client build when the product page's JavaScript passes its budget, so `npm run build` (and with it
 * `npm test` and `npm start`) says so at once. The page loads the entry, the root and the product route with their
 * static imports: the same files Remix modulepreloads.
 */
function productPageJsCheck(): Plugin {
  let ssr = false;
  return {
    name: "kriya-product-page-js-budget",
    apply: "build",
    configResolved(config) {
      ssr = Boolean(config.build.ssr);
    },
    generateBundle(_options, bundle) {
      if (ssr) return;
      const chunks = Object.values(bundle).flatMap((file) => (file.type === "chunk" ? [file] : []));
      const entryOf = (moduleSuffix: string) => {
        const chunk = chunks.find((c) => c.facadeModuleId?.split("?")[0]?.endsWith(moduleSuffix));
        if (!chunk) this.error(`product page JS check: no chunk for ${moduleSuffix} (did the route move? update vite.config.ts)`);
        return chunk;
      };
      const pending = ["app/entry.client.tsx", "app/root.tsx", "app/routes/_shop+/products.$slug.tsx"].map((m) => entryOf(m).fileName);
      const files = new Set<string>();
      while (pending.length) {
        const fileName = pending.pop()!;
        if (files.has(fileName)) continue;
        files.add(fileName);
        const chunk = chunks.find((c) => c.fileName === fileName);
        if (chunk) pending.push(...chunk.imports);
      }
      let gzipped = 0;
      for (const fileName of files) {
        const chunk = chunks.find((c) => c.fileName === fileName);
        if (chunk) gzipped += gzipSync(chunk.code, { level: 6 }).byteLength;
      }
      const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
      if (gzipped > productPageJsBudget) {
        this.error(`The product page's JavaScript is ${kb(gzipped)} gzipped in ${files.size} files, over its ${kb(productPageJsBudget)} budget (issue 14): lazy-load what the page does not need at first.`);
      }
      this.info(`product page JavaScript: ${kb(gzipped)} gzipped in ${files.size} files (budget ${kb(productPageJsBudget)})`);
    },
  };
}

export default defineConfig({
  server: { port: 3000 },
  build: { target: "es2022" },
  // pdfkit reads its standard fonts (.afm) from its own folder at run time, so it stays outside the bundle.
  ssr: { external: ["@electric-sql/pglite", "sharp", "postgres", "pdfkit"] },
  plugins: [
    remix({
      // KRIYA_BUILD_DIR lets two builds on one machine (e.g. parallel test runs) stay out of each other's way.
      buildDirectory: process.env.KRIYA_BUILD_DIR ?? "build",
      // Routes are grouped by area in `+` folders (remix-flat-routes' hybrid convention, as in the Epic Stack):
      // `admin+/orders.$number.tsx` is /admin/orders/:number. Route modules are `.tsx`; the `.ts` files beside
      // them are their helpers, never routes. See docs/architecture.md.
      ignoredRouteFiles: ["**/*"],
      routes: async (defineRoutes) => flatRoutes("routes", defineRoutes, { ignoredRouteFiles: ["**/.*", "**/*.ts", "**/*.css"] }),
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
    tsconfigPaths(),
    productPageJsCheck(),
  ],
});
