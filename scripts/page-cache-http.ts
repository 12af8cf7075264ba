/**
 * The page cache's HTTP side (ADR 017): answers hits before Remix, stores what Remix renders, and keeps every
 * server's copy in step with the database through LISTEN/NOTIFY. The cache itself is app/utils/page-cache.server.ts.
 */
import { randomUUID } from "node:crypto";
import { setTimeout } from "node:timers";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { sql } from "drizzle-orm";
import type express from "express";
import type { DbHandle } from "../db/client.server";
import {
  keysOfNotification,
  isStorable,
  PageCache,
  pageCacheKey,
  toCachedPage,
  type CachedPage,
  type PageRequest,
} from "../app/utils/page-cache.server";
import { contentSecurityPolicy, cspHeaderName } from "../app/utils/security.server";
import { env } from "../app/utils/env.server";
import { createVarnishPurger } from "./varnish-purge";

export const PAGES_CHANNEL = "kriya_pages";
/**
 * Set (by start.ts, never by a client) on a request whose page will be stored: it is rendered whole, as for a
 * crawler, so the stored copy has its deferred parts in place, readable without JavaScript.
 */
export const RENDER_WHOLE_HEADER = "x-kriya-render-whole";

/**
 * The render-whole header as Remix should see it: a client's own is dropped, so nobody outside can make the server
 * hold a page until every slow part is in, and it is set only on a page the cache is about to store.
 */
export function markRenderWhole(headers: Headers, willStore: boolean): Headers {
  headers.delete(RENDER_WHOLE_HEADER);
  if (willStore) headers.set(RENDER_WHOLE_HEADER, "1");
  return headers;
}
/** A page bigger than this is served but never kept. */
const MAX_STORED_BYTES = 2 * 1024 * 1024;
/** How long a request waits for the same page's render already under way before rendering it itself. */
const WAIT_FOR_RENDER_MS = 6_000;
/** How long a write waits for its own notification to come back before dropping every page instead. */
const BARRIER_TIMEOUT_MS = 1_000;

type Locals = { pageRequest?: PageRequest; pageRender?: { finish: (page: CachedPage | null | undefined) => void } };

export type PageCacheLayer = ReturnType<typeof createPageCacheLayer>;

export function createPageCacheLayer(options: {
  handle: DbHandle;
  ttlSeconds: number;
  maxBytes: number;
  /** Also dropped on every catalogue write: the bundle's read-through data cache. */
  onCatalogueWrite: () => void;
}) {
  const cache = new PageCache({ ttlSeconds: options.ttlSeconds, maxBytes: options.maxBytes });
  const barriers = new Map<string, () => void>();
  // Varnish in front (VARNISH_PURGE_URLS) drops the same pages by the same keys (deploy/varnish/kriya.vcl).
  const varnish = createVarnishPurger(env().VARNISH_PURGE_URLS);
  // Until LISTEN is established nothing is served from memory, or a write missed while deaf could linger.
  let listening = false;

  const onNotify = (payload: string) => {
    if (payload.startsWith("sync:")) {
      barriers.get(payload.slice(5))?.();
      return;
    }
    options.onCatalogueWrite();
    cache.purge(keysOfNotification(payload));
    varnish?.ban(keysOfNotification(payload));
  };

  async function start() {
    await options.handle.listen(PAGES_CHANNEL, onNotify, () => {
      // (Re)subscribed: anything announced while the connection was down is unknown, so start empty.
      options.onCatalogueWrite();
      cache.purge(["all"]);
      varnish?.ban(["all"]);
      listening = true;
    });
  }

  /**
   * Called after a request that may have written: returns once this server has heard every notification
   * committed before it (PostgreSQL delivers them in commit order), so the redirect's next page is fresh.
   */
  async function barrier() {
    const id = randomUUID();
    const heard = new Promise<boolean>((resolve) => {
      barriers.set(id, () => resolve(true));
      setTimeout(() => resolve(false), BARRIER_TIMEOUT_MS).unref();
    });
    try {
      await options.handle.db.execute(sql`select pg_notify(${PAGES_CHANNEL}, ${`sync:${id}`})`);
      if (!(await heard)) cache.purge(["all"]);
      // The bans of every notification heard before the marker have been sent: wait for Varnish's answers too.
      await varnish?.settled();
    } catch {
      cache.purge(["all"]);
    } finally {
      barriers.delete(id);
    }
  }

  /** Express middleware: a GET or HEAD for a cached page is answered here; a miss is marked for storing. */
  const serveHits: express.RequestHandler = (req, res, next) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || !listening) return next();
    const queryStart = req.originalUrl.indexOf("?");
    const pathname = queryStart < 0 ? req.originalUrl : req.originalUrl.slice(0, queryStart);
    const request = pageCacheKey(pathname, queryStart < 0 ? "" : req.originalUrl.slice(queryStart));
    if (!request) return next();
    const locals = res.locals as Locals;
    locals.pageRequest = request;
    const hit = cache.get(request);
    if (hit) return sendCached(req, res, hit);
    // A HEAD is answered from a stored page, but never stores one: its answer has no body to keep.
    if (req.method === "HEAD") return next();
    const pending = cache.pending(request);
    const render = () => {
      cache.stats.misses += 1;
      const token = cache.begin(request);
      locals.pageRender = token;
      // A response cut short releases its waiters (a complete one releases them once its copy is stored).
      res.once("close", () => {
        if (!res.writableFinished) token.finish(undefined);
      });
      next();
    };
    if (!pending) return render();
    const timeout = new Promise<undefined>((resolve) => {
      setTimeout(() => resolve(undefined), WAIT_FOR_RENDER_MS).unref();
    });
    void Promise.race([pending, timeout]).then((page) => {
      if (page) sendCached(req, res, page);
      else render();
    });
  };

  function sendCached(req: express.Request, res: express.Response, page: CachedPage) {
    cache.stats.hits += 1;
    res.statusCode = page.status;
    for (const [name, value] of page.headers) res.setHeader(name, value);
    res.setHeader("Vary", "Accept-Encoding");
    res.setHeader("X-Cache", "HIT");
    res.setHeader("Age", String(Math.max(0, Math.floor((Date.now() - page.storedAt) / 1000))));
    res.setHeader("ETag", page.etag);
    const ifNoneMatch = req.get("if-none-match");
    if (ifNoneMatch && ifNoneMatch.split(/\s*,\s*/).some((tag) => tag === page.etag || tag === `W/${page.etag}`)) {
      res.statusCode = 304;
      res.end();
      return;
    }
    const encoding = req.acceptsEncodings("br", "gzip", "identity");
    const body = encoding === "br" ? page.br : encoding === "gzip" ? page.gzip : page.identity;
    if (encoding === "br" || encoding === "gzip") res.setHeader("Content-Encoding", encoding);
    res.setHeader("Content-Length", String(body.length));
    if (req.method === "HEAD") res.end();
    else res.end(body);
  }

  /**
   * Sends Remix's response. A storable page is streamed to this client as rendered (with its nonce) while a copy
   * is kept; when it is complete, the copy becomes the cache entry.
   */
  async function send(res: express.Response, response: Response) {
    const token = (res.locals as Locals).pageRender;
    res.statusMessage = response.statusText;
    res.status(response.status);
    for (const [key, value] of response.headers.entries()) res.append(key, value);
    if ((res.locals as Locals).pageRequest) res.setHeader("X-Cache", token ? "MISS" : "BYPASS");
    if (!response.body) {
      token?.finish(undefined);
      res.end();
      return;
    }
    const storable = token !== undefined && isStorable(response);
    if (!storable) token?.finish(undefined);
    const chunks: Buffer[] = [];
    let size = 0;
    const keep = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        if (storable && size <= MAX_STORED_BYTES) {
          chunks.push(chunk);
          size += chunk.length;
        }
        callback(null, chunk);
      },
    });
    // Piped whole, without a flush per chunk: the compressor sees the page in large pieces (issue 14).
    await pipeline(Readable.fromWeb(response.body as import("node:stream/web").ReadableStream), keep, res);
    if (!storable || !token) return;
    const nonce = /'nonce-([^']+)'/.exec(response.headers.get(cspHeaderName()) ?? "")?.[1] ?? "";
    if (size > MAX_STORED_BYTES || !nonce) return token.finish(undefined);
    toCachedPage(
      { status: response.status, headers: response.headers, body: Buffer.concat(chunks), nonce },
      (hashes) => [cspHeaderName(), contentSecurityPolicy({ hashes })],
    )
      .then((page) => token.finish(page))
      .catch(() => token.finish(undefined));
  }

  /** Whether this response's page will be stored once rendered (a miss of a cacheable page). */
  const willStore = (res: express.Response) => (res.locals as Locals).pageRender !== undefined;

  return { cache, start, barrier, serveHits, send, willStore };
}
