import { spawn } from "node:child_process";
import { getDbHandle } from "../db/client.server";
import { prepareDatabase } from "../db/setup.server";

// Prepare the database first and close it: the dev server opens its own handle.
const handle = getDbHandle();
await prepareDatabase(handle);
await handle.close();
const child = spawn("npx", ["remix", "vite:dev", ...process.argv.slice(2)], { stdio: "inherit" });
child.on("exit", (code) => process.exit(code ?? 0));
