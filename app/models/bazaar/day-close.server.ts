import { aliasedTable, and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db, Executor } from "~db/client.server";
import { dayCloses, events, posDevices, posSales, posSetAsideSales, users, type UserRole } from "~db/schema";
import { daysBetween, jakartaDate } from "~/domain/bazaar/business-date";
import { closeIsBlocked, closeOfDay, deviceGaps, type DaySale, type DenominationCount } from "~/domain/bazaar/close-of-day";
import { formatMoney, money } from "~/domain/money/money";
import { isRefusal, Refusal } from "~/domain/platform/refusal";
import { recordAudit, type Actor } from "~/models/platform/audit.server";
import { PG, pgErrorCode } from "~/utils/pg-errors.server";

/**
 * The close of a bazaar day across every till at the event (issue 12.4): the day's totals by payment method, the
 * tills that still hold sales or miss numbers, and the counted drawer against the expected cash. The close is
 * one row per event and Jakarta day; the unique key and the CHECKs in db/schema/bazaar.ts are the last word.
 */

const ENTITY = "day_close";
/** Who may close a day that a till still blocks: a supervisor, never the till's own user. */
const SUPERVISORS: readonly UserRole[] = ["staff", "admin"];

type EventDays = { id: number; startsOn: string; endsOn: string; openingFloatMinor: number; status: "planned" | "open" | "closed" };

const eventColumns = { id: events.id, startsOn: events.startsOn, endsOn: events.endsOn, openingFloatMinor: events.openingFloatMinor, status: events.status };

const alreadyClosed = (businessDate: string) => Refusal.conflict(`${businessDate} is already closed. A day is closed once; the close below is the one on record.`);

/** The day's sales by payment method, summed by the database: one row per method that sold. */
async function methodTotals(db: Executor, { eventId, businessDate }: { eventId: number; businessDate: string }) {
  const rows = await db
    .select({ paymentMethod: posSales.paymentMethod, count: sql<number>`count(*)::int`, totalMinor: sql<string>`coalesce(sum(${posSales.totalMinor}), 0)::bigint` })
    .from(posSales)
    .where(and(eq(posSales.eventId, eventId), eq(posSales.businessDate, businessDate)))
    .groupBy(posSales.paymentMethod);
  const perMethod: DaySale[] = rows.map((r) => ({ paymentMethod: r.paymentMethod, totalMinor: Number(r.totalMinor) }));
  return { perMethod, saleCount: rows.reduce((n, r) => n + Number(r.count), 0) };
}

/**
 * Every till that sold at the event or is registered to it, with its gaps over all of its numbers: a sequence is
 * the device's own, wherever it sold, and a set-aside sale still used its number.
 */
async function eventDevices(db: Executor, { eventId }: { eventId: number }) {
  const soldHere = db.selectDistinct({ deviceId: posSales.deviceId }).from(posSales).where(eq(posSales.eventId, eventId));
  const registered = db.select({ deviceId: posDevices.id }).from(posDevices).where(eq(posDevices.eventId, eventId));
  const ids = [...new Set([...(await soldHere), ...(await registered)].map((d) => d.deviceId))];
  if (!ids.length) return [];
  const [states, sold, setAside] = await Promise.all([
    db.select({ id: posDevices.id, label: posDevices.label, issuedSeq: posDevices.issuedSeq, pendingCount: posDevices.pendingCount, lastSyncAt: posDevices.lastSyncAt }).from(posDevices).where(inArray(posDevices.id, ids)),
    db.select({ deviceId: posSales.deviceId, seq: posSales.deviceSeq }).from(posSales).where(inArray(posSales.deviceId, ids)),
    db.select({ deviceId: posSetAsideSales.deviceId, seq: posSetAsideSales.deviceSeq }).from(posSetAsideSales).where(and(inArray(posSetAsideSales.deviceId, ids), isNotNull(posSetAsideSales.deviceSeq))),
  ]);
  const stateOf = new Map(states.map((s) => [s.id, s]));
  const seqsOf = new Map<string, number[]>();
  for (const { deviceId, seq } of [...sold, ...setAside]) {
    if (seq === null) continue;
    const list = seqsOf.get(deviceId);
    if (list) list.push(seq);
    else seqsOf.set(deviceId, [seq]);
  }
  return ids
    .map((deviceId) => {
      const state = stateOf.get(deviceId);
      const gaps = deviceGaps({ deviceId, label: state?.label ?? "", pendingCount: state?.pendingCount ?? 0, issuedSeq: state?.issuedSeq ?? 0, seenSeqs: seqsOf.get(deviceId) ?? [] });
      return { ...gaps, lastSyncAt: state?.lastSyncAt ?? null, highestSeen: (seqsOf.get(deviceId) ?? []).reduce((a, b) => Math.max(a, b), 0) };
    })
    .sort((a, b) => (a.label || a.deviceId).localeCompare(b.label || b.deviceId));
}

const closedBy = aliasedTable(users, "closed_by_user");
const overriddenBy = aliasedTable(users, "overridden_by_user");

async function findClose(db: Executor, { eventId, businessDate }: { eventId: number; businessDate: string }) {
  const [close] = await db
    .select({ close: dayCloses, closedByName: closedBy.name, overriddenByName: overriddenBy.name })
    .from(dayCloses)
    .leftJoin(closedBy, eq(closedBy.id, dayCloses.closedBy))
    .leftJoin(overriddenBy, eq(overriddenBy.id, dayCloses.overriddenBy))
    .where(and(eq(dayCloses.eventId, eventId), eq(dayCloses.businessDate, businessDate)));
  return close ?? null;
}

async function readSheet(db: Executor, event: EventDays, businessDate: string) {
  const [{ perMethod, saleCount }, devices, close] = await Promise.all([methodTotals(db, { eventId: event.id, businessDate }), eventDevices(db, { eventId: event.id }), findClose(db, { eventId: event.id, businessDate })]);
  const totals = { ...closeOfDay({ openingFloatMinor: event.openingFloatMinor, sales: perMethod, counted: {} }), saleCount };
  return { event, businessDate, totals, perMethod, devices, blocked: closeIsBlocked(devices), close: close && describeClose(close, totals) };
}

/**
 * A close with what came after it. Sales are never taken back, so whatever the day holds beyond what the close
 * counted arrived later, from a till that synced after it: staff need to see those, not have them folded in.
 */
function describeClose(found: NonNullable<Awaited<ReturnType<typeof findClose>>>, now: { saleCount: number; totalMinor: number }) {
  const { close } = found;
  const countedTotal = close.cashSalesMinor + close.qrisMinor + close.cardMinor + close.transferMinor;
  return {
    ...close,
    differenceMinor: close.countedCashMinor - close.expectedCashMinor,
    closedByName: found.closedByName,
    overriddenByName: found.overriddenByName,
    lateSaleCount: Math.max(0, now.saleCount - close.saleCount),
    lateTotalMinor: Math.max(0, now.totalMinor - countedTotal),
  };
}

async function findEvent(db: Executor, eventId: number): Promise<EventDays> {
  const [event] = await db.select(eventColumns).from(events).where(eq(events.id, eventId));
  if (!event) throw Refusal.notFound("There is no such event.");
  return event;
}

/**
 * Refuses a day that has not come yet in Jakarta, and a day the event was not on unless something happened on it:
 * a till with a wrong clock, or an event whose dates were edited after it sold, still has its sales closed.
 */
async function checkDay(db: Executor, event: EventDays, businessDate: string, now: Date) {
  if (businessDate > jakartaDate(now)) throw Refusal.invalid(`${businessDate} has not come yet in Jakarta, so it cannot be closed.`, { field: "day" });
  if (businessDate >= event.startsOn && businessDate <= event.endsOn) return;
  const [sold] = await db.select({ id: posSales.id }).from(posSales).where(and(eq(posSales.eventId, event.id), eq(posSales.businessDate, businessDate))).limit(1);
  const [closed] = sold ? [sold] : await db.select({ id: dayCloses.id }).from(dayCloses).where(and(eq(dayCloses.eventId, event.id), eq(dayCloses.businessDate, businessDate))).limit(1);
  if (!closed) throw Refusal.invalid(`The event runs from ${event.startsOn} to ${event.endsOn}; ${businessDate} is not one of its days.`, { field: "day" });
}

/** The close sheet of one event day: its totals, the tills and what blocks them, and the close if there is one. */
export async function getDayCloseSheet(db: Executor, { eventId, businessDate, now = new Date() }: { eventId: number; businessDate: string; now?: Date }) {
  const event = await findEvent(db, eventId);
  await checkDay(db, event, businessDate, now);
  return readSheet(db, event, businessDate);
}
export type DayCloseSheet = Awaited<ReturnType<typeof getDayCloseSheet>>;

/** One row per event day: closed or not, and expected against counted cash; days not yet come are marked so. */
export async function listEventDays(db: Executor, { eventId, now = new Date() }: { eventId: number; now?: Date }) {
  const event = await findEvent(db, eventId);
  const [closes, sales] = await Promise.all([
    db
      .select({ businessDate: dayCloses.businessDate, expectedCashMinor: dayCloses.expectedCashMinor, countedCashMinor: dayCloses.countedCashMinor, saleCount: dayCloses.saleCount, overridden: sql<boolean>`${dayCloses.overrideReason} is not null` })
      .from(dayCloses)
      .where(eq(dayCloses.eventId, eventId)),
    db
      .select({ businessDate: posSales.businessDate, count: sql<number>`count(*)::int`, totalMinor: sql<string>`coalesce(sum(${posSales.totalMinor}), 0)::bigint` })
      .from(posSales)
      .where(eq(posSales.eventId, eventId))
      .groupBy(posSales.businessDate),
  ]);
  const closeOn = new Map(closes.map((c) => [c.businessDate, c]));
  const salesOn = new Map(sales.map((s) => [s.businessDate, { count: Number(s.count), totalMinor: Number(s.totalMinor) }]));
  const today = jakartaDate(now);
  // The event's own days, and any other day that has sales or a close (a till's wrong clock, dates edited later).
  const eventDays = new Set(daysBetween(event.startsOn, event.endsOn));
  const allDays = [...new Set([...eventDays, ...salesOn.keys(), ...closeOn.keys()])].sort();
  const days = allDays.map((businessDate) => {
    const close = closeOn.get(businessDate);
    return {
      businessDate,
      outsideEvent: !eventDays.has(businessDate),
      upcoming: businessDate > today,
      sales: salesOn.get(businessDate) ?? { count: 0, totalMinor: 0 },
      close: close ? { ...close, differenceMinor: close.countedCashMinor - close.expectedCashMinor } : null,
    };
  });
  return { event, days, allClosed: days.every((d) => d.close !== null), lastDayPassed: event.endsOn < today };
}
export type EventDaysList = Awaited<ReturnType<typeof listEventDays>>;

export type RecordDayCloseInput = {
  eventId: number;
  businessDate: string;
  openingFloatMinor: number;
  counted: DenominationCount;
  notes: string;
  overrideReason?: string;
  actor: Actor;
  actorRole: UserRole;
  now?: Date;
};

/**
 * Closes an event day, all or nothing: lock the event, recount the day inside the transaction (a till may have
 * synced since the sheet was opened), refuse a blocked close without a supervisor's reason and a difference
 * without a note, then write the close and its audit entry. A second close of the day is a conflict.
 */
export async function recordDayClose(db: Db, input: RecordDayCloseInput) {
  const now = input.now ?? new Date();
  const notes = input.notes.trim();
  const overrideReason = input.overrideReason?.trim() ?? "";
  try {
    return await db.transaction(async (tx) => {
      const [event] = await tx.select(eventColumns).from(events).where(eq(events.id, input.eventId)).for("update");
      if (!event) throw Refusal.notFound("There is no such event.");
      await checkDay(tx, event, input.businessDate, now);
      const sheet = await readSheet(tx, event, input.businessDate);
      if (sheet.close) throw alreadyClosed(input.businessDate);

      if (sheet.blocked) {
        const holding = sheet.devices.filter((d) => d.waiting > 0 || d.missingCount > 0).map((d) => d.label || d.deviceId);
        if (!overrideReason) {
          throw Refusal.conflict(`The close is blocked: ${holding.join(", ")} still ${holding.length === 1 ? "holds" : "hold"} unsynced sales or ${holding.length === 1 ? "misses" : "miss"} sale numbers. Sync the tills first, or a supervisor closes it with a reason.`, { field: "overrideReason" });
        }
        if (!SUPERVISORS.includes(input.actorRole)) throw Refusal.forbidden("Only a supervisor (staff) can close a day that a till still blocks. Ask one to close it with a reason.", { field: "overrideReason" });
      }

      let close: ReturnType<typeof closeOfDay>;
      try {
        close = closeOfDay({ openingFloatMinor: input.openingFloatMinor, sales: sheet.perMethod, counted: input.counted });
      } catch (error) {
        if (error instanceof RangeError) throw Refusal.invalid(error.message);
        throw error;
      }
      if (close.differenceMinor !== 0 && !notes) throw Refusal.invalid("The counted cash differs from the expected cash. Say why in the notes.", { field: "notes" });
      // The float is part of what the drawer must hold: one other than the event's own could hide missing cash.
      if (close.openingFloatMinor !== event.openingFloatMinor && !notes) {
        throw Refusal.invalid(`The opening float differs from the event's float of ${formatMoney(money(event.openingFloatMinor, "IDR"))}. Say why in the notes.`, { field: "notes" });
      }

      const override = sheet.blocked ? overrideReason : null;
      const [row] = await tx
        .insert(dayCloses)
        .values({
          eventId: event.id,
          businessDate: input.businessDate,
          openingFloatMinor: close.openingFloatMinor,
          cashSalesMinor: close.cashSalesMinor,
          expectedCashMinor: close.expectedCashMinor,
          countedCashMinor: close.countedCashMinor,
          denominations: input.counted,
          qrisMinor: close.qrisMinor,
          cardMinor: close.cardMinor,
          transferMinor: close.transferMinor,
          saleCount: sheet.totals.saleCount,
          notes,
          overrideReason: override,
          overriddenBy: override ? input.actor.userId : null,
          closedBy: input.actor.userId,
          createdAt: now,
        })
        .returning({ id: dayCloses.id });
      await recordAudit(tx, {
        userId: input.actor.userId,
        action: override ? "close_day_override" : "close_day",
        entityType: ENTITY,
        entityId: `${event.id}:${input.businessDate}`,
        changes: { expectedCashMinor: close.expectedCashMinor, countedCashMinor: close.countedCashMinor, differenceMinor: close.differenceMinor, saleCount: sheet.totals.saleCount, overrideReason: override, blockedBy: sheet.devices.filter((d) => d.waiting > 0 || d.missingCount > 0).map((d) => d.deviceId) },
        ip: input.actor.ip,
      });
      return { id: row!.id, differenceMinor: close.differenceMinor, overridden: override !== null };
    });
  } catch (error) {
    // Two tills closing the same day at once: the unique key keeps one close, and the other hears why.
    if (!isRefusal(error) && pgErrorCode(error) === PG.uniqueViolation) throw alreadyClosed(input.businessDate);
    throw error;
  }
}
