import { getDbHandle } from "../db/client.server";
import { prepareDatabase } from "../db/setup.server";
import { isSeeded } from "../db/seed";

const handle = getDbHandle();
await handle.migrate();
if (await isSeeded(handle.db)) {
  console.log("The database already holds the catalogue; run `npm run db:reset` to start over.");
} else {
  await prepareDatabase(handle);
  console.log("Seeded.");
}
await handle.close();
