/**
 * `npm run db:backup [-- --out DIR]`: one timestamped tar.gz (BACKUP_DIR, default backups/) holding manifest.json,
 * the database dump (pg_dump --format=custom, or PGlite's data-dir dump) and the images (IMAGE_DIR).
 * docs/operations/backups.md says what is in it, how often to run it and how to restore it.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import * as tar from "tar";
import { z } from "zod";
import {
  BACKUP_FORMAT_VERSION,
  DUMP_MEMBER,
  IMAGES_PREFIX,
  MANIFEST_MEMBER,
  backupFileName,
  backupManifestSchema,
  describeSchema,
  type BackupManifest,
  type BackupMember,
} from "../app/domain/platform/backup-manifest";
import { defaultImageDir } from "../app/utils/storage.server";
import { createDb, defaultDataDir, type DbHandle } from "../db/client.server";
import { BackupRefusal, clientTool, libpqConnection, fileDigest, listImageFiles, readJournal, recordedMigrations, refuseIfPgliteInUse, serverVersion } from "./backup/io";
import { loadEnv } from "../app/utils/env.server";

const options = z
  .object({ out: z.string().min(1).optional() })
  .parse(parseArgs({ options: { out: { type: "string" } } }).values);
const outDir = path.resolve(options.out ?? process.env.BACKUP_DIR ?? "backups");
const databaseUrl = loadEnv(process.env).DATABASE_URL || undefined;

async function dumpDatabase(dumpFile: string): Promise<{ database: BackupManifest["database"]; recorded: { newestWhen: number; count: number } | null }> {
  if (databaseUrl) {
    const handle = createDb({ url: databaseUrl, max: 1 });
    try {
      const server = await serverVersion(handle);
      const pgDump = clientTool("pg_dump");
      if (pgDump.major < server.major) {
        throw new BackupRefusal(`${pgDump.bin} is PostgreSQL ${pgDump.major}, older than the server's ${server.major}: install postgresql-client-${server.major} (or set PG_DUMP to its pg_dump)`);
      }
      const recorded = await recordedMigrations(handle);
      if (!recorded) throw new BackupRefusal("the database has no migrations recorded: there is nothing of Kriya's to back up");
      const connection = libpqConnection(databaseUrl);
      await promisify(execFile)(pgDump.bin, ["--format=custom", `--file=${dumpFile}`, `--dbname=${connection.dbname}`], { env: connection.env });
      return { database: { kind: "postgres", serverVersion: server.version, serverMajor: server.major, dumpToolMajor: pgDump.major }, recorded };
    } finally {
      await handle.close();
    }
  }
  const dataDir = defaultDataDir();
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) throw new BackupRefusal(`${dataDir} holds no PGlite database (set PGLITE_DIR, or DATABASE_URL for PostgreSQL)`);
  refuseIfPgliteInUse(dataDir);
  const handle: DbHandle = createDb({ dataDir });
  try {
    const server = await serverVersion(handle);
    const recorded = await recordedMigrations(handle);
    if (!recorded) throw new BackupRefusal(`${dataDir} has no migrations recorded: there is nothing of Kriya's to back up`);
    const dump = await handle.pglite!.dumpDataDir("gzip");
    await writeFile(dumpFile, Buffer.from(await dump.arrayBuffer()));
    return { database: { kind: "pglite", serverVersion: server.version, serverMajor: server.major }, recorded };
  } finally {
    await handle.close();
  }
}

async function main() {
  await mkdir(outDir, { recursive: true });
  const createdAt = new Date();
  const staging = await mkdtemp(path.join(outDir, ".staging-"));
  try {
    const kind = databaseUrl ? "postgres" : "pglite";
    const dumpMember = DUMP_MEMBER[kind];
    const { database, recorded } = await dumpDatabase(path.join(staging, dumpMember));
    const imageDir = defaultImageDir();
    // The images go in under images/ through a link, so they are read in place rather than copied first.
    await symlink(path.resolve(imageDir), path.join(staging, "images"));
    const images = await listImageFiles(imageDir);
    const members: BackupMember[] = [{ path: dumpMember, ...(await fileDigest(path.join(staging, dumpMember))) }];
    for (const image of images) members.push({ path: IMAGES_PREFIX + image, ...(await fileDigest(path.join(imageDir, image))) });
    const imageMembers = members.slice(1);
    const manifest = backupManifestSchema.parse({
      format: "kriya-backup",
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: createdAt.toISOString(),
      database,
      schema: describeSchema(recorded!, await readJournal()),
      images: { count: imageMembers.length, bytes: imageMembers.reduce((sum, m) => sum + m.bytes, 0) },
      members,
    } satisfies BackupManifest);
    await writeFile(path.join(staging, MANIFEST_MEMBER), JSON.stringify(manifest, null, 2) + "\n");
    const target = path.join(outDir, backupFileName(createdAt));
    const partial = path.join(staging, "archive.tar.gz");
    await tar.create({ gzip: true, file: partial, cwd: staging, portable: true }, [MANIFEST_MEMBER, ...members.map((m) => m.path)]);
    // Renamed into place whole, so a half-written archive never carries the final name.
    await rename(partial, target);
    const megabytes = (manifest.images.bytes / 1e6).toFixed(1);
    console.log(
      `Backup written: ${target} (${kind} ${database.serverVersion}, schema ${manifest.schema.newestMigrationTag ?? manifest.schema.newestMigrationWhen} with ${manifest.schema.migrationCount} migrations, ${manifest.images.count} images of ${megabytes} MB).`,
    );
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (error) {
  if (!(error instanceof BackupRefusal)) throw error;
  console.error(`Backup refused: ${error.message}.`);
  process.exitCode = 1;
}
