/**
 * `npm run bench`: measures the production build on this machine and writes BENCHMARKS.md.
 * Throughput is reported as a ratio to a trivial route on the same server, so numbers compare across machines.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { projectRoot } from "../db/client.server";
import { benchScale, scaleBenchMarkdown, withScaleSection } from "./bench-scale";
import { benchLoad, loadHeading, loadMarkdown, withLoadSection } from "./bench-load";
import { benchTill, prepareBenchEvent, tillBenchMarkdown, withTillSection } from "./bench-till";
import { lighthouseBench, lighthouseMarkdown, pageJsBytes, withLighthouseSection } from "./lighthouse";
import { measureStart, startMarkdown, withStartSection } from "./measure-start";
import { serverEntryFile, serverNodeArgs } from "./server-command";
import { sectionOf, withSection } from "./bench-sections";
import { benchVarnish, varnishMarkdown, withVarnishSection } from "./bench-varnish";

const port = Number(process.env.BENCH_PORT ?? 3300);
const startLoad = os.loadavg()[0]!;
// What the last run wrote: sections this run skips are kept from it.
const previousBenchmarks = existsSync(path.join(projectRoot, "BENCHMARKS.md")) ? readFileSync(path.join(projectRoot, "BENCHMARKS.md"), "utf8") : "";
const base = `http://127.0.0.1:${port}`;
// The browser must use the server's public origin, or the shop refuses its forms as sent from another site.
const browserBase = `http://localhost:${port}`;
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const connections = 50;

if (!existsSync(path.join(projectRoot, serverEntryFile("build"))) || process.env.BENCH_BUILD !== "0") {
  const build = spawnSync("npm", ["run", "build", "--silent"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(1);
}

// A fresh database each run, so every run measures the same data.
const benchDataDir = process.env.PGLITE_DIR ?? path.join(projectRoot, "data", "bench-pglite");
if (!process.env.PGLITE_DIR) rmSync(benchDataDir, { recursive: true, force: true });

type Server = ReturnType<typeof spawn>;
let server: Server | null = null;
/** `pageCacheSeconds` 0 turns the full-page cache off, so every request renders (a miss). */
function startServer(cacheSeconds: number, pageCacheSeconds = 0, databaseUrl = ""): Server {
  // One node process running the compiled start script, so stopping it leaves nothing behind.
  server = spawn(process.execPath, serverNodeArgs("build"), {
    cwd: projectRoot,
    env: {
      ...process.env,
      PORT: String(port),
      KRIYA_SQL_COUNT: "1",
      CATALOG_CACHE_SECONDS: String(cacheSeconds),
      PAGE_CACHE_SECONDS: String(pageCacheSeconds),
      PGLITE_DIR: benchDataDir,
      DATABASE_URL: databaseUrl,
      // Several servers on one PostgreSQL must share a secret, so the server insists on one there.
      ...(databaseUrl ? { SESSION_SECRETS: process.env.SESSION_SECRETS ?? randomBytes(32).toString("base64") } : {}),
      IMAGE_DIR: path.join(benchDataDir, "..", "bench-images"),
      NODE_ENV: "production",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  return server;
}

/** The server's resident memory, from the kernel (what the machine really gives it). */
function serverRssMb(): number {
  const status = readFileSync(`/proc/${server!.pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/** What a browser sends; the bench measures with it and without it (curl, load balancers' health checks). */
const browserEncoding = { "accept-encoding": "gzip, deflate, br, zstd" };

/** Asks until the page cache answers the page itself (its copy is stored just after the first response). */
async function warmPageCache(pathname: string) {
  for (let i = 0; i < 50; i++) {
    const res = await fetch(base + pathname);
    await res.arrayBuffer();
    if (res.headers.get("x-cache") === "HIT") return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${pathname} never became a page cache hit`);
}

type Measured = { rps: number; p99: number; errors: number };
/** Hits and misses of one server, with and without a browser's Accept-Encoding, against its own /healthz. */
async function pageCachePhase(paths: { product: string; category: string }, hits: boolean) {
  if (hits) for (const p of Object.values(paths)) await warmPageCache(p);
  else for (const p of Object.values(paths)) for (let i = 0; i < 5; i++) await sqlCount(p);
  const result: Record<"trivial" | "product" | "category", { plain: Measured; browser: Measured }> = {
    trivial: { plain: await throughput("/healthz"), browser: await throughput("/healthz", { headers: browserEncoding }) },
    product: { plain: await throughput(paths.product), browser: await throughput(paths.product, { headers: browserEncoding }) },
    category: { plain: await throughput(paths.category), browser: await throughput(paths.category, { headers: browserEncoding }) },
  };
  return { ...result, rssMb: serverRssMb() };
}

const adminPostgresUrl = () => process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
/** A fresh PostgreSQL database for the bench, when the machine has one (CI and this box do, at 127.0.0.1). */
async function benchPostgresUrl(): Promise<string | null> {
  const admin = adminPostgresUrl();
  const made = spawnSync("psql", [admin, "-qc", "DROP DATABASE IF EXISTS kriya_bench WITH (FORCE)", "-c", "CREATE DATABASE kriya_bench"], { encoding: "utf8" });
  if (made.status !== 0) return null;
  return admin.replace(/\/[^/]*$/, "/kriya_bench");
}
async function stopServer() {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((resolve) => server!.once("exit", resolve));
  server.kill("SIGTERM");
  await exited;
}
process.on("exit", () => server?.kill("SIGKILL"));

async function waitForServer() {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/healthz/ready`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("server did not start");
}

async function sqlCount(pathname: string) {
  const res = await fetch(base + pathname);
  await res.text();
  return { status: res.status, statements: Number(res.headers.get("x-sql-statements") ?? NaN) };
}

async function throughput(pathname: string, options: { method?: "GET" | "POST"; body?: string; headers?: Record<string, string>; connections?: number; expectStatus?: number } = {}) {
  const result = await autocannon({
    url: base + pathname,
    connections: options.connections ?? connections,
    duration: seconds,
    pipelining: 1,
    method: options.method ?? "GET",
    body: options.body,
    headers: options.headers,
  });
  const expected = options.expectStatus ?? 200;
  const statusCount = (result as unknown as Record<string, number>)[`${Math.floor(expected / 100)}xx`] ?? 0;
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + (result.requests.total - statusCount) };
}

/** A cart (by cookie) holding one in-stock piece, with a shipping country, ready to check out. */
async function preparedCart(productPath: string) {
  const html = await (await fetch(base + productPath)).text();
  const variantId = /name="variantId" value="(\d+)"/.exec(html)?.[1];
  if (!variantId) throw new Error(`no add-to-cart form on ${productPath}`);
  const form = (body: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(body), redirect: "manual" as const });
  const added = await fetch(`${base}/cart`, form({ intent: "add", variantId, quantity: "1" }));
  const cookie = added.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  await fetch(`${base}/cart`, { ...form({ intent: "country", country: "DE" }), headers: { cookie } });
  return cookie;
}

async function checkoutStatements(cookie: string) {
  const res = await fetch(`${base}/cart`, {
    method: "POST",
    body: new URLSearchParams({ intent: "checkout", email: "bench@example.com", country: "DE" }),
    headers: { cookie },
    redirect: "manual",
  });
  if (res.status !== 302) throw new Error(`checkout answered ${res.status}`);
  return Number(res.headers.get("x-sql-statements"));
}

/** What a 390 px phone at 3× loads for the product page's first photo: the srcset candidate for 1170 px. */
async function phoneImageBytes(pathname: string) {
  const html = await (await fetch(base + pathname)).text();
  const match = /<source type="image\/avif" srcSet="([^"]+)"/.exec(html);
  if (!match) return null;
  const candidates = match[1]!.split(",").map((c) => {
    const [url, w] = c.trim().split(" ");
    return { url: url!, width: Number(w!.replace("w", "")) };
  });
  const needed = 390 * 3;
  const pick = candidates.find((c) => c.width >= needed) ?? candidates[candidates.length - 1]!;
  const sizes: Record<string, number> = {};
  for (const ext of ["avif", "webp", "jpg"]) {
    const url = pick.url.replace(/\.avif$/, `.${ext}`);
    sizes[ext] = (await (await fetch(base + url)).arrayBuffer()).byteLength;
  }
  return { width: pick.width, sizes };
}

// BENCH_ONLY=till measures just the till (a few minutes less) and replaces only its section of BENCHMARKS.md.
if (process.env.BENCH_ONLY === "till") {
  const tillEvent = await prepareBenchEvent(benchDataDir);
  startServer(20);
  await waitForServer();
  const till = await benchTill(browserBase, tillEvent);
  await stopServer();
  const benchmarksFile = path.join(projectRoot, "BENCHMARKS.md");
  const section = tillBenchMarkdown(till);
  writeFileSync(benchmarksFile, withTillSection(existsSync(benchmarksFile) ? readFileSync(benchmarksFile, "utf8") : "# Benchmarks\n", section));
  console.log(section);
  process.exit(0);
}

// Phase 1: catalogue cache off, so every request pays its real database cost.
startServer(0);
await waitForServer();
const sitemap = await (await fetch(`${base}/sitemap.xml`)).text();
const productSlug = /\/products\/([a-z0-9-]+)</.exec(sitemap)![1]!;
const producerSlug = /\/producers\/([a-z0-9-]+)</.exec(sitemap)![1]!;
const pages = {
  "Trivial route (/healthz)": "/healthz",
  Home: "/",
  "Category page": "/shop/home-decor",
  "Product page": `/products/${productSlug}`,
  "Producer page": `/producers/${producerSlug}`,
  Search: "/search?q=basket",
};

// Warm up so first-request costs (module loading, PGlite caches) are not measured.
for (const p of Object.values(pages)) for (let i = 0; i < 5; i++) await sqlCount(p);

const sql: Record<string, number> = {};
const js: Record<string, { files: number; raw: number; gz: number }> = {};
for (const [name, p] of Object.entries(pages)) {
  sql[name] = (await sqlCount(p)).statements;
  if (p !== "/healthz") js[name] = await pageJsBytes(base, p);
}
const trivial = await throughput("/healthz");
const product = await throughput(pages["Product page"]);
const category = await throughput(pages["Category page"]);
const image = await phoneImageBytes(pages["Product page"]);
// Checkout: statements for a first checkout of a fresh cart, then throughput re-checking-out one cart
// (each request also cancels the previous pending order and releases its stock, so stock never runs out).
const checkoutSql = await checkoutStatements(await preparedCart(pages["Product page"]));
const benchCart = await preparedCart(pages["Product page"]);
const checkout = await throughput("/cart", {
  method: "POST",
  body: "intent=checkout&email=bench%40example.com&country=DE",
  headers: { cookie: benchCart, "content-type": "application/x-www-form-urlencoded" },
  connections: 10,
  expectStatus: 302,
});
await stopServer();

// Phase 2: as `npm start` runs: the 20 s data cache and the full-page cache. Every request is a hit.
const cachePaths = { product: pages["Product page"], category: pages["Category page"] };
startServer(20, 10);
await waitForServer();
const pgliteHits = await pageCachePhase(cachePaths, true);
await stopServer();

// Phase 3: the page cache off, so every request renders: what a miss costs (the data cache stays on).
startServer(20, 0);
await waitForServer();
const pgliteMisses = await pageCachePhase(cachePaths, false);
await stopServer();

// Phase 4: the same on PostgreSQL, on a database of its own.
const postgresUrl = await benchPostgresUrl();
let postgres: { hits: Awaited<ReturnType<typeof pageCachePhase>>; misses: Awaited<ReturnType<typeof pageCachePhase>> } | null = null;
if (postgresUrl) {
  startServer(20, 10, postgresUrl);
  await waitForServer();
  const hits = await pageCachePhase(cachePaths, true);
  await stopServer();
  startServer(20, 0, postgresUrl);
  await waitForServer();
  const misses = await pageCachePhase(cachePaths, false);
  await stopServer();
  postgres = { hits, misses };
}

// Phase 5: Lighthouse on the pages as a phone on 4G first sees them, served as \`npm start\` serves them.
startServer(20, 10);
await waitForServer();
const lighthouse = await lighthouseBench(browserBase);
await stopServer();

// Phase 6: the till offline in Chromium, on a bench event of its own.
const tillEvent = await prepareBenchEvent(benchDataDir);
startServer(20);
await waitForServer();
const till = await benchTill(browserBase, tillEvent);
await stopServer();

const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
function cacheTable(database: string, hits: Awaited<ReturnType<typeof pageCachePhase>>, misses: Awaited<ReturnType<typeof pageCachePhase>>) {
  const row = (name: string, m: { plain: Measured; browser: Measured }, trivial: { plain: Measured; browser: Measured }) =>
    `| ${name} | ${m.plain.rps.toFixed(0)} | ${(m.plain.rps / trivial.plain.rps).toFixed(2)}× | ${m.browser.rps.toFixed(0)} | ${(m.browser.rps / trivial.browser.rps).toFixed(2)}× | ${m.plain.p99} / ${m.browser.p99} ms | ${m.plain.errors + m.browser.errors} |`;
  return `### ${database}

| Route | Requests/s | Ratio | Requests/s (browser) | Ratio (browser) | p99 | Errors |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${row("\`/healthz\` (hit server)", hits.trivial, hits.trivial)}
${row("Product page, **hit**", hits.product, hits.trivial)}
${row("Category page, **hit**", hits.category, hits.trivial)}
${row("\`/healthz\` (miss server)", misses.trivial, misses.trivial)}
${row("Product page, miss", misses.product, misses.trivial)}
${row("Category page, miss", misses.category, misses.trivial)}

Before each hit run the pages answered \`X-Cache: HIT\`; entries live \`PAGE_CACHE_SECONDS\` (10 s), so each run of
${seconds} s includes about one re-render per page (a miss served to the first request, the others waiting for it).
`;
}
const ratio = (n: number, base = trivial.rps) => (n / base).toFixed(3);
const now = new Date().toISOString().slice(0, 10);
const md = `# Benchmarks

Measured by \`npm run bench\` on ${now}: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version},
production build, embedded PGlite (the default database), ${connections} connections for ${seconds} s per route.
The machine's load average (1 min) was ${startLoad.toFixed(1)} when the bench began and ${os.loadavg()[0]!.toFixed(1)} when it wrote this page.
Absolute numbers depend on the machine; the ratios and counts are what to compare between runs.

## Throughput at ${connections} connections

| Route | Requests/s | Ratio to trivial route | p99 latency | Errors |
| --- | ---: | ---: | ---: | ---: |
| Trivial route (\`/healthz\`) | ${trivial.rps.toFixed(0)} | 1.000 | ${trivial.p99} ms | ${trivial.errors} |
| Product page | ${product.rps.toFixed(0)} | ${ratio(product.rps)} | ${product.p99} ms | ${product.errors} |
| Category page | ${category.rps.toFixed(0)} | ${ratio(category.rps)} | ${category.p99} ms | ${category.errors} |

The rows above run with both caches off (\`CATALOG_CACHE_SECONDS=0\`, \`PAGE_CACHE_SECONDS=0\`): every request
renders and pays its full database cost, and PGlite runs every query on the server's own thread.

## The full-page cache: hits and misses

As \`npm start\` runs (ADR 017): a **hit** is answered from memory, pre-compressed, without Remix; a **miss**
renders (measured with \`PAGE_CACHE_SECONDS=0\`, the 20 s data cache still on, so a miss costs what a render
costs). Each ratio is to \`/healthz\` on the same server in the same run, without and with a browser's
\`Accept-Encoding: gzip, deflate, br, zstd\` (then HTML is brotli: pre-compressed on a hit, compressed as it
streams on a miss). Targets: hits ≥ 2×, a product miss ≥ 0.35×, a category miss ≥ 0.3×.

${cacheTable("PGlite (the default)", pgliteHits, pgliteMisses)}
${postgres ? cacheTable("PostgreSQL", postgres.hits, postgres.misses) : "PostgreSQL was not reachable, so its rows were not measured.\n"}
### Memory after load

Resident memory (VmRSS) of the server after the runs above, the catalogue and page caches full.
Targets: PGlite ≤ 440 MB, PostgreSQL ≤ 400 MB.

| Server | After hits | After misses |
| --- | ---: | ---: |
| PGlite | ${pgliteHits.rssMb.toFixed(0)} MB | ${pgliteMisses.rssMb.toFixed(0)} MB |
${postgres ? `| PostgreSQL | ${postgres.hits.rssMb.toFixed(0)} MB | ${postgres.misses.rssMb.toFixed(0)} MB |` : ""}

## Checkout

A first checkout of a one-item cart: validate, lock and reserve stock, create the order, in one transaction
(demo mode, so no Stripe call). It also locks the cart row, takes the per-email and per-address holds' advisory
locks and counts unpaid pieces (issue 9), and the one stock ledger creates any missing level and looks up the
online warehouse before it locks (issue 10), so the old target of 12 statements is now 17; the speed issue revisits it.

| Measure | Value |
| --- | ---: |
| SQL statements per checkout | ${checkoutSql} |
| Checkout requests/s (10 connections, one cart re-checked-out) | ${checkout.rps.toFixed(0)} |
| Ratio to trivial route | ${ratio(checkout.rps)} |
| p99 latency | ${checkout.p99} ms |
| Non-302 answers | ${checkout.errors} |

## SQL statements per page load

Counted by the db client's logger for one full document request (root loader plus route loader), cache off.
Targets: at most 4 on product and category pages.

| Page | Statements |
| --- | ---: |
${Object.entries(sql)
  .map(([name, n]) => `| ${name} | ${n} |`)
  .join("\n")}

## JavaScript per page

All module scripts a first visit loads, gzipped at level 6. Target: at most 100 kB on a product page.

| Page | Files | Raw | Gzipped |
| --- | ---: | ---: | ---: |
${Object.entries(js)
  .map(([name, j]) => `| ${name} | ${j.files} | ${kb(j.raw)} | ${kb(j.gz)} |`)
  .join("\n")}

## Images

The product page's first photo as a 390 px phone at 3× picks it (the ${image?.width ?? "?"} w candidate).
Target: at most 80 kB for the largest image on that page.

| Format | Bytes |
| --- | ---: |
${image ? Object.entries(image.sizes).map(([ext, n]) => `| ${ext.toUpperCase()} | ${kb(n)} |`).join("\n") : "| n/a | |"}
`;
let benchmarks = withLighthouseSection(withTillSection(md, tillBenchMarkdown(till)), lighthouseMarkdown(lighthouse));
writeFileSync(path.join(projectRoot, "BENCHMARKS.md"), benchmarks);
console.log(md);

// Phase 7: a fresh clone's first start, cold start and memory (its own clone, port and databases).
benchmarks = withStartSection(benchmarks, startMarkdown(await measureStart({ postgresUrl: postgresUrl ? adminPostgresUrl() : null })));
writeFileSync(path.join(projectRoot, "BENCHMARKS.md"), benchmarks);

// Phase 8: the catalogue at 1,000 and at 100,000 products on PostgreSQL (several minutes: it generates them).
// BENCH_SCALE=0 skips it and keeps the section the last run wrote.
if (postgresUrl && process.env.BENCH_SCALE !== "0") {
  benchmarks = withScaleSection(benchmarks, scaleBenchMarkdown(await benchScale({ serverUrl: adminPostgresUrl() })));
} else {
  const kept = sectionOf(previousBenchmarks, /^## The catalogue at /m);
  if (kept) benchmarks = withScaleSection(benchmarks, `${kept.trimEnd()}\n`);
}
writeFileSync(path.join(projectRoot, "BENCHMARKS.md"), benchmarks);

// The hand-written account of what each change bought is kept as it is.
const bought = sectionOf(previousBenchmarks, /^## What each change bought$/m);
if (bought) {
  benchmarks = withSection(benchmarks, "## What each change bought", `${bought.trimEnd()}\n`);
  writeFileSync(path.join(projectRoot, "BENCHMARKS.md"), benchmarks);
}

// Phase 9: where a cache-miss render spends its CPU (node --cpu-prof); it splices its own section.
const profiled = spawnSync(process.execPath, ["--import", "tsx", "scripts/profile.ts"], { stdio: "inherit", env: { ...process.env, PROFILE_BUILD: "0" } });
if (profiled.status !== 0) console.warn("The render profile failed; its section of BENCHMARKS.md is the last run's.");

// Phase 10: 200 shoppers for 60 s on PostgreSQL, then the stock checks (scripts/bench-load.ts). BENCH_LOAD=0 skips
// it and keeps the section the last run wrote; a failed check fails the bench once its section is written.
{
  const file = path.join(projectRoot, "BENCHMARKS.md");
  if (postgresUrl && process.env.BENCH_LOAD !== "0") {
    const load = await benchLoad({ adminUrl: adminPostgresUrl() });
    writeFileSync(file, withLoadSection(readFileSync(file, "utf8"), loadMarkdown(load)));
    if (!load.passed) {
      console.error("The load's checks failed: see the Load section of BENCHMARKS.md.");
      process.exitCode = 1;
    }
  } else {
    const kept = sectionOf(previousBenchmarks, loadHeading);
    if (kept) writeFileSync(file, withLoadSection(readFileSync(file, "utf8"), `${kept.trimEnd()}\n`));
  }
}

// Phase 11: throughput through Varnish (deploy/varnish/kriya.vcl) next to one server, on PostgreSQL (issue 15).
{
  const file = path.join(projectRoot, "BENCHMARKS.md");
  const varnish = postgresUrl ? await benchVarnish({ adminUrl: adminPostgresUrl() }) : { skipped: "no PostgreSQL" };
  writeFileSync(file, withVarnishSection(readFileSync(file, "utf8"), varnishMarkdown(varnish)));
}
