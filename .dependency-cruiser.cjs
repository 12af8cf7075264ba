/**
 * The house's import rules (docs/architecture.md). `npm test` checks them over the whole tree
 * (tests/integration/architecture.test.ts), together with a tree of deliberate bad imports that must fail.
 *
 *   routes ──▶ web ──▶ models ──▶ domain
 *     │         │        │
 *     └──▶ components    └──▶ db        everything ──▶ utils (infrastructure)
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "domain-is-pure",
      comment: "app/domain holds pure rules: it imports other rules and small pure libraries, nothing of the app, the database or Remix.",
      severity: "error",
      from: { path: "^app/domain/" },
      to: { pathNot: ["^app/domain/", "^node_modules/(zod|slugify|csv-parse|fast-check|vitest|@vitest)/"] },
    },
    {
      name: "service-worker-stands-alone",
      comment: "The till's service worker runs in its own scope, bundled apart from the app: it imports Workbox and nothing of the app.",
      severity: "error",
      from: { path: "^app/service-worker/" },
      to: { pathNot: ["^node_modules/workbox-"] },
    },
    {
      name: "utils-are-infrastructure",
      comment: "app/utils is infrastructure (env, cookies, http, storage, Stripe client, password): it never reaches up into models, web helpers, routes or components.",
      severity: "error",
      from: { path: "^app/utils/" },
      to: { path: "^app/(models|web|routes|components)/" },
    },
    {
      name: "models-know-no-requests",
      comment: "Models are data operations taking (db | tx, { … }); they never import routes, web helpers or components.",
      severity: "error",
      from: { path: "^app/models/" },
      to: { path: "^app/(routes|web|components)/" },
    },
    {
      name: "models-know-no-remix",
      comment: "No model knows HTTP: Remix's server runtime (json, redirect, Response helpers) stays in routes and app/web.",
      severity: "error",
      from: { path: "^app/models/" },
      to: { path: "^node_modules/@remix-run/" },
    },
    {
      name: "web-serves-routes",
      comment: "app/web holds request helpers shared by several route areas; it never imports routes or components.",
      severity: "error",
      from: { path: "^app/web/" },
      to: { path: "^app/(routes|components)/" },
    },
    {
      name: "components-use-model-types-only",
      comment: "Components render what a loader gave them: they may import a model's types, never its code.",
      severity: "error",
      from: { path: "^app/components/" },
      to: { path: "^app/(models|web)/|^db/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "components-never-import-routes",
      severity: "error",
      from: { path: "^app/components/" },
      to: { path: "^app/routes/" },
    },
    {
      name: "routes-stay-in-their-area",
      comment: "A route's helpers live beside it; another area reaches shared helpers through app/web, not through a route folder.",
      severity: "error",
      from: { path: "^app/routes/([^/+]+)[+]/" },
      to: { path: "^app/routes/", pathNot: "^app/routes/$1[+]/" },
    },
    {
      name: "nothing-imports-routes",
      comment: "Route modules are leaves: only the framework and tests import them.",
      severity: "error",
      from: { path: "^(app|db)/", pathNot: "^app/routes/" },
      to: { path: "^app/routes/" },
    },
    {
      name: "schema-is-the-bottom",
      comment: "db/schema describes tables; it imports nothing of the app.",
      severity: "error",
      from: { path: "^db/schema/" },
      to: { path: "^app/" },
    },
    {
      name: "no-circular",
      severity: "error",
      from: { path: "^app/" },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"], extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"] },
    exclude: { path: "^(node_modules|build|data|test-results)" },
  },
};
