import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import { flatRoutes } from "remix-flat-routes";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
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
  ],
});
