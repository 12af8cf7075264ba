/**
 * The server's Prometheus metrics (prom-client), served at /metrics to admins and to this machine only
 * (docs/operations/observability.md). Labels are bounded: a route class, never a path.
 */
import { sql } from "drizzle-orm";
import client from "prom-client";
import type { Db } from "../../db/client.server";
import { outboxRetry } from "../domain/platform/outbox";
import type { RouteClass } from "./observability.server";

export type PageCacheCounts = { hits: number; misses: number; stores: number; purges: number; entries: number; bytes: number };

export type MetricsSources = {
  /** The database, for the outbox and sync backlog (read at scrape time, with a short timeout); null while not ready. */
  db: () => Db | null;
  /** The page cache's running counts, or null when it is off. */
  pageCache: () => PageCacheCounts | null;
  databaseUp: () => boolean;
  ready: () => boolean;
};

/** How long a scrape waits for its backlog query before leaving those series out. */
const BACKLOG_TIMEOUT_MS = 1_500;

export function createMetrics(sources: MetricsSources) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });

  const labelNames = ["method", "route", "status_class"] as const;
  const requests = new client.Counter({ name: "kriya_http_requests_total", help: "HTTP requests answered, by method, route class and status class.", labelNames, registers: [registry] });
  const duration = new client.Histogram({
    name: "kriya_http_request_duration_seconds",
    help: "Time from a request's arrival to the end of its answer.",
    labelNames,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  // The page cache keeps its own counts; each metric reads one of them at scrape time.
  const fromPageCache = (Metric: typeof client.Counter | typeof client.Gauge, name: string, help: string, read: (c: PageCacheCounts) => number) =>
    new Metric({
      name,
      help,
      registers: [registry],
      collect(this: client.Counter | client.Gauge) {
        const counts = sources.pageCache();
        this.reset();
        if (counts) this.inc(read(counts));
      },
    });
  fromPageCache(client.Counter, "kriya_page_cache_hits_total", "Catalogue pages answered from memory (X-Cache: HIT).", (c) => c.hits);
  fromPageCache(client.Counter, "kriya_page_cache_misses_total", "Cacheable catalogue pages rendered by Remix (X-Cache: MISS).", (c) => c.misses);
  fromPageCache(client.Counter, "kriya_page_cache_stores_total", "Rendered pages kept in memory.", (c) => c.stores);
  fromPageCache(client.Counter, "kriya_page_cache_purges_total", "Purges by surrogate key (a catalogue write announced by the database).", (c) => c.purges);
  fromPageCache(client.Gauge, "kriya_page_cache_entries", "Pages held in memory now.", (c) => c.entries);
  fromPageCache(client.Gauge, "kriya_page_cache_bytes", "Bytes the page cache holds now.", (c) => c.bytes);

  new client.Gauge({ name: "kriya_database_up", help: "1 when the last database probe succeeded.", registers: [registry], collect() { this.set(sources.databaseUp() ? 1 : 0); } });
  new client.Gauge({ name: "kriya_ready", help: "1 when the server is ready: migrations applied and the database reachable.", registers: [registry], collect() { this.set(sources.ready() ? 1 : 0); } });

  const backlogErrors = new client.Counter({ name: "kriya_metrics_backlog_query_errors_total", help: "Scrapes whose outbox and sync backlog query failed or timed out (those series are then left out).", registers: [registry] });
  const outbox = new client.Gauge({ name: "kriya_outbox_messages", help: "Outbox messages not yet processed: pending (will be retried) or failed (gave up after the last attempt).", labelNames: ["state"] as const, registers: [registry] });
  const backlog = new client.Gauge({
    name: "kriya_pos_sync_backlog",
    help: "Bazaar work waiting: QRIS sales to verify, set-aside sales and reconciliation tasks open, sales still on tills (reported at their last sync).",
    labelNames: ["kind"] as const,
    registers: [registry],
  });

  async function readBacklog() {
    outbox.reset();
    backlog.reset();
    const db = sources.db();
    if (!db) return;
    const query = db.transaction(async (tx) => {
      await tx.execute(sql`set local statement_timeout = ${sql.raw(String(BACKLOG_TIMEOUT_MS))}`);
      return tx.execute(sql`
        select
          (select count(*) from outbox_messages where processed_at is null and attempts < ${outboxRetry.maxAttempts})::int as outbox_pending,
          (select count(*) from outbox_messages where processed_at is null and attempts >= ${outboxRetry.maxAttempts})::int as outbox_failed,
          (select count(*) from pos_sales where payment_method = 'qris' and verified_at is null)::int as qris_to_verify,
          (select count(*) from pos_set_aside_sales where resolved_at is null)::int as set_aside_open,
          (select count(*) from reconciliation_tasks where status = 'open')::int as reconciliation_open,
          (select coalesce(sum(pending_count), 0) from pos_devices)::int as on_tills`);
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("backlog query timed out")), BACKLOG_TIMEOUT_MS + 500);
    });
    try {
      const result = (await Promise.race([query, timeout])) as unknown as { rows?: Record<string, number>[] } | Record<string, number>[];
      const row = (Array.isArray(result) ? result[0] : result.rows?.[0]) ?? {};
      outbox.set({ state: "pending" }, Number(row.outbox_pending ?? 0));
      outbox.set({ state: "failed" }, Number(row.outbox_failed ?? 0));
      backlog.set({ kind: "qris_to_verify" }, Number(row.qris_to_verify ?? 0));
      backlog.set({ kind: "set_aside_open" }, Number(row.set_aside_open ?? 0));
      backlog.set({ kind: "reconciliation_open" }, Number(row.reconciliation_open ?? 0));
      backlog.set({ kind: "on_tills" }, Number(row.on_tills ?? 0));
    } catch {
      query.catch(() => {});
      backlogErrors.inc();
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    contentType: registry.contentType,
    observeRequest(labels: { method: string; route: RouteClass; status_class: string }, seconds: number) {
      requests.inc(labels);
      duration.observe(labels, seconds);
    },
    async render(): Promise<string> {
      await readBacklog();
      return registry.metrics();
    },
  };
}
