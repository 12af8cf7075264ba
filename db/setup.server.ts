import { readFile } from "node:fs/promises";
import path from "node:path";
import cliProgress from "cli-progress";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { env } from "../app/utils/env.server";
import { migrationsFolder, type DbHandle } from "./client.server";
import type { SeedProgress } from "./seed";

/** A progress bar on a terminal; one line per step elsewhere (CI logs). */
export function progressReporter(): { onProgress: SeedProgress; stop: () => void } {
  if (!process.stdout.isTTY) {
    let last = "";
    return {
      onProgress: (step, done, total) => {
        if (step !== last) console.log(`  ${step}…`);
        last = step;
        if (done === total && total > 0) console.log(`  ${step}: ${done}/${total} done`);
      },
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: "  {step} |{bar}| {value}/{total}", hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  let current = "";
  return {
    onProgress: (step, done, total) => {
      if (step !== current) {
        if (current) bar.stop();
        current = step;
        bar.start(total, done, { step: step.padEnd(18) });
      } else bar.update(done);
    },
    stop: () => current && bar.stop(),
  };
}

/**
 * Applies migrations, then seeds an empty database. A second run keeps the data. A start with nothing to do asks
 * two small questions and loads neither the migrator's files nor the seed (its data, drawings and sharp).
 */
export async function prepareDatabase(handle: DbHandle, { quiet = false } = {}) {
  if ((await migrationsApplied(handle)) && (await hasCatalogue(handle))) return { seeded: false };
  // Several servers starting at once on a new PostgreSQL database (start:cluster): one migrates and seeds while
  // the others wait on a session advisory lock, then find the work done. PGlite has one process: no lock needed.
  // The lock is held on its own connection to DATABASE_URL (the database getDbHandle opens), not on the pool, which
  // the migrator and the seed need whole.
  const url = handle.kind === "postgres" ? env().DATABASE_URL : undefined;
  if (!url) return migrateAndSeed(handle, quiet);
  const lock = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await lock`select pg_advisory_lock(${SETUP_LOCK_KEY})`;
    return await migrateAndSeed(handle, quiet);
  } finally {
    await lock`select pg_advisory_unlock(${SETUP_LOCK_KEY})`.catch(() => {});
    await lock.end({ timeout: 5 });
  }
}

/** The advisory lock key of migrate + seed (any constant unique to this purpose). */
const SETUP_LOCK_KEY = 741_852_015;

async function migrateAndSeed(handle: DbHandle, quiet: boolean) {
  if (!(await migrationsApplied(handle))) await handle.migrate();
  if (await hasCatalogue(handle)) return { seeded: false };
  const [{ seed }, { LocalDiskStorage, defaultImageDir }] = await Promise.all([import("./seed"), import("../app/utils/storage.server")]);
  if (!quiet) console.log("Seeding the sample catalogue (first start only)…");
  const reporter = quiet ? { onProgress: () => {}, stop: () => {} } : progressReporter();
  try {
    await seed(handle.db, { storage: new LocalDiskStorage(defaultImageDir()), onProgress: reporter.onProgress });
  } finally {
    reporter.stop();
  }
  return { seeded: true };
}

/** True when the newest migration in db/migrations is the newest drizzle has recorded (it runs them in that order). */
async function migrationsApplied(handle: DbHandle) {
  const journal = JSON.parse(await readFile(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as { entries: { when: number }[] };
  const newest = Math.max(...journal.entries.map((e) => e.when));
  try {
    const rows = await rowsOf(handle, sql`select max(created_at)::text as newest from drizzle.__drizzle_migrations`);
    return Number(rows[0]?.newest) === newest;
  } catch {
    // No migrations table yet: a new database.
    return false;
  }
}

/** The seed's own test (isSeeded), without loading the seed: any category means the catalogue is there. */
async function hasCatalogue(handle: DbHandle) {
  const rows = await rowsOf(handle, sql`select exists (select 1 from categories) as present`);
  return rows[0]?.present === true;
}

async function rowsOf(handle: DbHandle, query: ReturnType<typeof sql>): Promise<Record<string, unknown>[]> {
  const result = (await handle.db.execute(query)) as unknown as { rows?: Record<string, unknown>[] } | Record<string, unknown>[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}
