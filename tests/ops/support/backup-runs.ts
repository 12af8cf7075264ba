/**
 * Helpers of the backup tests (tests/ops/backup*.test.ts): run `npm run db:backup` / `db:restore` as an operator
 * does, and compare databases and image folders.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import type postgres from "postgres";
import * as tar from "tar";
import { expect } from "vitest";
import { backupManifestSchema } from "../../../app/domain/platform/backup-manifest";
import { createDb, projectRoot } from "../../../db/client.server";

/** The tables the issue names: they must hold rows, or a round trip proves nothing. */
export const storyTables = ["orders", "order_lines", "stock_movements", "stock_levels", "payouts", "production_orders", "users"];

type Run = { code: number; stdout: string; stderr: string };
export async function run(script: "db-backup" | "db-restore", args: string[], env: Record<string, string>): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const name of ["DATABASE_URL", "PGLITE_DIR", "IMAGE_DIR", "VITEST", "VITEST_POOL_ID", "VITEST_WORKER_ID"]) if (!(name in env)) delete childEnv[name];
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", path.join(projectRoot, "scripts", `${script}.ts`), ...args], { cwd: projectRoot, env: childEnv, encoding: "utf8" });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === "number" ? failed.code : 1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

export const archiveIn = (printed: string) => /Backup written: (\S+\.tar\.gz)/.exec(printed)?.[1] ?? "";

export type Query = (text: string) => Promise<Record<string, unknown>[]>;
/** Every table's row count and a digest of its rows in a stable order, plus drizzle's migrations. */
export async function fingerprint(query: Query): Promise<Record<string, string>> {
  const tables = await query(`select table_schema || '.' || table_name as name from information_schema.tables
    where table_schema in ('public', 'drizzle') and table_type = 'BASE TABLE' order by 1`);
  const result: Record<string, string> = {};
  for (const { name } of tables) {
    const [schema, table] = String(name).split(".");
    const [row] = await query(`select count(*)::text as n, md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as digest from "${schema}"."${table}" t`);
    result[String(name)] = `${row!.n}:${row!.digest}`;
  }
  return result;
}
export const postgresQuery = (sql: postgres.Sql): Query => (text) => sql.unsafe(text) as Promise<Record<string, unknown>[]>;
export async function withPglite<T>(dataDir: string, use: (query: Query) => Promise<T>): Promise<T> {
  const handle = createDb({ dataDir });
  try {
    return await use(async (text) => (await handle.pglite!.query<Record<string, unknown>>(text)).rows);
  } finally {
    await handle.close();
  }
}

export async function imageDigests(root: string): Promise<Map<string, string>> {
  const digests = new Map<string, string>();
  if (!existsSync(root)) return digests;
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name.endsWith(".tmp")) continue;
    const file = path.join(entry.parentPath, entry.name);
    digests.set(path.relative(root, file), createHash("sha256").update(await readFile(file)).digest("hex"));
  }
  return digests;
}

export function expectStoryRows(print: Record<string, string>) {
  for (const table of storyTables) expect(Number(print[`public.${table}`]?.split(":")[0]), table).toBeGreaterThan(0);
  expect(Number(print["drizzle.__drizzle_migrations"]?.split(":")[0])).toBeGreaterThan(0);
}

/** The same archive with its manifest claiming a migration this code has never seen; the members' checksums stay valid. */
export async function newerSchemaCopy(archive: string, work: string): Promise<string> {
  const unpacked = path.join(work, "unpacked");
  await mkdir(unpacked, { recursive: true });
  await tar.extract({ file: archive, cwd: unpacked });
  const manifest = backupManifestSchema.parse(JSON.parse(await readFile(path.join(unpacked, "manifest.json"), "utf8")));
  manifest.schema = { newestMigrationWhen: manifest.schema.newestMigrationWhen + 86_400_000, newestMigrationTag: "0099_from_the_future", migrationCount: manifest.schema.migrationCount + 1 };
  await writeFile(path.join(unpacked, "manifest.json"), JSON.stringify(manifest));
  const copy = path.join(work, "newer-schema.tar.gz");
  await tar.create({ gzip: true, file: copy, cwd: unpacked }, ["manifest.json", ...manifest.members.map((m) => m.path)]);
  return copy;
}

export async function truncatedCopy(archive: string, work: string): Promise<string> {
  const bytes = await readFile(archive);
  const copy = path.join(work, "truncated.tar.gz");
  await writeFile(copy, bytes.subarray(0, Math.floor(bytes.length / 2)));
  return copy;
}
