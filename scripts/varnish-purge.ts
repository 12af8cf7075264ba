/**
 * Sends the page cache's purges on to Varnish (deploy/varnish/kriya.vcl) as `BAN` requests carrying the
 * surrogate keys, when VARNISH_PURGE_URLS is set. Every server that hears a `kriya_pages` notification sends the
 * same ban: bans are idempotent and Varnish drops duplicates (ban_dups), and no write's purge depends on the
 * server that made it staying alive.
 */
import { setTimeout } from "node:timers";

/** How long one ban may take before it is given up (the write barrier waits at most this long for Varnish). */
const BAN_TIMEOUT_MS = 1_000;

export type VarnishPurger = {
  /** Bans the pages carrying any of `keys` (`all`: every page) at every Varnish; never rejects. */
  ban: (keys: string[]) => void;
  /** Resolves once every ban sent so far has been answered (or timed out). */
  settled: () => Promise<void>;
};

export function createVarnishPurger(urls: string | undefined): VarnishPurger | null {
  const origins = (urls ?? "")
    .split(",")
    .map((u) => u.trim().replace(/\/$/, ""))
    .filter(Boolean);
  if (origins.length === 0) return null;
  const inFlight = new Set<Promise<void>>();
  const send = async (origin: string, keys: string) => {
    try {
      const response = await fetch(`${origin}/`, { method: "BAN", headers: { "Surrogate-Key": keys }, signal: AbortSignal.timeout(BAN_TIMEOUT_MS) });
      await response.arrayBuffer();
      if (response.status !== 200) console.warn(`Varnish at ${origin} refused the ban of "${keys}" (${response.status})`);
    } catch (error) {
      console.warn(`Varnish at ${origin} did not take the ban of "${keys}": ${(error as Error).message}`);
    }
  };
  return {
    ban(keys) {
      const valid = keys.filter((k) => /^[a-z]+(:\d+)?$/.test(k));
      if (valid.length === 0) return;
      const header = valid.includes("all") ? "all" : [...new Set(valid)].join(" ");
      for (const origin of origins) {
        const sent = send(origin, header);
        inFlight.add(sent);
        void sent.finally(() => inFlight.delete(sent));
      }
    },
    async settled() {
      await Promise.all([...inFlight]);
    },
  };
}
