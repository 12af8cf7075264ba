import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Db, Executor } from "~db/client.server";
import { importers, passwordResetTokens, quotes, users, wholesaleOrders } from "~db/schema";
import { Refusal } from "~/domain/platform/refusal";
import { canDecide, setupLinkExpiry, type ImporterApplication, type ImporterDecision, type ImporterStatus } from "~/domain/wholesale/importer-application";
import { recordAudit, type Actor } from "~/models/platform/audit.server";
import { PG, pgErrorCode } from "~/utils/pg-errors.server";
import { generateToken, hashToken } from "~/utils/token.server";
import { queueApplicationEmails, queueApprovalEmail, queueRejectionEmail } from "./importer-emails.server";

const duplicateApplication = () =>
  Refusal.conflict("We already have an application from this email address. We'll be in touch about it; write to wholesale@kriya.example if something changed.", {
    field: "contactEmail",
  });

/** Stores a new application as pending and queues the applicant's confirmation and the staff notice, in one transaction. */
export async function applyAsImporter(db: Db, { application }: { application: ImporterApplication }) {
  try {
    return await db.transaction(async (tx) => {
      const [existing] = await tx.select({ id: importers.id }).from(importers).where(sql`lower(${importers.contactEmail}) = lower(${application.contactEmail})`);
      if (existing) throw duplicateApplication();
      const { consent: _, ...values } = application;
      const [row] = await tx.insert(importers).values({ ...values, status: "pending" }).returning({ id: importers.id });
      await queueApplicationEmails(tx, { importerId: row!.id, application });
      return { id: row!.id };
    });
  } catch (error) {
    // Two applications racing with one email: the unique index decides, and the second is told so on its field.
    if (pgErrorCode(error) === PG.uniqueViolation) throw duplicateApplication();
    throw error;
  }
}

export async function listImportersForAdmin(db: Executor, { status }: { status?: ImporterStatus } = {}) {
  return db
    .select({
      id: importers.id,
      companyName: importers.companyName,
      country: importers.country,
      contactName: importers.contactName,
      contactEmail: importers.contactEmail,
      expectedVolume: importers.expectedVolume,
      status: importers.status,
      createdAt: importers.createdAt,
    })
    .from(importers)
    .where(status ? eq(importers.status, status) : undefined)
    .orderBy(sql`case ${importers.status} when 'pending' then 0 when 'approved' then 1 when 'suspended' then 2 else 3 end`, desc(importers.createdAt), desc(importers.id));
}

export async function getImporterForAdmin(db: Executor, { id }: { id: number }) {
  const [importer] = await db.select().from(importers).where(eq(importers.id, id));
  if (!importer) return null;
  const accounts = await db.select({ id: users.id, email: users.email, disabledAt: users.disabledAt }).from(users).where(eq(users.importerId, id)).orderBy(asc(users.id));
  const [approver] = importer.approvedBy ? await db.select({ name: users.name }).from(users).where(eq(users.id, importer.approvedBy)) : [];
  return { ...importer, accounts, approvedByName: approver?.name ?? null };
}

type Decision = { id: number; actor: Actor; expectedStatus?: ImporterStatus; now?: Date };

/** Locks the importer and checks the decision is allowed from its status (and from the status the form was opened at). */
async function lockForDecision(tx: Executor, { id, decision, expectedStatus }: { id: number; decision: ImporterDecision; expectedStatus?: ImporterStatus }) {
  const [importer] = await tx.select().from(importers).where(eq(importers.id, id)).for("update");
  if (!importer) throw Refusal.notFound("That importer no longer exists.");
  if (expectedStatus && importer.status !== expectedStatus) {
    throw Refusal.conflict(`Someone else changed this importer to “${importer.status}” while you were looking. Check it again before deciding.`);
  }
  if (!canDecide(importer.status, decision)) throw Refusal.conflict(`An importer that is ${importer.status} can't be given that decision.`);
  return importer;
}

/**
 * Approves a pending (or reinstates a suspended) importer. The first approval creates the importer's sign-in
 * (role importer, an unusable password) and queues a single-use set-password link, all in one transaction.
 */
export async function approveImporter(db: Db, { id, actor, expectedStatus, origin, now = new Date() }: Decision & { origin: string }) {
  return db.transaction(async (tx) => {
    const importer = await lockForDecision(tx, { id, decision: "approve", expectedStatus });
    await tx.update(importers).set({ status: "approved", approvedAt: now, approvedBy: actor.userId, updatedAt: now }).where(eq(importers.id, id));
    const [account] = await tx.select({ id: users.id }).from(users).where(eq(users.importerId, id)).limit(1);
    let userId = account?.id ?? null;
    if (!userId) {
      const [clash] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = lower(${importer.contactEmail})`);
      if (clash) throw Refusal.conflict(`There is already a Kriya sign-in for ${importer.contactEmail}. Ask the importer for another address before approving.`);
      // Not an argon2 hash, so no password matches it until the importer chooses one through the link.
      const [created] = await tx
        .insert(users)
        .values({ email: importer.contactEmail.toLowerCase(), name: importer.contactName, role: "importer", importerId: id, passwordHash: `!unset:${generateToken()}` })
        .returning({ id: users.id });
      userId = created!.id;
      const token = generateToken();
      await tx.insert(passwordResetTokens).values({ userId, tokenHash: hashToken(token), expiresAt: setupLinkExpiry(now), createdAt: now });
      await queueApprovalEmail(tx, { to: importer.contactEmail, contactName: importer.contactName, companyName: importer.companyName, setupUrl: `${origin}/reset-password?token=${token}` });
    }
    await recordAudit(tx, {
      userId: actor.userId,
      action: importer.status === "suspended" ? "reinstate" : "approve",
      entityType: "importer",
      entityId: String(id),
      changes: { status: { from: importer.status, to: "approved" }, userCreated: !account },
      ip: actor.ip,
    });
    return { id, userId, userCreated: !account };
  });
}

/** Rejects a pending application with a note, which is emailed to the applicant. */
export async function rejectImporter(db: Db, { id, actor, expectedStatus, note, now = new Date() }: Decision & { note: string }) {
  const reason = note.trim();
  if (!reason) throw Refusal.invalid("Write a note for the applicant: it is sent to them with the decision.", { field: "note" });
  return db.transaction(async (tx) => {
    const importer = await lockForDecision(tx, { id, decision: "reject", expectedStatus });
    await tx.update(importers).set({ status: "rejected", rejectedAt: now, reviewNote: reason, updatedAt: now }).where(eq(importers.id, id));
    await queueRejectionEmail(tx, { to: importer.contactEmail, contactName: importer.contactName, companyName: importer.companyName, note: reason });
    await recordAudit(tx, { userId: actor.userId, action: "reject", entityType: "importer", entityId: String(id), changes: { status: { from: importer.status, to: "rejected" }, note: reason }, ip: actor.ip });
    return { id };
  });
}

/** Suspends an approved importer: their sign-in stays, but the wholesale pages refuse them until they are reinstated. */
export async function suspendImporter(db: Db, { id, actor, expectedStatus, note = "", now = new Date() }: Decision & { note?: string }) {
  return db.transaction(async (tx) => {
    const importer = await lockForDecision(tx, { id, decision: "suspend", expectedStatus });
    await tx.update(importers).set({ status: "suspended", reviewNote: note.trim() || importer.reviewNote, updatedAt: now }).where(eq(importers.id, id));
    await recordAudit(tx, { userId: actor.userId, action: "suspend", entityType: "importer", entityId: String(id), changes: { status: { from: importer.status, to: "suspended" }, note: note.trim() }, ip: actor.ip });
    return { id };
  });
}

/** The importer a signed-in user buys for, with its status; null when the user is linked to none. */
export async function getImporterOfUser(db: Executor, { userId }: { userId: number }) {
  const [row] = await db
    .select({ id: importers.id, companyName: importers.companyName, country: importers.country, contactName: importers.contactName, status: importers.status, depositPercent: importers.depositPercent })
    .from(importers)
    .innerJoin(users, eq(users.importerId, importers.id))
    .where(eq(users.id, userId));
  return row ?? null;
}

/** A quote only when it belongs to this importer: another importer's quote is the same as no quote (a 404 for the route). */
export async function getQuoteForImporter(db: Executor, { quoteId, importerId }: { quoteId: number; importerId: number }) {
  const [quote] = await db
    .select({ id: quotes.id, number: quotes.number, status: quotes.status, incoterm: quotes.incoterm, currency: quotes.currency, totalMinor: quotes.totalMinor, createdAt: quotes.createdAt })
    .from(quotes)
    .where(and(eq(quotes.id, quoteId), eq(quotes.importerId, importerId)));
  return quote ?? null;
}

/** A wholesale order only when it belongs to this importer, like getQuoteForImporter. */
export async function getWholesaleOrderForImporter(db: Executor, { orderId, importerId }: { orderId: number; importerId: number }) {
  const [order] = await db
    .select({ id: wholesaleOrders.id, number: wholesaleOrders.number, status: wholesaleOrders.status, currency: wholesaleOrders.currency, totalMinor: wholesaleOrders.totalMinor, depositMinor: wholesaleOrders.depositMinor })
    .from(wholesaleOrders)
    .where(and(eq(wholesaleOrders.id, orderId), eq(wholesaleOrders.importerId, importerId)));
  return order ?? null;
}
