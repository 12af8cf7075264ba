import { readFile } from "node:fs/promises";
import { inject } from "vitest";
import { createDb, type DbHandle } from "../../db/client.server";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { testDatabaseUrl } from "./paths";

export type Backend = { name: "pglite" | "postgres"; open: () => Promise<DbHandle> };

/** A private PGlite loaded from the seeded snapshot. */
export async function openSeededPglite(): Promise<DbHandle> {
  const blob = new Blob([new Uint8Array(await readFile(inject("pgliteSnapshot")))]);
  const handle = createDb({ dataDir: "memory://", loadDataDir: blob });
  await handle.pglite!.waitReady;
  return handle;
}

/** Every database the integration tests run against: PGlite always, PostgreSQL when DATABASE_URL is set. */
export function backends(): Backend[] {
  const list: Backend[] = [{ name: "pglite", open: openSeededPglite }];
  const url = inject("postgresUrl");
  if (url) list.push({ name: "postgres", open: async () => createDb({ url, max: 4 }) });
  return list;
}

/** A private, writable PostgreSQL database cloned from the seeded template; dropped again on close. */
async function openWritablePostgres(adminUrl: string, template: string): Promise<DbHandle> {
  const name = `${template.replace(/_tpl$/, "")}_w${randomBytes(4).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  const handle = createDb({ url: testDatabaseUrl(adminUrl, name), max: 10 });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** Backends for tests that write: a fresh PGlite copy, and a fresh PostgreSQL clone when DATABASE_URL is set. */
export function writableBackends(): Backend[] {
  const list: Backend[] = [{ name: "pglite", open: openSeededPglite }];
  const adminUrl = inject("postgresAdminUrl");
  const template = inject("postgresTemplate");
  if (adminUrl && template) list.push({ name: "postgres", open: () => openWritablePostgres(adminUrl, template) });
  return list;
}

/**
 * Points the app's own database (`getDb()`, which routes and web helpers use) at a test's handle, so a route's
 * loader or action can be called directly. Returns the undo, for afterAll.
 */
export function serveAppFrom(handle: DbHandle): () => void {
  const g = globalThis as typeof globalThis & { __kriyaDb?: DbHandle };
  const previous = g.__kriyaDb;
  g.__kriyaDb = handle;
  return () => {
    g.__kriyaDb = previous;
  };
}
