import { mkdir, writeFile } from "node:fs/promises";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { createDb } from "../../db/client.server";
import { seed } from "../../db/seed";
import { LocalDiskStorage } from "../../app/utils/storage.server";
import { pgliteSnapshotPath, TEMPLATE_DB_NAME, TEST_DB_NAME, testDataDir, testDatabaseUrl, testImageDir } from "./paths";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string | null;
    postgresAdminUrl: string | null;
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
  await writeFile(pgliteSnapshotPath, Buffer.from(await dump.arrayBuffer()));
  await pglite.close();

  let postgresUrl: string | null = null;
  if (process.env.DATABASE_URL) {
    // A seeded template nobody connects to, so test files can clone it (CREATE DATABASE … TEMPLATE) at will.
    const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
    const stale = await admin<{ datname: string }[]>`select datname from pg_database where datname like 'kriya_w_%'`;
    for (const { datname } of stale) await admin.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.unsafe(`DROP DATABASE IF EXISTS ${TEST_DB_NAME} WITH (FORCE)`);
    await admin.unsafe(`DROP DATABASE IF EXISTS ${TEMPLATE_DB_NAME} WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE ${TEMPLATE_DB_NAME}`);
    const pg = createDb({ url: testDatabaseUrl(process.env.DATABASE_URL, TEMPLATE_DB_NAME), max: 2 });
    await pg.migrate();
    await seed(pg.db, { storage });
    await pg.close();
    await admin.unsafe(`CREATE DATABASE ${TEST_DB_NAME} TEMPLATE ${TEMPLATE_DB_NAME}`);
    await admin.end();
    postgresUrl = testDatabaseUrl(process.env.DATABASE_URL);
  }
  project.provide("postgresUrl", postgresUrl);
  project.provide("postgresAdminUrl", process.env.DATABASE_URL ?? null);
}
