/**
 * Lighthouse (mobile: Moto G class phone, simulated slow 4G, its defaults) on the production build, driving
 * Debian's Chromium. `npm run bench` calls `lighthouseBench(base)` on its running server and splices
 * `lighthouseMarkdown(...)` into BENCHMARKS.md with `withLighthouseSection`; run alone (`npx tsx scripts/lighthouse.ts`)
 * it builds into its own directory, starts its own server and database, and prints the section.
 * The product page is the median of three runs by LCP (LIGHTHOUSE_RUNS to change); the other pages are one run each.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { withSection } from "./bench-sections";
import { serverEntryFile, serverNodeArgs } from "./server-command";

const chromePath = process.env.CHROME_PATH ?? process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Runs of the product page (odd, so the median is one of them); LIGHTHOUSE_RUNS=5 on a noisy machine. */
const productRuns = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS ?? 3) | 1);

export type LighthouseRun = {
  page: string;
  path: string;
  lcpMs: number;
  fcpMs: number;
  tbtMs: number;
  cls: number;
  performance: number;
  accessibility: number;
  /** Bytes on the wire by resource type (document, script, stylesheet, image, …), as Lighthouse saw them. */
  transferred: Record<string, number>;
  /** Accessibility audits that failed, by id, so a drop is explained in the report. */
  accessibilityFailures: string[];
};

export type LighthouseBench = { runs: LighthouseRun[]; productRuns: number[]; productJs: { files: number; raw: number; gz: number } };

/** The module scripts a page's HTML makes the browser fetch (modulepreloads and script sources), gzipped. */
export async function pageJsBytes(base: string, pathname: string) {
  const html = await (await fetch(new URL(pathname, base))).text();
  const urls = new Set<string>();
  for (const m of html.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)) urls.add(m[1]!);
  for (const m of html.matchAll(/import\(?\s*"([^"]+\.js)"/g)) urls.add(m[1]!);
  for (const m of html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)) urls.add(m[1]!);
  let raw = 0;
  let gz = 0;
  for (const url of urls) {
    const body = Buffer.from(await (await fetch(new URL(url, base))).arrayBuffer());
    raw += body.byteLength;
    gz += gzipSync(body, { level: 6 }).byteLength;
  }
  return { files: urls.size, raw, gz };
}

async function runOnce(port: number, url: string, page: string, pathname: string): Promise<LighthouseRun> {
  const result = await lighthouse(url, { port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility"] });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const { audits, categories } = result.lhr;
  if (result.lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${result.lhr.runtimeError.message}`);
  const numeric = (id: string) => {
    const value = audits[id]?.numericValue;
    if (typeof value !== "number") throw new Error(`Lighthouse gave no ${id} for ${url}`);
    return value;
  };
  const transferred: Record<string, number> = {};
  const summary = audits["resource-summary"]?.details;
  if (summary?.type === "table") {
    for (const item of summary.items) {
      if (typeof item.resourceType === "string" && typeof item.transferSize === "number") transferred[item.resourceType] = item.transferSize;
    }
  }
  const accessibilityFailures = (categories.accessibility?.auditRefs ?? [])
    .filter((ref) => ref.weight > 0 && audits[ref.id]?.score === 0)
    .map((ref) => ref.id);
  return {
    page,
    path: pathname,
    lcpMs: numeric("largest-contentful-paint"),
    fcpMs: numeric("first-contentful-paint"),
    tbtMs: numeric("total-blocking-time"),
    cls: numeric("cumulative-layout-shift"),
    performance: Math.round((categories.performance?.score ?? 0) * 100),
    accessibility: Math.round((categories.accessibility?.score ?? 0) * 100),
    transferred,
    accessibilityFailures,
  };
}

/**
 * Lighthouse on a running server (`base` must be the shop's public origin, e.g. http://localhost:3300): the
 * product page LIGHTHOUSE_RUNS times (3; the median by LCP is reported), then the home, a category page and /impact once each.
 */
export async function lighthouseBench(base: string, pages?: { product: string; category?: string }): Promise<LighthouseBench> {
  const sitemap = await (await fetch(new URL("/sitemap.xml", base))).text();
  const product = pages?.product ?? `/products/${/\/products\/([a-z0-9-]+)</.exec(sitemap)?.[1] ?? ""}`;
  const category = pages?.category ?? "/shop/home-decor";
  const chrome = await chromeLauncher.launch({ chromePath, chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"] });
  try {
    // On a busy machine Chromium sometimes paints a second late, and Lighthouse's simulation then charges every
    // request that finished before that paint: the median of several runs keeps one late frame out of the figure.
    const productAll: LighthouseRun[] = [];
    for (let i = 0; i < productRuns; i++) productAll.push(await runOnce(chrome.port, new URL(product, base).href, "Product page", product));
    const sorted = [...productAll].sort((a, b) => a.lcpMs - b.lcpMs);
    const runs = [sorted[Math.floor(sorted.length / 2)]!];
    for (const [page, pathname] of [
      ["Home", "/"],
      ["Category page", category],
      ["Impact", "/impact"],
    ] as const) {
      runs.push(await runOnce(chrome.port, new URL(pathname, base).href, page, pathname));
    }
    return { runs, productRuns: productAll.map((r) => r.lcpMs), productJs: await pageJsBytes(base, product) };
  } finally {
    await chrome.kill();
  }
}

const kb = (n: number | undefined) => (n === undefined ? "–" : `${(n / 1024).toFixed(1)} kB`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export function lighthouseMarkdown(bench: LighthouseBench): string {
  const rows = bench.runs
    .map((r) => `| ${r.page} (\`${r.path.length > 40 ? `${r.path.slice(0, 37)}…` : r.path}\`) | ${seconds(r.lcpMs)} | ${seconds(r.fcpMs)} | ${r.tbtMs.toFixed(0)} ms | ${r.cls.toFixed(3)} | ${r.performance} | ${r.accessibility} |`)
    .join("\n");
  const types = ["document", "stylesheet", "script", "image", "font", "other", "total"];
  const bytes = bench.runs.map((r) => `| ${r.page} | ${types.map((t) => kb(r.transferred[t])).join(" | ")} |`).join("\n");
  const failures = bench.runs.filter((r) => r.accessibilityFailures.length).map((r) => `- ${r.page}: ${r.accessibilityFailures.join(", ")}`);
  return `## Page weight (Lighthouse)

Lighthouse 12 mobile defaults (a Moto G class phone, simulated slow 4G: 150 ms RTT, 1.6 Mbps down, 4× CPU
slow-down), in Debian's Chromium, on the production build as \`npm start\` serves it. The product page is the median
of ${bench.productRuns.length} runs by LCP (its LCPs: ${bench.productRuns.map(seconds).join(", ")}); the other pages are one run each.
Targets on the product page: LCP ≤ 1.5 s, performance and accessibility ≥ 95, JavaScript ≤ 100 kB gzipped.

| Page | LCP | FCP | TBT | CLS | Performance | Accessibility |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${rows}

Bytes transferred on a first visit, by type, as Lighthouse saw them (compressed as the server sends them):

| Page | ${types.join(" | ")} |
| --- | ${types.map(() => "---:").join(" | ")} |
${bytes}

Product page JavaScript (every modulepreload and script its HTML names), gzipped at level 6: ${bench.productJs.files} files,
${kb(bench.productJs.raw)} raw, **${kb(bench.productJs.gz)}** gzipped.
${failures.length ? `\nAccessibility audits failing:\n${failures.join("\n")}\n` : ""}`;
}

/** Replaces the Lighthouse section of BENCHMARKS.md (or appends it), as withTillSection does for the till. */
export function withLighthouseSection(benchmarks: string, section: string): string {
  return withSection(benchmarks, "## Page weight (Lighthouse)", section);
}

/** Alone: its own build directory, port and database, so it runs beside a bench or an e2e run. */
async function main() {
  // LIGHTHOUSE_BASE measures a server that is already running instead.
  if (process.env.LIGHTHOUSE_BASE) {
    console.log(lighthouseMarkdown(await lighthouseBench(process.env.LIGHTHOUSE_BASE)));
    return;
  }
  const projectRoot = path.resolve(import.meta.dirname, "..");
  const port = Number(process.env.LIGHTHOUSE_PORT ?? 3330);
  const buildDir = process.env.KRIYA_BUILD_DIR ?? "build-lighthouse";
  const dataDir = process.env.PGLITE_DIR ?? path.join(projectRoot, "data", "lighthouse-pglite");
  // The embedded database always, so a run never touches a PostgreSQL catalogue.
  const env: NodeJS.ProcessEnv = { ...process.env, KRIYA_BUILD_DIR: buildDir, PORT: String(port), PGLITE_DIR: dataDir, NODE_ENV: "production" };
  delete env.DATABASE_URL;
  if (!existsSync(path.join(projectRoot, serverEntryFile(buildDir))) || process.env.LIGHTHOUSE_BUILD !== "0") {
    const build = spawnSync("npm", ["run", "build", "--silent"], { stdio: "inherit", env, cwd: projectRoot });
    if (build.status !== 0) process.exit(1);
  }
  if (!process.env.PGLITE_DIR) rmSync(dataDir, { recursive: true, force: true });
  const server = spawn(process.execPath, serverNodeArgs(buildDir), { env, cwd: projectRoot, stdio: ["ignore", "inherit", "inherit"] });
  process.on("exit", () => server.kill("SIGKILL"));
  const base = `http://localhost:${port}`;
  try {
    for (let i = 0; ; i++) {
      if (i > 600) throw new Error("server did not start");
      if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
      const up = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
      if (up) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    // Warm the server (module loading, caches) so the first Lighthouse run does not measure it.
    for (const p of ["/", "/shop/home-decor", "/impact", "/sitemap.xml"]) for (let i = 0; i < 3; i++) await (await fetch(base + p)).text();
    console.log(lighthouseMarkdown(await lighthouseBench(base)));
  } finally {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
