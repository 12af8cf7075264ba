import { LRUCache } from "lru-cache";
import { env } from "./env.server";

/**
 * A short-lived, per-process cache for catalogue reads that are the same for every visitor.
 * Losing it changes nothing: entries expire after CATALOG_CACHE_SECONDS (default 20, 0 disables),
 * concurrent misses for one key share one database call, and writers call `clearCatalogCache()`.
 * Other app servers converge within the TTL, like the CDN in front of them.
 */
const ttlSeconds = env().CATALOG_CACHE_SECONDS;
const enabled = ttlSeconds > 0;

type Entry = { value: unknown };
const cache = new LRUCache<string, Entry, () => Promise<unknown>>({
  max: 1000,
  ttl: Math.max(1, ttlSeconds) * 1000,
  fetchMethod: async (_key, _stale, { context }) => ({ value: await context() }),
});

export async function cachedCatalogRead<T>(key: string, read: () => Promise<T>): Promise<T> {
  if (!enabled) return read();
  const entry = await cache.fetch(key, { context: read });
  return entry!.value as T;
}

export function clearCatalogCache() {
  cache.clear();
}
