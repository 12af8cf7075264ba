import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { brotliCompress, constants as zlib, gzip } from "node:zlib";
import { LRUCache } from "lru-cache";
import { parseCatalogQuery } from "~/domain/catalog/catalog-query-parse";
import { readCurrencyParam } from "~/domain/catalog/display-currency";
import { isSlug } from "~/domain/catalog/slug";

/**
 * The full-page cache (ADR 017). Catalogue pages are the same for everyone with the same URL (ADR 004), so the
 * server keeps each rendered page, pre-compressed, and answers the next request for it without Remix.
 *
 * - Keys are built only from validated input: a known path, known parameters with valid values. Anything else
 *   (an unknown currency, a nonsense parameter, a bad slug) is rendered as usual and never stored, and free-form
 *   variations (search text, filters, price ranges) live in their own small partition, so they can't evict the
 *   product pages.
 * - Only a 200 HTML page that its route marked public, with surrogate keys and no cookie, is stored.
 * - Stored pages carry no nonce: their inline scripts are allowed by hash, so every copy is byte-identical and a
 *   hit sends bytes compressed once. A nonce is never replayed.
 * - Writers don't call this: database triggers announce each commit's surrogate keys (migration 0007), every
 *   server LISTENs, and `purge` drops exactly the pages that carry one of them. A render that overlaps a purge
 *   of its keys is not stored, so a page rendered from data older than the write never comes back.
 */

/** Which partition a page lives in: canonical pages, or the unbounded variety of searches and filters. */
export type PagePartition = "pages" | "variations";
export type PageRequest = { key: string; partition: PagePartition };

/** The shop's HTML is written in one language today; the key carries it so a second language can't share entries. */
const LANGUAGE = "en";

const catalogueParams = new Set(["q", "material", "producer", "min", "max", "instock", "sort", "page"]);
const canonicalParams = new Set(["currency", "page", "sort", "variant"]);

type PageRoute = { pattern: RegExp; params: Set<string>; listing?: "all" | "category" | "search" };
const routes: PageRoute[] = [
  { pattern: /^\/$/, params: new Set(["currency"]) },
  { pattern: /^\/shop$/, params: new Set(["currency", ...catalogueParams]), listing: "all" },
  { pattern: /^\/shop\/([^/]+)$/, params: new Set(["currency", ...catalogueParams]), listing: "category" },
  { pattern: /^\/search$/, params: new Set(["currency", ...catalogueParams]), listing: "search" },
  { pattern: /^\/products\/([^/]+)$/, params: new Set(["currency", "variant"]) },
  { pattern: /^\/producers$/, params: new Set(["currency"]) },
  { pattern: /^\/producers\/([^/]+)$/, params: new Set(["currency"]) },
  { pattern: /^\/impact$/, params: new Set(["currency"]) },
];

/** The cache key of a GET for `pathname` + `search`, or null when this request must not touch the cache. */
export function pageCacheKey(pathname: string, search: string): PageRequest | null {
  let slug: string | undefined;
  const route = routes.find((r) => {
    const match = r.pattern.exec(pathname);
    if (match) slug = match[1];
    return match !== null;
  });
  if (!route) return null;
  if (slug !== undefined && !isSlug(slug)) return null;
  const params = new URLSearchParams(search);
  let partition: PagePartition = "pages";
  for (const [name, value] of params) {
    if (!route.params.has(name)) return null;
    if (name === "variant" && !/^[1-9]\d{0,8}$/.test(value)) return null;
    if (!canonicalParams.has(name)) partition = "variations";
  }
  const currency = readCurrencyParam(params);
  if (currency.kind !== "ok") return null;
  if (route.listing) {
    const listingParams = new URLSearchParams(params);
    listingParams.delete("currency");
    if (!parseCatalogQuery(listingParams, { category: route.listing === "category" ? slug : undefined }).ok) return null;
  }
  const sorted = [...params].sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return { key: `${LANGUAGE} ${pathname}?${new URLSearchParams(sorted).toString()}`, partition };
}

export type CachedPage = {
  status: number;
  headers: [string, string][];
  identity: Buffer;
  br: Buffer;
  gzip: Buffer;
  etag: string;
  keys: string[];
  storedAt: number;
};

/** A page as Remix rendered it, ready to be turned into a cache entry. */
export type RenderedPage = { status: number; headers: Headers; body: Buffer; nonce: string };

/** Headers that belong to one response and are never replayed. */
const perResponseHeaders = new Set([
  "content-length",
  "content-encoding",
  "transfer-encoding",
  "connection",
  "date",
  "keep-alive",
  "x-sql-statements",
  "x-cache",
  "content-security-policy",
  "content-security-policy-report-only",
  "vary",
]);

/** Whether Remix's response may be stored at all (before its body is read). */
export function isStorable(response: { status: number; headers: Headers }): boolean {
  const cacheControl = response.headers.get("Cache-Control") ?? "";
  return (
    response.status === 200 &&
    /^text\/html\b/i.test(response.headers.get("Content-Type") ?? "") &&
    /\bpublic\b/.test(cacheControl) &&
    !/\b(no-store|private|no-cache)\b/.test(cacheControl) &&
    !response.headers.has("Set-Cookie") &&
    (response.headers.get("Surrogate-Key") ?? "").trim() !== ""
  );
}

const inlineScript = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;
const executableType = /\btype\s*=\s*"?(?!module\b|text\/javascript\b)[^"\s>]+/i;

/**
 * The page without its nonce, and the sha256 of every inline script it runs, for a hash-based policy. Null when
 * the nonce shows anywhere else (the page would not be the same for everyone, so it isn't stored).
 */
export function withoutNonce(html: string, nonce: string): { html: string; scriptHashes: string[] } | null {
  if (!nonce) return null;
  const stripped = html.split(` nonce="${nonce}"`).join("");
  if (stripped.includes(nonce)) return null;
  const scriptHashes = new Set<string>();
  for (const match of stripped.matchAll(inlineScript)) {
    const [, attributes = "", content = ""] = match;
    if (/\bsrc\s*=/i.test(attributes) || executableType.test(attributes) || content === "") continue;
    scriptHashes.add(createHash("sha256").update(content, "utf8").digest("base64"));
  }
  return { html: stripped, scriptHashes: [...scriptHashes] };
}

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** The stored form of a rendered page: no nonce, its own hash-based policy, compressed once per encoding. */
export async function toCachedPage(
  page: RenderedPage,
  policyForHashes: (hashes: string[]) => [name: string, value: string],
): Promise<CachedPage | null> {
  const prepared = withoutNonce(page.body.toString("utf8"), page.nonce);
  if (!prepared) return null;
  const identity = Buffer.from(prepared.html, "utf8");
  const [br, gz] = await Promise.all([
    brotli(identity, { params: { [zlib.BROTLI_PARAM_QUALITY]: 9, [zlib.BROTLI_PARAM_SIZE_HINT]: identity.length } }),
    gzipAsync(identity, { level: 9 }),
  ]);
  const headers: [string, string][] = [];
  for (const [name, value] of page.headers) if (!perResponseHeaders.has(name.toLowerCase())) headers.push([name, value]);
  headers.push(policyForHashes(prepared.scriptHashes));
  return {
    status: page.status,
    headers,
    identity,
    br,
    gzip: gz,
    etag: `"${createHash("sha1").update(identity).digest("base64url")}"`,
    keys: (page.headers.get("Surrogate-Key") ?? "").split(/\s+/).filter(Boolean),
    storedAt: Date.now(),
  };
}

export type PageCacheStats = { hits: number; misses: number; bypasses: number; stores: number; purges: number; entries: number; bytes: number };

type Render = { startedAt: number; done: Promise<CachedPage | undefined>; finish: (page: CachedPage | undefined) => void };

export class PageCache {
  private readonly partitions: Record<PagePartition, LRUCache<string, CachedPage>>;
  /** surrogate key → cache keys carrying it, kept in step with the partitions. */
  private readonly byKey = new Map<string, Set<string>>();
  private readonly renders = new Map<string, Render>();
  /** A counter, not a clock: each purge takes the next value. */
  private clock = 0;
  private purgedAllAt = 0;
  private readonly purgedAt = new Map<string, number>();
  readonly stats: Omit<PageCacheStats, "entries" | "bytes"> = { hits: 0, misses: 0, bypasses: 0, stores: 0, purges: 0 };

  constructor(options: { ttlSeconds: number; maxBytes: number }) {
    const make = (maxSize: number) =>
      new LRUCache<string, CachedPage>({
        maxSize,
        ttl: options.ttlSeconds * 1000,
        sizeCalculation: (page) => page.identity.length + page.br.length + page.gzip.length + 512,
        dispose: (page, key) => this.unindex(key, page),
      });
    // Searches and filters get a fifth: a flood of made-up searches evicts only other searches.
    this.partitions = { pages: make(Math.floor(options.maxBytes * 0.8)), variations: make(Math.floor(options.maxBytes * 0.2)) };
  }

  get(request: PageRequest): CachedPage | undefined {
    return this.partitions[request.partition].get(request.key);
  }

  /** A render of this page already under way, whose result a concurrent request can wait for. */
  pending(request: PageRequest): Promise<CachedPage | undefined> | undefined {
    return this.renders.get(request.key)?.done;
  }

  /**
   * Marks a render as started; the first `finish` stores its page (unless a purge of its keys came meanwhile)
   * and wakes the requests waiting for it.
   */
  begin(request: PageRequest): { finish: (page: CachedPage | null | undefined) => void } {
    let resolve!: (page: CachedPage | undefined) => void;
    const render: Render = { startedAt: this.clock, done: new Promise((r) => (resolve = r)), finish: (page) => resolve(page) };
    this.renders.set(request.key, render);
    let finished = false;
    return {
      finish: (page) => {
        if (finished) return;
        finished = true;
        if (this.renders.get(request.key) === render) this.renders.delete(request.key);
        const stored = page && this.isCurrent(page, render.startedAt) ? page : undefined;
        if (stored) {
          this.partitions[request.partition].set(request.key, stored);
          this.index(request.key, stored);
          this.stats.stores += 1;
        }
        render.finish(stored);
      },
    };
  }

  /** Drops every page carrying one of `keys` ("all" drops everything). */
  purge(keys: readonly string[]) {
    if (keys.length === 0) return;
    this.clock += 1;
    this.stats.purges += 1;
    if (keys.includes("all")) {
      this.purgedAllAt = this.clock;
      this.purgedAt.clear();
      for (const partition of Object.values(this.partitions)) partition.clear();
      this.byKey.clear();
      return;
    }
    for (const key of keys) {
      this.purgedAt.set(key, this.clock);
      for (const cacheKey of [...(this.byKey.get(key) ?? [])]) {
        for (const partition of Object.values(this.partitions)) partition.delete(cacheKey);
      }
    }
    // Remembered only to stop a render in flight from storing stale data; renders take seconds at most.
    if (this.purgedAt.size > 10_000) {
      this.purgedAllAt = this.clock;
      this.purgedAt.clear();
    }
  }

  summary(): PageCacheStats {
    const parts = Object.values(this.partitions);
    return {
      ...this.stats,
      entries: parts.reduce((n, p) => n + p.size, 0),
      bytes: parts.reduce((n, p) => n + p.calculatedSize, 0),
    };
  }

  private isCurrent(page: CachedPage, startedAt: number) {
    if (this.purgedAllAt > startedAt) return false;
    return page.keys.every((key) => (this.purgedAt.get(key) ?? 0) <= startedAt);
  }

  private index(cacheKey: string, page: CachedPage) {
    for (const key of page.keys) {
      let set = this.byKey.get(key);
      if (!set) this.byKey.set(key, (set = new Set()));
      set.add(cacheKey);
    }
  }

  private unindex(cacheKey: string, page: CachedPage) {
    for (const key of page.keys) {
      const set = this.byKey.get(key);
      if (!set) continue;
      set.delete(cacheKey);
      if (set.size === 0) this.byKey.delete(key);
    }
  }
}

/** The surrogate keys of one notification on `kriya_pages` (space-separated; "all" purges everything). */
export function keysOfNotification(payload: string): string[] {
  return payload.split(/\s+/).filter((k) => /^[a-z]+(:\d+)?$/.test(k));
}
