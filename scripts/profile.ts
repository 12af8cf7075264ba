/**
 * `npx tsx scripts/profile.ts`: where a cache-miss render spends its CPU. Starts the production build under
 * `node --cpu-prof`, loads one page at a time with autocannon, stops the server (so the profile is written),
 * and prints the top self-time functions and the inclusive cost of each area (React render, route matching,
 * the lazy-discovery manifest, turbo-stream, our code). Throughput is measured on a server without the
 * profiler, as a ratio to /healthz in the same run. Splices a "## Render profile" section into BENCHMARKS.md.
 *
 * KRIYA_BUILD_DIR (default build) picks the build; PROFILE_BUILD=0 reuses it; PROFILE_PORT, PROFILE_SECONDS.
 * PROFILE_WRITE=0 prints without touching BENCHMARKS.md; PROFILE_KEEP=<dir> keeps the .cpuprofile files.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { projectRoot } from "../db/client.server";
import { withSection } from "./bench-sections";
import { serverEntryFile, serverNodeArgs } from "./server-command";

const port = Number(process.env.PROFILE_PORT ?? 3310);
const base = `http://127.0.0.1:${port}`;
const seconds = Number(process.env.PROFILE_SECONDS ?? 8);
const connections = 50;
const buildDir = process.env.KRIYA_BUILD_DIR ?? "build";

if (!existsSync(path.join(projectRoot, serverEntryFile(buildDir))) || process.env.PROFILE_BUILD !== "0") {
  const build = spawnSync("npm", ["run", "build", "--silent"], { stdio: "inherit", env: { ...process.env, KRIYA_BUILD_DIR: buildDir } });
  if (build.status !== 0) process.exit(1);
}

/** The profile of issue 14's start, kept so each later run reads against it. */
const BEFORE = `### Before (issue 14's start, commit 7741ce2)

The same script on the code as it stood when issue 14 was filed (the machine was very busy, so its requests/s were
noise: product 0.173×, category 0.039× of \`/healthz\`; the shares below are what to compare).

#### Product page

| Area | Self | Inclusive |
| --- | ---: | ---: |
| Other | 16.9% |  |
| Node internals (streams, http) | 14.5% |  |
| Route matching (matchRoutes & co.) | 12.9% | 20.4% |
| Remix react (components) | 11.4% | 28.9% |
| React render (react-dom/server) | 10.1% | 53.8% |
| Our code (app/, server build) | 10.0% |  |
| Garbage collection | 9.4% | 9.4% |
| Remix router (other) | 7.2% | 15.8% |
| turbo-stream encoding | 2.3% | 2.8% |
| Express | 1.8% |  |
| Remix server runtime | 1.6% | 21.9% |
| Lazy-discovery manifest | 1.4% | 11.6% |
| Compression / zlib | 0.5% | 6.0% |
| Database (drizzle, PGlite) | 0.1% | 0.1% |

Top self time:

| Function | Self |
| --- | ---: |
| (garbage collector) | 9.4% |
| writev | 6.2% |
| compilePath (@remix-run/router/dist/router.cjs.js:1111) | 5.8% |
| r (react-dom/cjs/react-dom-server.node.production.min.js:11) | 4.3% |
| formatDate (build-render/server/index.js:9827) | 2.2% |
| stat | 2.2% |
| flattenRoute (@remix-run/router/dist/router.cjs.js:837) | 1.8% |
| (anonymous) (@remix-run/react/dist/routes.js:97) | 1.8% |

#### Category page

| Area | Self | Inclusive |
| --- | ---: | ---: |
| Other | 18.3% |  |
| Garbage collection | 17.4% | 17.4% |
| Node internals (streams, http) | 15.1% |  |
| Remix react (components) | 10.5% | 25.1% |
| Route matching (matchRoutes & co.) | 9.7% | 16.8% |
| React render (react-dom/server) | 8.4% | 42.7% |
| Remix router (other) | 6.8% | 14.4% |
| turbo-stream encoding | 5.1% | 5.6% |
| Our code (app/, server build) | 4.2% |  |
| Express | 1.7% |  |
| Remix server runtime | 1.7% | 20.9% |
| Compression / zlib | 0.5% | 5.5% |
| Lazy-discovery manifest | 0.4% | 9.6% |
| Database (drizzle, PGlite) | 0.0% | 0.1% |

Top self time:

| Function | Self |
| --- | ---: |
| (garbage collector) | 17.4% |
| writev | 7.2% |
| compilePath (@remix-run/router/dist/router.cjs.js:1111) | 4.4% |
| r (react-dom/cjs/react-dom-server.node.production.min.js:11) | 3.3% |
| stat | 2.8% |
| flattenRoute (@remix-run/router/dist/router.cjs.js:837) | 2.6% |
| (anonymous) (turbo-stream/dist/flatten.js:35) | 2.0% |
| flatten (turbo-stream/dist/flatten.js:5) | 1.7% |
`;

// One embedded database for the whole run, so every server sees the same data (PGLITE_DIR keeps one between runs).
const keepData = Boolean(process.env.PGLITE_DIR);
const dataDir = process.env.PGLITE_DIR ?? mkdtempSync(path.join(os.tmpdir(), "kriya-profile-pglite-"));

let server: ChildProcess | null = null;
function startServer(nodeFlags: string[]): ChildProcess {
  server = spawn(process.execPath, [...nodeFlags, ...serverNodeArgs(buildDir)], {
    cwd: projectRoot,
    // No full-page cache: every request renders (the catalogue data cache stays on, as in production).
    env: { ...process.env, PORT: String(port), KRIYA_BUILD_DIR: buildDir, PGLITE_DIR: dataDir, PAGE_CACHE_SECONDS: "0", NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return server;
}
async function stopServer() {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((resolve) => server!.once("exit", resolve));
  // start.ts exits cleanly on SIGTERM, which is when --cpu-prof writes its file.
  server.kill("SIGTERM");
  await exited;
  server = null;
}
process.on("exit", () => {
  server?.kill("SIGKILL");
  if (!keepData) rmSync(dataDir, { recursive: true, force: true });
});

async function waitForServer() {
  for (let i = 0; i < 600; i++) {
    if (server?.exitCode !== null) throw new Error(`the server stopped (exit code ${server?.exitCode})`);
    try {
      if ((await fetch(`${base}/healthz/ready`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("server did not start");
}

/** The server's CPU time so far (user + system), from /proc: robust where a shared machine makes req/s noisy. */
function serverCpuMs(): number {
  const fields = readFileSync(`/proc/${server!.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

async function load(pathname: string) {
  const cpuBefore = serverCpuMs();
  const result = await autocannon({ url: base + pathname, connections, duration: seconds, pipelining: 1 });
  const cpuMs = serverCpuMs() - cpuBefore;
  const ok = (result as unknown as Record<string, number>)["2xx"] ?? 0;
  if (ok !== result.requests.total) throw new Error(`${pathname}: ${result.requests.total - ok} answers were not 200`);
  return { rps: result.requests.average, cpuMsPerRequest: cpuMs / Math.max(1, result.requests.total) };
}

async function warm(pathname: string) {
  for (let i = 0; i < 20; i++) await (await fetch(base + pathname)).text();
  await settle();
}

/** Waits (up to a minute) until the server is idle: a fresh start may still be drawing seed photos from its outbox. */
async function settle() {
  for (let i = 0; i < 60; i++) {
    const before = serverCpuMs();
    await new Promise((r) => setTimeout(r, 1000));
    if (serverCpuMs() - before < 50) return;
  }
}

// ---- reading a .cpuprofile ----

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

/** Which part of the stack a frame belongs to; the first matching rule wins. */
const areaRules: [area: string, test: (frame: CallFrame) => boolean][] = [
  ["Route matching (matchRoutes & co.)", (f) => /(^|\/)(@remix-run\/router|react-router)\//.test(f.url) && /^(matchRoutes|matchRoutesImpl|flattenRoutes|rankRouteBranches|matchRouteBranch|matchPath|compilePath|computeScore|explodeOptionalSegments|convertRoutesToDataRoutes|joinPaths|compareIndexes)$/.test(f.functionName)],
  ["Lazy-discovery manifest", (f) => /getPartialManifest|getPatchesToRender|createServerRoutes|groupRoutesByParentId|createRoutes|getManifestPath|useFogOFWarDiscovery|getPartialManifest/i.test(f.functionName) || (/@remix-run\/server-runtime/.test(f.url) && /manifest/i.test(f.functionName))],
  ["turbo-stream encoding", (f) => /turbo-stream/.test(f.url)],
  ["React render (react-dom/server)", (f) => /react-dom/.test(f.url)],
  ["Remix server runtime", (f) => /@remix-run\/(server-runtime|node)\//.test(f.url)],
  ["Remix router (other)", (f) => /@remix-run\/router\//.test(f.url)],
  ["Remix react (components)", (f) => /@remix-run\/react\//.test(f.url) || /react-router(-dom)?\//.test(f.url)],
  ["Intl formatting", (f) => !f.url && /^(NumberFormat|DateTimeFormat|format|formatToParts|toLocaleString|toLocaleDateString)$/.test(f.functionName)],
  ["Compression / zlib", (f) => /compression|node:zlib/.test(f.url)],
  ["Express", (f) => /node_modules\/(express|router|body-parser|send|finalhandler|serve-static)\//.test(f.url)],
  ["Database (drizzle, PGlite)", (f) => /drizzle-orm|@electric-sql\/pglite|node_modules\/postgres\//.test(f.url)],
  ["Our code (app/, server build)", (f) => f.url.includes(`/${buildDir}/server/`) || /\/(app|scripts|db)\//.test(f.url)],
  ["Node internals (streams, http)", (f) => f.url.startsWith("node:")],
  ["Garbage collection", (f) => f.functionName === "(garbage collector)"],
  ["Idle", (f) => f.functionName === "(idle)"],
  ["V8 itself (program)", (f) => f.functionName === "(program)"],
  // Native code without a script: socket writes (writev), fs.stat (static files), RegExp, JSON.
  ["Native (writev, stat, RegExp, JSON…)", (f) => !f.url && !f.functionName.startsWith("(")],
];
const areaOf = (frame: CallFrame) => areaRules.find(([, test]) => test(frame))?.[0] ?? "Other";

function frameLabel(frame: CallFrame): string {
  const name = frame.functionName || "(anonymous)";
  if (!frame.url) return name;
  const modules = frame.url.split("node_modules/");
  const file = modules.length > 1 ? modules[modules.length - 1]! : path.relative(projectRoot, frame.url.replace(/^file:\/\//, ""));
  return `${name} (${file}:${frame.lineNumber + 1})`;
}

type Summary = { busyMs: number; self: [string, number][]; areas: [area: string, selfMs: number, inclusiveMs: number][] };

/** The samples taken between `fromEndMs` and `toEndMs` before the profile's end: the load, measured by the caller. */
function summarise(profile: CpuProfile, window: { fromEndMs: number; toEndMs: number }): Summary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const areaSelf = new Map<string, number>();
  const areaInclusive = new Map<string, number>();
  let busyMs = 0;
  let at = profile.startTime;
  const from = profile.endTime - window.fromEndMs * 1000;
  const to = profile.endTime - window.toEndMs * 1000;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at < from || at > to) return;
    const ms = delta / 1000;
    const leaf = byId.get(id)!;
    if (leaf.callFrame.functionName === "(idle)") return;
    busyMs += ms;
    const label = frameLabel(leaf.callFrame);
    self.set(label, (self.get(label) ?? 0) + ms);
    const leafArea = areaOf(leaf.callFrame);
    areaSelf.set(leafArea, (areaSelf.get(leafArea) ?? 0) + ms);
    // Inclusive: an area counts once per sample however many of its frames are on the stack.
    const seen = new Set<string>();
    for (let node: ProfileNode | undefined = leaf; node; node = byId.get(parent.get(node.id) ?? -1)) seen.add(areaOf(node.callFrame));
    for (const area of seen) areaInclusive.set(area, (areaInclusive.get(area) ?? 0) + ms);
  });
  const areas = [...new Set([...areaSelf.keys(), ...areaInclusive.keys()])]
    .map((a): [string, number, number] => [a, areaSelf.get(a) ?? 0, areaInclusive.get(a) ?? 0])
    .sort((a, b) => b[1] - a[1]);
  return { busyMs, self: [...self].sort((a, b) => b[1] - a[1]), areas };
}

const pct = (ms: number, of: number) => `${((ms / of) * 100).toFixed(1)}%`;

function profileMarkdown(name: string, s: Summary): string {
  return `### ${name}

By area: self is where the CPU was when sampled (the column sums to 100%); inclusive counts every area on the
stack (so "Node internals" and "Our code", which sit under everything, are shown by self time only).

| Area | Self | Inclusive |
| --- | ---: | ---: |
${s.areas.map(([a, selfMs, inclusiveMs]) => `| ${a} | ${pct(selfMs, s.busyMs)} | ${/Node internals|Our code|Express|Other/.test(a) ? "" : pct(inclusiveMs, s.busyMs)} |`).join("\n")}

Top self time:

| Function | Self |
| --- | ---: |
${s.self.slice(0, 12).map(([k, ms]) => `| ${k.replace(/\|/g, "\\|")} | ${pct(ms, s.busyMs)} |`).join("\n")}
`;
}

async function profilePage(pathname: string): Promise<Summary> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kriya-cpuprof-"));
  startServer(["--cpu-prof", `--cpu-prof-dir=${dir}`]);
  await waitForServer();
  await warm(pathname);
  // Only the load is summarised, not the start-up (module compilation) or the shutdown.
  const loadStart = performance.now();
  await load(pathname);
  const loadEnd = performance.now();
  await stopServer();
  const exitedAt = performance.now();
  // One file per thread (workers write their own); thread 0 is the main thread, where rendering happens.
  const files = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
  const file = files.find((f) => /\.0\.\d+\.cpuprofile$/.test(f)) ?? files[0];
  if (!file) throw new Error(`no profile written in ${dir}`);
  const summary = summarise(JSON.parse(readFileSync(path.join(dir, file), "utf8")) as CpuProfile, { fromEndMs: exitedAt - loadStart, toEndMs: exitedAt - loadEnd });
  // PROFILE_KEEP=<dir> keeps the raw profile, to open in Chrome DevTools' Performance panel.
  if (process.env.PROFILE_KEEP) copyFileSync(path.join(dir, file), path.join(process.env.PROFILE_KEEP, `${pathname.split("/")[1] || "home"}.cpuprofile`));
  rmSync(dir, { recursive: true, force: true });
  return summary;
}

// ---- the run ----

startServer([]);
await waitForServer();
const sitemap = await (await fetch(`${base}/sitemap.xml`)).text();
const productSlug = /\/products\/([a-z0-9-]+)</.exec(sitemap)![1]!;
const pages = { "Product page": `/products/${productSlug}`, "Category page": "/shop/home-decor" } as const;
for (const p of ["/healthz", ...Object.values(pages)]) await warm(p);
const healthz = await load("/healthz");
const rates: Record<string, { rps: number; cpuMsPerRequest: number }> = {};
for (const [name, p] of Object.entries(pages)) rates[name] = await load(p);
const healthzAfter = await load("/healthz");
await stopServer();
const trivial = (healthz.rps + healthzAfter.rps) / 2;
const trivialCpu = (healthz.cpuMsPerRequest + healthzAfter.cpuMsPerRequest) / 2;

const profiles: string[] = [];
for (const [name, p] of Object.entries(pages)) profiles.push(profileMarkdown(`${name} (\`${p.replace(productSlug, ":slug")}\`)`, await profilePage(p)));

const section = `## Render profile

Measured by \`npx tsx scripts/profile.ts\` on ${new Date().toISOString().slice(0, 10)}: production build, embedded PGlite, the
catalogue data cache on and no full-page cache (so every request renders), 50 connections for ${seconds} s.
Throughput runs without the profiler, as a ratio to \`/healthz\` in the same run (measured before and after the pages).

The CPU columns are the server's own CPU time per request (from /proc), which a busy shared machine disturbs far
less than requests/s: "CPU ratio" is \`/healthz\`'s CPU per request over the page's, comparable to the req/s ratio.

| Page | Requests/s | Ratio to \`/healthz\` | CPU per request | CPU ratio |
| --- | ---: | ---: | ---: | ---: |
| Trivial route (\`/healthz\`) | ${trivial.toFixed(0)} | 1.000 | ${trivialCpu.toFixed(2)} ms | 1.000 |
${Object.entries(rates).map(([name, r]) => `| ${name} (cache miss) | ${r.rps.toFixed(0)} | ${(r.rps / trivial).toFixed(3)} | ${r.cpuMsPerRequest.toFixed(2)} ms | ${(trivialCpu / r.cpuMsPerRequest).toFixed(3)} |`).join("\n")}

${profiles.join("\n")}
${beforeSection()}`;

console.log(section);
if (process.env.PROFILE_WRITE !== "0") {
  const file = path.join(projectRoot, "BENCHMARKS.md");
  writeFileSync(file, withProfileSection(existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n", section));
  console.log("Wrote the render profile into BENCHMARKS.md");
}

/** Replaces the "## Render profile" section of BENCHMARKS.md, or appends it. */
function withProfileSection(benchmarks: string, text: string): string {
  return withSection(benchmarks, "## Render profile", text);
}

/** The profile of issue 14's start, kept so each later run reads against it. */
function beforeSection(): string {
  return BEFORE;
}
