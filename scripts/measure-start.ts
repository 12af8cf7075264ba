/**
 * Measures how Kriya starts and what it holds: (a) the first `npm start` of a fresh clone (build, migrate, seed),
 * (b) a cold start to the first 200 on a built, seeded copy, and (c) RSS after 50 connections on catalogue pages,
 * on PGlite and on PostgreSQL. Returns a BENCHMARKS.md section; `tsx scripts/measure-start.ts` prints it.
 * The clone takes the committed HEAD, with node_modules hard-linked so npm install is not timed.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import postgres from "postgres";
import { projectRoot } from "../db/client.server";
import { serverNodeArgs } from "./server-command";
import { withSection } from "./bench-sections";
import { randomBytes } from "node:crypto";

/** The measured servers' session secret: random per run, never one written in the source. */
const measureSecret = randomBytes(32).toString("base64");

export type StartMeasures = {
  firstStart: { seconds: number; phases: { label: string; seconds: number }[] };
  coldStartMs: number[];
  /** The same on PostgreSQL (a seeded database), when one is given. */
  coldStartPostgresMs: number[] | null;
  rss: { database: "PGlite" | "PostgreSQL"; afterStartMb: number; afterLoadMb: number; rps: number }[];
};

const SECTION = "## First start, cold start and memory";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function firstOk(url: string, timeoutMs: number, everyMs: number, server?: ChildProcess) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server && (server.exitCode !== null || server.signalCode !== null)) throw new Error(`The server stopped (${server.exitCode ?? server.signalCode}) before ${url} answered`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await sleep(everyMs);
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, sleep(10_000).then(() => child.kill("SIGKILL"))]);
}

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN) / 1024;

/** The server as bench.ts runs it: one `node` process running the compiled start script, so its RSS is the server's. */
function serve(dir: string, env: Record<string, string>) {
  return spawn(process.execPath, [...(process.env.MEASURE_NODE_FLAGS?.split(" ").filter(Boolean) ?? []), ...serverNodeArgs()], {
    cwd: dir,
    // A shared secret, as production on PostgreSQL requires; its output is left out (aborted loads are noisy).
    env: { ...process.env, NODE_ENV: "production", SESSION_SECRETS: process.env.SESSION_SECRETS ?? measureSecret, ...env },
    stdio: "ignore",
  });
}

/** (a) `npm start` in a fresh clone, to the first 200 of /healthz/ready, with the time each phase began. */
async function measureFirstStart(dir: string, port: number) {
  const started = Date.now();
  const phases: { label: string; seconds: number }[] = [];
  const marks: [RegExp, string][] = [
    [/building SSR bundle/, "client build done"],
    [/pos-sw\.js/, "server build done"],
    [/Seeding the sample catalogue/, "migrated, seeding"],
    [/Drawing photos: \d+\/\d+ done/, "photos drawn"],
    [/Writing catalogue: \d+\/\d+ done/, "catalogue written"],
    [/Kriya is running/, "listening"],
  ];
  const child = spawn("npm", ["start"], { cwd: dir, env: { ...process.env, PORT: String(port), NODE_ENV: "production" }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const onLine = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) {
      for (const [pattern, label] of marks) if (pattern.test(line) && !phases.some((p) => p.label === label)) phases.push({ label, seconds: (Date.now() - started) / 1000 });
    }
  };
  child.stdout!.on("data", onLine);
  child.stderr!.on("data", onLine);
  try {
    await firstOk(`http://127.0.0.1:${port}/healthz/ready`, 600_000, 250);
    return { seconds: (Date.now() - started) / 1000, phases };
  } finally {
    // npm start is a tree (npm, sh, tsx, node): stop the whole group it leads, and wait until all of it is gone
    // (two PGlite instances on one directory would spoil it for the next measure).
    process.kill(-child.pid!, "SIGTERM");
    for (let waited = 0; groupAlive(child.pid!); waited += 100) {
      if (waited > 15_000) process.kill(-child.pid!, "SIGKILL");
      await sleep(100);
    }
  }
}

function groupAlive(groupId: number) {
  try {
    process.kill(-groupId, 0);
    return true;
  } catch {
    return false;
  }
}

/** (b) Process start to the first 200 of `/`, on the clone's build and seeded database. */
async function measureColdStart(dir: string, port: number, env: Record<string, string> = {}, runs = 3) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const child = serve(dir, { PORT: String(port), ...env });
    try {
      await firstOk(`http://127.0.0.1:${port}/`, 180_000, 10, child);
      times.push(Math.round(performance.now() - started));
    } finally {
      await stop(child);
    }
  }
  return times;
}

/** (c) RSS once started, and after 50 connections on the home, listing, category and product pages. */
async function measureRss(dir: string, port: number, database: "PGlite" | "PostgreSQL", env: Record<string, string>, seconds = 10) {
  const child = serve(dir, { PORT: String(port), ...env });
  try {
    await firstOk(`http://127.0.0.1:${port}/healthz/ready`, 600_000, 100, child);
    const afterStartMb = rssMb(child.pid!);
    const shop = await (await fetch(`http://127.0.0.1:${port}/shop`)).text();
    const product = /href="(\/products\/[a-z0-9-]+)"/.exec(shop)?.[1] ?? "/shop";
    const category = /href="(\/shop\/[a-z0-9-]+)"/.exec(shop)?.[1] ?? "/shop";
    const result = await autocannon({
      url: `http://127.0.0.1:${port}`,
      connections: 50,
      duration: seconds,
      requests: ["/", "/shop", category, product].map((p) => ({ method: "GET" as const, path: p })),
    });
    return { database, afterStartMb, afterLoadMb: rssMb(child.pid!), rps: result.requests.average };
  } finally {
    await stop(child);
  }
}

export async function measureStart(options: { port?: number; postgresUrl?: string | null } = {}): Promise<StartMeasures> {
  const port = options.port ?? Number(process.env.MEASURE_PORT ?? 3390);
  const dir = mkdtempSync(path.join(os.tmpdir(), "kriya-fresh-clone-"));
  try {
    execFileSync("git", ["clone", "--quiet", projectRoot, dir]);
    // MEASURE_COMMIT measures an earlier commit (a before/after pair run side by side shares the machine's load).
    if (process.env.MEASURE_COMMIT) execFileSync("git", ["checkout", "--quiet", process.env.MEASURE_COMMIT], { cwd: dir });
    execFileSync("cp", ["-al", path.join(projectRoot, "node_modules"), path.join(dir, "node_modules")]);
    const firstStart = await measureFirstStart(dir, port);
    const coldStartMs = await measureColdStart(dir, port);
    const rss = [await measureRss(dir, port, "PGlite", {})];
    let coldStartPostgresMs: number[] | null = null;
    const url = options.postgresUrl === undefined ? (process.env.MEASURE_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres") : options.postgresUrl;
    if (url) {
      const name = `kriya_measure_start_${port}`;
      const admin = postgres(url, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.unsafe(`create database ${name}`);
      await admin.end();
      const target = new URL(url);
      target.pathname = `/${name}`;
      try {
        // The first start seeds the new database in the server's own process; the server measured is the next one.
        const seeding = serve(dir, { PORT: String(port), DATABASE_URL: target.href });
        await firstOk(`http://127.0.0.1:${port}/healthz/ready`, 600_000, 250, seeding).finally(() => stop(seeding));
        coldStartPostgresMs = await measureColdStart(dir, port, { DATABASE_URL: target.href });
        rss.push(await measureRss(dir, port, "PostgreSQL", { DATABASE_URL: target.href }));
      } finally {
        const again = postgres(url, { max: 1, onnotice: () => {} });
        await again.unsafe(`drop database if exists ${name} with (force)`);
        await again.end();
      }
    }
    return { firstStart, coldStartMs, coldStartPostgresMs, rss };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];

export function startMarkdown(m: StartMeasures, when = new Date()): string {
  return [
    SECTION,
    "",
    `Measured ${when.toISOString().slice(0, 16)}Z on ${os.cpus().length} cores (load average ${os.loadavg()[0]!.toFixed(1)} at the end) by \`tsx scripts/measure-start.ts\`.`,
    "",
    "| Measure | Result | Target |",
    "| --- | --- | --- |",
    `| First \`npm start\` of a fresh clone (build, migrate, seed) | ${m.firstStart.seconds.toFixed(1)} s | ≤ 45 s |`,
    `| Cold start to the first 200 of \`/\`, PGlite (built, seeded; median of ${m.coldStartMs.length}: ${m.coldStartMs.join(", ")} ms) | ${median(m.coldStartMs)} ms | ≤ 1 s |`,
    ...(m.coldStartPostgresMs ? [`| The same on PostgreSQL (median of ${m.coldStartPostgresMs.length}: ${m.coldStartPostgresMs.join(", ")} ms) | ${median(m.coldStartPostgresMs)} ms | ≤ 1 s |`] : []),
    ...m.rss.map((r) => `| RSS after load, ${r.database} (${r.afterStartMb.toFixed(0)} MB once started; ${Math.round(r.rps)} req/s) | ${r.afterLoadMb.toFixed(0)} MB | ≤ ${r.database === "PGlite" ? 440 : 400} MB |`),
    "",
    `First start, seconds from \`npm start\`: ${m.firstStart.phases.map((p) => `${p.label} ${p.seconds.toFixed(1)}`).join(", ")}.`,
    "",
  ].join("\n");
}

/** Replaces this section of BENCHMARKS.md, or appends it. */
export function withStartSection(benchmarks: string, section: string): string {
  return withSection(benchmarks, SECTION, section);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(startMarkdown(await measureStart()));
}
