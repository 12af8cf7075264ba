import { existsSync } from "node:fs";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { pathToFileURL } from "node:url";
import { constants as zlib } from "node:zlib";
import { createReadableStreamFromReadable, createRequestHandler, writeReadableStreamToWritable, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { pinoHttp } from "pino-http";
import postgres from "postgres";
import { getDbHandle, projectRoot, sqlCounter } from "../db/client.server";
import { prepareDatabase } from "../db/setup.server";
import { ensureSessionSecret, loadEnv, publicOrigin, sessionSecretFile, startupProblem, trustProxySetting } from "../app/utils/env.server";
import { allowedMethods, bodyLimitFor, controlCharacterMessage, fieldWithControlCharacter, isAllowedMethod, unsupportedBodyType } from "../app/utils/request-guard.server";
import { hstsHeader, isForeignOrigin } from "../app/utils/security.server";
import { databaseOutageCode, databaseOutageMessage, reconnectDelaySeconds } from "../app/domain/platform/database-outage";
import { createDatabaseHealth, describeDatabase } from "../app/utils/database-health.server";
import { logger, serializeError } from "../app/utils/logger.server";
import { createMetrics } from "../app/utils/metrics.server";
import { isLoopbackRequest, loggableUrl, methodLabelOf, requestIdFor, routeClassOf, statusClassOf } from "../app/utils/observability.server";
import { createPageCacheLayer, markRenderWhole } from "./page-cache-http";

process.env.NODE_ENV ??= "production";
// The environment is checked once, before anything listens: a wrong setting stops the start with one line.
const problem = startupProblem();
if (problem) {
  logger.fatal(problem);
  process.exit(1);
}
if (!process.env.SESSION_SECRETS) {
  const { secret, created } = ensureSessionSecret();
  if (created) logger.info(`Generated a random session secret in ${path.relative(process.cwd(), sessionSecretFile())}; later starts reuse it (set SESSION_SECRETS to choose your own).`);
  process.env.SESSION_SECRETS = secret;
}
// From here on the settings come from the parsed environment, with the defaults and secret set above.
const settings = loadEnv(process.env);
const siteOrigin = publicOrigin();
const siteHost = new URL(siteOrigin).host;
const port = settings.PORT;
const host = settings.HOST;
const buildDir = path.resolve(projectRoot, settings.KRIYA_BUILD_DIR);
const serverBuildPath = path.join(buildDir, "server", "index.js");
if (!existsSync(serverBuildPath)) {
  logger.fatal("No production build found: run `npm run build` first (npm start does both).");
  process.exit(1);
}

const handle = getDbHandle();
const databaseName = describeDatabase(settings.DATABASE_URL || undefined);
// The health probe has a connection of its own, so a busy pool never reads as an outage (PGlite is in-process).
const probeClient = settings.DATABASE_URL ? postgres(settings.DATABASE_URL, { max: 1, connect_timeout: 2, onnotice: () => {} }) : null;
const health = createDatabaseHealth({
  probe: probeClient ? () => probeClient`select 1`.then(() => undefined) : null,
  onChange: (state, previous) => {
    if (!state.reachable) logger.error(`${databaseName} is unreachable (${state.reason}); retrying every 2 s. Requests that need it answer 503 until it is back.`);
    else if (previous.reachable === false) logger.info(`${databaseName} is reachable again.`);
  },
});
const build = (await import(pathToFileURL(serverBuildPath).href)) as ServerBuild;
// The bundle's own model code, for the timers below (this script loads outside the bundle).
const entry = build.entry.module as unknown as {
  expireLapsedDemoOrders: (db: typeof handle.db, secret: string) => Promise<number>;
  demoWebhookSecret: () => string;
  drainOutbox: (db: typeof handle.db, options: { handlers: unknown; limit?: number }) => Promise<{ processed: number; failed: number }>;
  outboxHandlers: unknown;
  pruneExpired: (db: typeof handle.db) => Promise<unknown>;
  expireLapsedQuotes: (db: typeof handle.db, options: { now?: Date }) => Promise<{ expired: string[] }>;
  closeMonths: (db: typeof handle.db, options: { now: Date }) => Promise<{ closed: string[] }>;
  clearCatalogCache: () => void;
  isAdminRequest: (request: Request) => Promise<boolean>;
};

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", trustProxySetting());

// One JSON log line per request, with its id (a proxy's X-Request-Id when it looks like one, else a new ULID):
// the URL without query values, status, duration, bytes sent and the page cache's verdict; no headers, no bodies.
type CountedLocals = { bytesSent?: number };
app.use(
  pinoHttp({
    logger,
    quietReqLogger: true,
    wrapSerializers: false,
    genReqId: (req, res) => {
      const id = requestIdFor(req.headers["x-request-id"]);
      res.setHeader("X-Request-Id", id);
      return id;
    },
    customAttributeKeys: { reqId: "requestId", responseTime: "durationMs" },
    serializers: {
      req: (req: express.Request) => ({ method: req.method, url: loggableUrl(req.originalUrl ?? req.url) }),
      res: (res: express.Response) => ({
        status: res.statusCode,
        bytes: (res.locals as CountedLocals | undefined)?.bytesSent ?? 0,
        ...(res.getHeader("x-cache") ? { cache: String(res.getHeader("x-cache")) } : {}),
      }),
      err: serializeError,
    },
    // Health checks are polled every few seconds by load balancers: only at LOG_LEVEL=debug.
    customLogLevel: (req, res, error) => (error || res.statusCode >= 500 ? (res.statusCode === 503 ? "warn" : "error") : routeClassOf(loggableUrl((req as express.Request).originalUrl ?? "/")) === "health" ? "debug" : "info"),
    customSuccessMessage: (req, res) => `${req.method} ${loggableUrl((req as express.Request).originalUrl ?? req.url ?? "/")} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${loggableUrl((req as express.Request).originalUrl ?? req.url ?? "/")} ${res.statusCode}`,
    // pino-http invents an Error for every 5xx; the real one, if any, was logged where it happened, with this id.
    customErrorObject: (_req, _res, error, value: Record<string, unknown>) =>
      error.message.startsWith("failed with status code ") ? { res: value.res, durationMs: value.durationMs } : value,
  }),
);
// Bytes as sent (after compression, which wraps write/end later), and the request's metrics once it is answered.
app.use((req, res, next) => {
  const started = process.hrtime.bigint();
  const route = routeClassOf(req.path);
  const locals = res.locals as CountedLocals;
  locals.bytesSent = 0;
  const count = (chunk: unknown) => {
    if (typeof chunk === "string") locals.bytesSent! += Buffer.byteLength(chunk);
    else if (chunk instanceof Uint8Array) locals.bytesSent! += chunk.byteLength;
  };
  const write = res.write;
  const end = res.end;
  res.write = function (this: typeof res, ...args: Parameters<typeof res.write>) {
    count(args[0]);
    return write.apply(this, args);
  } as typeof res.write;
  res.end = function (this: typeof res, ...args: Parameters<typeof res.end>) {
    if (typeof args[0] !== "function") count(args[0]);
    return end.apply(this, args);
  } as typeof res.end;
  res.once("close", () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    metrics.observeRequest({ method: methodLabelOf(req.method), route, status_class: statusClassOf(res.statusCode) }, seconds);
  });
  next();
});

// An error is never publicly cacheable, whoever answers it (Remix, an error boundary, static files, the guards below).
app.use((_req, res, next) => {
  // Each layer (request log, metrics, page cache, compression, the streams piping the body) watches its own response
  // close: eleven listeners on one response are the design, not a leak, and Node's warning at ten was noise in the log.
  res.setMaxListeners(20);
  const writeHead = res.writeHead;
  res.writeHead = function (this: typeof res, ...args: Parameters<typeof res.writeHead>) {
    const status = typeof args[0] === "number" ? args[0] : res.statusCode;
    if (status >= 400 && !res.headersSent) res.setHeader("Cache-Control", "no-store");
    return writeHead.apply(this, args);
  } as typeof res.writeHead;
  next();
});

app.use((req, res, next) => {
  const hsts = hstsHeader({ secure: req.secure });
  if (hsts) res.setHeader("Strict-Transport-Security", hsts);
  if (!isAllowedMethod(req.method)) {
    res.status(405).set("Allow", allowedMethods.join(", ")).type("text/plain").send(`The method ${req.method} is not allowed here.`);
    return;
  }
  if (!req.originalUrl.startsWith("/")) {
    res.status(400).type("text/plain").send("That address is not valid. Check the link, or start again at /.");
    return;
  }
  const queryStart = req.originalUrl.indexOf("?");
  if (queryStart >= 0) {
    const field = fieldWithControlCharacter(new URLSearchParams(req.originalUrl.slice(queryStart + 1)), "query");
    if (field) {
      res.status(400).type("text/plain").send(controlCharacterMessage(field));
      return;
    }
  }
  if (!["GET", "HEAD", "OPTIONS"].includes(req.method)) {
    const unsupported = unsupportedBodyType(req.path, req.get("content-type"));
    if (unsupported) {
      res.status(415).type("text/plain").send(unsupported);
      return;
    }
  }
  const declared = Number(req.get("content-length") ?? 0);
  if (declared > bodyLimitFor(req.path)) {
    refuseTooLarge(req, res, bodyLimitFor(req.path));
    return;
  }
  next();
});
// Readiness (migrated and the database answering), answered here; liveness, /healthz, is answered by Remix (the
// process can serve a request; what it knows of the database, from the background probe), so it is also the bench's
// trivial route through the whole stack. Neither queries per request (docs/operations/observability.md).
app.get("/healthz/ready", (_req, res) => {
  const { ready, text } = health.readiness();
  res.writeHead(ready ? 200 : 503, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...(ready ? {} : { "Retry-After": "5" }) });
  res.end(text);
});
// Prometheus metrics, for this machine (a scraper on loopback, not a proxy forwarding the world) and for admins.
const metrics = createMetrics({
  db: () => (health.ready() ? handle.db : null),
  pageCache: () => pages?.cache.summary() ?? null,
  databaseUp: () => health.reachable(),
  ready: () => health.ready(),
});
app.get("/metrics", async (req, res, next) => {
  try {
    const cookie = req.get("cookie");
    const allowed =
      isLoopbackRequest(req.socket.remoteAddress, req.headers) ||
      (cookie !== undefined && health.ready() && (await entry.isAdminRequest(new Request(`${siteOrigin}/metrics`, { headers: { cookie } }))));
    if (!allowed) {
      res.status(403).set("Cache-Control", "no-store").type("text/plain").send("Forbidden: the metrics are for admins and for this machine only.");
      return;
    }
    const body = await metrics.render();
    res.writeHead(200, { "Content-Type": metrics.contentType, "Cache-Control": "no-store" });
    res.end(body);
  } catch (error) {
    next(error);
  }
});
// Until the database is migrated (at start, or while it is still unreachable) everything else waits with a 503.
app.use((req, res, next) => {
  if (health.migrated() || req.path === "/healthz") return next();
  const message = health.state().reachable === false ? databaseOutageMessage : "The shop is starting; please try again in a moment.";
  res.status(503).set({ "Retry-After": "10", "Cache-Control": "no-store" }).type("text/plain").send(message);
});

// Catalogue pages already rendered are answered here, pre-compressed, before Remix (ADR 017).
const pages =
  settings.PAGE_CACHE_SECONDS > 0
    ? createPageCacheLayer({
        handle,
        ttlSeconds: settings.PAGE_CACHE_SECONDS,
        maxBytes: settings.PAGE_CACHE_MB * 1024 * 1024,
        onCatalogueWrite: () => entry.clearCatalogCache(),
      })
    : null;
if (pages) app.use(pages.serveHits);
// Everything else is compressed as it streams: brotli at a quality and window that cost little CPU.
app.use(compression({ brotli: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4, [zlib.BROTLI_PARAM_LGWIN]: 18 } } }));

// Counts SQL statements per request for the bench and tests (header read by scripts/bench.ts).
if (settings.KRIYA_SQL_COUNT === "1") {
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
  if (isForeignOrigin({ method: req.method, origin: req.get("origin"), siteOrigin })) {
    res.status(403).type("text/plain").send("Forbidden: this form was sent from another site.");
    return;
  }
  next();
});

app.use(
  "/assets",
  express.static(path.join(buildDir, "client", "assets"), { immutable: true, maxAge: "1y", index: false }),
);
const publicFiles = express.static(path.join(buildDir, "client"), {
  maxAge: "1h",
  index: false,
  // The till's service worker is checked for a new version on every visit, or a fix would wait an hour.
  setHeaders: (res, filePath) => {
    if (path.basename(filePath) === "pos-sw.js") res.setHeader("Cache-Control", "no-cache");
  },
});
// Files in public/ all have an extension; a page's path doesn't, so it is not looked for on disk first.
app.use((req, res, next) => (/\.[a-z0-9]+$/i.test(req.path) ? publicFiles(req, res, next) : next()));
// Remix's express adapter, except that the URL is built on the configured origin (never on Host or
// X-Forwarded-Host) and the body is counted as it streams, so a chunked upload can't grow past its limit.
const handleRemixRequest = createRequestHandler(build, settings.NODE_ENV);
app.all("*", async (req, res, next) => {
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  try {
    // A page about to be stored is rendered whole, its slow parts in place (see renderWhole in entry.server).
    const headers = markRenderWhole(createRemixHeaders(req.headers), pages?.willStore(res) ?? false);
    const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: controller.signal };
    if (req.method !== "GET" && req.method !== "HEAD") {
      const limit = bodyLimitFor(req.path);
      const overflow = () => {
        controller.abort();
        refuseTooLarge(req, res, limit);
      };
      if (/^application\/x-www-form-urlencoded\b/i.test(req.get("content-type") ?? "")) {
        // Plain forms are small: read whole, and refuse control characters in any field here, in one place.
        const body = await readBody(req, limit);
        if (!body) return overflow();
        const field = fieldWithControlCharacter(new URLSearchParams(body.toString("utf8")), "form");
        if (field) {
          res.status(400).type("text/plain").send(controlCharacterMessage(field));
          return;
        }
        init.body = new Uint8Array(body);
      } else {
        init.body = createReadableStreamFromReadable(countBytes(req, limit, overflow));
        init.duplex = "half";
      }
    }
    const context = { clientIp: req.ip, requestId: String(req.id), databaseOutage: { code: null as string | null }, liveness: health.livenessText };
    let response = await handleRemixRequest(new Request(`${siteOrigin}${req.originalUrl}`, init), context);
    // A loader or action that couldn't reach the database (entry.server's handleError marks it) is a 503, not a 500.
    if (context.databaseOutage.code || (response.status >= 500 && health.state().reachable === false)) {
      await response.body?.cancel().catch(() => {});
      response = outageResponse();
    }
    // A write's own purge reaches this server before its answer does, so the page it leads to is fresh.
    if (pages && req.method !== "GET" && req.method !== "HEAD") await pages.barrier();
    if (res.headersSent) return;
    await sendRemixResponse(res, response);
  } catch (error) {
    // A client that went away mid-answer is not an error on our side: there is no one to tell.
    if (res.destroyed || req.destroyed || (error as { code?: string }).code === "ERR_STREAM_PREMATURE_CLOSE") return;
    if (!res.headersSent) next(error);
  }
});
// Errors raised before Remix sees the request (e.g. a malformed %-escape in the path) stay 4xx and say why.
app.use((error: { status?: number; statusCode?: number }, req: express.Request, res: express.Response, _next: express.NextFunction) => {
  if (databaseOutageCode(error)) {
    req.log.warn({ code: databaseOutageCode(error) }, "a request could not reach the database");
    res.status(503).set("Retry-After", "30").type("text/plain").send(databaseOutageMessage);
    return;
  }
  const status = error.status ?? error.statusCode ?? 500;
  if (status >= 500) req.log.error({ err: error }, "request failed");
  res
    .status(status)
    .type("text/plain")
    .send(status < 500 ? "That address is not valid. Check the link, or start again at /." : "Sorry, something went wrong on our side.");
});

// The server listens at once: /healthz answers while the database is prepared, or while it can't be reached.
const server = app.listen(port, host, () => {
  logger.info(`Kriya is listening at http://localhost:${port} (${handle.kind === "pglite" ? "embedded PGlite in data/" : databaseName}); ready once the database is prepared.`);
});
health.start();
await prepareWhenReachable();
health.markMigrated();
logger.info(`Kriya is running at http://localhost:${port} (${handle.kind === "pglite" ? "embedded PGlite in data/" : "PostgreSQL"})`);
startBackgroundWork();

/**
 * Migrations and the first-start seed, as soon as the database answers; an outage meanwhile is waited out (the
 * probe logs it), anything else (a failed migration, a wrong password) stops the start with its reason.
 */
async function prepareWhenReachable() {
  for (let failures = 0; ; ) {
    if (!health.reachable()) {
      await health.waitForReachable(10_000);
      continue;
    }
    try {
      await prepareDatabase(handle);
      return;
    } catch (error) {
      const code = databaseOutageCode(error);
      if (!code) {
        logger.fatal({ err: error }, `Preparing ${databaseName} failed`);
        process.exit(1);
      }
      failures += 1;
      const delay = reconnectDelaySeconds(failures);
      logger.warn(`${databaseName} went away while the database was being prepared (${code}); trying again in ${delay} s.`);
      await new Promise((resolve) => setTimeout(resolve, delay * 1000));
    }
  }
}

/** The timers and the page cache's LISTEN: only once the database is prepared. While it is away, ticks are skipped. */
function startBackgroundWork() {
  // Demo checkouts have no Stripe to expire them: a timer sends the same signed "expired" event instead.
  if (!settings.STRIPE_SECRET_KEY) {
    setInterval(() => {
      if (!health.reachable()) return;
      entry.expireLapsedDemoOrders(handle.db, entry.demoWebhookSecret()).catch((error) => logger.warn({ err: error }, "Expiring demo orders failed"));
    }, 60_000).unref();
  }

  // Emails and other after-commit work: every few seconds (requests that enqueue also drain right away).
  // SKIP LOCKED keeps concurrent drains apart; the flag only stops ticks piling up behind a slow one.
  let draining = false;
  setInterval(() => {
    if (draining || !health.reachable()) return;
    draining = true;
    entry
      .drainOutbox(handle.db, { handlers: entry.outboxHandlers, limit: 50 })
      .catch((error) => logger.warn({ err: error }, "Draining the outbox failed"))
      .finally(() => {
        draining = false;
      });
  }, 5_000).unref();

  // Expired sessions, old rate-limit windows, week-old form keys, sent quotes past their validity, and the impact
  // ledger's months that may close (each closed once, whichever server gets there first): once at start, then hourly.
  const prune = () =>
    Promise.all([
      entry.pruneExpired(handle.db).catch((error) => logger.warn({ err: error }, "Pruning expired rows failed")),
      entry.expireLapsedQuotes(handle.db, {}).catch((error) => logger.warn({ err: error }, "Expiring lapsed quotes failed")),
      entry.closeMonths(handle.db, { now: new Date() }).catch((error) => logger.warn({ err: error }, "Closing the impact ledger's months failed")),
    ]);
  void prune();
  setInterval(prune, 3_600_000).unref();

  // Until LISTEN is established the page cache serves nothing from memory; postgres.js re-listens after a drop.
  const listen = (attempt: number): void => {
    pages?.start().catch((error) => {
      const delay = reconnectDelaySeconds(attempt);
      logger.warn({ err: error }, `The page cache could not LISTEN for catalogue writes; trying again in ${delay} s`);
      setTimeout(() => listen(attempt + 1), delay * 1000).unref();
    });
  };
  listen(1);
}

function outageResponse() {
  return new Response(databaseOutageMessage, {
    status: 503,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "30", "Cache-Control": "no-store" },
  });
}

/**
 * The request's headers for Remix, with Host set to PUBLIC_URL's like the URL it is built on: a proxy may pass its
 * own Host, and Remix's CSRF check would then throw (a 500) on a form whose Origin is the shop's. A foreign Origin
 * was refused with a 403 before this (isForeignOrigin).
 */
function createRemixHeaders(requestHeaders: express.Request["headers"]) {
  const headers = new Headers({ host: siteHost });
  for (const [key, values] of Object.entries(requestHeaders)) {
    if (key === "host" || key === "x-forwarded-host") continue;
    if (Array.isArray(values)) for (const value of values) headers.append(key, value);
    else if (values) headers.set(key, values);
  }
  return headers;
}

async function sendRemixResponse(res: express.Response, response: Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) {
    // Events must reach the browser one by one: flushed per chunk.
    for (const [key, value] of response.headers.entries()) res.append(key, value);
    res.flushHeaders();
    if (response.body) await writeReadableStreamToWritable(response.body, res);
    else res.end();
    return;
  }
  if (pages) return pages.send(res, response);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (response.body) await pipeline(Readable.fromWeb(response.body as WebReadableStream), res);
  else res.end();
}

/**
 * Answers 413 at once but ends the response only when the client stops sending (or after 16 MB more, or 3 s):
 * Node closes a connection with unread data by resetting it, and a reset can cost the client our answer.
 * Nothing discarded is held in memory.
 */
function refuseTooLarge(req: express.Request, res: express.Response, limit: number) {
  if (res.headersSent) return;
  const size = limit >= 1024 * 1024 ? `${Math.round(limit / 1024 / 1024)} MB` : `${Math.round(limit / 1024)} KB`;
  const message = `That request is too large: at most ${size} may be sent here.`;
  res.status(413).set({ "Content-Type": "text/plain; charset=utf-8", "Content-Length": String(Buffer.byteLength(message)), Connection: "close" });
  res.write(message);
  const finish = () => {
    if (!res.writableEnded) res.end();
  };
  let discarded = 0;
  req.on("data", (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > 16 * 1024 * 1024) finish();
  });
  req.on("end", finish);
  req.resume();
  setTimeout(finish, 3_000).unref();
}

/** The whole body, or null as soon as it passes the limit (the rest is never held). */
function readBody(req: Readable, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Discard the rest rather than pause, so the client reads our 413 before the connection closes.
        req.off("data", onData);
        chunks.length = 0;
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Passes the body through, failing it (and calling onOverflow) once it passes the limit. */
function countBytes(req: Readable, limit: number, onOverflow: () => void): Readable {
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > limit) {
        onOverflow();
        callback(new Error("Request body too large"));
        req.unpipe(counter);
        req.resume();
        return;
      }
      callback(null, chunk);
    },
  });
  req.on("error", (error) => counter.destroy(error));
  return req.pipe(counter);
}

let closing = false;
async function shutdown() {
  if (closing) return;
  closing = true;
  server.close();
  health.stop();
  await Promise.all([handle.close().catch(() => {}), probeClient?.end({ timeout: 2 }).catch(() => {})]);
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
// A query left pending on a connection PostgreSQL closed (a terminated backend, a failover) rejects; when nobody
// awaits it (a fire-and-forget drain, say), Node would end the whole server for it. Such work is retried by its
// timer, so an outage is logged and the server keeps serving; any other unhandled rejection still ends it.
process.on("unhandledRejection", (reason) => {
  const code = databaseOutageCode(reason);
  if (code) {
    logger.warn({ code }, "a database connection closed under a query nobody awaited; its work is retried");
    return;
  }
  logger.fatal({ err: reason }, "unhandled promise rejection");
  process.exit(1);
});
