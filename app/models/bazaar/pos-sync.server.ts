import { createHash } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { events, exchangeRates, posDevices, posSaleLines, posSales, posSetAsideSales, products, turnoverEntries, variants } from "~db/schema";
import { jakartaDate } from "~/domain/bazaar/business-date";
import { listHoles } from "~/domain/bazaar/close-of-day";
import { describeSaleError, posSaleSchema, type PosSaleInput, type SaleOutcome, type SequenceGaps, type SyncBatch, type SyncResponse } from "~/domain/bazaar/sale-input";
import { producerShares } from "~/domain/impact/turnover";
import { convertToUsd, formatMoney, money } from "~/domain/money/money";
import { Refusal } from "~/domain/platform/refusal";
import { recordMovements } from "~/models/stock/ledger.server";
import { PG, pgErrorCode } from "~/utils/pg-errors.server";

/**
 * The server side of the till's sync (docs: layout of the bazaar feature). Each sale is recorded on its own, in
 * its own transaction, exactly once by its ULID (the unique key on client_sale_id): a crash mid-batch loses
 * nothing that committed, and the device resends the rest. A sale that cannot be recorded as sent is set aside
 * whole with its reason, never dropped and never blocking the others.
 */

/** `supervisor` (staff, admin) may sync a till someone else registered, to rescue its sales when they are away. */
export type SyncUser = { id: number; supervisor?: boolean };

/** A sale may be rung up on a till whose clock runs a little fast, but not a day ahead. */
const MAX_CLOCK_AHEAD_MS = 24 * 60 * 60 * 1000;
const INT4_MAX = 2_147_483_647;
/** No till writes a sale before this; one timed earlier comes from a clock that was reset (1970, year 1). */
const EARLIEST_SALE = Date.parse("2020-01-01T00:00:00Z");
/**
 * A real sale nests four levels (sale, lines, line, value). Anything deeper than this is cut, so hashing and
 * storing a sale never recurses without bound, whatever the till sent.
 */
const MAX_SALE_DEPTH = 16;
const TOO_DEEP = "[too deep]";

type SaleEvent = { id: number; locationId: number };
type Pieces = Map<number, { producerId: number }>;
type Recorded = { status: "recorded"; saleId: number; shortfall: boolean } | { status: "duplicate" } | { status: "id_taken"; reason: string };

export async function recordSyncBatch(db: Executor, input: { batch: SyncBatch; user: SyncUser; now?: Date }): Promise<SyncResponse> {
  const { batch, user } = input;
  const now = input.now ?? new Date();
  const [event] = await db.select({ id: events.id, locationId: events.locationId }).from(events).where(eq(events.id, batch.eventId));
  if (!event) throw Refusal.notFound("There is no such event. Choose the event again on the till; its sales stay on the device.");
  const [rate] = await db.select({ perUsdMicros: exchangeRates.perUsdMicros }).from(exchangeRates).where(eq(exchangeRates.currency, "IDR"));
  if (!rate) throw Refusal.unavailable("No rupiah exchange rate is set, so sales cannot be counted as turnover yet. The sales stay on the device.");

  await registerDevice(db, { batch, event, user, now });

  const parsed = batch.sales.map((raw) => {
    const kept = storableCopy(raw);
    return { raw, kept, result: kept.tooDeep ? null : posSaleSchema.safeParse(raw) };
  });
  const pieces = await readPieces(db, parsed.flatMap((p) => (p.result?.success ? p.result.data.lines.map((l) => l.variantId) : [])));

  const outcomes: SaleOutcome[] = [];
  for (const { raw, kept, result } of parsed) {
    const setAside = (reason: string) => setAsideSale(db, { batch, raw, kept: kept.value, reason, user }).then(() => ({ clientSaleId: readableSaleId(raw), status: "set_aside" as const, reason }));
    if (!result) {
      outcomes.push(await setAside("The sale could not be read: nested too deeply"));
      continue;
    }
    if (!result.success) {
      outcomes.push(await setAside(isRecord(raw) ? describeSaleError(result.error) : "The sale could not be read: it is not a JSON object"));
      continue;
    }
    const sale = result.data;
    const problem = saleProblem(sale, pieces, now);
    if (problem) {
      outcomes.push(await setAside(problem));
      continue;
    }
    try {
      const recorded = await recordSale(db, { sale, batch, event, pieces, perUsdMicros: rate.perUsdMicros, user, now });
      outcomes.push(recorded.status === "id_taken" ? await setAside(recorded.reason) : { clientSaleId: sale.clientSaleId, ...recorded });
    } catch (error) {
      // The same sale sent twice at the same moment can lose the race on its till's sequence number before its
      // id (PostgreSQL checks the other unique key first): once the winner committed, it is the duplicate it is.
      if (pgErrorCode(error) === PG.uniqueViolation && constraintOf(error) === "pos_sale_device_seq") {
        const [stored] = await db.select({ id: posSales.id }).from(posSales).where(eq(posSales.clientSaleId, sale.clientSaleId));
        if (stored) {
          const again = await sameSaleAgain(db, { sale, deviceId: batch.deviceId });
          outcomes.push(again.status === "id_taken" ? await setAside(again.reason) : { clientSaleId: sale.clientSaleId, ...again });
          continue;
        }
      }
      const reason = await dataProblem(db, { error, sale, deviceId: batch.deviceId });
      if (reason === null) throw error;
      outcomes.push(await setAside(reason));
    }
  }
  return {
    outcomes,
    recorded: outcomes.filter((o) => o.status === "recorded").length,
    duplicates: outcomes.filter((o) => o.status === "duplicate").length,
    setAside: outcomes.filter((o) => o.status === "set_aside").length,
    syncedAt: now.toISOString(),
    gaps: await readSequenceGaps(db, { deviceId: batch.deviceId }),
  };
}

/**
 * The holes in a till's numbers, as the close of day sees them (day-close.server.ts): every number below the
 * highest one seen from it, recorded or set aside, that never arrived. Read after the batch, so sending the same
 * outbox again answers the same; one index range scan on pos_sale_device_seq, not a count up to the highest.
 */
async function readSequenceGaps(db: Executor, { deviceId }: { deviceId: string }): Promise<SequenceGaps> {
  const holes = await db
    .select({ first: sql<number>`first_missing::int`, last: sql<number>`last_missing::int` })
    .from(sql`(
      select prev + 1 as first_missing, seq - 1 as last_missing
      from (select seq, lag(seq, 1, 0) over (order by seq) as prev
            from (select ${posSales.deviceSeq} as seq from ${posSales} where ${posSales.deviceId} = ${deviceId}
                  union
                  select ${posSetAsideSales.deviceSeq} from ${posSetAsideSales} where ${posSetAsideSales.deviceId} = ${deviceId} and ${posSetAsideSales.deviceSeq} >= 1) as seen) as runs
      where seq - prev > 1) as holes`)
    .orderBy(sql`first_missing`);
  return listHoles(holes.map((h) => ({ first: Number(h.first), last: Number(h.last) })));
}

/**
 * The till reports how far it has numbered and what still waits on it; the close reads both, as last reported.
 * A device id belongs to the user who first synced it (a supervisor may sync it too, without taking it over), so
 * no other till user can report for it. The issued number is believed only as far as the sales the server has
 * seen from it, plus those it says wait and those in this batch: a report can't claim sales it will never send.
 */
async function registerDevice(db: Executor, input: { batch: SyncBatch; event: SaleEvent; user: SyncUser; now: Date }) {
  const { batch, event, user, now } = input;
  const highestSeen = sql`greatest(
    (select max(${posSales.deviceSeq}) from ${posSales} where ${posSales.deviceId} = ${batch.deviceId}),
    (select max(${posSetAsideSales.deviceSeq}) from ${posSetAsideSales} where ${posSetAsideSales.deviceId} = ${batch.deviceId}),
    0
  )::bigint`;
  const issuedSeq = sql`least(${batch.issuedSeq}::bigint, ${highestSeen} + ${batch.pendingCount + batch.sales.length}::bigint)`;
  const registered = await db
    .insert(posDevices)
    .values({ id: batch.deviceId, eventId: event.id, userId: user.id, label: printable(batch.deviceLabel), issuedSeq, pendingCount: batch.pendingCount, lastSyncAt: now })
    .onConflictDoUpdate({
      target: posDevices.id,
      set: {
        eventId: event.id,
        userId: sql`coalesce(${posDevices.userId}, excluded.user_id)`,
        label: sql`coalesce(nullif(excluded.label, ''), ${posDevices.label})`,
        issuedSeq: sql`excluded.issued_seq`,
        pendingCount: batch.pendingCount,
        lastSyncAt: now,
      },
      setWhere: user.supervisor ? undefined : sql`${posDevices.userId} is null or ${posDevices.userId} = ${user.id}`,
    })
    .returning({ id: posDevices.id });
  if (!registered.length) throw Refusal.conflict("This till is registered to someone else; sign in as them or reset the till");
}

const printable = (text: string) => text.replace(/[\p{Cc}\p{Cs}]/gu, "");

async function readPieces(db: Executor, variantIds: number[]): Promise<Pieces> {
  const ids = [...new Set(variantIds)];
  if (!ids.length) return new Map();
  const rows = await db.select({ id: variants.id, producerId: products.producerId }).from(variants).innerJoin(products, eq(products.id, variants.productId)).where(inArray(variants.id, ids));
  return new Map(rows.map((r) => [r.id, { producerId: r.producerId }]));
}

/** What the server knows is wrong with a well-formed sale before writing anything, or null. */
function saleProblem(sale: PosSaleInput, pieces: Pieces, now: Date): string | null {
  const unknown = sale.lines.filter((l) => !pieces.has(l.variantId)).map((l) => l.variantId);
  if (unknown.length) return `lines: Unknown piece (variant ${unknown.join(", ")}); it is not in the catalogue`;
  const soldAt = Date.parse(sale.soldAt);
  if (soldAt - now.getTime() > MAX_CLOCK_AHEAD_MS) return "soldAt: The time of sale is more than a day in the future; check the till's clock";
  if (soldAt < EARLIEST_SALE) return `soldAt: The till's clock looks wrong: it timed the sale ${sale.soldAt}, before 2020; set its date and time`;
  return null;
}

/** One sale, all or nothing: the sale, its lines, the stock it took from the event and its turnover. */
async function recordSale(
  db: Executor,
  input: { sale: PosSaleInput; batch: SyncBatch; event: SaleEvent; pieces: Pieces; perUsdMicros: number; user: SyncUser; now: Date },
): Promise<Recorded> {
  const { sale, batch, event, pieces, perUsdMicros, user, now } = input;
  const soldAt = new Date(sale.soldAt);
  const totalUsdMinor = convertToUsd(money(sale.totalMinor, "IDR"), perUsdMicros).amountMinor;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(posSales)
      .values({
        clientSaleId: sale.clientSaleId,
        deviceId: batch.deviceId,
        deviceSeq: sale.deviceSeq,
        eventId: event.id,
        userId: user.id,
        soldAt,
        paymentMethod: sale.paymentMethod,
        paymentReference: sale.paymentReference || null,
        // A static QRIS code tells the till nothing about the payment, and what the device says proves nothing:
        // every QRIS sale waits for staff to match it on the bank statement. `offline` only tells them when it was taken.
        verifiedAt: null,
        verifiedBy: null,
        offline: sale.offline,
        businessDate: jakartaDate(soldAt),
        currency: "IDR",
        totalMinor: sale.totalMinor,
        tenderedMinor: sale.tenderedMinor ?? null,
        changeMinor: sale.paymentMethod === "cash" ? (sale.changeMinor ?? 0) : null,
        receiptPrinciple: sale.receiptPrinciple,
        rateMicros: perUsdMicros,
        totalUsdMinor,
      })
      .onConflictDoNothing({ target: posSales.clientSaleId })
      .returning({ id: posSales.id });
    if (!row) return sameSaleAgain(tx, { sale, deviceId: batch.deviceId });

    await tx.insert(posSaleLines).values(sale.lines.map((l) => ({ saleId: row.id, variantId: l.variantId, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor })));
    const levels = await recordMovements(tx, {
      movements: sale.lines.map((l) => ({ kind: "sale" as const, quantity: l.quantity, fromReservation: false, variantId: l.variantId, locationId: event.locationId, posSaleId: row.id, userId: user.id })),
    });
    const shares = producerShares(
      sale.lines.map((l) => ({ producerId: pieces.get(l.variantId)!.producerId, lineTotalMinor: l.quantity * l.unitPriceMinor })),
      sale.totalMinor,
      totalUsdMinor,
    );
    await tx.insert(turnoverEntries).values(
      shares.map((share) => ({
        channel: "bazaar" as const,
        sourceId: sale.clientSaleId,
        kind: "sale" as const,
        producerId: share.producerId,
        currency: "IDR",
        amountMinor: share.amountMinor,
        rateMicros: perUsdMicros,
        usdMinor: share.usdMinor,
        occurredAt: soldAt,
      })),
    );
    return { status: "recorded" as const, saleId: row.id, shortfall: levels.some((l) => l.shortfall > 0) };
  });
}

/**
 * The sale's ULID is taken. Only the same till resending the same sale (its number and total) is a duplicate the
 * device may drop; anything else may be a real sale of its own, so it is set aside rather than lost.
 */
async function sameSaleAgain(db: Executor, input: { sale: PosSaleInput; deviceId: string }): Promise<Recorded> {
  const { sale, deviceId } = input;
  const [stored] = await db.select({ deviceId: posSales.deviceId, deviceSeq: posSales.deviceSeq, totalMinor: posSales.totalMinor }).from(posSales).where(eq(posSales.clientSaleId, sale.clientSaleId));
  if (!stored) throw new Error(`Sale ${sale.clientSaleId} conflicted on its id but is not there`);
  if (stored.deviceId === deviceId && stored.deviceSeq === sale.deviceSeq && stored.totalMinor === sale.totalMinor) return { status: "duplicate" };
  const which = stored.deviceId !== deviceId ? "rung up on another till" : `number ${stored.deviceSeq} of this till, ${formatMoney(money(stored.totalMinor, "IDR"))}`;
  return { status: "id_taken", reason: `clientSaleId: This sale id is already used by another sale (${which})` };
}

/**
 * Why a sale the database refused is a problem with the sale itself (set it aside), or null for anything else
 * (a lost connection, a deadlock): that must fail the request so the device keeps the sale and retries.
 */
async function dataProblem(db: Executor, input: { error: unknown; sale: PosSaleInput; deviceId: string }): Promise<string | null> {
  const { error, sale, deviceId } = input;
  const code = pgErrorCode(error);
  if (code === PG.uniqueViolation && constraintOf(error) === "pos_sale_device_seq") {
    const [other] = await db.select({ clientSaleId: posSales.clientSaleId }).from(posSales).where(sql`${posSales.deviceId} = ${deviceId} and ${posSales.deviceSeq} = ${sale.deviceSeq}`);
    return `deviceSeq: Sequence number ${sale.deviceSeq} of this till is already used by another sale${other ? ` (${other.clientSaleId})` : ""}`;
  }
  // Class 22 is bad data (a number out of range), class 23 a broken rule (a check, a foreign key).
  if (code?.startsWith("22") || code?.startsWith("23")) return `could not be recorded: ${messageOf(error)}`;
  if (error instanceof Refusal) return `could not be recorded: ${error.message}`;
  return null;
}

function constraintOf(error: unknown): string | undefined {
  for (let e = error as { constraint?: unknown; constraint_name?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    const name = e.constraint_name ?? e.constraint;
    if (typeof name === "string") return name;
  }
  return undefined;
}

/** The database's own sentence, not drizzle's "Failed query: …" wrapper with the SQL in it. */
function messageOf(error: unknown): string {
  let deepest = error as { message?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; deepest?.cause && depth < 5; depth++) deepest = deepest.cause as typeof deepest;
  return typeof deepest?.message === "string" ? deepest.message : String(error);
}

/** Kept whole, once: the same bad sale synced again finds its fingerprint and adds nothing. */
async function setAsideSale(db: Executor, input: { batch: SyncBatch; raw: unknown; kept: unknown; reason: string; user: SyncUser }) {
  const { batch, raw, kept, reason, user } = input;
  await db
    .insert(posSetAsideSales)
    .values({
      fingerprint: saleFingerprint(batch.deviceId, kept),
      deviceId: batch.deviceId,
      eventId: batch.eventId,
      clientSaleId: readableSaleId(raw),
      deviceSeq: readableSeq(raw),
      payload: kept ?? sql`'null'::jsonb`,
      reason,
      userId: user.id,
    })
    .onConflictDoNothing({ target: posSetAsideSales.fingerprint });
}

function saleFingerprint(deviceId: string, kept: unknown): string {
  return createHash("sha256").update(deviceId).update("\n").update(canonicalJson(kept)).digest("hex");
}

/**
 * JSON with object keys sorted at every depth, so the same sale sent with its keys in another order hashes alike.
 * Only ever given a storableCopy, so its recursion is bounded by MAX_SALE_DEPTH.
 */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** NUL, and a surrogate without its pair. */
const unstorable = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * What is kept of a sale the server sets aside: PostgreSQL's jsonb takes neither NUL nor a lone surrogate, so
 * those become U+FFFD rather than lose the sale, and anything nested deeper than MAX_SALE_DEPTH becomes TOO_DEEP
 * (a body of 2 MB could nest a million levels, which no recursion survives). `tooDeep` says whether that happened.
 */
function storableCopy(raw: unknown): { value: unknown; tooDeep: boolean } {
  let tooDeep = false;
  const copy = (value: unknown, depth: number): unknown => {
    if (typeof value === "string") return value.replace(unstorable, "\ufffd");
    if (value === null || typeof value !== "object") return value;
    if (depth > MAX_SALE_DEPTH) {
      tooDeep = true;
      return TOO_DEEP;
    }
    if (Array.isArray(value)) return value.map((item) => copy(item, depth + 1));
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key.replace(unstorable, "\ufffd"), copy(item, depth + 1)]));
  };
  const value = copy(raw, 0);
  return { value, tooDeep };
}

const isRecord = (raw: unknown): raw is Record<string, unknown> => raw !== null && typeof raw === "object" && !Array.isArray(raw);
const fieldOf = (raw: unknown, key: string): unknown => (isRecord(raw) ? raw[key] : undefined);

function readableSaleId(raw: unknown): string | null {
  const id = fieldOf(raw, "clientSaleId");
  return typeof id === "string" && /^[\x20-\x7e]{1,64}$/.test(id) ? id : null;
}

function readableSeq(raw: unknown): number | null {
  const seq = fieldOf(raw, "deviceSeq");
  return typeof seq === "number" && Number.isInteger(seq) && Math.abs(seq) <= INT4_MAX ? seq : null;
}
