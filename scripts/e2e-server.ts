import { rmSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../db/client.server";

// The journeys run on a brand-new embedded database, exactly as a fresh clone would.
// One directory per port, so two runs on one machine never share a database.
const dir = path.join(projectRoot, "data", `e2e-pglite-${process.env.PORT ?? "3210"}`);
rmSync(dir, { recursive: true, force: true });
process.env.PGLITE_DIR = dir;
delete process.env.DATABASE_URL;
await import("./start");
