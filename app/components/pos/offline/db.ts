import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import { monotonicFactory } from "ulid";
import type { PosSaleInput, SequenceGaps } from "~/domain/bazaar/sale-input";
import type { PosCatalog } from "~/models/bazaar/pos-catalog.server";
import { receiptPrinciple } from "../cart";
import type { Locale } from "../messages";

/**
 * The till's memory (IndexedDB through `idb`): once an event is chosen this, not the page's loader data, is the
 * truth, because an offline reload serves the page's HTML from the service worker's cache with stale data in it.
 */

export type TillSale = PosSaleInput;

/** The device's own facts, kept as one record so a sale reads and bumps them in one transaction. */
export type DeviceMeta = {
  key: "device";
  deviceId: string;
  deviceLabel: string;
  /** The last sequence number given to a sale; the next sale gets seq + 1. */
  seq: number;
  eventId: number | null;
  lastSyncAt: string | null;
  locale: Locale | null;
  /**
   * This till's sale numbers the server never received, as of the last sync, less those still in the outbox:
   * a sale lost on the device. Absent on a device that has not synced since this was added.
   */
  gaps?: SequenceGaps;
};

export type OutboxEntry = { clientSaleId: string; eventId: number; sale: TillSale };

export type ReceiptLine = { variantId: number; name: string; variantLabel: string; producerGroup: string; quantity: number; unitPriceMinor: number };

export type SaleStatus = "waiting" | "recorded" | "set_aside";

export type HistoryEntry = {
  clientSaleId: string;
  eventId: number;
  eventName: string;
  deviceLabel: string;
  sale: TillSale;
  lines: ReceiptLine[];
  status: SaleStatus;
};

export type SetAsideEntry = { clientSaleId: string; eventId: number; deviceSeq: number; soldAt: string; totalMinor: number; reason: string; setAsideAt: string };

interface TillSchema extends DBSchema {
  meta: { key: string; value: DeviceMeta };
  catalog: { key: number; value: PosCatalog };
  outbox: { key: string; value: OutboxEntry; indexes: { bySeq: number } };
  history: { key: string; value: HistoryEntry; indexes: { bySoldAt: string } };
  setAside: { key: string; value: SetAsideEntry };
}

export type TillDb = IDBPDatabase<TillSchema>;

export const TILL_DB_NAME = "kriya-pos";
/** The history keeps the last few hundred sales: enough for a busy day, small enough to list at once. */
export const HISTORY_LIMIT = 500;

export function openTillDb(name = TILL_DB_NAME): Promise<TillDb> {
  return openDB<TillSchema>(name, 1, {
    upgrade(db) {
      db.createObjectStore("meta", { keyPath: "key" });
      db.createObjectStore("catalog", { keyPath: "event.id" });
      db.createObjectStore("outbox", { keyPath: "clientSaleId" }).createIndex("bySeq", "sale.deviceSeq");
      db.createObjectStore("history", { keyPath: "clientSaleId" }).createIndex("bySoldAt", "sale.soldAt");
      db.createObjectStore("setAside", { keyPath: "clientSaleId" });
    },
  });
}

/** The device record, made on first use: its id stays for the life of the install. */
export async function loadDevice(db: TillDb): Promise<DeviceMeta> {
  const tx = db.transaction("meta", "readwrite");
  const found = await tx.store.get("device");
  if (found) {
    await tx.done;
    return found;
  }
  const deviceId = crypto.randomUUID();
  const device: DeviceMeta = {
    key: "device",
    deviceId,
    deviceLabel: `KASIR-${deviceId.slice(0, 4).toUpperCase()}`,
    seq: 0,
    eventId: null,
    lastSyncAt: null,
    locale: null,
  };
  await tx.store.put(device);
  await tx.done;
  return device;
}

export async function updateDevice(db: TillDb, change: Partial<Omit<DeviceMeta, "key" | "deviceId" | "seq">>): Promise<DeviceMeta> {
  const tx = db.transaction("meta", "readwrite");
  const current = await tx.store.get("device");
  if (!current) throw new Error("The till's device record is missing");
  const next = { ...current, ...change };
  await tx.store.put(next);
  await tx.done;
  return next;
}

/**
 * Keeps the server's catalogue with the device's own unsynced sales still taken off: the server has not seen
 * them yet, so its stock counts them as still on the shelf.
 */
export async function storeCatalog(db: TillDb, catalog: PosCatalog): Promise<PosCatalog> {
  const tx = db.transaction(["catalog", "outbox"], "readwrite");
  const waiting = await tx.objectStore("outbox").getAll();
  const held = new Map<number, number>();
  for (const entry of waiting) {
    if (entry.eventId !== catalog.event.id) continue;
    for (const line of entry.sale.lines) held.set(line.variantId, (held.get(line.variantId) ?? 0) + line.quantity);
  }
  const adjusted = { ...catalog, pieces: catalog.pieces.map((piece) => ({ ...piece, onHand: piece.onHand - (held.get(piece.variantId) ?? 0) })) };
  await tx.objectStore("catalog").put(adjusted);
  await tx.done;
  return adjusted;
}

export function readCatalog(db: TillDb, eventId: number): Promise<PosCatalog | undefined> {
  return db.get("catalog", eventId);
}

const nextSaleId = monotonicFactory();

export type NewSale = {
  eventId: number;
  lines: ReceiptLine[];
  paymentMethod: TillSale["paymentMethod"];
  paymentReference: string;
  tenderedMinor?: number;
  offline: boolean;
  now?: Date;
};

/**
 * Rings up a sale in ONE IndexedDB transaction: the device's next sequence number, the sale in the outbox and the
 * history, and the event's stock on the device taken down. Either all of it is stored or none.
 */
export async function recordSale(db: TillDb, input: NewSale): Promise<HistoryEntry> {
  const tx = db.transaction(["meta", "outbox", "history", "catalog"], "readwrite");
  const meta = tx.objectStore("meta");
  const catalogStore = tx.objectStore("catalog");
  const [device, catalog] = await Promise.all([meta.get("device"), catalogStore.get(input.eventId)]);
  if (!device) throw new Error("The till's device record is missing");
  const now = input.now ?? new Date();
  const deviceSeq = device.seq + 1;
  const totalMinor = input.lines.reduce((sum, line) => sum + line.quantity * line.unitPriceMinor, 0);
  const cash = input.paymentMethod === "cash";
  const sale: TillSale = {
    clientSaleId: nextSaleId(now.getTime()),
    deviceSeq,
    soldAt: now.toISOString(),
    paymentMethod: input.paymentMethod,
    paymentReference: input.paymentReference.trim(),
    offline: input.offline,
    lines: input.lines.map(({ variantId, quantity, unitPriceMinor }) => ({ variantId, quantity, unitPriceMinor })),
    totalMinor,
    ...(cash ? { tenderedMinor: input.tenderedMinor ?? totalMinor, changeMinor: (input.tenderedMinor ?? totalMinor) - totalMinor } : {}),
    receiptPrinciple: receiptPrinciple(deviceSeq),
  };
  const entry: HistoryEntry = {
    clientSaleId: sale.clientSaleId,
    eventId: input.eventId,
    eventName: catalog?.event.name ?? "",
    deviceLabel: device.deviceLabel,
    sale,
    lines: input.lines,
    status: "waiting",
  };
  const writes: Promise<unknown>[] = [
    meta.put({ ...device, seq: deviceSeq }),
    tx.objectStore("outbox").put({ clientSaleId: sale.clientSaleId, eventId: input.eventId, sale }),
    tx.objectStore("history").put(entry),
  ];
  if (catalog) {
    const sold = new Map(input.lines.map((line) => [line.variantId, line.quantity]));
    writes.push(catalogStore.put({ ...catalog, pieces: catalog.pieces.map((piece) => ({ ...piece, onHand: piece.onHand - (sold.get(piece.variantId) ?? 0) })) }));
  }
  await Promise.all([...writes, tx.done]);
  return entry;
}

/** The oldest waiting sales of one event (the one of the oldest sale), in the order the device rang them up. */
export async function nextBatch(db: TillDb, limit: number): Promise<{ eventId: number; entries: OutboxEntry[]; waiting: number } | null> {
  const all = await db.getAllFromIndex("outbox", "bySeq");
  const first = all[0];
  if (!first) return null;
  const entries = all.filter((entry) => entry.eventId === first.eventId).slice(0, limit);
  return { eventId: first.eventId, entries, waiting: all.length };
}

export function countWaiting(db: TillDb): Promise<number> {
  return db.count("outbox");
}

export type SettledSale = { clientSaleId: string; status: "recorded" | "duplicate" } | { clientSaleId: string; status: "set_aside"; reason: string };

/**
 * The server's holes in this till's numbers that are truly lost: a number still in the outbox (of another event,
 * or beyond this batch) is only waiting. The count drops by the listed numbers found waiting.
 */
export function lostNumbers(server: SequenceGaps, waitingSeqs: ReadonlySet<number>): SequenceGaps {
  const missing = server.missing.filter((seq) => !waitingSeqs.has(seq));
  return { missing, missingCount: Math.max(missing.length, server.missingCount - (server.missing.length - missing.length)) };
}

/**
 * Applies the server's answers in one transaction: what it took leaves the outbox, what it set aside is kept with
 * its reason, and the server's view of this till's missing numbers is kept (less what still waits) for the status bar.
 */
export async function settleSales(db: TillDb, settled: readonly SettledSale[], syncedAt: string, serverGaps?: SequenceGaps): Promise<DeviceMeta | undefined> {
  const tx = db.transaction(["meta", "outbox", "history", "setAside"], "readwrite");
  const outbox = tx.objectStore("outbox");
  const history = tx.objectStore("history");
  const writes: Promise<unknown>[] = [];
  for (const outcome of settled) {
    const entry = await outbox.get(outcome.clientSaleId);
    if (!entry) continue;
    writes.push(outbox.delete(outcome.clientSaleId));
    const status: SaleStatus = outcome.status === "set_aside" ? "set_aside" : "recorded";
    if (outcome.status === "set_aside") {
      writes.push(
        tx.objectStore("setAside").put({
          clientSaleId: outcome.clientSaleId,
          eventId: entry.eventId,
          deviceSeq: entry.sale.deviceSeq,
          soldAt: entry.sale.soldAt,
          totalMinor: entry.sale.totalMinor,
          reason: outcome.reason,
          setAsideAt: syncedAt,
        }),
      );
    }
    const past = await history.get(outcome.clientSaleId);
    if (past) writes.push(history.put({ ...past, status }));
  }
  const meta = tx.objectStore("meta");
  const device = await meta.get("device");
  let next: DeviceMeta | undefined;
  if (device) {
    const settledIds = new Set(settled.map((s) => s.clientSaleId));
    const waitingSeqs = new Set((await outbox.getAll()).filter((e) => !settledIds.has(e.clientSaleId)).map((e) => e.sale.deviceSeq));
    next = { ...device, lastSyncAt: syncedAt, ...(serverGaps ? { gaps: lostNumbers(serverGaps, waitingSeqs) } : {}) };
    writes.push(meta.put(next));
  }
  await Promise.all([...writes, tx.done]);
  return next;
}

/** The newest sales first, and the history trimmed to its limit. */
export async function readHistory(db: TillDb): Promise<HistoryEntry[]> {
  const tx = db.transaction("history", "readwrite");
  const newestFirst: HistoryEntry[] = [];
  let cursor = await tx.store.index("bySoldAt").openCursor(null, "prev");
  while (cursor) {
    if (newestFirst.length < HISTORY_LIMIT) newestFirst.push(cursor.value);
    else await cursor.delete();
    cursor = await cursor.continue();
  }
  await tx.done;
  return newestFirst;
}

export function readSetAside(db: TillDb): Promise<SetAsideEntry[]> {
  return db.getAll("setAside");
}
