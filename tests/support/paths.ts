import path from "node:path";
import { projectRoot } from "../../db/client.server";

export const testDataDir = path.join(projectRoot, "data", "test");
/** One snapshot per run (named by the global setup's pid), so two vitest runs in one checkout never share it. */
export function pgliteSnapshotPath(runId: string | number) {
  return path.join(testDataDir, `pglite-seeded-${runId}.tar.gz`);
}
/** Images are content-addressed, so tests share the development cache safely. */
export const testImageDir = path.join(projectRoot, "data", "images");
/**
 * Each test run names its own PostgreSQL databases `kriya_t<unix seconds>_<random>_…`, so two runs on one server
 * (a developer and CI, say) never drop each other's databases; leftovers of crashed runs expire after hours.
 */
export function newRunPrefix(now = Date.now()) {
  return `kriya_t${Math.floor(now / 1000)}_${Math.random().toString(36).slice(2, 8)}`;
}
export const STALE_RUN_SECONDS = 3 * 3600;

/** The test database on the same server as DATABASE_URL: tests never touch the database it names. */
export function testDatabaseUrl(databaseUrl: string, name: string) {
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
