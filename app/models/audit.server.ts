import { and, desc, eq, inArray } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { auditLog, users } from "~db/schema";
import { StaleEditError } from "./admin-errors.server";

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
export async function editVersion(db: Executor, entityType: string, entityId: number | string): Promise<number> {
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
export async function assertEditVersion(tx: Executor, entity: { type: string; id: number; noun: string }, expected: number | undefined) {
  if (expected === undefined) return;
  const latest = await latestEdit(tx, entity.type, entity.id);
  const current = latest?.id ?? 0;
  if (current === expected) return;
  const who = latest?.userName ?? "Someone";
  const when = latest ? `${latest.at.toISOString().slice(0, 16).replace("T", " ")} UTC` : "a moment ago";
  throw new StaleEditError(
    `${who} saved this ${entity.noun} at ${when}, after you opened it, so your changes were not saved. They are still in the form: open the ${entity.noun} in a new tab to see what changed, then press Save again to keep yours.`,
    current,
  );
}

export async function listAuditEntries(db: Executor, limit = 100) {
  return db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      changes: auditLog.changes,
      createdAt: auditLog.createdAt,
      userName: users.name,
      userEmail: users.email,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .orderBy(desc(auditLog.id))
    .limit(limit);
}
