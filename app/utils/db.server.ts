import type { SQL } from "drizzle-orm";
import type { Executor } from "~db/client.server";

/** `execute` returns rows as an array on postgres.js and as `{ rows }` on PGlite; this hides the difference. */
export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
