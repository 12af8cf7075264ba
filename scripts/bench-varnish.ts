/**
 * Throughput through Varnish (deploy/varnish/kriya.vcl) in front of two app servers, next to one server answering
 * the same pages from its own page cache, on PostgreSQL (issue 15). `npm run bench` calls benchVarnish and writes
 * its section; `npx tsx scripts/bench-varnish.ts` runs it alone and rewrites only that section.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import autocannon from "autocannon";
import { projectRoot } from "../db/client.server";
import { hasVarnish, startVarnish } from "../tests/ops/support/varnish";
import { withSection } from "./bench-sections";
import { serverNodeArgs } from "./server-command";

const HEADING = "## Through Varnish";
const SECONDS = Number(process.env.BENCH_VARNISH_SECONDS ?? 10);
const CONNECTIONS = 50;
const PORTS = [3460, 3461];

export type VarnishBench = { pages: { path: string; oneServer: number; varnish: number; varnishP99: number; serverP99: number; errors: number }[]; seconds: number } | { skipped: string };

async function measure(url: string) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, pipelining: 1, headers: { "accept-encoding": "gzip" } });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

async function ready(url: string) {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} never answered`);
}

export async function benchVarnish({ adminUrl }: { adminUrl: string }): Promise<VarnishBench> {
  if (!hasVarnish()) return { skipped: "varnishd is not installed" };
  const made = spawnSync("psql", [adminUrl, "-qc", "DROP DATABASE IF EXISTS kriya_bench_varnish WITH (FORCE)", "-c", "CREATE DATABASE kriya_bench_varnish"], { encoding: "utf8" });
  if (made.status !== 0) return { skipped: `no PostgreSQL at ${adminUrl}` };
  const databaseUrl = adminUrl.replace(/\/[^/]*$/, "/kriya_bench_varnish");
  const secret = randomBytes(24).toString("hex");
  const servers: ChildProcess[] = PORTS.map((port) =>
    spawn(process.execPath, serverNodeArgs(), {
      cwd: projectRoot,
      env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: databaseUrl, SESSION_SECRETS: secret, LOG_LEVEL: "warn" },
      stdio: ["ignore", "ignore", "inherit"],
    }),
  );
  const varnish = await (async () => {
    for (const port of PORTS) await ready(`http://127.0.0.1:${port}/healthz/ready`);
    return startVarnish({ backendPorts: PORTS });
  })();
  try {
    const pages = ["/", "/shop", "/products/tahunan-reclaimed-teak-dining-chair"];
    const rows = [];
    for (const page of pages) {
      // Warm both servers' page caches and Varnish (which keeps only the servers' stored, hash-signed copies).
      for (let i = 0; i < 6; i++) await (await fetch(varnish.url + page)).arrayBuffer();
      const one = await measure(`http://127.0.0.1:${PORTS[0]}${page}`);
      const through = await measure(varnish.url + page);
      rows.push({ path: page, oneServer: one.rps, serverP99: one.p99, varnish: through.rps, varnishP99: through.p99, errors: one.errors + through.errors });
    }
    return { pages: rows, seconds: SECONDS };
  } finally {
    await varnish.stop();
    for (const server of servers) server.kill("SIGTERM");
    await Promise.all(servers.map((s) => (s.exitCode === null ? new Promise((r) => s.once("exit", r)) : null)));
    spawnSync("psql", [adminUrl, "-qc", "DROP DATABASE IF EXISTS kriya_bench_varnish WITH (FORCE)"]);
  }
}

export function varnishMarkdown(result: VarnishBench): string {
  if ("skipped" in result) return `${HEADING}\n\nNot measured: ${result.skipped}.\n`;
  const rows = result.pages.map(
    (p) => `| \`${p.path}\` | ${Math.round(p.oneServer)} | ${Math.round(p.serverP99)} | ${Math.round(p.varnish)} | ${Math.round(p.varnishP99)} | ${(p.varnish / p.oneServer).toFixed(1)}× | ${p.errors} |`,
  );
  return `${HEADING}

Varnish 7 with deploy/varnish/kriya.vcl in front of two app servers on PostgreSQL, next to one server answering the
same pages from its own page cache (a hit); ${CONNECTIONS} connections, ${result.seconds} s each, loopback, gzip.

| Page | One server (req/s) | p99 (ms) | Through Varnish (req/s) | p99 (ms) | Varnish / server | Errors |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join("\n")}
`;
}

export const withVarnishSection = (benchmarks: string, section: string) => withSection(benchmarks, HEADING, section);

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const result = await benchVarnish({ adminUrl: process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres" });
  const section = varnishMarkdown(result);
  console.log(section);
  const file = path.join(projectRoot, "BENCHMARKS.md");
  writeFileSync(file, withVarnishSection(readFileSync(file, "utf8"), section));
}
