import { MAX_SALES_PER_BATCH, type SequenceGaps, type SyncResponse } from "~/domain/bazaar/sale-input";
import type { PosCatalog } from "~/models/bazaar/pos-catalog.server";
import { countWaiting, loadDevice, nextBatch, settleSales, storeCatalog, type SettledSale, type TillDb } from "./db";

/**
 * Sends the outbox to POST /pos/sync, one loop at a time so no sale is ever in two requests at once. Network
 * errors and 5xx back off (1 s doubling to 60 s, with jitter); a 401 stops until the person signs in again and
 * keeps every sale; an `online` event or a new sale syncs at once.
 */

export type SyncProblem = "none" | "retrying" | "signed_out" | "forbidden" | "other_owner";

export type SyncState = {
  syncing: boolean;
  waiting: number;
  lastSyncAt: string | null;
  problem: SyncProblem;
  /** When the next attempt after a failure is due (ISO), for the status bar. */
  retryAt: string | null;
  /** This till's sale numbers the server never received and the device no longer holds, as of the last sync. */
  gaps: SequenceGaps;
};

const noGaps: SequenceGaps = { missing: [], missingCount: 0 };

function isGaps(value: unknown): value is SequenceGaps {
  const gaps = value as Partial<SequenceGaps> | null;
  return typeof gaps === "object" && gaps !== null && Array.isArray(gaps.missing) && gaps.missing.every((n) => Number.isSafeInteger(n)) && Number.isSafeInteger(gaps.missingCount);
}

export const BACKOFF_START_MS = 1_000;
export const BACKOFF_MAX_MS = 60_000;

/** Exponential backoff with "full jitter" between half and all of the step, so many tills don't retry in step. */
export function backoffDelay(failures: number, random: () => number = Math.random): number {
  const step = Math.min(BACKOFF_MAX_MS, BACKOFF_START_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/** Pairs the server's outcomes (in the order sent) with the sales sent; a set-aside sale keeps the id it was sent with. */
export function settledFrom(sentIds: readonly string[], response: SyncResponse): SettledSale[] {
  return response.outcomes.flatMap((outcome, index): SettledSale[] => {
    const clientSaleId = outcome.clientSaleId ?? sentIds[index];
    if (!clientSaleId) return [];
    return outcome.status === "set_aside" ? [{ clientSaleId, status: "set_aside", reason: outcome.reason }] : [{ clientSaleId, status: outcome.status }];
  });
}

function isSyncResponse(body: unknown): body is SyncResponse {
  return typeof body === "object" && body !== null && Array.isArray((body as { outcomes?: unknown }).outcomes);
}

type Outcome = { kind: "sent"; more: boolean } | { kind: "idle" } | { kind: "failed" } | { kind: "stopped"; problem: SyncProblem };

export class SyncClient {
  private state: SyncState;
  private listeners = new Set<(state: SyncState) => void>();
  private running = false;
  private again = false;
  private stopped = false;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly onOnline = () => this.syncNow();

  constructor(
    private readonly db: TillDb,
    private readonly options: { onCatalog?: (catalog: PosCatalog) => void; fetch?: typeof fetch; random?: () => number } = {},
  ) {
    this.state = { syncing: false, waiting: 0, lastSyncAt: null, problem: "none", retryAt: null, gaps: noGaps };
  }

  start(): void {
    window.addEventListener("online", this.onOnline);
    this.syncNow();
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener("online", this.onOnline);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.listeners.clear();
  }

  subscribe(listener: (state: SyncState) => void): () => void {
    this.listeners.add(listener);
    listener(this.state);
    return () => this.listeners.delete(listener);
  }

  getState(): SyncState {
    return this.state;
  }

  /** Starts a sync now, or right after the one running: never two at once. */
  syncNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    // Two tabs of the till share one outbox: a lock across tabs keeps them from sending the same sales at once.
    const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
    void (locks ? locks.request("kriya-pos-sync", () => this.loop()) : this.loop());
  }

  private set(change: Partial<SyncState>) {
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) listener(this.state);
  }

  private async loop(): Promise<void> {
    try {
      do {
        if (this.stopped) return;
        this.again = false;
        const device = await loadDevice(this.db);
        this.set({ syncing: true, waiting: await countWaiting(this.db), lastSyncAt: device.lastSyncAt, gaps: device.gaps ?? this.state.gaps });
        let outcome: Outcome;
        do outcome = await this.sendOne();
        while (outcome.kind === "sent" && outcome.more && !this.stopped);
        if (outcome.kind === "failed") {
          this.failures += 1;
          const delay = backoffDelay(this.failures, this.options.random);
          this.set({ problem: "retrying", retryAt: new Date(Date.now() + delay).toISOString() });
          if (!this.stopped) this.timer = setTimeout(() => this.syncNow(), delay);
        } else if (outcome.kind === "stopped") {
          this.set({ problem: outcome.problem, retryAt: null });
        } else {
          this.failures = 0;
          this.set({ problem: "none", retryAt: null });
          await this.refreshCatalog();
        }
      } while (this.again);
    } finally {
      this.running = false;
      this.set({ syncing: false, waiting: await countWaiting(this.db).catch(() => this.state.waiting) });
    }
  }

  private async sendOne(): Promise<Outcome> {
    const batch = await nextBatch(this.db, MAX_SALES_PER_BATCH);
    if (!batch) return { kind: "idle" };
    const device = await loadDevice(this.db);
    const body = {
      deviceId: device.deviceId,
      deviceLabel: device.deviceLabel,
      eventId: batch.eventId,
      issuedSeq: device.seq,
      pendingCount: batch.waiting - batch.entries.length,
      sales: batch.entries.map((entry) => entry.sale),
    };
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)("/pos/sync", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        credentials: "same-origin",
        body: JSON.stringify(body),
      });
    } catch {
      return { kind: "failed" };
    }
    if (response.status === 401) return { kind: "stopped", problem: "signed_out" };
    if (response.status === 403) return { kind: "stopped", problem: "forbidden" };
    // The till was registered by another cashier: retrying cannot help, a supervisor's sign-in can.
    if (response.status === 409) return { kind: "stopped", problem: "other_owner" };
    if (response.status !== 200 && response.status !== 422) return { kind: "failed" };
    const answer: unknown = await response.json().catch(() => null);
    if (!isSyncResponse(answer)) return { kind: "failed" };
    // A server from before gaps were reported answers without them: the last known gaps stand.
    const stored = await settleSales(this.db, settledFrom(body.sales.map((sale) => sale.clientSaleId), answer), answer.syncedAt, isGaps(answer.gaps) ? answer.gaps : undefined);
    const waiting = await countWaiting(this.db);
    this.set({ waiting, lastSyncAt: answer.syncedAt, problem: "none", retryAt: null, gaps: stored?.gaps ?? this.state.gaps });
    return { kind: "sent", more: waiting > 0 && waiting < batch.waiting };
  }

  /** After a sync the server's stock includes this device's sales and everyone else's: take it in, if online. */
  private async refreshCatalog(): Promise<void> {
    const device = await loadDevice(this.db);
    if (!device.eventId || !navigator.onLine) return;
    const eventId = device.eventId;
    const response = await (this.options.fetch ?? fetch)(`/pos/catalog/${eventId}`, { headers: { Accept: "application/json" }, credentials: "same-origin" }).catch(() => null);
    if (!response?.ok) return;
    const catalog = (await response.json().catch(() => null)) as PosCatalog | null;
    if (catalog?.event.id !== eventId) return;
    this.options.onCatalog?.(await storeCatalog(this.db, catalog));
  }
}

/** The first catalogue for a newly chosen event: it must come from the server. */
export async function fetchCatalog(db: TillDb, eventId: number): Promise<PosCatalog | null> {
  const response = await fetch(`/pos/catalog/${eventId}`, { headers: { Accept: "application/json" }, credentials: "same-origin" }).catch(() => null);
  if (!response?.ok) return null;
  const catalog = (await response.json().catch(() => null)) as PosCatalog | null;
  return catalog?.event.id === eventId ? storeCatalog(db, catalog) : null;
}
