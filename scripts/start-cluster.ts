/**
 * `npm run start:cluster`: N app servers (CLUSTER_SIZE or `--servers N`, default 2) on PORT, PORT+1, … sharing one
 * PostgreSQL, each the normal production server (serverNodeArgs). A server that dies is started again with backoff;
 * SIGTERM/SIGINT are forwarded and the cluster exits when every server has stopped. Put Varnish in front
 * (deploy/varnish/kriya.vcl, docs/operations/deploy.md).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { projectRoot } from "../db/client.server";
import { serverNodeArgs } from "./server-command";

const flagIndex = process.argv.indexOf("--servers");
const options = z
  .object({
    servers: z.coerce.number().int().min(1).max(64),
    port: z.coerce.number().int().min(1).max(65535),
    databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL"),
  })
  .safeParse({
    servers: (flagIndex >= 0 ? process.argv[flagIndex + 1] : undefined) ?? process.env.CLUSTER_SIZE ?? 2,
    port: process.env.PORT ?? 3000,
    databaseUrl: process.env.DATABASE_URL ?? "",
  });
if (!options.success) {
  const issue = options.error.issues[0]!;
  if (issue.path[0] === "databaseUrl") {
    console.error("start:cluster needs DATABASE_URL (PostgreSQL): the embedded PGlite can only be opened by one process. Use `npm start` for one server.");
  } else {
    console.error(`start:cluster: ${issue.path[0] === "servers" ? "--servers / CLUSTER_SIZE" : "PORT"} ${issue.message}`);
  }
  process.exit(1);
}
const { servers, port } = options.data;
if (!process.env.SESSION_SECRETS) {
  // Each server would otherwise refuse (a shared database needs one secret every server knows).
  console.error("start:cluster needs SESSION_SECRETS: every server must sign and verify the same cookies.");
  process.exit(1);
}

type Slot = { index: number; port: number; child: ChildProcess | null; failures: number; startedAt: number };
const slots: Slot[] = Array.from({ length: servers }, (_, index) => ({ index, port: port + index, child: null, failures: 0, startedAt: 0 }));
let stopping = false;

function prefixed(stream: NodeJS.ReadableStream, out: NodeJS.WriteStream, label: string) {
  let rest = "";
  stream.on("data", (chunk: Buffer) => {
    const lines = (rest + chunk.toString()).split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) out.write(`${label} ${line}\n`);
  });
  stream.on("end", () => rest && out.write(`${label} ${rest}\n`));
}

function start(slot: Slot) {
  const label = `[server ${slot.index + 1} :${slot.port}]`;
  const child = spawn(process.execPath, serverNodeArgs(), {
    cwd: projectRoot,
    env: { ...process.env, PORT: String(slot.port), NODE_ENV: process.env.NODE_ENV ?? "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  slot.child = child;
  slot.startedAt = Date.now();
  prefixed(child.stdout!, process.stdout, label);
  prefixed(child.stderr!, process.stderr, label);
  child.once("exit", (code, signal) => {
    slot.child = null;
    if (stopping) {
      if (slots.every((s) => s.child === null)) process.exit(0);
      return;
    }
    // A server that ran a minute counts as healthy again: the backoff starts over.
    slot.failures = Date.now() - slot.startedAt > 60_000 ? 1 : slot.failures + 1;
    const delay = Math.min(30_000, 500 * 2 ** (slot.failures - 1));
    console.error(`${label} exited (${signal ?? code}); starting it again in ${(delay / 1000).toFixed(1)} s`);
    void sleep(delay).then(() => {
      if (!stopping) start(slot);
    });
  });
}

function stop(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  console.log(`start:cluster: ${signal}, stopping ${servers} server(s)…`);
  for (const slot of slots) slot.child?.kill(signal);
  if (slots.every((s) => s.child === null)) process.exit(0);
  // A server that ignores the signal is not waited for forever.
  setTimeout(() => {
    for (const slot of slots) slot.child?.kill("SIGKILL");
    process.exit(1);
  }, 15_000).unref();
}
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));

console.log(`start:cluster: ${servers} server(s) on ports ${port}–${port + servers - 1}`);
// The first server migrates and seeds a new database; the others wait on the same advisory lock (db/setup.server.ts).
for (const slot of slots) start(slot);
