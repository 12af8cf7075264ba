import { rm } from "node:fs/promises";
import { sql } from "drizzle-orm";
import { createDb, defaultDataDir } from "../db/client.server";
import { prepareDatabase } from "../db/setup.server";
import { loadEnv } from "../app/utils/env.server";

/** Drops everything and seeds again. PGlite: deletes its data directory. PostgreSQL: drops the schemas. */
const url = loadEnv(process.env).DATABASE_URL || undefined;
if (url) {
  const handle = createDb({ url });
  await handle.db.execute(sql`drop schema if exists public cascade`);
  await handle.db.execute(sql`drop schema if exists drizzle cascade`);
  await handle.db.execute(sql`create schema public`);
  await handle.close();
} else {
  await rm(defaultDataDir(), { recursive: true, force: true });
}
const handle = createDb({ url });
await prepareDatabase(handle);
await handle.close();
console.log("Database reset and seeded.");
