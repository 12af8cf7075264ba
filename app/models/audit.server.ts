import { desc, eq } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { auditLog, users } from "~db/schema";

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
