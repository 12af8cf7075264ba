import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { request } from "node:http";
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

  it("starts it on a new PGlite directory, which it migrates and seeds, and takes forms through a proxy that passes its own Host", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "kriya-ops-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const app = await startApp({ pgliteDir: path.join(dir, "pglite") });
    cleanups.push(app.stop);
    expect((await fetch(app.url + "/")).status).toBe(200);
    expect(app.output()).toMatch(/embedded PGlite/);

    // A proxy in front may pass its own Host (or X-Forwarded-Host): a form sent from the shop's own origin still
    // works (Remix's CSRF check compares Origin with Host and would throw a 500), and a foreign origin is refused.
    const login = (headers: Record<string, string>) =>
      new Promise<{ status: number; location?: string }>((resolve, reject) => {
        const body = new URLSearchParams({ email: "admin@kriya.example", password: "kriya-admin-2026" }).toString();
        const sent = request(
          `${app.url}/login`,
          { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "content-length": String(Buffer.byteLength(body)), ...headers } },
          (response) => {
            response.resume();
            response.on("end", () => resolve({ status: response.statusCode!, location: response.headers.location }));
          },
        );
        sent.on("error", reject);
        sent.end(body);
      });
    expect(await login({ origin: app.url, host: "10.0.0.5:3000" })).toMatchObject({ status: 302 });
    expect(await login({ origin: app.url, "x-forwarded-host": "evil.example" })).toMatchObject({ status: 302 });
    expect((await login({ origin: "https://evil.example", host: "evil.example" })).status).toBe(403);
  });
});
