/**
 * A real Varnish (Debian's varnishd) for the operations tests, running the shipped deploy/varnish/kriya.vcl with
 * its backends block rewritten to the given app servers. Its working directory lives in a temp dir (readable by the
 * unprivileged user varnishd drops to when started as root). Also used by scripts/bench-varnish.ts.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { projectRoot } from "../../../db/client.server";
import { freePort } from "./ports";

export const varnishd = ["/usr/sbin/varnishd", "/usr/bin/varnishd"].find((p) => existsSync(p)) ?? null;
export const hasVarnish = () => varnishd !== null;

export type VarnishServer = { url: string; port: number; output: () => string; stop: () => Promise<void> };

/** The shipped VCL with one backend per app server port. */
export async function vclFor(ports: number[]): Promise<string> {
  const shipped = await readFile(path.join(projectRoot, "deploy", "varnish", "kriya.vcl"), "utf8");
  const block = /# BEGIN BACKENDS[^\n]*\n([\s\S]*?)# END BACKENDS/.exec(shipped);
  const probe = block ? /probe kriya_ready \{[\s\S]*?\n\}/.exec(block[1]!)?.[0] : undefined;
  if (!block || !probe) throw new Error("deploy/varnish/kriya.vcl has lost its BEGIN/END BACKENDS block or its probe");
  const backends = ports.map((port, i) => `backend server${i + 1} { .host = "127.0.0.1"; .port = "${port}"; .probe = kriya_ready; .first_byte_timeout = 30s; }`);
  const init = ["sub vcl_init {", "    new servers = directors.round_robin();", ...ports.map((_, i) => `    servers.add_backend(server${i + 1});`), "}"];
  return shipped.replace(block[0], `# BEGIN BACKENDS (generated)\n${probe}\n${backends.join("\n")}\n${init.join("\n")}\n# END BACKENDS`);
}

export async function startVarnish({ backendPorts, port: chosenPort }: { backendPorts: number[]; port?: number }): Promise<VarnishServer> {
  if (!varnishd) throw new Error("varnishd is not installed (apt-get install varnish)");
  const port = chosenPort ?? (await freePort());
  const dir = await mkdtemp(path.join(tmpdir(), "kriya-varnish-"));
  await chmod(dir, 0o755);
  const vcl = path.join(dir, "kriya.vcl");
  await writeFile(vcl, await vclFor(backendPorts), { mode: 0o644 });
  const args = ["-F", "-a", `127.0.0.1:${port}`, "-f", vcl, "-n", path.join(dir, "work"), "-s", "malloc,64m", "-T", "127.0.0.1:0", "-p", "ban_lurker_sleep=0.05"];
  const child: ChildProcess = spawn(varnishd, args, { stdio: ["ignore", "pipe", "pipe"] });
  let printed = "";
  child.stdout!.on("data", (c: Buffer) => (printed += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (printed += c.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`varnishd exited (${child.exitCode}):\n${printed}`);
    try {
      if ((await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) })).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`varnishd did not answer in time:\n${printed}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, port, output: () => printed, stop };
}

/** Whether the shipped VCL compiles (varnishd -C), with the compiler's message when it doesn't. */
export function compileVcl(vclPath: string): { ok: boolean; message: string } {
  if (!varnishd) return { ok: false, message: "no varnishd" };
  const run = spawnSync(varnishd, ["-C", "-f", vclPath, "-n", path.join(tmpdir(), `kriya-vcc-${process.pid}`)], { encoding: "utf8" });
  return { ok: run.status === 0, message: run.stderr.split("\n").filter((l) => /VCC|Line|^\s|Error/.test(l)).slice(0, 8).join("\n") };
}
