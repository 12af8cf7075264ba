import { rmSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../db/client.server";

// The journeys run on a brand-new embedded database, exactly as a fresh clone would.
const dir = path.join(projectRoot, "data", "e2e-pglite");
rmSync(dir, { recursive: true, force: true });
process.env.PGLITE_DIR = dir;
delete process.env.DATABASE_URL;
process.env.KRIYA_HSTS = "0";
await import("./start");
