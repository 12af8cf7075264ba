/** The IO shared by scripts/db-backup.ts and scripts/db-restore.ts; the rules live in app/domain/platform/backup-manifest.ts. */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, existsSync, readdirSync, readlinkSync, realpathSync } from "node:fs";
import { readFile, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { sql } from "drizzle-orm";
import { postgresMajor, type JournalEntry } from "../../app/domain/platform/backup-manifest";
import { migrationsFolder, type DbHandle } from "../../db/client.server";

/** A refusal: printed as one line, exit code 1, nothing written. */
export class BackupRefusal extends Error {}

export async function fileDigest(file: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: hash.digest("hex") };
}

export async function readJournal(): Promise<JournalEntry[]> {
  const journal = JSON.parse(await readFile(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as { entries: JournalEntry[] };
  return journal.entries.map(({ tag, when }) => ({ tag, when })).sort((a, b) => a.when - b.when);
}

/** Every image file under root, as paths relative to it (half-written `.tmp` files of LocalDiskStorage left out). */
export async function listImageFiles(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && !e.name.endsWith(".tmp"))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

export async function rowsOf<T extends Record<string, unknown>>(handle: DbHandle, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await handle.db.execute(query)) as unknown as { rows?: T[] } | T[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}

/** The migrations drizzle has recorded: how many, and the newest one's `when`. */
export async function recordedMigrations(handle: DbHandle): Promise<{ newestWhen: number; count: number } | null> {
  const [exists] = await rowsOf<{ present: boolean }>(handle, sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`);
  if (!exists?.present) return null;
  const [row] = await rowsOf<{ newest: string | null; count: string | number }>(handle, sql`select max(created_at)::text as newest, count(*) as count from drizzle.__drizzle_migrations`);
  if (!row || row.newest === null || Number(row.count) === 0) return null;
  return { newestWhen: Number(row.newest), count: Number(row.count) };
}

/** Tables in public and drizzle, how many have a row, and how many migrations are recorded. */
export async function databaseContents(handle: DbHandle): Promise<{ tables: number; tablesWithRows: number; migrations: number }> {
  const tables = await rowsOf<{ schema: string; name: string }>(
    handle,
    sql`select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname in ('public', 'drizzle') and c.relkind in ('r', 'p')`,
  );
  let tablesWithRows = 0;
  for (const table of tables) {
    const [row] = await rowsOf<{ present: boolean }>(handle, sql`select exists (select 1 from ${sql.identifier(table.schema)}.${sql.identifier(table.name)}) as present`);
    if (row?.present) tablesWithRows += 1;
  }
  return { tables: tables.length, tablesWithRows, migrations: (await recordedMigrations(handle))?.count ?? 0 };
}

export async function serverVersion(handle: DbHandle): Promise<{ version: string; major: number }> {
  const [row] = await rowsOf<{ version: string }>(handle, sql`select current_setting('server_version') as version`);
  const major = postgresMajor(row?.version ?? "");
  if (!row || major === null) throw new Error("could not read the server's version");
  return { version: row.version, major };
}

/** Debian's client tools (pg_dump, pg_restore) and their major version. */
export function clientTool(name: "pg_dump" | "pg_restore"): { bin: string; major: number } {
  const bin = process.env[name === "pg_dump" ? "PG_DUMP" : "PG_RESTORE"] ?? `/usr/bin/${name}`;
  let printed: string;
  try {
    printed = execFileSync(bin, ["--version"], { encoding: "utf8" });
  } catch {
    throw new BackupRefusal(`${bin} is not installed: apt-get install postgresql-client (the same major as the server, or newer)`);
  }
  const major = postgresMajor(printed);
  if (major === null) throw new BackupRefusal(`could not read ${bin}'s version from "${printed.trim()}"`);
  return { bin, major };
}

/**
 * PGlite is single-process: a second process opening a data directory a server holds would corrupt it. PGlite
 * writes postmaster.pid while open (pid -42, so the pid says nothing) and keeps its relation files open, so on
 * Linux the processes holding files under the directory are the ones using it. A postmaster.pid nobody holds is
 * left by a crash, and opening the directory recovers it, as the server's next start would.
 */
export function pgliteHolders(dataDir: string): number[] | "unknown" {
  if (!existsSync(path.join(dataDir, "postmaster.pid"))) return [];
  if (!existsSync("/proc/self/fd")) return "unknown";
  const root = realpathSync(dataDir) + path.sep;
  const holders: number[] = [];
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid)) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or not ours to read
    }
    if (fds.some((fd) => safeReadlink(`/proc/${pid}/fd/${fd}`).startsWith(root))) holders.push(Number(pid));
  }
  return holders;
}

function safeReadlink(link: string) {
  try {
    return readlinkSync(link);
  } catch {
    return "";
  }
}

export function refuseIfPgliteInUse(dataDir: string) {
  const holders = pgliteHolders(dataDir);
  if (holders === "unknown") {
    throw new BackupRefusal(`${dataDir} has a postmaster.pid and this system cannot tell whether a server holds it: stop the server first (PGlite is single-process; after a crash, start and stop it once)`);
  }
  if (holders.length > 0) {
    throw new BackupRefusal(`a server is running on ${dataDir} (process ${holders.join(", ")}): PGlite is single-process, so stop it first, or move to PostgreSQL for online backups`);
  }
}

export async function isEmptyDirectory(dir: string) {
  if (!existsSync(dir)) return true;
  if (!(await stat(dir)).isDirectory()) return false;
  return (await readdir(dir)).length === 0;
}

/**
 * How pg_dump and pg_restore are told where to connect: the URL without its password (arguments show in `ps`),
 * and the password in their environment (PGPASSWORD), which other users can't read.
 */
export function libpqConnection(databaseUrl: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = "";
  return { dbname: url.toString(), env: password ? { ...process.env, PGPASSWORD: password } : process.env };
}
