/** Writing a list's state into its URL, kept apart from list-query.ts so pages can use it without loading zod. */
export type SearchValue = string | number | boolean | readonly string[] | null | undefined;

/**
 * The query string ("?…", or "" when nothing is set) for a list's state, in the order given: unset, empty and
 * false values are left out, true is written "1", arrays repeat their key. Callers leave defaults (page 1) out.
 */
export function listSearch(values: Record<string, SearchValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null || value === false || value === "") continue;
    if (typeof value === "object") for (const item of value) params.append(key, item);
    else params.set(key, value === true ? "1" : String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}
