import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { getDbHandle, projectRoot, sqlCounter } from "../db/client.server";
import { prepareDatabase } from "../db/setup.server";
import { isForeignOrigin } from "../app/utils/security.server";

process.env.NODE_ENV ??= "production";
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";
const buildDir = path.resolve(projectRoot, process.env.KRIYA_BUILD_DIR ?? "build");
const serverBuildPath = path.join(buildDir, "server", "index.js");
if (!existsSync(serverBuildPath)) {
  console.error("No production build found: run `npm run build` first (npm start does both).");
  process.exit(1);
}

const handle = getDbHandle();
await prepareDatabase(handle);
const build = (await import(pathToFileURL(serverBuildPath).href)) as ServerBuild;

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", process.env.TRUST_PROXY === "1");
app.use(compression());

// Counts SQL statements per request for the bench and tests (header read by scripts/bench.ts).
if (process.env.KRIYA_SQL_COUNT === "1") {
  app.use((_req, res, next) => {
    const store = { count: 0, statements: [] as string[] };
    const writeHead = res.writeHead;
    res.writeHead = function (this: typeof res, ...args: Parameters<typeof res.writeHead>) {
      if (!res.headersSent) res.setHeader("X-Sql-Statements", String(store.count));
      return writeHead.apply(this, args);
    } as typeof res.writeHead;
    sqlCounter.run(store, next);
  });
}

// Cross-site request forgery: a browser POST from another origin gets a 403 before it reaches any action.
app.use((req, res, next) => {
  if (isForeignOrigin({ method: req.method, origin: req.get("origin"), host: req.get("host"), protocol: req.protocol, publicUrl: process.env.PUBLIC_URL })) {
    res.status(403).type("text/plain").send("Forbidden: this form was sent from another site.");
    return;
  }
  next();
});

app.use(
  "/assets",
  express.static(path.join(buildDir, "client", "assets"), { immutable: true, maxAge: "1y", index: false }),
);
app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h", index: false }));
app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV, getLoadContext: (req) => ({ clientIp: req.ip }) }));
// Errors raised before Remix sees the request (e.g. a malformed %-escape in the path) stay 4xx and say why.
app.use((error: { status?: number; statusCode?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
  const status = error.status ?? error.statusCode ?? 500;
  if (status >= 500) console.error(error);
  res
    .status(status)
    .type("text/plain")
    .send(status < 500 ? "That address is not valid. Check the link, or start again at /." : "Sorry, something went wrong on our side.");
});

// Demo checkouts have no Stripe to expire them: a timer sends the same signed "expired" event instead.
const entry = build.entry.module as unknown as {
  expireLapsedDemoOrders: (db: typeof handle.db, secret: string) => Promise<number>;
  DEMO_WEBHOOK_SECRET: string;
  drainOutbox: (db: typeof handle.db, handlers: unknown, options?: { limit?: number }) => Promise<{ processed: number; failed: number }>;
  outboxHandlers: unknown;
  pruneExpired: (db: typeof handle.db) => Promise<unknown>;
};
if (!process.env.STRIPE_SECRET_KEY) {
  setInterval(() => {
    entry.expireLapsedDemoOrders(handle.db, entry.DEMO_WEBHOOK_SECRET).catch((error) => console.warn("Expiring demo orders failed", error));
  }, 60_000).unref();
}

// Emails and other after-commit work: every few seconds (requests that enqueue also drain right away).
// SKIP LOCKED keeps concurrent drains apart; the flag only stops ticks piling up behind a slow one.
let draining = false;
setInterval(() => {
  if (draining) return;
  draining = true;
  entry
    .drainOutbox(handle.db, entry.outboxHandlers, { limit: 50 })
    .catch((error) => console.warn("Draining the outbox failed", error))
    .finally(() => {
      draining = false;
    });
}, 5_000).unref();

// Expired sessions, old rate-limit windows and week-old form keys: once at start, then hourly.
const prune = () => entry.pruneExpired(handle.db).catch((error) => console.warn("Pruning expired rows failed", error));
void prune();
setInterval(prune, 3_600_000).unref();

const server = app.listen(port, host, () => {
  console.log(`Kriya is running at http://localhost:${port} (${handle.kind === "pglite" ? "embedded PGlite in data/" : "PostgreSQL"})`);
});

let closing = false;
async function shutdown() {
  if (closing) return;
  closing = true;
  server.close();
  await handle.close().catch(() => {});
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
