/**
 * `npm run bench:load` (and the "Load" phase of `npm run bench`): a bounded load on PostgreSQL, on loopback only
 * (issue 15, point 4). 200 virtual shoppers for 60 s, each with its own cookie jar and its own X-Forwarded-For
 * address, browse (home, a listing, a product, search) and some buy (add to cart, cart, checkout, the demo
 * checkout's pay button, which goes through the same signed webhook fulfilment as Stripe, and the order page),
 * with 0–300 ms of thought between steps; two staff members change prices and adjust stock in the back office.
 *
 * The server's per-client limits key on the client address, so the server under load runs with
 * TRUST_PROXY=loopback: it believes X-Forwarded-For from loopback only, and each shopper sends its own address.
 *
 * Flags (or env): --shoppers N (LOAD_SHOPPERS, 200), --seconds N (LOAD_SECONDS, 60), --url URL (LOAD_URL: a
 * running server, started with TRUST_PROXY=loopback; then --database-url / LOAD_DATABASE_URL names its database for
 * the checks), --write (rewrite this section of BENCHMARKS.md). Without --url it starts the production build on a
 * fresh database kriya_bench_load (migrated and seeded by the server's first start, as the bench does) and drops it.
 * It exits non-zero when a check fails: any 5xx or dropped connection, stock drift, or a piece sold twice.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";
import { projectRoot } from "../db/client.server";
import { withSection } from "./bench-sections";
import { serverEntryFile, serverNodeArgs } from "./server-command";
import { allMatches, LoadClient } from "./load/client";
import { checkStock, snapshotOnlineStock, stockCheckPassed, type StockCheck } from "./load/checks";
import { shopperSteps, shopperVisit, staffSession, staffSteps, type RunContext } from "./load/sessions";
import { LoadStats, type Failure, type StepSummary } from "./load/stats";

export type LoadOptions = { baseUrl: string; databaseUrl: string; shoppers: number; seconds: number; staff?: number; thinkMs?: number; buyerShare?: number };

export type LoadResult = {
  shoppers: number;
  seconds: number;
  staff: number;
  elapsedSeconds: number;
  requests: number;
  requestsPerSecond: number;
  steps: StepSummary[];
  serverErrors: number;
  networkErrors: number;
  unexpected: number;
  failures: Failure[];
  counters: RunContext["counters"];
  stock: StockCheck;
  cores: number;
  loadBefore: number;
  loadAfter: number;
  passed: boolean;
};

/** Only this machine: the script refuses to aim load at anything else. */
export function assertLoopback(url: string) {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  if (host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return;
  throw new Error(`The load script runs on loopback only, and ${host} is not a loopback address.`);
}

/** The shopper's own address, as its X-Forwarded-For (documentation range 198.18.0.0/15, benchmarking networks). */
const shopperAddress = (i: number) => `198.18.${Math.floor(i / 250)}.${(i % 250) + 1}`;

const staffAccounts = [
  { email: "staff@kriya.example", password: "kriya-staff-2026" },
  { email: "admin@kriya.example", password: "kriya-admin-2026" },
];

/**
 * Until the shop serves its home page: /healthz answers while a first start still migrates and seeds (pages are a
 * 503 then).
 */
async function waitForShop(url: string, timeoutMs: number, running: () => boolean = () => true) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!running()) throw new Error("the server exited before it was ready");
    try {
      if ((await fetch(`${url}/`, { signal: AbortSignal.timeout(5000) })).status === 200) return;
    } catch {}
    if (Date.now() > deadline) throw new Error(`the shop at ${url} was not ready within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Drives the load against a running server and checks the database afterwards. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  assertLoopback(options.baseUrl);
  assertLoopback(options.databaseUrl.replace(/^postgres(ql)?:/, "http:"));
  const staff = Math.min(options.staff ?? 2, staffAccounts.length);
  const stats = new LoadStats([...shopperSteps, ...staffSteps]);
  await waitForShop(options.baseUrl, 60_000);
  const loadBefore = os.loadavg()[0]!;
  // The products staff edit, as the back office lists them (signed in as a staff member).
  const lister = new LoadClient(options.baseUrl, "198.19.0.1");
  const signIn = await lister.request("/login", staffAccounts[0]!);
  if (signIn.status !== 302) throw new Error(`staff sign-in answered ${signIn.status}`);
  const productIds = allMatches((await lister.request("/admin/products")).body, /href="\/admin\/products\/(\d+)"/g).map(Number);
  if (!productIds.length) throw new Error("the back office lists no products to edit");

  const since = new Date(Date.now() - 1000);
  const before = await snapshotOnlineStock(options.databaseUrl);
  const started = Date.now();
  const ctx: RunContext = {
    stats,
    deadline: started + options.seconds * 1000,
    thinkMs: options.thinkMs ?? 300,
    counters: { sessions: 0, buyers: 0, orders: 0, soldOutAtCheckout: 0, soldOutOnPage: 0, editConflicts: 0, stockRefusals: 0 },
  };
  const run = `${started.toString(36)}${randomBytes(2).toString("hex")}`;
  const shopper = async (i: number) => {
    // Spread the arrivals over the first second instead of 200 requests at once.
    await new Promise((r) => setTimeout(r, Math.random() * 1000));
    for (let visit = 0; Date.now() < ctx.deadline; visit++) {
      await shopperVisit(ctx, options.baseUrl, { address: shopperAddress(i), email: `shopper-${i}-${visit}-${run}@load.example`, buys: Math.random() < (options.buyerShare ?? 0.4) });
    }
  };
  await Promise.all([
    ...Array.from({ length: options.shoppers }, (_, i) => shopper(i)),
    ...staffAccounts.slice(0, staff).map((account, i) => staffSession(ctx, options.baseUrl, { ...account, address: `198.19.1.${i + 1}`, productIds })),
  ]);
  const elapsedSeconds = (Date.now() - started) / 1000;
  const stock = await checkStock(options.databaseUrl, { since, before });
  const steps = stats.summary();
  const passed = stats.serverErrors === 0 && stats.networkErrors === 0 && stockCheckPassed(stock);
  return {
    shoppers: options.shoppers,
    seconds: options.seconds,
    staff,
    elapsedSeconds,
    requests: stats.requests,
    requestsPerSecond: stats.requests / elapsedSeconds,
    steps,
    serverErrors: stats.serverErrors,
    networkErrors: stats.networkErrors,
    unexpected: stats.unexpected,
    failures: stats.failures,
    counters: ctx.counters,
    stock,
    cores: os.cpus().length,
    loadBefore,
    loadAfter: os.loadavg()[0]!,
    passed,
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = (probe.address() as AddressInfo);
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The whole measure as `npm run bench` runs it: the production build on a fresh PostgreSQL database of its own
 * (migrated and seeded by the server's first start), the load, the checks, and the database dropped.
 */
export async function benchLoad(input: { adminUrl: string; shoppers?: number; seconds?: number; port?: number }): Promise<LoadResult> {
  const name = "kriya_bench_load";
  const made = spawnSync("psql", [input.adminUrl, "-qc", `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, "-c", `CREATE DATABASE ${name}`], { encoding: "utf8" });
  if (made.status !== 0) throw new Error(`could not create ${name}: ${made.stderr}`);
  const databaseUrl = input.adminUrl.replace(/\/[^/]*$/, `/${name}`);
  const port = input.port ?? (await freePort());
  const imageDir = mkdtempSync(path.join(os.tmpdir(), "kriya-bench-load-"));
  const serverLog = path.join(os.tmpdir(), `kriya-bench-load-server-${Date.now()}.log`);
  let passed = false;
  let server: ChildProcess | null = null;
  const stopServer = () => {
    if (server && server.exitCode === null && server.signalCode === null) server.kill("SIGKILL");
  };
  process.once("exit", stopServer);
  try {
    const url = `http://localhost:${port}`;
    server = spawn(process.execPath, serverNodeArgs(), {
      cwd: projectRoot,
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(port),
        HOST: "127.0.0.1",
        PUBLIC_URL: url,
        DATABASE_URL: databaseUrl,
        SESSION_SECRETS: randomBytes(32).toString("base64"),
        TRUST_PROXY: "loopback",
        IMAGE_DIR: imageDir,
        // Plain http on loopback: the session cookie is not marked Secure, as a TLS proxy in front would not need.
        KRIYA_INSECURE_COOKIES: "1",
        KRIYA_HSTS: "0",
      },
      // The server's log goes to a file beside the images (kept when a check fails), so the report can point at its errors.
      stdio: ["ignore", openSync(serverLog, "w"), openSync(serverLog, "a")],
    });
    const exited = new Promise<void>((resolve) => server!.once("exit", () => resolve()));
    await waitForShop(url, 300_000, () => server!.exitCode === null);
    console.log(`  load: ${input.shoppers ?? 200} shoppers for ${input.seconds ?? 60} s against ${url} (PostgreSQL ${name})…`);
    const result = await runLoad({ baseUrl: url, databaseUrl, shoppers: input.shoppers ?? 200, seconds: input.seconds ?? 60 });
    server.kill("SIGTERM");
    await exited;
    passed = result.passed;
    console.log(`  load: the server's log is ${passed ? "removed" : `kept at ${serverLog}`}`);
    return result;
  } finally {
    stopServer();
    process.off("exit", stopServer);
    spawnSync("psql", [input.adminUrl, "-qc", `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
    rmSync(imageDir, { recursive: true, force: true });
    if (passed) rmSync(serverLog, { force: true });
  }
}

const ms = (n: number) => (Number.isNaN(n) ? "–" : `${n.toFixed(0)} ms`);

export const loadHeading = /^## Load: /m;

export function loadMarkdown(r: LoadResult): string {
  const rows = r.steps.map((s) => `| ${s.step} | ${s.count} | ${ms(s.p50)} | ${ms(s.p99)} | ${s.failures} | ${s.refusals} |`);
  const listed = r.failures.map((f) => `- ${f.step}: ${f.method} \`${f.path}\` → ${f.status ?? "no answer"}: ${f.bodyHead.replace(/\|/g, "\\|").slice(0, 160)}`);
  const s = r.stock;
  const check = (ok: boolean) => (ok ? "passed" : "**failed**");
  return `## Load: ${r.shoppers} shoppers for ${r.seconds} s on PostgreSQL

\`npm run bench:load\` (scripts/bench-load.ts): ${r.shoppers} virtual shoppers, each with its own cookie jar and
X-Forwarded-For address (the server runs with \`TRUST_PROXY=loopback\`), loop a visit with 0–300 ms of thought
between steps: home, a listing, a product, search; four in ten go on to add a piece, the cart, checkout, the demo
payment (the same signed webhook fulfilment as Stripe) and the order page. ${r.staff} staff members meanwhile change a
variant's price and receive or write off stock in the back office. One production server, the page cache on, on a
fresh seeded database on this machine's PostgreSQL, on loopback. ${r.cores} cores; load average (1 min)
${r.loadBefore.toFixed(1)} before and ${r.loadAfter.toFixed(1)} after (the machine was shared with other work).

${r.requests} requests in ${r.elapsedSeconds.toFixed(0)} s: **${r.requestsPerSecond.toFixed(0)} requests/s**. ${r.counters.sessions} visits,
${r.counters.buyers} of them buying; ${r.counters.orders} orders paid (${s.paidUnits} pieces).

| Step | Count | p50 | p99 | Failures | Correct refusals |
| --- | ---: | ---: | ---: | ---: | ---: |
${rows.join("\n")}

Correct refusals are 4xx answers that say why: a checkout or add to cart of a piece that sold out meanwhile
(${r.counters.soldOutAtCheckout} checkouts refused for sold-out stock; ${r.counters.soldOutOnPage} product pages offered nothing to add),
a price change refused because a colleague saved the product first (${r.counters.editConflicts}), a write-off of more
than was available (${r.counters.stockRefusals}).

| Check | Result |
| --- | --- |
| Responses of 5xx | ${r.serverErrors} (${check(r.serverErrors === 0)}) |
| Dropped connections or timeouts | ${r.networkErrors} (${check(r.networkErrors === 0)}) |
| Other unexpected answers | ${r.unexpected} |
| Stock levels equal to their ledger | ${s.drift.length} differ (${check(!s.drift.length)}) |
| Warehouse levels below zero | ${s.negative.length} (${check(!s.negative.length)}) |
| Orders whose stock movements don't match their status | ${s.mismatchedOrders.length} of the run's orders (${check(!s.mismatchedOrders.length)}) |
| Pieces sold beyond stock | ${s.oversold.length} variants (${check(!s.oversold.length)}) |
${listed.length ? `\nFirst failures:\n\n${listed.join("\n")}\n` : ""}`;
}

export function withLoadSection(benchmarks: string, section: string): string {
  return withSection(benchmarks, loadHeading, section);
}

const cliSchema = z.object({
  shoppers: z.coerce.number().int().min(1).max(1000),
  seconds: z.coerce.number().int().min(1).max(600),
  url: z.string().url().optional(),
  databaseUrl: z.string().optional(),
});

function cliOptions(argv: string[]) {
  const flag = (name: string) => {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const parsed = cliSchema.safeParse({
    shoppers: flag("shoppers") ?? process.env.LOAD_SHOPPERS ?? 200,
    seconds: flag("seconds") ?? process.env.LOAD_SECONDS ?? 60,
    url: flag("url") ?? process.env.LOAD_URL,
    databaseUrl: flag("database-url") ?? process.env.LOAD_DATABASE_URL,
  });
  if (!parsed.success) throw new Error(`bench-load: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  if (parsed.data.url && !parsed.data.databaseUrl) throw new Error("bench-load: --url needs --database-url (LOAD_DATABASE_URL), the server's PostgreSQL database, for the stock checks");
  return { ...parsed.data, write: argv.includes("--write") };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const options = cliOptions(process.argv.slice(2));
  if (!options.url && !existsSync(path.join(projectRoot, serverEntryFile()))) {
    console.error("bench-load serves the production build: run `npm run build` first.");
    process.exit(1);
  }
  const adminUrl = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const result = options.url
    ? await runLoad({ baseUrl: options.url, databaseUrl: options.databaseUrl!, shoppers: options.shoppers, seconds: options.seconds })
    : await benchLoad({ adminUrl, shoppers: options.shoppers, seconds: options.seconds });
  const section = loadMarkdown(result);
  console.log(section);
  if (options.write) {
    const file = path.join(projectRoot, "BENCHMARKS.md");
    writeFileSync(file, withLoadSection(existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n", section));
  }
  process.exit(result.passed ? 0 : 1);
}
