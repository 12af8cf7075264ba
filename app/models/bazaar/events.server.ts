import { and, asc, desc, eq, gt, lt, ne, sql } from "drizzle-orm";
import type { Db, Executor } from "~db/client.server";
import { events, locations, posSales, producerGroups, products, reconciliationTasks, stockLevels, variants } from "~db/schema";
import { jakartaDate } from "~/domain/bazaar/business-date";
import { changeEventStatus, type EventStatus } from "~/domain/bazaar/event-status";
import { slugFrom } from "~/domain/catalog/slug";
import { isRefusal, Refusal } from "~/domain/platform/refusal";
import { recordAudit, type Actor } from "~/models/platform/audit.server";
import { PG, pgErrorCode } from "~/utils/pg-errors.server";

/**
 * Bazaar events in the back office (issue 12.1): each has its own stock location, made with it in one
 * transaction. Status changes lock the event's row and ask the domain (app/domain/bazaar/event-status.ts).
 */

const ENTITY = "event";

/** An event's fields as the form gives them, amounts already in minor units. */
export type EventFields = {
  name: string;
  venue: string;
  city: string;
  startsOn: string;
  endsOn: string;
  openingFloatMinor: number;
  qrisMerchantName: string;
  qrisPayload: string;
};

const slugTaken = (slug: string) => Refusal.conflict(`Another event already uses the web address “${slug}”. Choose another.`, { field: "slug" });

function checkFields(fields: EventFields) {
  if (fields.endsOn < fields.startsOn) throw Refusal.invalid("The last day can't be before the first day.", { field: "endsOn" });
  if (!Number.isSafeInteger(fields.openingFloatMinor) || fields.openingFloatMinor < 0) throw Refusal.invalid("The opening float is a whole amount of rupiah, 0 or more.", { field: "openingFloat" });
}

/** Creates the event and its stock location ("EV-<SLUG>"), both or neither. */
export async function createEvent(db: Db, { fields, slug, actor }: { fields: EventFields; slug?: string; actor: Actor }) {
  checkFields(fields);
  const eventSlug = slug || slugFrom(fields.name);
  try {
    return await db.transaction(async (tx) => {
      const [taken] = await tx.select({ id: events.id }).from(events).where(eq(events.slug, eventSlug));
      if (taken) throw slugTaken(eventSlug);
      const [location] = await tx.insert(locations).values({ code: `EV-${eventSlug.toUpperCase()}`, name: fields.name, kind: "event" }).returning({ id: locations.id });
      const [event] = await tx.insert(events).values({ ...fields, slug: eventSlug, locationId: location!.id }).returning({ id: events.id });
      await recordAudit(tx, { userId: actor.userId, action: "create", entityType: ENTITY, entityId: String(event!.id), changes: { ...fields, slug: eventSlug }, ip: actor.ip });
      return { id: event!.id, slug: eventSlug };
    });
  } catch (error) {
    // Two staff creating the same event at once: the unique keys decide, and the loser hears why.
    if (!isRefusal(error) && pgErrorCode(error) === PG.uniqueViolation) throw slugTaken(eventSlug);
    throw error;
  }
}

async function lockEvent(tx: Executor, id: number) {
  const [event] = await tx.select().from(events).where(eq(events.id, id)).for("update");
  if (!event) throw Refusal.notFound("There is no such event.");
  return event;
}

/** Changes an event's details; its web address and stock location stay as they were made. */
export async function updateEvent(db: Db, { id, fields, actor }: { id: number; fields: EventFields; actor: Actor }) {
  checkFields(fields);
  return db.transaction(async (tx) => {
    const event = await lockEvent(tx, id);
    const changes = Object.fromEntries(Object.entries(fields).filter(([key, value]) => event[key as keyof EventFields] !== value));
    if (!Object.keys(changes).length) return { changed: false };
    await tx.update(events).set({ ...fields, updatedAt: new Date() }).where(eq(events.id, id));
    await recordAudit(tx, { userId: actor.userId, action: "update", entityType: ENTITY, entityId: String(id), changes, ip: actor.ip });
    return { changed: true };
  });
}

/** planned → open → closed, or planned → closed for an event called off before any sale. */
export async function setEventStatus(db: Db, { id, status, actor }: { id: number; status: EventStatus; actor: Actor }) {
  return db.transaction(async (tx) => {
    const event = await lockEvent(tx, id);
    const [sales] = await tx.select({ count: sql<number>`count(*)::int` }).from(posSales).where(eq(posSales.eventId, id));
    const next = changeEventStatus({ status: event.status, saleCount: Number(sales?.count ?? 0) }, status);
    if (isRefusal(next)) throw next;
    await tx.update(events).set({ status: next, updatedAt: new Date() }).where(eq(events.id, id));
    await recordAudit(tx, { userId: actor.userId, action: "status", entityType: ENTITY, entityId: String(id), changes: { status: { from: event.status, to: next } }, ip: actor.ip });
    return { status: next };
  });
}

// Spelled with their own aliases: inside a select from one table drizzle leaves column names unqualified.
const piecesAt = sql<number>`coalesce((select sum(sl.on_hand) from stock_levels sl where sl.location_id = "events"."location_id"), 0)::int`;
const openTransfers = sql<number>`(select count(*) from stock_transfers st where st.event_id = "events"."id" and st.status = 'sent')::int`;
const salesTotal = sql<number>`coalesce((select sum(ps.total_minor) from pos_sales ps where ps.event_id = "events"."id"), 0)::bigint`;

const listed = { id: events.id, slug: events.slug, name: events.name, venue: events.venue, city: events.city, startsOn: events.startsOn, endsOn: events.endsOn, status: events.status, pieces: piecesAt, openTransfers, salesTotalMinor: salesTotal };

/** Every event with its counts, in one query each way: those still to come or on now first (soonest first), then past ones (latest first). */
export async function listEvents(db: Executor, { now = new Date() }: { now?: Date } = {}) {
  const today = jakartaDate(now);
  const [current, past] = await Promise.all([
    db.select(listed).from(events).where(sql`${events.endsOn} >= ${today}`).orderBy(asc(events.startsOn), asc(events.id)),
    db.select(listed).from(events).where(lt(events.endsOn, today)).orderBy(desc(events.endsOn), desc(events.id)),
  ]);
  const money = (rows: typeof current) => rows.map((r) => ({ ...r, salesTotalMinor: Number(r.salesTotalMinor) }));
  return { current: money(current), past: money(past) };
}

/** One event for the back office, or a not-found refusal. */
export async function getEventForStaff(db: Executor, { id }: { id: number }) {
  const [event] = await db
    .select({ event: events, locationCode: locations.code })
    .from(events)
    .innerJoin(locations, eq(locations.id, events.locationId))
    .where(eq(events.id, id));
  if (!event) throw Refusal.notFound("There is no such event.");
  return { ...event.event, locationCode: event.locationCode };
}

/**
 * The pieces at an event, with what a price tag and the stock table need: every level that is not zero, so a
 * piece sold short (negative) shows with its open reconciliation task.
 */
export async function listEventStock(db: Executor, { eventId, onlyOnHand = false }: { eventId: number; onlyOnHand?: boolean }) {
  const event = await getEventForStaff(db, { id: eventId });
  return db
    .select({
      variantId: variants.id,
      sku: variants.sku,
      variantTitle: variants.title,
      options: variants.options,
      bazaarPriceMinor: variants.bazaarPriceMinor,
      productTitle: products.title,
      productSlug: products.slug,
      producerName: producerGroups.name,
      onHand: stockLevels.onHand,
      openTaskShortfall: reconciliationTasks.shortfall,
    })
    .from(stockLevels)
    .innerJoin(variants, eq(variants.id, stockLevels.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .innerJoin(producerGroups, eq(producerGroups.id, products.producerId))
    .leftJoin(reconciliationTasks, and(eq(reconciliationTasks.eventId, eventId), eq(reconciliationTasks.variantId, variants.id), eq(reconciliationTasks.status, "open")))
    .where(and(eq(stockLevels.locationId, event.locationId), onlyOnHand ? gt(stockLevels.onHand, 0) : ne(stockLevels.onHand, 0)))
    .orderBy(asc(products.title), asc(variants.sku));
}
