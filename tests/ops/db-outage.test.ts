/**
 * PostgreSQL unreachable at start, and gone while running (issue 15, "Faults"): the server says so, /healthz stays
 * live and reports it, readiness and pages answer 503 (never 500), and it recovers by itself. The database sits
 * behind a small TCP proxy in this test, which can be absent, started, and stopped with its connections cut.
 */
import { createServer, connect, type Server, type Socket } from "node:net";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, freshDatabase, hasPostgres, startApp, type AppServer } from "./support/servers";

const outageText = "The shop can't reach its database right now; please try again in a minute.";

/** A TCP proxy on `port` to the local PostgreSQL; stop() closes it and cuts every connection through it. */
function databaseProxy(port: number, target: { host: string; port: number }) {
  let server: Server | null = null;
  const sockets = new Set<Socket>();
  return {
    start: () =>
      new Promise<void>((resolve, reject) => {
        server = createServer((client) => {
          const upstream = connect(target.port, target.host);
          sockets.add(client).add(upstream);
          const drop = () => {
            client.destroy();
            upstream.destroy();
            sockets.delete(client);
            sockets.delete(upstream);
          };
          for (const socket of [client, upstream]) socket.on("error", drop).on("close", drop);
          client.pipe(upstream).pipe(client);
        });
        server.once("error", reject);
        server.listen(port, "127.0.0.1", () => resolve());
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        sockets.clear();
        if (!server) return resolve();
        server.close(() => resolve());
        server = null;
      }),
  };
}

/** Polls until check() is true, failing with what the server printed after timeout ms. */
async function eventually(app: AppServer, what: string, check: () => Promise<boolean>, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeout} ms. The server printed:\n${app.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const statusOf = async (url: string) => {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  await response.arrayBuffer();
  return response.status;
};

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

async function setUp(label: string) {
  const db = await freshDatabase(label);
  cleanups.push(db.drop);
  const direct = new URL(db.url);
  const proxyPort = await freePort();
  const proxy = databaseProxy(proxyPort, { host: direct.hostname, port: Number(direct.port || 5432) });
  cleanups.push(proxy.stop);
  const proxied = new URL(db.url);
  proxied.port = String(proxyPort);
  const sql = postgres(db.url, { max: 1, onnotice: () => {} });
  cleanups.push(() => sql.end());
  const products = await sql<{ slug: string; title: string }[]>`select slug, title from products where status = 'active' order by id limit 3`;
  expect(products).toHaveLength(3);
  return { proxy, proxyPort, proxiedUrl: proxied.toString(), sql, products };
}

describe.runIf(hasPostgres())("PostgreSQL out of reach", () => {
  it("at start: the server listens, says why it waits, answers 503, and becomes ready once the database appears", async () => {
    const { proxy, proxyPort, proxiedUrl, products } = await setUp("outage_start");
    const app = await startApp({ databaseUrl: proxiedUrl, waitFor: "live", readyTimeout: 30_000 });
    cleanups.push(() => app.stop());
    await app.waitForOutput(new RegExp(`PostgreSQL at 127\\.0\\.0\\.1:${proxyPort} is unreachable \\(ECONNREFUSED\\); retrying every 2 s`), 10_000);
    expect(app.output()).not.toMatch(/postgres:\/\/|password/);

    const live = await fetch(`${app.url}/healthz`);
    expect(live.status).toBe(200);
    expect(await live.text()).toMatch(/^ok\ndatabase: unreachable since \d{4}-\d\d-\d\dT[\d:.]+Z: ECONNREFUSED\n$/);
    const ready = await fetch(`${app.url}/healthz/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.text()).toMatch(/^not ready: database unreachable since .*ECONNREFUSED/);
    const page = await fetch(`${app.url}/products/${products[0]!.slug}`);
    expect(page.status).toBe(503);
    expect(page.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(await page.text()).toBe(outageText);

    await proxy.start();
    await eventually(app, "readiness", async () => (await statusOf(`${app.url}/healthz/ready`)) === 200);
    expect(await (await fetch(`${app.url}/healthz`)).text()).toBe("ok\ndatabase: reachable\n");
    const served = await fetch(`${app.url}/products/${products[0]!.slug}`);
    expect(served.status).toBe(200);
    expect(await served.text()).toContain(products[0]!.title);
    expect(app.output()).toMatch(/is reachable again/);
    expect(app.output()).toMatch(/Kriya is running at/);
  });

  it("while running: pages that need it answer 503 (not 500), readiness turns 503, and everything recovers without a restart", async () => {
    const { proxy, proxiedUrl, sql, products } = await setUp("outage_running");
    await proxy.start();
    // No catalogue data cache, so a page the page cache hasn't kept really asks the database.
    const app = await startApp({ databaseUrl: proxiedUrl, env: { CATALOG_CACHE_SECONDS: "0", PAGE_CACHE_SECONDS: "120" } });
    cleanups.push(() => app.stop());
    const [kept, uncached, later] = [products[0]!, products[1]!, products[2]!];
    expect(await statusOf(`${app.url}/products/${kept.slug}`)).toBe(200);

    await proxy.stop();
    const stoppedAt = Date.now();
    await eventually(app, "readiness turning 503", async () => (await statusOf(`${app.url}/healthz/ready`)) === 503, 10_000);
    const live = await fetch(`${app.url}/healthz`);
    expect(live.status).toBe(200);
    expect(await live.text()).toMatch(/^ok\ndatabase: unreachable since .*: (ECONNREFUSED|CONNECTION_\w+|ECONNRESET)\n$/);
    for (const path of [`/products/${uncached.slug}`, `/products/${uncached.slug}.data`]) {
      const response = await fetch(`${app.url}${path}`, { redirect: "manual" });
      expect(response.status, path).toBe(503);
      expect(await response.text(), path).toBe(outageText);
    }
    const login = await fetch(`${app.url}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url },
      body: new URLSearchParams({ email: "admin@kriya.example", password: "whatever" }),
    });
    expect(login.status).toBe(503);
    expect(app.output()).not.toMatch(/"status":500/);
    // Remix's loaders failed and entry.server's handleError told the server why (the one classifier, not a guess).
    expect(app.output()).toMatch(/"code":"(ECONNREFUSED|CONNECTION_\w+|ECONNRESET)","msg":"a request could not reach the database"/);

    // Long enough for postgres.js's reconnects and re-LISTENs to fail a few times, not just once.
    await new Promise((r) => setTimeout(r, Math.max(0, 8_000 - (Date.now() - stoppedAt))));
    await proxy.start();
    await eventually(app, "readiness", async () => (await statusOf(`${app.url}/healthz/ready`)) === 200);
    expect(await statusOf(`${app.url}/products/${uncached.slug}`)).toBe(200);

    // The page cache LISTENs again: a catalogue write made now still drops the stored copy on this server.
    await eventually(app, "the stored page being served", async () => {
      await statusOf(`${app.url}/products/${later.slug}`);
      const response = await fetch(`${app.url}/products/${later.slug}`);
      await response.arrayBuffer();
      return response.headers.get("x-cache") === "HIT";
    });
    const renamed = `${later.title} Renamed After The Outage`;
    await sql`update products set title = ${renamed} where slug = ${later.slug}`;
    // postgres.js re-LISTENs on its own reconnect backoff, which grows to about 20 s over a long outage.
    await eventually(app, "the write reaching the page", async () => (await (await fetch(`${app.url}/products/${later.slug}`)).text()).includes(renamed), 25_000);
  });
});
