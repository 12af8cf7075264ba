import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The server's route caches (patches/@remix-run+router, @remix-run+react, react-router-dom; BENCHMARKS.md, "What
 * each change bought"): matching keeps each route array's ranked branches and each compiled pattern, and the
 * static router keeps its data routes. The patched CommonJS build (what the server loads) must match exactly as
 * the unpatched ESM build (what the browser loads) does, on a tree shaped like the app's.
 */
const require = createRequire(import.meta.url);
const patched = require("@remix-run/router") as typeof import("@remix-run/router");
const root = path.dirname(require.resolve("@remix-run/router/package.json"));

type Route = import("@remix-run/router").AgnosticRouteObject;
const tree = (): Route[] => [
  {
    id: "root",
    path: "",
    children: [
      { id: "index", index: true },
      { id: "shop", path: "shop", children: [{ id: "shop-index", index: true }, { id: "shop-category", path: ":category" }] },
      { id: "product", path: "products/:slug" },
      { id: "producers", path: "producers/:slug?" },
      { id: "pathless", children: [{ id: "impact", path: "impact" }, { id: "impact-month", path: "impact/:year/:month" }] },
      { id: "admin", path: "admin", children: [{ id: "admin-index", index: true }, { id: "admin-orders", path: "orders/:id" }, { id: "admin-case", path: "Case", caseSensitive: true }] },
      { id: "pos", path: "pos/*" },
      { id: "healthz", path: "healthz" },
      { id: "health-ready", path: "healthz/ready" },
      { id: "catch-all", path: "*" },
    ],
  },
];
const paths = ["/", "/shop", "/shop/", "/shop/home-decor", "/products/tas-kulit", "/products/a%20b", "/producers", "/producers/apikri", "/impact", "/impact/2026/05", "/admin", "/admin/orders/WO-1", "/admin/case", "/admin/Case", "/pos", "/pos/close/7", "/healthz", "/healthz/ready", "/nope/deeper", "//double"];
const summary = (matches: ReturnType<typeof patched.matchRoutes>) => matches?.map((m) => ({ id: (m.route as Route).id, params: m.params, pathname: m.pathname, base: m.pathnameBase })) ?? null;

describe("the server's route caches", () => {
  it("are in the installed packages (postinstall applied the patches)", () => {
    const file = (pkg: string, rel: string) => readFileSync(path.join(path.dirname(require.resolve(`${pkg}/package.json`)), rel), "utf8");
    expect(file("@remix-run/router", "dist/router.cjs.js")).toContain("rankedBranchesCache");
    expect(file("@remix-run/router", "dist/router.cjs.js")).toContain("compiledPaths");
    expect(file("@remix-run/router", "dist/router.cjs.js")).toContain("matchesCacheFor");
    expect(file("@remix-run/react", "dist/server.js")).toContain("serverRoutesCache");
    expect(file("@remix-run/react", "dist/fog-of-war.js")).toContain("parentMatchesCache");
    expect(file("react-router-dom", "server.js")).toContain("staticDataRoutesCache");
  });

  it("match every path as the unpatched router does, on every call and on a new tree", async () => {
    const unpatched = (await import(path.join(root, "dist/router.js"))) as typeof import("@remix-run/router");
    expect(unpatched.matchRoutes).not.toBe(patched.matchRoutes);
    const routes = tree();
    for (let round = 0; round < 3; round++) {
      for (const p of paths) expect(summary(patched.matchRoutes(routes, p)), `${p}, call ${round + 1}`).toEqual(summary(unpatched.matchRoutes(tree(), p)));
    }
    // A new array is ranked anew: the cache is per array, never per shape.
    const other: Route[] = [{ id: "only", path: "products/:slug" }];
    expect(summary(patched.matchRoutes(other, "/shop"))).toBeNull();
    expect(summary(patched.matchRoutes(other, "/products/x"))?.[0]?.id).toBe("only");
    // matchPath with a compiled (kept) pattern still reads each path's own params.
    expect(patched.matchPath("/products/:slug", "/products/one")?.params).toEqual({ slug: "one" });
    expect(patched.matchPath("/products/:slug", "/products/two")?.params).toEqual({ slug: "two" });
    expect(patched.matchPath({ path: "/Case", caseSensitive: true }, "/case")).toBeNull();
    expect(patched.matchPath({ path: "/Case", caseSensitive: false }, "/case")).not.toBeNull();
  });

  it("give the static router the same data routes for one route array, and new ones for another", async () => {
    const { createStaticHandler, createStaticRouter } = require("react-router-dom/server") as typeof import("react-router-dom/server");
    const routes = tree();
    const handler = createStaticHandler(routes);
    const context = async (url: string) => {
      const result = await handler.query(new Request(`http://kriya.test${url}`));
      if (result instanceof Response) throw new Error(`unexpected response for ${url}`);
      return result;
    };
    const first = createStaticRouter(routes, await context("/shop/home-decor"));
    const second = createStaticRouter(routes, await context("/products/tas-kulit"));
    expect(second.routes).toBe(first.routes);
    // Each router still reads its own request's state.
    expect(first.state.matches.map((m) => m.route.id)).toEqual(["root", "shop", "shop-category"]);
    expect(second.state.matches.map((m) => m.route.id)).toEqual(["root", "product"]);
    expect(second.state.matches[1]!.params).toEqual({ slug: "tas-kulit" });
    expect(createStaticRouter(tree(), await context("/")).routes).not.toBe(first.routes);
  });
  it("give every caller its own matches, so a caller that changes them changes nothing for the next", () => {
    const routes = tree();
    const first = patched.matchRoutes(routes, "/impact/2026/05")!;
    const second = patched.matchRoutes(routes, "/impact/2026/05")!;
    expect(second).not.toBe(first);
    expect(second[0]).not.toBe(first[0]);
    // One params object for a path's matches, as matchRouteBranch makes it, and a new one for each caller.
    expect(new Set(second.map((m) => m.params)).size).toBe(1);
    expect(second[0]!.params).not.toBe(first[0]!.params);
    (second[0]!.params as Record<string, string>).year = "1999";
    (second[1] as { pathname: string }).pathname = "/changed";
    second.pop();
    const third = patched.matchRoutes(routes, "/impact/2026/05")!;
    expect(summary(third)).toEqual(summary(first));
    expect(third.at(-1)!.params).toEqual({ year: "2026", month: "05" });
  });

  it("match long paths and many paths without keeping them all", async () => {
    const unpatched = (await import(path.join(root, "dist/router.js"))) as typeof import("@remix-run/router");
    const routes = tree();
    const long = `/products/${"x".repeat(300)}`;
    expect(summary(patched.matchRoutes(routes, long))).toEqual(summary(unpatched.matchRoutes(tree(), long)));
    // More distinct paths than the cache keeps: every answer is still its own path's.
    for (let i = 0; i < 2_500; i++) {
      const slug = `piece-${i}`;
      const matches = patched.matchRoutes(routes, i % 2 ? `/products/${slug}` : `/producers/${slug}`)!;
      expect(matches.at(-1)!.params.slug).toBe(slug);
    }
    expect(summary(patched.matchRoutes(routes, "/shop/home-decor"))).toEqual(summary(unpatched.matchRoutes(tree(), "/shop/home-decor")));
  });
});
