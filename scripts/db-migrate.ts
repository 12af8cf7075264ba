import { getDbHandle } from "../db/client.server";

const handle = getDbHandle();
await handle.migrate();
console.log(`Migrations applied (${handle.kind}).`);
await handle.close();
