/**
 * What the server knows about its database, from a background probe (never a query per health check): whether
 * the last `select 1` answered, since when it hasn't, and whether the migrations are applied. /healthz reports it,
 * /healthz/ready decides on it (docs/operations/observability.md).
 */
import { databaseOutageCode } from "../domain/platform/database-outage";

export type DatabaseState = { reachable: boolean | null; since: Date; reason: string | null };

/** "PostgreSQL at host:port", for log lines: never the user, password or database name. */
export function describeDatabase(url: string | undefined): string {
  if (!url) return "the embedded PGlite database";
  try {
    const parsed = new URL(url);
    const host = parsed.hostname || parsed.searchParams.get("host") || "localhost";
    return `PostgreSQL at ${host}:${parsed.port || "5432"}`;
  } catch {
    return "PostgreSQL";
  }
}

/** Why a probe failed, in a few words: the outage code, else the first line of the message. */
export function failureReason(error: unknown): string {
  const code = databaseOutageCode(error);
  if (code) return code;
  const message = error instanceof Error ? error.message : String(error);
  return (message.split("\n")[0] ?? "error").slice(0, 120);
}

export function createDatabaseHealth(options: {
  /** One cheap round trip (select 1); rejects when the database can't answer. Null: in-process (PGlite), always reachable. */
  probe: (() => Promise<unknown>) | null;
  intervalMs?: number;
  timeoutMs?: number;
  onChange?: (state: DatabaseState, previous: DatabaseState) => void;
  now?: () => Date;
}) {
  const now = options.now ?? (() => new Date());
  const intervalMs = options.intervalMs ?? 2_000;
  const timeoutMs = options.timeoutMs ?? 1_500;
  let state: DatabaseState = { reachable: options.probe ? null : true, since: now(), reason: null };
  let migrated = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const waiters = new Set<() => void>();

  function record(reachable: boolean, reason: string | null) {
    const previous = state;
    if (previous.reachable === reachable && previous.reason === reason) return;
    // "Unreachable since" keeps the first failure's time while only the reason changes.
    const since = previous.reachable === reachable ? previous.since : now();
    state = { reachable, since, reason };
    options.onChange?.(state, previous);
    if (reachable) for (const wake of [...waiters]) wake();
  }

  async function check(): Promise<boolean> {
    if (!options.probe) return true;
    let timeout: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        options.probe(),
        new Promise((_, reject) => {
          timeout = setTimeout(() => reject(Object.assign(new Error("no answer in time"), { code: "CONNECT_TIMEOUT" })), timeoutMs);
        }),
      ]);
      record(true, null);
      return true;
    } catch (error) {
      record(false, failureReason(error));
      return false;
    } finally {
      clearTimeout(timeout);
    }
  }

  function loop() {
    if (stopped) return;
    void check().finally(() => {
      if (stopped) return;
      timer = setTimeout(loop, intervalMs);
      timer.unref();
    });
  }

  return {
    /** Starts probing at once, then every intervalMs. */
    start: () => {
      if (options.probe) loop();
    },
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
    check,
    state: () => state,
    reachable: () => state.reachable === true,
    markMigrated: () => {
      migrated = true;
    },
    /** Migrations applied (and the first-start seed done): from then on requests reach Remix. */
    migrated: () => migrated,
    ready: () => migrated && state.reachable === true,
    /** Resolves when the probe next finds the database reachable, or after ms, whichever is first. */
    waitForReachable: (ms: number) =>
      new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(t);
          waiters.delete(wake);
          resolve();
        };
        const t = setTimeout(wake, ms);
        waiters.add(wake);
      }),
    /** /healthz's body: the process is alive, and what it knows of the database. */
    livenessText: () => `ok\ndatabase: ${databaseLine(state)}\n`,
    /** /healthz/ready: ready, or why not. */
    readiness: (): { ready: boolean; text: string } => {
      if (state.reachable !== true) return { ready: false, text: `not ready: database ${databaseLine(state)}\n` };
      if (!migrated) return { ready: false, text: "not ready: preparing the database (migrations, first-start seed)\n" };
      return { ready: true, text: "ready\n" };
    },
  };
}

function databaseLine(state: DatabaseState) {
  if (state.reachable === null) return "not checked yet";
  if (state.reachable) return "reachable";
  return `unreachable since ${state.since.toISOString()}: ${state.reason ?? "unknown"}`;
}
