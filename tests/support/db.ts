import { readFile } from "node:fs/promises";
import { inject } from "vitest";
import { createDb, type DbHandle } from "../../db/client.server";
import { pgliteSnapshotPath } from "./paths";

export type Backend = { name: "pglite" | "postgres"; open: () => Promise<DbHandle> };

/** A private PGlite loaded from the seeded snapshot. */
export async function openSeededPglite(): Promise<DbHandle> {
  const blob = new Blob([new Uint8Array(await readFile(pgliteSnapshotPath))]);
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
