/**
 * `npm run db:backup` and `npm run db:restore` on the embedded PGlite (issue 15, backups): the backup refuses while
 * a server holds the directory (PGlite is single-process), a round trip keeps every row and image, and a restore
 * that must not happen refuses before it writes. PostgreSQL's are in backup.test.ts.
 */
import { existsSync } from "node:fs";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { testDatabaseUrl, testImageDir } from "../support/paths";
import { archiveIn, expectStoryRows, fingerprint, imageDigests, newerSchemaCopy, run, truncatedCopy, withPglite } from "./support/backup-runs";
import { hasPostgres, startApp } from "./support/servers";

const cleanups: (() => Promise<void>)[] = [];
let work = "";
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "kriya-backup-test-"));
  cleanups.push(() => rm(work, { recursive: true, force: true }));
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe("backups on the embedded PGlite", () => {
  const source = () => path.join(work, "pglite-src");
  const sourceImages = () => path.join(work, "pglite-images-src");
  let archive = "";

  beforeAll(async () => {
    // A server seeds the directory, as a first `npm start` does; while it runs the backup must refuse. The seed
    // finds its drawings already made in a copy of the shared image cache, so it does not draw them again.
    await cp(testImageDir, sourceImages(), { recursive: true, filter: (file) => !file.endsWith(".tmp") });
    const app = await startApp({ pgliteDir: source(), env: { IMAGE_DIR: sourceImages() } });
    try {
      const refused = await run("db-backup", ["--out", path.join(work, "pglite-backups")], { PGLITE_DIR: source(), IMAGE_DIR: sourceImages() });
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toMatch(/Backup refused: a server is running on \S+ \(process \d+/);
    } finally {
      await app.stop();
    }
    const backup = await run("db-backup", ["--out", path.join(work, "pglite-backups")], { PGLITE_DIR: source(), IMAGE_DIR: sourceImages() });
    expect(backup.code, backup.stderr).toBe(0);
    archive = archiveIn(backup.stdout);
    expect(existsSync(archive)).toBe(true);
  });

  it("restores every row and image into a new directory, and the server starts on it", async () => {
    const target = path.join(work, "pglite-dst");
    const images = path.join(work, "pglite-images-dst");
    const restore = await run("db-restore", [archive], { PGLITE_DIR: target, IMAGE_DIR: images });
    expect(restore.code, restore.stderr).toBe(0);

    const before = await withPglite(source(), fingerprint);
    expectStoryRows(before);
    expect(await withPglite(target, fingerprint)).toEqual(before);
    const originals = await imageDigests(sourceImages());
    expect(originals.size).toBeGreaterThan(0);
    expect(await imageDigests(images)).toEqual(originals);

    const app = await startApp({ pgliteDir: target, env: { IMAGE_DIR: images } });
    cleanups.push(app.stop);
    expect((await fetch(app.url + "/shop")).status).toBe(200);
    expect(app.output()).not.toMatch(/Seeding/);
  });

  it("refuses a directory that holds a database, a truncated archive and a newer schema, writing nothing", async () => {
    const occupied = await run("db-restore", [archive], { PGLITE_DIR: source(), IMAGE_DIR: path.join(work, "pglite-images-refused") });
    expect(occupied.code).not.toBe(0);
    expect(occupied.stderr).toMatch(/Restore refused: \S+ already holds a PGlite database/);

    const target = path.join(work, "pglite-never");
    const images = path.join(work, "pglite-images-never");
    const truncated = await run("db-restore", [await truncatedCopy(archive, work)], { PGLITE_DIR: target, IMAGE_DIR: images });
    expect(truncated.code).not.toBe(0);
    expect(truncated.stderr).toMatch(/Restore refused: the archive is truncated or corrupt/);
    const newer = await run("db-restore", [await newerSchemaCopy(archive, path.join(work, "pglite-newer"))], { PGLITE_DIR: target, IMAGE_DIR: images });
    expect(newer.code).not.toBe(0);
    expect(newer.stderr).toMatch(/Restore refused: the archive is from a newer schema/);
    for (const untouched of [target, images, path.join(work, "pglite-images-refused")]) expect(existsSync(untouched), untouched).toBe(false);
  });

  it.runIf(hasPostgres())("refuses to restore a PGlite archive into PostgreSQL", async () => {
    const name = `${inject("opsPrefix")}_backup_kind_${Math.random().toString(36).slice(2, 8)}`;
    const admin = postgres(inject("opsAdminUrl")!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE "${name}"`);
    try {
      const wrongKind = await run("db-restore", [archive], { DATABASE_URL: testDatabaseUrl(inject("opsAdminUrl")!, name), IMAGE_DIR: path.join(work, "kind-images") });
      expect(wrongKind.code).not.toBe(0);
      expect(wrongKind.stderr).toMatch(/Restore refused: the archive holds the embedded PGlite and the target is PostgreSQL/);
    } finally {
      await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });
});
