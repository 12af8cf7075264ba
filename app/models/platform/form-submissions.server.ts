import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "~db/client.server";
import { formSubmissions } from "~db/schema";
import { Refusal } from "~/domain/platform/refusal";

export type FormKey = { key: string; userId: number; action: string };

/** Private control flow, not a refusal: rolls back the claim attempt when the key was already used. */
class Repeated extends Error {}

/**
 * Runs a back-office write at most once per form key. The key is claimed in the write's own transaction, so
 * the claim and the write commit or roll back together; a second post of the same key waits for the first
 * (the primary key's lock) and then gets the first outcome back with `repeated: true`, writing nothing.
 * Without a key (a hand-made request) the write simply runs. A write that throws leaves the key unclaimed,
 * so the corrected form can be sent again with it.
 */
export async function onceForKey<T>(db: Db, { key, write }: { key: FormKey | null; write: (tx: Tx) => Promise<T> }): Promise<{ outcome: T; repeated: boolean }> {
  if (!key) return { outcome: await db.transaction(write), repeated: false };
  try {
    return await db.transaction(async (tx) => {
      const claimed = await tx.insert(formSubmissions).values(key).onConflictDoNothing().returning({ key: formSubmissions.key });
      if (!claimed.length) throw new Repeated();
      const outcome = await write(tx);
      await tx.update(formSubmissions).set({ outcome }).where(eq(formSubmissions.key, key.key));
      return { outcome, repeated: false };
    });
  } catch (error) {
    if (!(error instanceof Repeated)) throw error;
  }
  const [first] = await db
    .select({ outcome: formSubmissions.outcome })
    .from(formSubmissions)
    .where(and(eq(formSubmissions.key, key.key), eq(formSubmissions.userId, key.userId), eq(formSubmissions.action, key.action)));
  if (!first) throw Refusal.conflict("This form was already used for something else. Reload the page and try again.");
  return { outcome: first.outcome as T, repeated: true };
}
