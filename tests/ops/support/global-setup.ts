import { existsSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { createDb, projectRoot } from "../../../db/client.server";
import { seed } from "../../../db/seed";
import { LocalDiskStorage } from "../../../app/utils/storage.server";
import { newRunPrefix, STALE_RUN_SECONDS, testDatabaseUrl, testImageDir } from "../../support/paths";
import { serverEntryFile } from "../../../scripts/server-command";

declare module "vitest" {
  export interface ProvidedContext {
    /** A seeded PostgreSQL database nobody connects to, for freshDatabase() to clone; null without DATABASE_URL. */
    opsTemplate: string | null;
    opsAdminUrl: string | null;
    opsPrefix: string;
  }
}

/**
 * The operations tests start real servers from the production build (`npm run build`), so they run after it
 * (scripts/test.ts). On PostgreSQL they share one seeded template, cloned per test.
 */
export default async function setup(project: TestProject) {
  const buildDir = path.join(projectRoot, process.env.KRIYA_BUILD_DIR ?? "build");
  if (!existsSync(path.join(buildDir, "server", "index.js")) || !existsSync(path.join(projectRoot, serverEntryFile()))) {
    throw new Error(`The operations tests serve the production build, and ${buildDir} has none: run \`npm run build\` first.`);
  }
  const prefix = `${newRunPrefix()}_ops`;
  project.provide("opsPrefix", prefix);
  project.provide("opsAdminUrl", process.env.DATABASE_URL ?? null);
  if (!process.env.DATABASE_URL) {
    project.provide("opsTemplate", null);
    return;
  }
  const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
  const stale = await admin<{ datname: string }[]>`select datname from pg_database where datname ~ '^kriya_t[0-9]+_.*_ops'`;
  const cutoff = Date.now() / 1000 - STALE_RUN_SECONDS;
  for (const { datname } of stale) {
    if (Number(/^kriya_t(\d+)_/.exec(datname)![1]) < cutoff) await admin.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
  const template = `${prefix}_tpl`;
  await admin.unsafe(`CREATE DATABASE "${template}"`);
  const pg = createDb({ url: testDatabaseUrl(process.env.DATABASE_URL, template), max: 2 });
  await pg.migrate();
  await seed(pg.db, { storage: new LocalDiskStorage(testImageDir) });
  await pg.close();
  project.provide("opsTemplate", template);
  return async () => {
    const mine = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${`${prefix}%`}`;
    for (const { datname } of mine) await admin.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.end();
  };
}
