import { describe, expect, it } from "vitest";
import {
  backupFileName,
  checkRestorable,
  checkTargetEmpty,
  describeSchema,
  parseManifest,
  postgresMajor,
  verifyMembers,
  type BackupManifest,
} from "./backup-manifest";

const journal = [
  { tag: "0000_init", when: 1795414861109 },
  { tag: "0001_form_submissions", when: 1795435916831 },
];
const sha = (c: string) => c.repeat(64);

function manifest(overrides: Partial<BackupManifest> = {}): BackupManifest {
  return {
    format: "kriya-backup",
    formatVersion: 1,
    createdAt: "2026-12-02T11:45:12.000Z",
    database: { kind: "postgres", serverVersion: "15.20", serverMajor: 15, dumpToolMajor: 15 },
    schema: { newestMigrationWhen: 1795435916831, newestMigrationTag: "0001_form_submissions", migrationCount: 2 },
    images: { count: 1, bytes: 3 },
    members: [
      { path: "database.pgdump", bytes: 10, sha256: sha("a") },
      { path: "images/products/x.webp", bytes: 3, sha256: sha("b") },
    ],
    ...overrides,
  };
}
const measured = (m: BackupManifest) => new Map(m.members.map((x) => [x.path, { bytes: x.bytes, sha256: x.sha256 }]));

describe("a backup archive's name", () => {
  it("is the UTC time to the second, without colons", () => {
    expect(backupFileName(new Date("2026-12-02T11:45:12.345Z"))).toBe("kriya-2026-12-02T114512Z.tar.gz");
  });
});

describe("reading a manifest", () => {
  it("accepts what the backup writes", () => {
    expect(parseManifest(JSON.stringify(manifest()))).toEqual({ ok: true, manifest: manifest() });
  });
  it("refuses text that is not JSON, or not a manifest, or a newer format", () => {
    expect(parseManifest("{nope").ok).toBe(false);
    expect(parseManifest(JSON.stringify({ format: "zip" })).ok).toBe(false);
    const newer = parseManifest(JSON.stringify(manifest({ formatVersion: 2 })));
    expect(newer).toMatchObject({ ok: false, reason: expect.stringMatching(/format 2/) });
  });
  it("refuses a member path that climbs out of its directory", () => {
    const bad = manifest({ members: [{ path: "images/../../etc/passwd", bytes: 1, sha256: sha("c") }] });
    expect(parseManifest(JSON.stringify(bad)).ok).toBe(false);
  });
});

describe("checking the members", () => {
  it("passes a whole archive", () => {
    expect(verifyMembers(manifest(), measured(manifest()))).toEqual({ ok: true });
  });
  it("refuses a missing member, a changed one, and one the manifest does not list", () => {
    const found = measured(manifest());
    found.delete("images/products/x.webp");
    expect(verifyMembers(manifest(), found)).toMatchObject({ ok: false, reason: expect.stringMatching(/missing/) });
    const changed = measured(manifest());
    changed.set("database.pgdump", { bytes: 10, sha256: sha("f") });
    expect(verifyMembers(manifest(), changed)).toMatchObject({ ok: false, reason: expect.stringMatching(/checksum/) });
    const extra = measured(manifest());
    extra.set("images/evil.sh", { bytes: 1, sha256: sha("e") });
    expect(verifyMembers(manifest(), extra)).toMatchObject({ ok: false, reason: expect.stringMatching(/not in its manifest/) });
  });
  it("refuses a manifest whose image totals disagree with its list, or that lists no dump of its kind", () => {
    expect(verifyMembers(manifest({ images: { count: 2, bytes: 3 } }), measured(manifest())).ok).toBe(false);
    const pglite = manifest({ database: { kind: "pglite", serverVersion: "17.5", serverMajor: 17 } });
    expect(verifyMembers(pglite, measured(pglite))).toMatchObject({ ok: false, reason: expect.stringMatching(/database.pglite.tar.gz/) });
  });
});

describe("whether this code may restore an archive", () => {
  const postgresTarget = { kind: "postgres" as const, serverMajor: 15, restoreToolMajor: 15 };
  it("accepts the same schema, or an older one (the next start migrates it)", () => {
    expect(checkRestorable(manifest(), journal, postgresTarget)).toEqual({ ok: true });
    const older = manifest({ schema: { newestMigrationWhen: 1795414861109, newestMigrationTag: "0000_init", migrationCount: 1 } });
    expect(checkRestorable(older, journal, postgresTarget)).toEqual({ ok: true });
  });
  it("refuses an archive whose newest migration this code does not know", () => {
    const newer = manifest({ schema: { newestMigrationWhen: 1899999999999, newestMigrationTag: "0099_future", migrationCount: 100 } });
    expect(checkRestorable(newer, journal, postgresTarget)).toMatchObject({ ok: false, reason: expect.stringMatching(/newer schema.*0099_future/) });
  });
  it("refuses the other kind of database, another PGlite major, an older server or pg_restore", () => {
    expect(checkRestorable(manifest(), journal, { kind: "pglite", serverMajor: 17 })).toMatchObject({ ok: false, reason: expect.stringMatching(/same kind/) });
    const pglite = manifest({ database: { kind: "pglite", serverVersion: "17.5", serverMajor: 17 } });
    expect(checkRestorable(pglite, journal, postgresTarget).ok).toBe(false);
    expect(checkRestorable(pglite, journal, { kind: "pglite", serverMajor: 18 })).toMatchObject({ ok: false, reason: expect.stringMatching(/major/) });
    expect(checkRestorable(pglite, journal, { kind: "pglite", serverMajor: 17 })).toEqual({ ok: true });
    expect(checkRestorable(manifest(), journal, { kind: "postgres", serverMajor: 14, restoreToolMajor: 15 }).ok).toBe(false);
    expect(checkRestorable(manifest(), journal, { kind: "postgres", serverMajor: 16, restoreToolMajor: 14 })).toMatchObject({ ok: false, reason: expect.stringMatching(/pg_restore is 14/) });
    expect(checkRestorable(manifest(), journal, { kind: "postgres", serverMajor: 16, restoreToolMajor: 16 })).toEqual({ ok: true });
  });
});

describe("an empty target", () => {
  it("has no tables, rows or migrations", () => {
    expect(checkTargetEmpty({ tables: 0, tablesWithRows: 0, migrations: 0 }, "kriya")).toEqual({ ok: true });
    expect(checkTargetEmpty({ tables: 40, tablesWithRows: 30, migrations: 9 }, "kriya")).toMatchObject({ ok: false, reason: expect.stringMatching(/not empty \(30 tables with rows, 9 migrations/) });
    expect(checkTargetEmpty({ tables: 2, tablesWithRows: 0, migrations: 0 }, "kriya").ok).toBe(false);
  });
});

describe("the schema and version a backup records", () => {
  it("names the newest migration when the journal knows it", () => {
    expect(describeSchema({ newestWhen: 1795435916831, count: 2 }, journal)).toEqual({ newestMigrationWhen: 1795435916831, newestMigrationTag: "0001_form_submissions", migrationCount: 2 });
    expect(describeSchema({ newestWhen: 5, count: 3 }, journal).newestMigrationTag).toBeNull();
  });
  it("reads a major version", () => {
    expect(postgresMajor("pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)")).toBe(15);
    expect(postgresMajor("PostgreSQL 17.5 on x86_64")).toBe(17);
    expect(postgresMajor("none")).toBeNull();
  });
});
