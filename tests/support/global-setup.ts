import { mkdir, rm, writeFile } from "node:fs/promises";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { createDb } from "../../db/client.server";
import { seed } from "../../db/seed";
import { LocalDiskStorage } from "../../app/utils/storage.server";
import { newRunPrefix, pgliteSnapshotPath, STALE_RUN_SECONDS, testDataDir, testDatabaseUrl, testImageDir } from "./paths";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string | null;
    postgresAdminUrl: string | null;
    postgresTemplate: string | null;
    pgliteSnapshot: string;
  }
}

/**
 * Seeds once per run: a PGlite snapshot every test file loads in a few milliseconds, and, when DATABASE_URL
 * is set, a dedicated `kriya_test` database on that server (tests may clone it with CREATE DATABASE … TEMPLATE).
 */
export default async function setup(project: TestProject) {
  await mkdir(testDataDir, { recursive: true });
  const storage = new LocalDiskStorage(testImageDir);

  const pglite = createDb({ dataDir: "memory://" });
  await pglite.migrate();
  await seed(pglite.db, { storage });
  const dump = await pglite.pglite!.dumpDataDir("gzip");
  const snapshot = pgliteSnapshotPath(process.pid);
  await writeFile(snapshot, Buffer.from(await dump.arrayBuffer()));
  project.provide("pgliteSnapshot", snapshot);
  await pglite.close();

  let postgresUrl: string | null = null;
  let template: string | null = null;
  let teardown = async () => {};
  const removeSnapshot = () => rm(snapshot, { force: true });
  if (process.env.DATABASE_URL) {
    // A seeded template nobody connects to, so test files can clone it (CREATE DATABASE … TEMPLATE) at will.
    const prefix = newRunPrefix();
    template = `${prefix}_tpl`;
    const readOnly = `${prefix}_read`;
    const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
    const stale = await admin<{ datname: string }[]>`select datname from pg_database where datname ~ '^kriya_t[0-9]+_'`;
    const cutoff = Date.now() / 1000 - STALE_RUN_SECONDS;
    for (const { datname } of stale) {
      if (Number(/^kriya_t(\d+)_/.exec(datname)![1]) < cutoff) await admin.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await admin.unsafe(`CREATE DATABASE "${template}"`);
    const pg = createDb({ url: testDatabaseUrl(process.env.DATABASE_URL, template), max: 2 });
    await pg.migrate();
    await seed(pg.db, { storage });
    await pg.close();
    await admin.unsafe(`CREATE DATABASE "${readOnly}" TEMPLATE "${template}"`);
    postgresUrl = testDatabaseUrl(process.env.DATABASE_URL, readOnly);
    teardown = async () => {
      const mine = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${`${prefix}%`}`;
      for (const { datname } of mine) await admin.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      await admin.end();
    };
  }
  project.provide("postgresUrl", postgresUrl);
  project.provide("postgresTemplate", template);
  project.provide("postgresAdminUrl", process.env.DATABASE_URL ?? null);
  return async () => {
    await removeSnapshot();
    await teardown();
  };
}
