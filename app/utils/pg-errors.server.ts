/** PostgreSQL error codes the models turn into messages for people instead of 500s. */
export const PG = { uniqueViolation: "23505", foreignKeyViolation: "23503", checkViolation: "23514" } as const;

/** The SQLSTATE of a database error, looking through drizzle's wrapper (postgres.js and PGlite both set `code`). */
export function pgErrorCode(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}
