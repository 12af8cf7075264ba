import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Writable } from "node:stream";
import * as React from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";

/**
 * The server's render patches (patches/react-dom, patches/react-router; ADR 020): React's Node renderer joins a
 * flush's text and encodes it once, and React Router keeps the resolution of paths that start with "/". Each is
 * checked against the same package's unpatched development build, which the patches leave alone: the same bytes,
 * in far fewer writes, and the same hrefs for every kind of path, on every call.
 */
const require = createRequire(import.meta.url);
const packageFile = (pkg: string, rel: string) => path.join(path.dirname(require.resolve(`${pkg}/package.json`)), rel);

type FizzServer = typeof import("react-dom/server");
const patchedFizz = require(packageFile("react-dom", "cjs/react-dom-server.node.production.min.js")) as FizzServer;
const unpatchedFizz = require(packageFile("react-dom", "cjs/react-dom-server.node.development.js")) as FizzServer;

/** Renders to a writable that records each write; resolves with the bytes and the number of writes. */
function render(server: FizzServer, element: React.ReactElement, options: { highWaterMark?: number; slowSink?: boolean } = {}) {
  return new Promise<{ html: string; writes: number; sizes: number[] }>((resolve, reject) => {
    const parts: Buffer[] = [];
    const sink = new Writable({
      highWaterMark: options.highWaterMark ?? 16 * 1024,
      write(chunk: Buffer | string, _encoding, callback) {
        parts.push(typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk));
        // A slow socket: each write is acknowledged on a later turn, so React meets backpressure.
        if (options.slowSink) setImmediate(callback);
        else callback();
      },
    });
    sink.on("finish", () => resolve({ html: Buffer.concat(parts).toString("utf8"), writes: parts.length, sizes: parts.map((p) => p.length) }));
    sink.on("error", reject);
    const { pipe } = server.renderToPipeableStream(element, {
      onAllReady: () => pipe(sink),
      onShellError: reject,
      onError: reject,
    });
  });
}

/** Where two renders differ first (the pages are large: a failure shows the place, not both pages). */
function firstDifference(a: string, b: string) {
  if (a === b) return null;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return { at: i, lengths: [a.length, b.length], patched: a.slice(Math.max(0, i - 40), i + 60), unpatched: b.slice(Math.max(0, i - 40), i + 60) };
}

/** A resource that resolves a turn later, read through Suspense the way React 18 allows (a thrown promise). */
function delayed<T>(value: T, ms: number) {
  let result: { value: T } | null = null;
  const promise = new Promise<void>((resolve) => setTimeout(() => ((result = { value }), resolve()), ms));
  return () => {
    if (!result) throw promise;
    return result.value;
  };
}

function Page({ rows, later }: { rows: number; later: () => string }) {
  const h = React.createElement;
  function Later() {
    return h("p", { className: "later" }, later());
  }
  return h(
    "html",
    { lang: "id" },
    h("head", null, h("title", null, "Tas kulit – Kriya ✨"), h("style", { dangerouslySetInnerHTML: { __html: `body{margin:0}`.repeat(3000) } })),
    h(
      "body",
      null,
      h("h1", { title: `"quotes" & <angles>` }, "Kerajinan tangan: anyaman, perak, kulit — 手工艺 🧺"),
      h(
        "ul",
        null,
        Array.from({ length: rows }, (_, i) => h("li", { key: i, "data-i": i, className: i % 2 ? "odd" : "even" }, `Barang ${i}: Rp ${(i * 12_500).toLocaleString("id-ID")} · ékologis 🌳`)),
      ),
      h("p", null, "x".repeat(40_000)),
      h(React.Suspense, { fallback: h("p", null, "Memuat…") }, h(Later)),
    ),
  );
}

describe("the server's render patches", () => {
  it("are in the installed packages (postinstall applied them)", () => {
    expect(readFileSync(packageFile("react-dom", "cjs/react-dom-server.node.production.min.js"), "utf8")).toContain("kriyaPendingText");
    expect(readFileSync(packageFile("react-router", "dist/umd/react-router.production.min.js"), "utf8")).toContain("kriyaResolvedPaths");
  });

  it("write what React's unpatched renderer writes, multi-byte text, escapes, streamed parts and all, in a few writes, without its NUL bytes", async () => {
    let unpatchedNuls = 0;
    for (const rows of [0, 1, 40, 2_000]) {
      const patched = await render(patchedFizz, React.createElement(Page, { rows, later: delayed("Selesai 🎉", 5) }));
      const unpatched = await render(unpatchedFizz, React.createElement(Page, { rows, later: delayed("Selesai 🎉", 5) }));
      // React 18.3's writer sends a whole 2 kB view when a multi-byte character doesn't fit its end, unwritten zero
      // bytes and all (react/react#31134); ours never does, and is otherwise the same text.
      expect(patched.html).not.toContain("\0");
      unpatchedNuls += unpatched.html.split("\0").length - 1;
      expect(firstDifference(patched.html, unpatched.html.replaceAll("\0", "")), `${rows} rows`).toBeNull();
      expect(patched.html).toContain("Selesai 🎉");
      expect(patched.html).toContain("手工艺 🧺");
      // A write per 32,768 characters of text (3 bytes each at most), not one per 2 kB.
      expect(patched.writes, `${rows} rows: ${unpatched.writes} writes unpatched`).toBeLessThanOrEqual(Math.ceil(patched.html.length / 32_768) + 3);
      expect(unpatched.writes).toBeGreaterThan(patched.writes);
      expect(Math.max(...patched.sizes)).toBeLessThanOrEqual(3 * 32_768 + 3 * 40_000);
    }
    expect(unpatchedNuls, "the unpatched renderer's NUL bytes on these pages").toBeGreaterThan(0);
  });

  it("waits out backpressure and still sends every byte", async () => {
    const page = () => React.createElement(Page, { rows: 3_000, later: delayed("Selesai", 1) });
    const patched = await render(patchedFizz, page(), { highWaterMark: 1024, slowSink: true });
    const unpatched = await render(unpatchedFizz, page(), { highWaterMark: 1024, slowSink: true });
    expect(patched.html).not.toContain("\0");
    expect(firstDifference(patched.html, unpatched.html.replaceAll("\0", ""))).toBeNull();
    expect(patched.html).toContain("Selesai");
    expect(patched.html.endsWith("</html>")).toBe(true);
  });

  it("keeps concurrent renders apart (the joined text is per flush, and a flush never yields)", async () => {
    const pages = Array.from({ length: 12 }, (_, i) => render(patchedFizz, React.createElement(Page, { rows: 50 + i, later: delayed(`akhir ${i}`, 1 + (i % 4)) })));
    const results = await Promise.all(pages);
    for (const [i, result] of results.entries()) {
      const alone = await render(unpatchedFizz, React.createElement(Page, { rows: 50 + i, later: delayed(`akhir ${i}`, 1) }));
      expect(firstDifference(result.html, alone.html.replaceAll("\0", "")), `page ${i}`).toBeNull();
    }
  });
});

type RouterModule = typeof import("react-router");
const patchedRouter = require(packageFile("react-router", "dist/umd/react-router.production.min.js")) as RouterModule;
const unpatchedRouter = require(packageFile("react-router", "dist/umd/react-router.development.js")) as RouterModule;

/** A server render's navigator: it never navigates (the server builds hrefs only). */
const staticNavigator = {
  createHref: (to: string | { pathname?: string; search?: string; hash?: string }) => (typeof to === "string" ? to : `${to.pathname ?? ""}${to.search ?? ""}${to.hash ?? ""}`),
  encodeLocation: undefined,
  go: () => {},
  push: () => {},
  replace: () => {},
} as unknown as import("react-router").Navigator;

/** The hrefs each `to` resolves to, rendered inside a route at `location`, with one router build. */
function hrefs(router: RouterModule, location: string, tos: string[], relative?: "path" | "route") {
  const h = React.createElement;
  function Probe() {
    return h(
      "ol",
      null,
      tos.map((to, i) => h("li", { key: i }, `${router.useHref(to, { relative })}|${JSON.stringify(router.useResolvedPath(to, { relative }))}`)),
    );
  }
  const tree = h(
    router.Router,
    { location, navigator: staticNavigator, static: true },
    h(
      router.Routes,
      null,
      h(router.Route, { path: "/" }, h(router.Route, { path: "shop" }, h(router.Route, { path: ":category", element: h(Probe) })), h(router.Route, { path: "products/:slug/*", element: h(Probe) }), h(router.Route, { path: "*", element: h(Probe) })),
    ),
  );
  return renderToString(tree);
}

describe("React Router's kept path resolutions", () => {
  const tos = ["/", "/shop", "/shop/", "/products/tas-kulit?currency=EUR#foto", "/search?q=tas%20kulit", "//elsewhere.example/x", "/a/../b/./c", ".", "..", "../..", "reviews", "reviews/", "?page=2", "#top", "", "./photos"];
  const locations = ["/shop/home-decor", "/shop/home-decor/", "/products/tas-kulit/reviews", "/nowhere/deeper/"];

  it("resolve every kind of path as the unpatched build does, wherever it is rendered, on every call", () => {
    for (let round = 0; round < 3; round++) {
      for (const location of locations) {
        for (const relative of [undefined, "path", "route"] as const) {
          expect(hrefs(patchedRouter, location, tos, relative), `${location} ${relative ?? ""}, call ${round + 1}`).toBe(hrefs(unpatchedRouter, location, tos, relative));
        }
      }
    }
  });

  it("give each caller its own copy of a kept resolution", () => {
    const h = React.createElement;
    const seen: Array<{ pathname: string }> = [];
    function Probe() {
      const path = patchedRouter.useResolvedPath("/products/tas-kulit");
      seen.push(path);
      path.pathname = "/changed";
      return null;
    }
    const at = (...children: React.ReactElement[]) => h(patchedRouter.Router, { location: "/shop", navigator: staticNavigator, static: true }, ...children);
    renderToString(at(h(Probe), h(Probe)));
    renderToString(at(h(Probe)));
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
    expect(patchedRouter.resolvePath("/products/tas-kulit").pathname).toBe("/products/tas-kulit");
    const fresh: string[] = [];
    function Reader() {
      fresh.push(patchedRouter.useResolvedPath("/products/tas-kulit").pathname);
      return null;
    }
    renderToString(at(h(Reader)));
    expect(fresh).toEqual(["/products/tas-kulit"]);
  });
});
