import { readFile } from "node:fs/promises";
import { createDb } from "../../db/client.server";
import type { SyncBatch } from "~/domain/bazaar/sale-input";
import { recordSyncBatch } from "~/models/bazaar/pos-sync.server";

/**
 * A sync server in a process of its own, for the test that kills it mid-sync (tests/integration/pos-sync.test.ts):
 * `tsx pos-sync-child.ts <postgres url | PGlite directory> <batches.json>`. It records the batches one after the
 * other and says on stdout how many sales have committed, so the test knows when to SIGKILL it.
 */
const [target, batchesFile] = process.argv.slice(2);
if (!target || !batchesFile) throw new Error("usage: pos-sync-child.ts <url | dir> <batches.json>");
const { batches, userId } = JSON.parse(await readFile(batchesFile, "utf8")) as { batches: SyncBatch[]; userId: number };
const handle = target.startsWith("postgres") ? createDb({ url: target, max: 2 }) : createDb({ dataDir: target });
let committed = 0;
for (const batch of batches) {
  const result = await recordSyncBatch(handle.db, { batch, user: { id: userId } });
  committed += result.recorded;
  process.stdout.write(`committed ${committed}\n`);
}
await handle.close();
process.stdout.write("done\n");
