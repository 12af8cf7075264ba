/**
 * `npm run db:restore ARCHIVE`: restores a `npm run db:backup` archive into an EMPTY database (DATABASE_URL's, or a
 * new PGLITE_DIR) and its images into IMAGE_DIR. Everything is checked before anything is written: the archive is
 * unpacked into a temporary directory and each member's checksum compared, then the schema, the kind of database
 * and the target's emptiness. docs/operations/backups.md walks through it.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readFile, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import * as tar from "tar";
import { z } from "zod";
import {
  DUMP_MEMBER,
  IMAGES_PREFIX,
  MANIFEST_MEMBER,
  checkSameKind,
  checkSchemaKnown,
  checkTargetEmpty,
  checkVersions,
  parseManifest,
  postgresMajor,
  verifyMembers,
  type BackupManifest,
  type RestoreTarget,
  type Verdict,
} from "../app/domain/platform/backup-manifest";
import { loadEnv } from "../app/utils/env.server";
import { defaultImageDir } from "../app/utils/storage.server";
import { createDb, defaultDataDir } from "../db/client.server";
import { BackupRefusal, clientTool, libpqConnection, databaseContents, fileDigest, isEmptyDirectory, readJournal, recordedMigrations, refuseIfPgliteInUse, serverVersion } from "./backup/io";

const { positionals } = parseArgs({ allowPositionals: true, options: {} });
const archiveArg = z.tuple([z.string().min(1)]).safeParse(positionals);
const databaseUrl = loadEnv(process.env).DATABASE_URL || undefined;

function accept(verdict: Verdict) {
  if (!verdict.ok) throw new BackupRefusal(verdict.reason);
}

/** Unpacks the archive into staging and measures every file; a gzip or tar that ends early is a refusal. */
async function unpack(archive: string, staging: string): Promise<Map<string, { bytes: number; sha256: string }>> {
  const found = new Map<string, { bytes: number; sha256: string }>();
  const files: string[] = [];
  try {
    await tar.extract({
      file: archive,
      cwd: staging,
      strict: true,
      // Only plain files and their folders: no links, devices or absolute paths.
      filter: (entryPath, entry) => {
        const type = "type" in entry ? entry.type : entry.isDirectory() ? "Directory" : "File";
        if (type === "File") files.push(entryPath);
        return type === "File" || type === "Directory";
      },
    });
  } catch (error) {
    throw new BackupRefusal(`the archive is truncated or corrupt (${(error as Error).message})`);
  }
  for (const file of files) found.set(file.replace(/^\.\//, ""), await fileDigest(path.join(staging, file)));
  return found;
}

async function postgresTarget(url: string): Promise<{ target: RestoreTarget; name: string; contents: Awaited<ReturnType<typeof databaseContents>> }> {
  const handle = createDb({ url, max: 1 });
  try {
    const server = await serverVersion(handle);
    const pgRestore = clientTool("pg_restore");
    return { target: { kind: "postgres", serverMajor: server.major, restoreToolMajor: pgRestore.major }, name: new URL(url).pathname.slice(1), contents: await databaseContents(handle) };
  } finally {
    await handle.close();
  }
}

async function pgliteMajor(): Promise<number> {
  const probe = new PGlite("memory://");
  try {
    const result = await probe.query<{ server_version: string }>("show server_version");
    return postgresMajor(result.rows[0]?.server_version ?? "") ?? 0;
  } finally {
    await probe.close();
  }
}

async function refuseUnlessPgliteDirEmpty(dataDir: string) {
  if (await isEmptyDirectory(dataDir)) return;
  if (existsSync(path.join(dataDir, "PG_VERSION"))) {
    refuseIfPgliteInUse(dataDir);
    throw new BackupRefusal(`${dataDir} already holds a PGlite database: restore into a new PGLITE_DIR (or move this one aside first)`);
  }
  throw new BackupRefusal(`${dataDir} is not empty: restore into a new or empty PGLITE_DIR`);
}

/** Images are content-addressed: one already in IMAGE_DIR must be the same file, and is then left as it is. */
async function imagesToCopy(manifest: BackupManifest, imageDir: string) {
  const copies: { from: string; to: string }[] = [];
  for (const member of manifest.members.filter((m) => m.path.startsWith(IMAGES_PREFIX))) {
    const to = path.join(imageDir, member.path.slice(IMAGES_PREFIX.length));
    if (existsSync(to)) {
      if ((await fileDigest(to)).sha256 !== member.sha256) throw new BackupRefusal(`${to} exists and differs from the archive's copy: restore into an empty IMAGE_DIR`);
      continue;
    }
    copies.push({ from: member.path, to });
  }
  return copies;
}

async function main(archive: string) {
  if (!existsSync(archive)) throw new BackupRefusal(`${archive} does not exist`);
  const dataDir = defaultDataDir();
  const imageDir = defaultImageDir();
  // The target first: the quickest refusal, before the archive is unpacked.
  const postgresTargetInfo = databaseUrl ? await postgresTarget(databaseUrl) : null;
  if (postgresTargetInfo) accept(checkTargetEmpty(postgresTargetInfo.contents, postgresTargetInfo.name));
  else await refuseUnlessPgliteDirEmpty(dataDir);

  const staging = await mkdtemp(path.join(tmpdir(), "kriya-restore-"));
  try {
    const found = await unpack(archive, staging);
    if (!found.has(MANIFEST_MEMBER)) throw new BackupRefusal("the archive has no manifest.json (truncated, or not a Kriya backup)");
    const parsed = parseManifest(await readFile(path.join(staging, MANIFEST_MEMBER), "utf8"));
    if (!parsed.ok) throw new BackupRefusal(`the archive is unusable: ${parsed.reason}`);
    const { manifest } = parsed;
    accept(verifyMembers(manifest, found));
    accept(checkSchemaKnown(manifest, await readJournal()));
    accept(checkSameKind(manifest, postgresTargetInfo ? "postgres" : "pglite"));

    let restoreDatabase: () => Promise<void>;
    let restoredInto: string;
    if (postgresTargetInfo && databaseUrl) {
      accept(checkVersions(manifest, postgresTargetInfo.target));
      restoredInto = `PostgreSQL database ${postgresTargetInfo.name}`;
      restoreDatabase = async () => {
        const { bin } = clientTool("pg_restore");
        // One transaction: a restore that fails part way leaves the database as empty as it was.
        const connection = libpqConnection(databaseUrl);
        await promisify(execFile)(bin, ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", `--dbname=${connection.dbname}`, path.join(staging, DUMP_MEMBER.postgres)], { env: connection.env });
      };
    } else {
      accept(checkVersions(manifest, { kind: "pglite", serverMajor: await pgliteMajor() }));
      restoredInto = `PGlite directory ${dataDir}`;
      restoreDatabase = async () => {
        const dump = new Blob([await readFile(path.join(staging, DUMP_MEMBER.pglite))]);
        const handle = createDb({ dataDir, loadDataDir: dump });
        try {
          await recordedMigrations(handle); // opens it, so a dump PGlite cannot load fails here, not at the next start
        } finally {
          await handle.close();
        }
      };
    }
    const copies = await imagesToCopy(manifest, imageDir);

    // Checked: from here on, write.
    await restoreDatabase();
    for (const copy of copies) {
      await mkdir(path.dirname(copy.to), { recursive: true });
      const tmp = `${copy.to}.${process.pid}.restore.tmp`;
      await copyFile(path.join(staging, copy.from), tmp);
      await rename(tmp, copy.to);
    }
    const check = databaseUrl ? createDb({ url: databaseUrl, max: 1 }) : createDb({ dataDir });
    try {
      const recorded = await recordedMigrations(check);
      if (recorded?.count !== manifest.schema.migrationCount || recorded.newestWhen !== manifest.schema.newestMigrationWhen) {
        throw new Error(`the restored database records ${recorded?.count ?? 0} migrations, the archive said ${manifest.schema.migrationCount}`);
      }
    } finally {
      await check.close();
    }
    console.log(
      `Restored ${path.basename(archive)} (made ${manifest.createdAt}, schema ${manifest.schema.newestMigrationTag ?? manifest.schema.newestMigrationWhen}) into ${restoredInto}, and ${manifest.images.count} images into ${imageDir} (${copies.length} new).`,
    );
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

try {
  if (!archiveArg.success) throw new BackupRefusal("usage: npm run db:restore -- ARCHIVE (one path to a kriya-….tar.gz)");
  await main(path.resolve(archiveArg.data[0]));
} catch (error) {
  if (!(error instanceof BackupRefusal)) throw error;
  console.error(`Restore refused: ${error.message}.`);
  process.exitCode = 1;
}
