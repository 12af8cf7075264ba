import { AsyncLocalStorage } from "node:async_hooks";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { defaultDataDir, env } from "../app/utils/env.server";
import { projectRoot } from "../app/utils/project-root.server";
import * as schema from "./schema";

export { schema };
type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Models take either the database or an open transaction. */
export type Executor = Db | Tx;

export { projectRoot };
export const migrationsFolder = path.join(projectRoot, "db", "migrations");

/** Counts SQL statements per request when a counter is installed (bench and tests read it). */
export type SqlCount = { count: number; statements: string[] };
const g = globalThis as typeof globalThis & { __kriyaSqlCounter?: AsyncLocalStorage<SqlCount> };
// On globalThis because the server bundle and the start script load separate copies of this module.
export const sqlCounter = (g.__kriyaSqlCounter ??= new AsyncLocalStorage<SqlCount>());

const logger = {
  logQuery(query: string) {
    const store = sqlCounter.getStore();
    if (store) {
      store.count += 1;
      store.statements.push(query);
    }
  },
};

export type DbHandle = {
  db: Db;
  kind: "pglite" | "postgres";
  migrate: () => Promise<void>;
  close: () => Promise<void>;
  /**
   * LISTEN on `channel`: `onNotify` gets each payload, after its transaction commits. `onListen` runs each time
   * the subscription is (re)established: a notification sent while it was down is lost, so callers start afresh.
   */
  listen: (channel: string, onNotify: (payload: string) => void, onListen?: () => void) => Promise<() => Promise<void>>;
  /** The PGlite instance, when embedded (tests snapshot it). */
  pglite?: PGlite;
};

export type DbOptions = {
  /** postgres://… ; when absent the embedded PGlite is used. */
  url?: string;
  /** PGlite data directory, or "memory://". */
  dataDir?: string;
  /** A PGlite data-dir snapshot to start from (tests). */
  loadDataDir?: Blob;
  max?: number;
};

/**
 * PostgreSQL's default 128 MB of shared buffers is written through at start, so it all stays resident in PGlite's
 * WASM memory (measured: about 100 MB more RSS than with 32 MB). 32 MB holds the sample catalogue's hot pages;
 * the rest of its files sit in the OS page cache, a system call away.
 */
const pgliteSettings = ["shared_buffers=32MB"];

export function createDb(options: DbOptions = {}): DbHandle {
  if (options.url) {
    // Reconnect soon after an outage (postgres.js waits longer by default), so LISTEN and pages come back within seconds.
    const client = postgres(options.url, { max: options.max ?? 10, onnotice: () => {}, backoff: (retries) => Math.min(0.5 * retries, 2) });
    const db = drizzlePostgres(client, { schema, logger }) as unknown as Db;
    return {
      db,
      kind: "postgres",
      migrate: () => migratePostgres(drizzlePostgres(client), { migrationsFolder }),
      close: () => client.end({ timeout: 5 }),
      listen: async (channel, onNotify, onListen) => {
        const subscription = await client.listen(channel, onNotify, onListen);
        return () => subscription.unlisten();
      },
    };
  }
  const dataDir = options.dataDir ?? defaultDataDir();
  if (!dataDir.startsWith("memory://")) mkdirSync(dataDir, { recursive: true });
  const client = new PGlite(dataDir, { extensions: { pg_trgm }, postgresqlconf: pgliteSettings, ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}) });
  const db = drizzlePglite(client, { schema, logger }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    pglite: client,
    migrate: () => migratePglite(drizzlePglite(client), { migrationsFolder }),
    close: () => client.close(),
    listen: async (channel, onNotify, onListen) => {
      const unlisten = await client.listen(channel, onNotify);
      onListen?.();
      return unlisten;
    },
  };
}

/** PGLITE_DIR, else data/pglite in the project (read from the parsed environment). */
export { defaultDataDir };

/**
 * One handle per process. Stored on globalThis so the server bundle and the start script
 * (loaded as separate module copies) share it: two PGlite instances on one directory would corrupt it.
 */
export function getDbHandle(): DbHandle {
  const g = globalThis as typeof globalThis & { __kriyaDb?: DbHandle };
  if (!g.__kriyaDb) {
    g.__kriyaDb = createDb({ url: env().DATABASE_URL || undefined });
  }
  return g.__kriyaDb;
}

export function getDb(): Db {
  return getDbHandle().db;
}
