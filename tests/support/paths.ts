import path from "node:path";
import { projectRoot } from "../../db/client.server";

export const testDataDir = path.join(projectRoot, "data", "test");
export const pgliteSnapshotPath = path.join(testDataDir, "pglite-seeded.tar.gz");
/** Images are content-addressed, so tests share the development cache safely. */
export const testImageDir = path.join(projectRoot, "data", "images");
export const TEST_DB_NAME = "kriya_test";
export const TEMPLATE_DB_NAME = "kriya_test_template";

/** The test database on the same server as DATABASE_URL: tests never touch the database it names. */
export function testDatabaseUrl(databaseUrl: string, name = TEST_DB_NAME) {
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
