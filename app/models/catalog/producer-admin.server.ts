import { and, asc, desc, eq, like, ne, or, sql } from "drizzle-orm";
import { firstFreeSlug, slugFrom } from "~/domain/catalog/slug";
import type { Db, Executor } from "~db/client.server";
import { fieldVisitChecks, fieldVisits, producerGroups, products } from "~db/schema";
import type { FieldVisitInput, ProducerInput } from "~/domain/catalog/producer-input";
import { queryRows } from "~/utils/db.server";
import { PG, pgErrorCode } from "~/utils/pg-errors.server";
import { assertEditVersion, recordAudit } from "~/models/platform/audit.server";
import { refreshProducerProductKeywords } from "./product-admin.server";

import { Refusal } from "~/domain/platform/refusal";
import type { Actor } from "~/models/platform/audit.server";

/** Qualified on purpose: a bare column in a single-table select renders as `"id"` and would bind to the subquery's own table. */
const producerId = sql`${producerGroups}.${sql.identifier("id")}`;

export async function listProducersForAdmin(db: Executor) {
  return db
    .select({
      id: producerGroups.id,
      slug: producerGroups.slug,
      name: producerGroups.name,
      island: producerGroups.island,
      regency: producerGroups.regency,
      memberCount: producerGroups.memberCount,
      womenCount: producerGroups.womenCount,
      active: producerGroups.active,
      productCount: sql<number>`(select count(*)::int from products p where p.producer_id = ${producerId})`,
      latestVisitOn: sql<string | null>`(select max(fv.visited_on)::text from field_visits fv where fv.producer_id = ${producerId})`,
    })
    .from(producerGroups)
    .orderBy(asc(producerGroups.name));
}

export async function getProducerForEdit(db: Executor, { id }: { id: number }) {
  const producer = await db.query.producerGroups.findFirst({
    where: eq(producerGroups.id, id),
    with: {
      fieldVisits: {
        orderBy: (v) => [desc(v.visitedOn), desc(v.id)],
        with: { checks: { orderBy: (c) => [asc(c.principle)] } },
      },
    },
  });
  if (!producer) return null;
  const [{ productCount }] = (await db.select({ productCount: sql<number>`count(*)::int` }).from(products).where(eq(products.producerId, id))) as [{ productCount: number }];
  return { ...producer, productCount };
}

async function freeSlug(tx: Executor, base: string) {
  const taken = await tx.select({ slug: producerGroups.slug }).from(producerGroups).where(or(eq(producerGroups.slug, base), like(producerGroups.slug, `${base}-%`)));
  return firstFreeSlug(base, new Set(taken.map((r) => r.slug)));
}

async function assertSlugFree(tx: Executor, slug: string, exceptId?: number) {
  const clash = await tx
    .select({ id: producerGroups.id })
    .from(producerGroups)
    .where(exceptId ? and(eq(producerGroups.slug, slug), ne(producerGroups.id, exceptId)) : eq(producerGroups.slug, slug));
  if (clash.length) throw Refusal.conflict(`Another producer already uses the web address “${slug}”.`, { field: "slug" });
}

/** Fields an admin may see and change; staff never send or receive payout details. */
const payoutFields = ["payoutBankName", "payoutAccountName", "payoutAccountNumber"] as const;

function changedFields(before: Record<string, unknown>, after: Record<string, unknown>) {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, to] of Object.entries(after)) {
    const from = before[key];
    if (JSON.stringify(from) !== JSON.stringify(to)) {
      changes[key] = (payoutFields as readonly string[]).includes(key) ? { from: "(hidden)", to: "(hidden)" } : { from, to };
    }
  }
  return changes;
}

export async function createProducer(db: Db, { input, actor }: { input: ProducerInput; actor: Actor & { canEditPayout: boolean } }) {
  return slugRace(() => db.transaction(async (tx) => {
    // Left empty, the address is made from the name and numbered if another group has it.
    const slug = input.slug ?? (await freeSlug(tx, slugFrom(input.name)));
    await assertSlugFree(tx, slug);
    const values = actor.canEditPayout ? input : omitPayout(input);
    const [row] = await tx
      .insert(producerGroups)
      .values({ ...values, slug })
      .returning({ id: producerGroups.id, slug: producerGroups.slug });
    await recordAudit(tx, { userId: actor.userId, action: "create", entityType: "producer", entityId: String(row!.id), changes: { name: input.name, slug }, ip: actor.ip });
    return row!;
  }));
}

/** Two saves racing for one web address: the unique index decides and the loser gets a message, not a 500. */
async function slugRace<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (pgErrorCode(error) === PG.uniqueViolation) throw Refusal.conflict("Another producer took that web address a moment ago. Choose another and save again.", { field: "slug" });
    throw error;
  }
}

export async function updateProducer(
  db: Db,
  { id, input, actor, expectedVersion }: { id: number; input: ProducerInput; actor: Actor & { canEditPayout: boolean }; expectedVersion?: number },
) {
  return slugRace(() => db.transaction(async (tx) => {
    const [before] = await tx.select().from(producerGroups).where(eq(producerGroups.id, id)).for("update");
    if (!before) throw Refusal.notFound("That producer no longer exists.");
    await assertEditVersion(tx, { entity: { type: "producer", id, noun: "producer group" }, expected: expectedVersion });
    const slug = input.slug ?? before.slug;
    await assertSlugFree(tx, slug, id);
    const values = { ...(actor.canEditPayout ? input : omitPayout(input)), slug };
    const changes = changedFields(before, values);
    if (!Object.keys(changes).length) return { id, slug, changed: false };
    await tx.update(producerGroups).set({ ...values, updatedAt: new Date() }).where(eq(producerGroups.id, id));
    // Products are found by their maker's name, crafts and province; keep those words in step in the same transaction.
    if (changes.name || changes.crafts || changes.province) await refreshProducerProductKeywords(tx, { producerId: id });
    await recordAudit(tx, { userId: actor.userId, action: "update", entityType: "producer", entityId: String(id), changes, ip: actor.ip });
    return { id, slug, changed: true };
  }));
}

function omitPayout(input: ProducerInput) {
  const { payoutBankName: _b, payoutAccountName: _a, payoutAccountNumber: _n, ...rest } = input;
  return rest;
}

/**
 * Deletes a group with no products. A group whose products exist (and may be on past orders) is kept:
 * the message says to deactivate it instead, which hides it from the shop.
 */
export async function deleteProducer(db: Db, { id, actor }: { id: number; actor: Actor }) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select({ id: producerGroups.id, name: producerGroups.name }).from(producerGroups).where(eq(producerGroups.id, id)).for("update");
    if (!before) throw Refusal.notFound("That producer no longer exists.");
    const [{ n }] = (await tx.select({ n: sql<number>`count(*)::int` }).from(products).where(eq(products.producerId, id))) as [{ n: number }];
    if (n > 0) {
      throw Refusal.conflict(`${before.name} still has ${n} product${n === 1 ? "" : "s"}. Move or delete them first, or untick “Active” to hide the group.`);
    }
    const referenced = await queryRows(tx, sql`select 1 from order_lines where producer_id = ${id} union all select 1 from batches where producer_id = ${id} union all select 1 from production_orders where producer_id = ${id} limit 1`);
    if (referenced.length) throw Refusal.conflict(`${before.name} appears on past orders, so it can't be deleted. Untick “Active” to hide it.`);
    await tx.delete(producerGroups).where(eq(producerGroups.id, id));
    await recordAudit(tx, { userId: actor.userId, action: "delete", entityType: "producer", entityId: String(id), changes: { name: before.name }, ip: actor.ip });
    return before;
  });
}

export async function addFieldVisit(db: Db, { producerId, input, actor }: { producerId: number; input: FieldVisitInput; actor: Actor }) {
  return db.transaction(async (tx) => {
    const [producer] = await tx.select({ id: producerGroups.id }).from(producerGroups).where(eq(producerGroups.id, producerId));
    if (!producer) throw Refusal.notFound("That producer no longer exists.");
    const [visit] = await tx
      .insert(fieldVisits)
      .values({ producerId, visitedOn: input.visitedOn, visitor: input.visitor, notes: input.notes, recordedBy: actor.userId })
      .returning({ id: fieldVisits.id });
    await tx.insert(fieldVisitChecks).values(input.checks.map((c) => ({ visitId: visit!.id, principle: c.principle, met: c.met, note: c.note })));
    const met = input.checks.filter((c) => c.met).length;
    await recordAudit(tx, {
      userId: actor.userId,
      action: "create",
      entityType: "field_visit",
      entityId: String(visit!.id),
      changes: { producerId, visitedOn: input.visitedOn, visitor: input.visitor, met },
      ip: actor.ip,
    });
    return { id: visit!.id, met };
  });
}

export async function deleteFieldVisit(db: Db, { producerId, visitId, actor }: { producerId: number; visitId: number; actor: Actor }) {
  return db.transaction(async (tx) => {
    const [gone] = await tx
      .delete(fieldVisits)
      .where(and(eq(fieldVisits.id, visitId), eq(fieldVisits.producerId, producerId)))
      .returning({ id: fieldVisits.id, visitedOn: fieldVisits.visitedOn });
    if (!gone) throw Refusal.notFound("That visit was already deleted.");
    await recordAudit(tx, { userId: actor.userId, action: "delete", entityType: "field_visit", entityId: String(visitId), changes: { producerId, visitedOn: gone.visitedOn }, ip: actor.ip });
  });
}
