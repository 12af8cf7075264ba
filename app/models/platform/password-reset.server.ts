import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "~db/client.server";
import { passwordResetTokens, sessions, users } from "~db/schema";
import { REDACTED } from "~/domain/platform/outbox";
import { resetLinkExpiry, resetLinkLifetime, resetTokenState, type ResetTokenState } from "~/domain/platform/password-reset";
import { loginLimitKeys } from "~/domain/platform/rate-limit";
import { recordAudit } from "./audit.server";
import { sendPasswordResetEmail } from "./emails.server";
import { enqueue, type OutboxHandler } from "./outbox.server";
import { clearRateLimit } from "./users.server";
import { hashPassword } from "~/utils/password.server";
import { generateToken, hashToken } from "~/utils/token.server";

export const PASSWORD_RESET_EMAIL = "email.password_reset";

const emailPayload = z.object({ to: z.string().email(), name: z.string(), resetUrl: z.string().url() });

/**
 * For an active account: store the hash of a new one-hour token and enqueue the email with its link, in one
 * transaction. Returns null for an unknown or disabled address; callers must answer the same either way.
 */
export async function requestPasswordReset(db: Executor, { email, origin, now = new Date() }: { email: string; origin: string; now?: Date }) {
  return db.transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id, email: users.email, name: users.name })
      .from(users)
      .where(and(sql`lower(${users.email}) = lower(${email})`, isNull(users.disabledAt)));
    if (!user) return null;
    const token = generateToken();
    const [row] = await tx
      .insert(passwordResetTokens)
      .values({ userId: user.id, tokenHash: hashToken(token), expiresAt: resetLinkExpiry(now), createdAt: now })
      .returning({ id: passwordResetTokens.id });
    const resetUrl = `${origin}/reset-password?token=${token}`;
    await enqueue(tx, {
      topic: PASSWORD_RESET_EMAIL,
      payload: { to: user.email, name: user.name, resetUrl } satisfies z.infer<typeof emailPayload>,
      dedupeKey: `password-reset:${row!.id}`,
      availableAt: now,
    });
    return { userId: user.id, tokenId: row!.id, token };
  });
}

/** The outbox handler: renders the queued reset email into the mailbox; the outbox row then keeps no usable link. */
export const deliverPasswordResetEmail: OutboxHandler = async (tx, payload) => {
  const email = emailPayload.parse(payload);
  await sendPasswordResetEmail(tx, { ...email, validFor: resetLinkLifetime });
  return { payloadAfterDelivery: { ...email, resetUrl: REDACTED } };
};

export type ResetTokenCheck = { state: "valid"; userId: number; email: string } | { state: Exclude<ResetTokenState, "valid"> };

/** Whether a token from a link can still set a password (a disabled account's tokens count as unknown). */
export async function checkResetToken(db: Executor, { token, now = new Date() }: { token: string; now?: Date }): Promise<ResetTokenCheck> {
  const [row] = await db
    .select({ userId: users.id, email: users.email, expiresAt: passwordResetTokens.expiresAt, usedAt: passwordResetTokens.usedAt })
    .from(passwordResetTokens)
    .innerJoin(users, and(eq(users.id, passwordResetTokens.userId), isNull(users.disabledAt)))
    .where(eq(passwordResetTokens.tokenHash, hashToken(token)));
  const state = resetTokenState(row ?? null, now);
  return state === "valid" ? { state, userId: row!.userId, email: row!.email } : { state };
}

export type ResetPasswordResult = { ok: true; userId: number; sessionsEnded: number } | { ok: false; reason: Exclude<ResetTokenState, "valid"> };

/**
 * Sets the new password with a token, in one transaction: claim the token (a conditional UPDATE, so two
 * concurrent uses cannot both win), store the argon2id hash, retire the user's other reset links, end every
 * session of the user, lift the account's sign-in lockout (never the address's), and audit it. Nothing changes
 * when the token is expired, used or unknown.
 */
export async function resetPassword(
  db: Executor,
  { token, password, ip = null, now = new Date() }: { token: string; password: string; ip?: string | null; now?: Date },
): Promise<ResetPasswordResult> {
  // Hashed before the transaction, so no row stays locked while argon2 works.
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(passwordResetTokens.tokenHash, hashToken(token)),
          isNull(passwordResetTokens.usedAt),
          gt(passwordResetTokens.expiresAt, now),
          sql`exists (select 1 from ${users} where ${users.id} = ${passwordResetTokens.userId} and ${users.disabledAt} is null)`,
        ),
      )
      .returning({ id: passwordResetTokens.id, userId: passwordResetTokens.userId });
    if (!claimed) {
      const check = await checkResetToken(tx, { token, now });
      return { ok: false as const, reason: check.state === "valid" ? "used" : check.state };
    }
    const { userId } = claimed;
    const [user] = await tx.update(users).set({ passwordHash }).where(eq(users.id, userId)).returning({ email: users.email });
    const retired = await tx
      .update(passwordResetTokens)
      .set({ expiresAt: now })
      .where(and(eq(passwordResetTokens.userId, userId), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, now)))
      .returning({ id: passwordResetTokens.id });
    const ended = await tx.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.id });
    // Whoever holds the link owns the mailbox, so the wrong-password lockout has done its job.
    await clearRateLimit(tx, { key: loginLimitKeys.account(user!.email) });
    await recordAudit(tx, {
      userId,
      action: "password_reset",
      entityType: "users",
      entityId: String(userId),
      changes: { sessionsEnded: ended.length, otherLinksRetired: retired.length },
      ip,
    });
    return { ok: true as const, userId, sessionsEnded: ended.length };
  });
}
