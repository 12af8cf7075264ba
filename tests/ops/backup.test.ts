/**
 * `npm run db:backup` and `npm run db:restore` on PostgreSQL (issue 15, backups), run as an operator runs them: a
 * round trip keeps every row and every image, and a restore that must not happen refuses before it writes.
 * The embedded database's are in backup-pglite.test.ts (each file stays under a minute).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { backupManifestSchema } from "../../app/domain/platform/backup-manifest";
import { testDatabaseUrl, testImageDir } from "../support/paths";
import { archiveIn, expectStoryRows, fingerprint, imageDigests, newerSchemaCopy, postgresQuery, run, truncatedCopy } from "./support/backup-runs";
import { freshDatabase, hasPostgres, startApp } from "./support/servers";

const cleanups: (() => Promise<void>)[] = [];
let work = "";
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "kriya-backup-test-"));
  cleanups.push(() => rm(work, { recursive: true, force: true }));
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe.runIf(hasPostgres())("backups on PostgreSQL", () => {
  let admin: postgres.Sql;
  /** A new database with nothing in it, named so the harness's teardown drops it too. */
  async function emptyDatabase(label: string) {
    const name = `${inject("opsPrefix")}_${label}_${Math.random().toString(36).slice(2, 8)}`;
    await admin.unsafe(`CREATE DATABASE "${name}"`);
    cleanups.push(() => admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => {}));
    return testDatabaseUrl(inject("opsAdminUrl")!, name);
  }
  async function fingerprintOf(url: string) {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      return await fingerprint(postgresQuery(sql));
    } finally {
      await sql.end();
    }
  }

  let source: Awaited<ReturnType<typeof freshDatabase>>;
  let archive = "";
  beforeAll(async () => {
    admin = postgres(inject("opsAdminUrl")!, { max: 1, onnotice: () => {} });
    cleanups.push(() => admin.end());
    source = await freshDatabase("backup_src");
    cleanups.push(source.drop);
    const backup = await run("db-backup", ["--out", path.join(work, "pg-backups")], { DATABASE_URL: source.url, IMAGE_DIR: testImageDir });
    expect(backup.code, backup.stderr).toBe(0);
    archive = archiveIn(backup.stdout);
    expect(path.basename(archive)).toMatch(/^kriya-\d{4}-\d{2}-\d{2}T\d{6}Z\.tar\.gz$/);
  });

  it("restores orders, the stock ledger and levels, payouts, users and images identically into a new database, and the server starts on it", async () => {
    const target = await emptyDatabase("backup_dst");
    const images = path.join(work, "pg-images");
    const restore = await run("db-restore", [archive], { DATABASE_URL: target, IMAGE_DIR: images });
    expect(restore.code, restore.stderr).toBe(0);

    const before = await fingerprintOf(source.url);
    expectStoryRows(before);
    expect(await fingerprintOf(target)).toEqual(before);

    const manifest = backupManifestSchema.parse(JSON.parse((await promisify(execFile)("tar", ["-xzOf", archive, "manifest.json"])).stdout));
    const restored = await imageDigests(images);
    expect(restored.size).toBe(manifest.images.count);
    expect(restored.size).toBeGreaterThan(0);
    const originals = await imageDigests(testImageDir);
    for (const [file, digest] of restored) expect(originals.get(file), file).toBe(digest);

    const app = await startApp({ databaseUrl: target, env: { IMAGE_DIR: images } });
    cleanups.push(app.stop);
    expect((await fetch(app.url + "/shop")).status).toBe(200);
    expect(app.output()).not.toMatch(/Seeding/);
  });

  it("refuses a database that is not empty, and leaves it as it was", async () => {
    const before = await fingerprintOf(source.url);
    const restore = await run("db-restore", [archive], { DATABASE_URL: source.url, IMAGE_DIR: path.join(work, "pg-images-refused") });
    expect(restore.code).not.toBe(0);
    expect(restore.stderr.trim()).toMatch(/^Restore refused: the target database \S+ is not empty \(\d+ tables with rows, \d+ migrations recorded\)/);
    expect(await fingerprintOf(source.url)).toEqual(before);
    expect(existsSync(path.join(work, "pg-images-refused"))).toBe(false);
  });

  it("refuses a truncated archive and one from a newer schema before writing anything", async () => {
    const target = await emptyDatabase("backup_bad");
    const images = path.join(work, "pg-images-bad");
    const truncated = await run("db-restore", [await truncatedCopy(archive, work)], { DATABASE_URL: target, IMAGE_DIR: images });
    expect(truncated.code).not.toBe(0);
    expect(truncated.stderr).toMatch(/Restore refused: the archive is truncated or corrupt/);
    const newer = await run("db-restore", [await newerSchemaCopy(archive, path.join(work, "pg-newer"))], { DATABASE_URL: target, IMAGE_DIR: images });
    expect(newer.code).not.toBe(0);
    expect(newer.stderr).toMatch(/Restore refused: the archive is from a newer schema \(migration 0099_from_the_future/);
    expect(await fingerprintOf(target)).toEqual({});
    expect(existsSync(images)).toBe(false);
  });
});
