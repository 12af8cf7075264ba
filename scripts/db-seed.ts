import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { getDbHandle } from "../db/client.server";
import { prepareDatabase, progressReporter } from "../db/setup.server";
import { isSeeded } from "../db/seed";
import { seedScale } from "../db/seed/scale";

// `npm run db:seed -- --products 100000`: the sample catalogue if the database is empty, then generated products
// until that many exist.
const { values } = parseArgs({ options: { products: { type: "string" } } });
const target = values.products === undefined ? undefined : Number(values.products);
if (target !== undefined && (!Number.isInteger(target) || target < 1 || target > 1_000_000)) {
  console.error("--products takes a whole number of products from 1 to 1,000,000, e.g. --products 100000");
  process.exit(1);
}

const handle = getDbHandle();
await handle.migrate();
if (await isSeeded(handle.db)) {
  if (target === undefined) console.log("The database already holds the catalogue; run `npm run db:reset` to start over.");
} else {
  await prepareDatabase(handle);
  console.log("Seeded.");
}
if (target !== undefined) {
  const reporter = progressReporter();
  const started = Date.now();
  const { added } = await seedScale(handle.db, { target, onProgress: reporter.onProgress }).finally(reporter.stop);
  if (added) {
    // Fresh statistics, so the planner walks the listing indexes at once.
    await handle.db.execute(sql`analyze`);
    console.log(`Added ${added} generated products in ${((Date.now() - started) / 1000).toFixed(1)} s; ${target} in all.`);
  } else console.log(`The catalogue already has ${target} or more products.`);
}
await handle.close();
