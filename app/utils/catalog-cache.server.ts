import { LRUCache } from "lru-cache";
import { env } from "./env.server";

/**
 * A short-lived, per-process cache for catalogue reads that are the same for every visitor.
 * Losing it changes nothing: entries expire after CATALOG_CACHE_SECONDS (default 20, 0 disables),
 * concurrent misses for one key share one database call, and it is cleared when the catalogue changes: writers
 * call `clearCatalogCache()` after their commit, and every server clears it when the database announces a
 * catalogue write (the page cache's notification, ADR 017).
 *
 * Clearing starts a new generation of keys rather than emptying the map: a read in flight keeps its callers'
 * promise (emptying would abort it and fail their page), and lands under an old key nobody asks for again.
 */
const ttlSeconds = env().CATALOG_CACHE_SECONDS;
const enabled = ttlSeconds > 0;

type Entry = { value: unknown };
/** Entries are counted by size too, so many distinct searches can't grow the heap: about 24 MB at most. */
const MAX_BYTES = 24 * 1024 * 1024;
const cache = new LRUCache<string, Entry, () => Promise<unknown>>({
  max: 1000,
  maxSize: MAX_BYTES,
  // A read larger than the whole bound is served but not kept.
  sizeCalculation: (entry) => Math.max(1, approximateBytes(entry.value)),
  ttl: Math.max(1, ttlSeconds) * 1000,
  fetchMethod: async (_key, _stale, { context }) => ({ value: await context() }),
});

/** Roughly what a read's rows take on the heap: two bytes a character, eight a number, and a little per field. */
export function approximateBytes(value: unknown): number {
  let bytes = 0;
  const stack: unknown[] = [value];
  while (stack.length) {
    const item = stack.pop();
    if (typeof item === "string") bytes += 16 + item.length * 2;
    else if (item === null || typeof item !== "object" || item instanceof Date) bytes += 8;
    else if (Array.isArray(item)) {
      bytes += 16 + item.length * 8;
      for (const element of item) stack.push(element);
    } else {
      for (const [key, field] of Object.entries(item)) {
        bytes += 8 + key.length;
        stack.push(field);
      }
    }
  }
  return bytes;
}

let generation = 0;

export async function cachedCatalogRead<T>(key: string, read: () => Promise<T>): Promise<T> {
  if (!enabled) return read();
  const entry = await cache.fetch(`${generation} ${key}`, { context: read });
  return entry!.value as T;
}

export function clearCatalogCache() {
  generation += 1;
}
