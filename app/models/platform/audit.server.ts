import { and, asc, count, desc, eq, gte, inArray, lt, type SQL } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { auditLog, users } from "~db/schema";
import { AUDIT_PAGE_SIZE, utcDayRange, type AuditLogQuery } from "~/domain/platform/audit-log-query";
import { Refusal } from "~/domain/platform/refusal";

/** Who made a back-office change, for the audit log. */
export type Actor = { userId: number; ip?: string | null };

export type AuditEntry = {
  userId: number | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  changes?: Record<string, unknown>;
  ip?: string | null;
};

/** Written inside the same transaction as the change it describes, so neither exists without the other. */
export async function recordAudit(tx: Executor, entry: AuditEntry) {
  await tx.insert(auditLog).values({ ...entry, entityId: entry.entityId ?? null, ip: entry.ip ?? null });
}

const editActions = ["create", "update"];

/**
 * The version an edit form is opened at: the id of the record's latest create or update in the audit log
 * (0 for a record nobody has edited here, such as seeded data). Photos and stock have their own forms and
 * do not count as edits of the record's fields.
 */
export async function editVersion(db: Executor, { entityType, entityId }: { entityType: string; entityId: number | string }): Promise<number> {
  return (await latestEdit(db, entityType, entityId))?.id ?? 0;
}

async function latestEdit(db: Executor, entityType: string, entityId: number | string) {
  const [row] = await db
    .select({ id: auditLog.id, at: auditLog.createdAt, userName: users.name })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, String(entityId)), inArray(auditLog.action, editActions)))
    .orderBy(desc(auditLog.id))
    .limit(1);
  return row ?? null;
}

/**
 * Refuses a save made from a form opened before someone else's save (optimistic locking). Call it after
 * locking the record's row, so two saves from the same version cannot both pass.
 */
export async function assertEditVersion(tx: Executor, { entity, expected }: { entity: { type: string; id: number; noun: string }; expected: number | undefined }) {
  if (expected === undefined) return;
  const latest = await latestEdit(tx, entity.type, entity.id);
  const current = latest?.id ?? 0;
  if (current === expected) return;
  const who = latest?.userName ?? "Someone";
  const when = latest ? `${latest.at.toISOString().slice(0, 16).replace("T", " ")} UTC` : "a moment ago";
  // Nothing was written; the current version lets the form be sent again on purpose, overwriting what they saved.
  throw Refusal.conflict(
    `${who} saved this ${entity.noun} at ${when}, after you opened it, so your changes were not saved. They are still in the form: open the ${entity.noun} in a new tab to see what changed, then press Save again to keep yours.`,
    { details: { currentVersion: current } },
  );
}

/**
 * One page of the audit log, newest first, filtered by entity type, person and UTC days (see audit-log-query),
 * with the total for paging.
 */
export async function listAuditEntries(db: Executor, input: { query: AuditLogQuery; pageSize?: number }) {
  const { query } = input;
  const pageSize = input.pageSize ?? AUDIT_PAGE_SIZE;
  const { start, end } = utcDayRange(query);
  const filters: SQL[] = [];
  if (query.entityType) filters.push(eq(auditLog.entityType, query.entityType));
  if (query.userId) filters.push(eq(auditLog.userId, query.userId));
  if (start) filters.push(gte(auditLog.createdAt, start));
  if (end) filters.push(lt(auditLog.createdAt, end));
  const where = filters.length ? and(...filters) : undefined;
  const [entries, [counted]] = await Promise.all([
    db
      .select({
        id: auditLog.id,
        action: auditLog.action,
        entityType: auditLog.entityType,
        entityId: auditLog.entityId,
        changes: auditLog.changes,
        createdAt: auditLog.createdAt,
        userId: auditLog.userId,
        userName: users.name,
        userEmail: users.email,
      })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.userId))
      .where(where)
      .orderBy(desc(auditLog.id))
      .limit(pageSize)
      .offset((query.page - 1) * pageSize),
    db.select({ total: count() }).from(auditLog).where(where),
  ]);
  const total = counted?.total ?? 0;
  return { entries, total, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}

/** What the audit log's filters offer: every entity type and every person that appears in the log. */
export async function listAuditFilterOptions(db: Executor) {
  const [types, people] = await Promise.all([
    db.selectDistinct({ entityType: auditLog.entityType }).from(auditLog).orderBy(asc(auditLog.entityType)),
    db
      .selectDistinct({ id: users.id, name: users.name, email: users.email })
      .from(auditLog)
      .innerJoin(users, eq(users.id, auditLog.userId))
      .orderBy(asc(users.name), asc(users.email), asc(users.id)),
  ]);
  return { entityTypes: types.map((t) => t.entityType), people };
}
