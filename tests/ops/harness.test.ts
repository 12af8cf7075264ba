import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freshDatabase, hasPostgres, startApp } from "./support/servers";

describe("the operations harness", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it.runIf(hasPostgres())("starts the production server on a cloned PostgreSQL database and serves the shop", async () => {
    const db = await freshDatabase("harness");
    cleanups.push(db.drop);
    const app = await startApp({ databaseUrl: db.url });
    cleanups.push(app.stop);
    const home = await fetch(app.url + "/");
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("Kriya");
    expect(app.output()).toContain("PostgreSQL");
  });

  it("starts it on a new PGlite directory, which it migrates and seeds", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "kriya-ops-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const app = await startApp({ pgliteDir: path.join(dir, "pglite") });
    cleanups.push(app.stop);
    expect((await fetch(app.url + "/")).status).toBe(200);
    expect(app.output()).toMatch(/embedded PGlite/);
  });
});
