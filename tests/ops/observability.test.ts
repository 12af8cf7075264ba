/**
 * Request logs and /metrics on a real server from the production build: every answer carries a request id that
 * its log line repeats, a hostile id is replaced, and the metrics are readable from this machine and by admins only.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededLogins } from "../e2e/accounts";
import { freshDatabase, hasPostgres, startApp, type AppServer } from "./support/servers";

let app: AppServer;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  if (hasPostgres()) {
    const db = await freshDatabase("observability");
    cleanups.push(db.drop);
    app = await startApp({ databaseUrl: db.url });
  } else {
    const dir = await mkdtemp(path.join(tmpdir(), "kriya-ops-obs-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    app = await startApp({ pgliteDir: path.join(dir, "pglite") });
  }
  cleanups.push(() => app.stop());
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** The server's JSON log lines so far. */
const logLines = () =>
  app
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown> & { requestId?: string; req?: { method: string; url: string }; res?: { status: number; bytes: number; cache?: string }; durationMs?: number });

async function logLineFor(requestId: string) {
  await app.waitForOutput(new RegExp(`"requestId":"${requestId.replace(/[.]/g, "\\.")}"`), 5_000);
  return logLines().find((line) => line.requestId === requestId && line.req);
}

/** A metric's value in the Prometheus text, 0 when the series is absent. */
function sample(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

async function signIn(role: "admin" | "staff"): Promise<string> {
  const response = await fetch(`${app.url}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url },
    body: new URLSearchParams(seededLogins[role]),
    redirect: "manual",
  });
  expect(response.status).toBe(302);
  const cookies = response.headers.getSetCookie().map((c) => c.split(";")[0]!);
  expect(cookies.length).toBeGreaterThan(0);
  return cookies.join("; ");
}

describe("request logs", () => {
  it("echoes a well-formed X-Request-Id and logs one line for the request under it, without secrets", async () => {
    const id = "lb-7f3a.request:0001";
    const response = await fetch(`${app.url}/shop?currency=EUR`, { headers: { "X-Request-Id": id, Cookie: "kriya_session=cookie-value-never-logged", Authorization: "Bearer auth-header-never-logged" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe(id);
    await response.arrayBuffer();
    const line = await logLineFor(id);
    expect(line).toMatchObject({ req: { method: "GET", url: "/shop?currency" }, res: { status: 200 } });
    expect(line!.res!.bytes).toBeGreaterThan(1000);
    expect(line!.res!.cache).toMatch(/^(MISS|HIT)$/);
    expect(typeof line!.durationMs).toBe("number");
    expect(logLines().filter((l) => l.requestId === id && l.req)).toHaveLength(1);
    expect(app.output()).not.toContain("EUR");
    expect(app.output()).not.toContain("never-logged");
  });

  it("replaces a hostile X-Request-Id with a new ULID", async () => {
    const hostile = 'x"}\n{"level":60,"msg":"forged';
    const response = await fetch(`${app.url}/healthz/ready`, { headers: { "X-Request-Id": encodeURIComponent(hostile) + " <script>" } });
    const id = response.headers.get("x-request-id")!;
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    const again = await fetch(`${app.url}/`, { headers: { "X-Request-Id": "short" } });
    expect(again.headers.get("x-request-id")).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(again.headers.get("x-request-id")).not.toBe(id);
    await again.arrayBuffer();
    await logLineFor(again.headers.get("x-request-id")!);
    expect(app.output()).not.toContain("forged");
  });
});

describe("/metrics", () => {
  it("answers loopback with the named metrics, and its counters move", async () => {
    const before = await fetch(`${app.url}/metrics`);
    expect(before.status).toBe(200);
    expect(before.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(before.headers.get("cache-control")).toBe("no-store");
    const first = await before.text();
    for (const name of [
      "kriya_http_requests_total",
      "kriya_http_request_duration_seconds_bucket",
      "kriya_page_cache_hits_total",
      "kriya_page_cache_misses_total",
      "kriya_page_cache_stores_total",
      "kriya_page_cache_purges_total",
      'kriya_outbox_messages{state="pending"}',
      'kriya_outbox_messages{state="failed"}',
      'kriya_pos_sync_backlog{kind="qris_to_verify"}',
      "kriya_database_up 1",
      "kriya_ready 1",
      "process_cpu_seconds_total",
      "nodejs_heap_size_used_bytes",
    ]) expect(first).toContain(name);
    expect(first).not.toMatch(/route="\/[^"]*"/);

    const listed = 'kriya_http_requests_total{method="GET",route="page",status_class="2xx"}';
    const notFound = 'kriya_http_requests_total{method="GET",route="page",status_class="4xx"}';
    for (let i = 0; i < 3; i++) await (await fetch(`${app.url}/shop`)).arrayBuffer();
    await (await fetch(`${app.url}/no-such-page-${Date.now()}`)).arrayBuffer();
    const second = await (await fetch(`${app.url}/metrics`)).text();
    expect(sample(second, listed) - sample(first, listed)).toBe(3);
    expect(sample(second, notFound) - sample(first, notFound)).toBe(1);
    // Three views of one listing: at least one miss rendered it, the later ones hit it.
    expect(sample(second, "kriya_page_cache_hits_total")).toBeGreaterThan(sample(first, "kriya_page_cache_hits_total"));
    expect(sample(second, "kriya_page_cache_stores_total")).toBeGreaterThanOrEqual(1);
    expect(sample(second, 'kriya_http_request_duration_seconds_count{method="GET",route="page",status_class="2xx"}')).toBeGreaterThanOrEqual(3);
  });

  it("refuses a loopback peer that forwards someone else (a proxy on this machine)", async () => {
    const forwarded: Record<string, string>[] = [{ "X-Forwarded-For": "203.0.113.7" }, { Forwarded: "for=203.0.113.7;proto=https" }, { "X-Forwarded-For": "127.0.0.1, 198.51.100.4" }];
    for (const headers of forwarded) {
      const response = await fetch(`${app.url}/metrics`, { headers });
      expect(response.status).toBe(403);
      expect(response.headers.get("cache-control")).toBe("no-store");
      const text = await response.text();
      expect(text).toMatch(/admins and for this machine only/);
      expect(text).not.toContain("kriya_");
    }
  });

  it("refuses a signed-in staff member from elsewhere, and lets the seeded admin in", async () => {
    const foreign = { "X-Forwarded-For": "203.0.113.7" };
    const staff = await signIn("staff");
    expect((await fetch(`${app.url}/metrics`, { headers: { ...foreign, Cookie: staff } })).status).toBe(403);
    expect((await fetch(`${app.url}/metrics`, { headers: { ...foreign, Cookie: "kriya_session=forged" } })).status).toBe(403);
    const admin = await signIn("admin");
    const response = await fetch(`${app.url}/metrics`, { headers: { ...foreign, Cookie: admin } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("kriya_http_requests_total");
  });
});
