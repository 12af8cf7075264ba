/**
 * Real app servers for the operations tests: `node scripts/start.ts` from the production build, as `npm run serve`
 * starts it, on a port of their own, against a database of their own. They can be stopped politely, killed with
 * SIGKILL mid-work, and started again on the same data.
 *
 *   const db = await freshDatabase("scale");            // PostgreSQL: a clone of the seeded template
 *   const a = await startApp({ databaseUrl: db.url });  // waits until /healthz/ready answers 200
 *   await a.kill9(); const again = await a.restart();
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { inject } from "vitest";
import { projectRoot } from "../../../db/client.server";
import { serverNodeArgs } from "../../../scripts/server-command";
import { testDatabaseUrl } from "../../support/paths";
import { freePort } from "./ports";

export { freePort };

export const hasPostgres = () => inject("opsTemplate") !== null;

/** A PostgreSQL database of its own, cloned from the seeded template; drop() removes it (also done at teardown). */
export async function freshDatabase(label: string): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const template = inject("opsTemplate");
  const adminUrl = inject("opsAdminUrl");
  if (!template || !adminUrl) throw new Error("freshDatabase needs DATABASE_URL (PostgreSQL)");
  const name = `${inject("opsPrefix")}_${label.replace(/[^a-z0-9_]/gi, "_").toLowerCase()}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  } finally {
    await admin.end();
  }
  return {
    url: testDatabaseUrl(adminUrl, name),
    name,
    drop: async () => {
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await a.end();
      }
    },
  };
}

export type AppOptions = {
  /** PostgreSQL; without it the server opens PGlite in pgliteDir. */
  databaseUrl?: string;
  pgliteDir?: string;
  port?: number;
  /** Shared by servers that must read each other's sessions (defaults to a random one per server). */
  sessionSecret?: string;
  /** The origin the server builds its URLs on (default its own http://localhost:port). */
  publicUrl?: string;
  env?: Record<string, string>;
  /** Milliseconds to wait for readiness (default 120 s: a PGlite first start migrates and seeds). */
  readyTimeout?: number;
  /** What to wait for: "ready" (default, /healthz/ready is 200), "live" (/healthz answers: e.g. while the database is away). */
  waitFor?: "ready" | "live";
};

export type AppServer = {
  port: number;
  url: string;
  child: ChildProcess;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
  /** Resolves when the output matches, or fails after timeout ms. */
  waitForOutput(pattern: RegExp, timeout?: number): Promise<void>;
  /** SIGTERM, and waits for the exit. */
  stop(): Promise<void>;
  /** SIGKILL: no shutdown, no flush, as a crash or an OOM kill. */
  kill9(): Promise<void>;
  /** Starts it again with the same options (same port, same data). */
  restart(extra?: Partial<AppOptions>): Promise<AppServer>;
};

const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export async function startApp(options: AppOptions = {}): Promise<AppServer> {
  const port = options.port ?? (await freePort());
  const sessionSecret = options.sessionSecret ?? randomBytes(24).toString("hex");
  const url = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...(process.env as Record<string, string>),
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    PUBLIC_URL: options.publicUrl ?? url,
    SESSION_SECRETS: sessionSecret,
    KRIYA_INSECURE_COOKIES: "1",
    KRIYA_HSTS: "0",
    ...options.env,
  };
  delete env.DATABASE_URL;
  delete env.PGLITE_DIR;
  delete env.VITEST;
  delete env.VITEST_POOL_ID;
  delete env.VITEST_WORKER_ID;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  else if (options.pgliteDir) env.PGLITE_DIR = options.pgliteDir;
  else throw new Error("startApp needs databaseUrl or pgliteDir");

  const child = spawn(process.execPath, serverNodeArgs(), { cwd: projectRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  let printed = "";
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    printed += chunk.toString();
    if (printed.length > 2_000_000) printed = printed.slice(-1_000_000);
    for (const listener of listeners) listener();
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exited.then(() => running.delete(child));

  const waitForOutput = (pattern: RegExp, timeout = 30_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!pattern.test(printed)) return;
        done();
        resolve();
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`Server on ${port} never printed ${pattern}. It printed:\n${printed.slice(-4000)}`));
      }, timeout);
      const done = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });

  const server: AppServer = {
    port,
    url,
    child,
    output: () => printed,
    waitForOutput,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
    kill9: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
    restart: (extra = {}) => startApp({ ...options, port, sessionSecret, ...extra }),
  };

  const deadline = Date.now() + (options.readyTimeout ?? 120_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`Server on ${port} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${printed.slice(-4000)}`);
    }
    try {
      const response = await fetch(`${url}${options.waitFor === "live" ? "/healthz" : "/healthz/ready"}`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.kill9();
      throw new Error(`Server on ${port} was not ready in time:\n${printed.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
