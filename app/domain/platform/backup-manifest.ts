import { z } from "zod";

/**
 * A backup archive (`npm run db:backup`) is a tar.gz whose first member is manifest.json, describing the others:
 * the database dump (pg_dump's custom format, or PGlite's data-dir tar.gz) and the image files. The rules here say
 * whether an archive is whole and whether this code may restore it; scripts/db-restore.ts does the IO.
 */
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_MEMBER = "manifest.json";
export const DUMP_MEMBER = { postgres: "database.pgdump", pglite: "database.pglite.tar.gz" } as const;
export const IMAGES_PREFIX = "images/";

export type DatabaseKind = keyof typeof DUMP_MEMBER;

// The image store's own key rule (app/utils/storage.server.ts), so a member can never point outside IMAGE_DIR.
const memberPath = z
  .string()
  .regex(/^[a-z0-9][a-z0-9/_.-]*$/i)
  .refine((p) => !p.split("/").includes("..") && !p.includes("//"), "unsafe member path");

export const backupMemberSchema = z.object({
  path: memberPath,
  bytes: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type BackupMember = z.infer<typeof backupMemberSchema>;

export const backupManifestSchema = z.object({
  format: z.literal("kriya-backup"),
  formatVersion: z.number().int().positive(),
  createdAt: z.iso.datetime(),
  database: z.object({
    kind: z.enum(["postgres", "pglite"]),
    /** The server's version string, and its major number (a PGlite data dir only opens on the same major). */
    serverVersion: z.string().min(1),
    serverMajor: z.number().int().positive(),
    /** pg_dump's major (PostgreSQL only): pg_restore must be at least as new. */
    dumpToolMajor: z.number().int().positive().optional(),
  }),
  schema: z.object({
    /** drizzle's `when` of the newest migration recorded in the database (its created_at). */
    newestMigrationWhen: z.number().int().positive(),
    /** Its tag in db/migrations, when the code that made the backup knew it. */
    newestMigrationTag: z.string().nullable(),
    migrationCount: z.number().int().positive(),
  }),
  images: z.object({ count: z.number().int().min(0), bytes: z.number().int().min(0) }),
  members: z.array(backupMemberSchema).min(1),
});
export type BackupManifest = z.infer<typeof backupManifestSchema>;

export type JournalEntry = { tag: string; when: number };

/** `kriya-2026-12-02T114512Z.tar.gz`: sorts by time, and has no colon (which some file systems refuse). */
export function backupFileName(createdAt: Date): string {
  const stamp = createdAt.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");
  return `kriya-${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6)}.tar.gz`;
}

/** The major number in a PostgreSQL version string ("15.20 (Debian …)", "PostgreSQL 17.4 on …"). */
export function postgresMajor(version: string): number | null {
  const match = /(\d+)(?:\.\d+)?/.exec(version);
  return match ? Number(match[1]) : null;
}

export function describeSchema(recorded: { newestWhen: number; count: number }, journal: JournalEntry[]): BackupManifest["schema"] {
  return {
    newestMigrationWhen: recorded.newestWhen,
    newestMigrationTag: journal.find((entry) => entry.when === recorded.newestWhen)?.tag ?? null,
    migrationCount: recorded.count,
  };
}

export type Verdict = { ok: true } | { ok: false; reason: string };
const refuse = (reason: string): Verdict => ({ ok: false, reason });

/** Parses manifest.json's text; a manifest this code can't read is a refusal, not an exception. */
export function parseManifest(text: string): { ok: true; manifest: BackupManifest } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: "its manifest.json is not JSON" };
  }
  const parsed = backupManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `its manifest.json is not a Kriya backup manifest (${issue?.path.join(".") || "root"}: ${issue?.message})` };
  }
  if (parsed.data.formatVersion > BACKUP_FORMAT_VERSION) {
    return { ok: false, reason: `it is backup format ${parsed.data.formatVersion}, newer than this code's ${BACKUP_FORMAT_VERSION}: restore it with the code that made it` };
  }
  return { ok: true, manifest: parsed.data };
}

/**
 * Every member the manifest lists is there with its size and checksum, and nothing else is (but the manifest).
 * `found` maps each member path read from the archive to what was measured.
 */
export function verifyMembers(manifest: BackupManifest, found: ReadonlyMap<string, { bytes: number; sha256: string }>): Verdict {
  const dump = DUMP_MEMBER[manifest.database.kind];
  if (!manifest.members.some((m) => m.path === dump)) return refuse(`its manifest lists no ${dump}`);
  const images = manifest.members.filter((m) => m.path.startsWith(IMAGES_PREFIX));
  const imageBytes = images.reduce((sum, m) => sum + m.bytes, 0);
  if (images.length !== manifest.images.count || imageBytes !== manifest.images.bytes) {
    return refuse(`its manifest says ${manifest.images.count} images (${manifest.images.bytes} bytes) but lists ${images.length} (${imageBytes} bytes)`);
  }
  for (const member of manifest.members) {
    const actual = found.get(member.path);
    if (!actual) return refuse(`member ${member.path} is missing (truncated archive?)`);
    if (actual.bytes !== member.bytes || actual.sha256 !== member.sha256) return refuse(`member ${member.path} does not match its checksum (corrupt archive)`);
  }
  const listed = new Set(manifest.members.map((m) => m.path));
  for (const path of found.keys()) {
    if (path !== MANIFEST_MEMBER && !listed.has(path)) return refuse(`member ${path} is not in its manifest`);
  }
  return { ok: true };
}

export type RestoreTarget =
  | { kind: "postgres"; serverMajor: number; restoreToolMajor: number }
  | { kind: "pglite"; serverMajor: number };

/** The archive's newest migration is one this code has: an older schema is fine, the next start migrates it. */
export function checkSchemaKnown(manifest: BackupManifest, journal: JournalEntry[]): Verdict {
  const { schema } = manifest;
  if (journal.some((entry) => entry.when === schema.newestMigrationWhen)) return { ok: true };
  const ours = journal.at(-1);
  return refuse(
    `the archive is from a newer schema (migration ${schema.newestMigrationTag ?? "?"} of ${new Date(schema.newestMigrationWhen).toISOString()}) than this code's db/migrations (newest ${ours?.tag ?? "none"}): restore it with the code that made it`,
  );
}

/** A PGlite data directory and a pg_dump are different things: each restores only into its own kind. */
export function checkSameKind(manifest: BackupManifest, kind: DatabaseKind): Verdict {
  if (manifest.database.kind === kind) return { ok: true };
  const from = manifest.database.kind === "pglite" ? "the embedded PGlite" : "PostgreSQL";
  const to = kind === "pglite" ? "the embedded PGlite (DATABASE_URL is unset)" : "PostgreSQL (DATABASE_URL is set)";
  return refuse(`the archive holds ${from} and the target is ${to}: restore it into the same kind (docs/operations/backups.md)`);
}

/** The target can read what the archive holds: PGlite only on the same major, PostgreSQL on the same or newer. */
export function checkVersions(manifest: BackupManifest, target: RestoreTarget): Verdict {
  const { database } = manifest;
  if (target.kind === "pglite" && database.serverMajor !== target.serverMajor) {
    return refuse(`the archive's PGlite data directory is PostgreSQL ${database.serverMajor} and this PGlite is ${target.serverMajor}: a data directory only opens on its own major version`);
  }
  if (target.kind === "postgres") {
    if (target.serverMajor < database.serverMajor) {
      return refuse(`the archive was dumped from PostgreSQL ${database.serverMajor} and the target server is ${target.serverMajor}: restore into ${database.serverMajor} or newer`);
    }
    const dumpedWith = database.dumpToolMajor ?? database.serverMajor;
    if (target.restoreToolMajor < dumpedWith) {
      return refuse(`the archive was written by pg_dump ${dumpedWith} and this pg_restore is ${target.restoreToolMajor}: install postgresql-client-${dumpedWith} or newer`);
    }
  }
  return { ok: true };
}

/** May this code restore this archive into this target? The three checks above, in order. */
export function checkRestorable(manifest: BackupManifest, journal: JournalEntry[], target: RestoreTarget): Verdict {
  for (const verdict of [checkSchemaKnown(manifest, journal), checkSameKind(manifest, target.kind), checkVersions(manifest, target)]) {
    if (!verdict.ok) return verdict;
  }
  return { ok: true };
}

/** What an empty target is: no table in public or drizzle, hence no rows and no migrations recorded. */
export function checkTargetEmpty(contents: { tables: number; tablesWithRows: number; migrations: number }, name: string): Verdict {
  if (contents.tablesWithRows > 0 || contents.migrations > 0) {
    return refuse(`the target database ${name} is not empty (${contents.tablesWithRows} tables with rows, ${contents.migrations} migrations recorded): restore into a new, empty database`);
  }
  if (contents.tables > 0) {
    return refuse(`the target database ${name} already has ${contents.tables} tables (no rows): restore into a new, empty database`);
  }
  return { ok: true };
}
