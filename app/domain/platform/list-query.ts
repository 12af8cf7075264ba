import { z } from "zod";

// Writing a list's state back into a URL lives in list-search.ts, so pages can use it without loading zod.
export { listSearch } from "./list-search";

/**
 * Lists (the shop's listings, and the back office's orders, stock, audit log and products) keep their state in
 * the URL. These read and write it the same way everywhere: an empty value means "not set", a single-valued key
 * given twice is a mistake, and every problem is reported at once so a 400 can list them all.
 */
export type ListQueryResult<T> = { ok: true; values: T } | { ok: false; errors: string[] };

export function parseListQuery<S extends z.ZodType>(
  params: URLSearchParams,
  spec: {
    schema: S;
    /** Keys that may appear once. */
    single: readonly string[];
    /** Keys that may repeat (checkbox groups): read as arrays. */
    multiple?: readonly string[];
    /** Values the page fixes itself (e.g. the category in /shop/:category), which the URL cannot override. */
    fixed?: Record<string, unknown>;
  },
): ListQueryResult<z.output<S>> {
  const raw: Record<string, unknown> = {};
  const errors: string[] = [];
  for (const key of spec.single) {
    const values = params.getAll(key).filter((v) => v !== "");
    if (values.length > 1) errors.push(`"${key}" may appear only once`);
    else if (values[0] !== undefined) raw[key] = values[0];
  }
  for (const key of spec.multiple ?? []) raw[key] = params.getAll(key).filter((v) => v !== "");
  Object.assign(raw, spec.fixed);
  const parsed = spec.schema.safeParse(raw);
  if (!parsed.success) errors.push(...parsed.error.issues.map((i) => i.message));
  if (errors.length || !parsed.success) return { ok: false, errors };
  return { ok: true, values: parsed.data };
}

/** A page number from 1 to `max`; absent means the first page. */
export function pageField(max: number) {
  return z
    .string()
    .regex(/^\d{1,6}$/, "Page must be a whole number from 1")
    .transform(Number)
    .refine((n) => n >= 1 && n <= max, `Page must be between 1 and ${max}`)
    .optional();
}

/** A row id chosen from a select (a location, a person, a category): `message` when it is anything else. */
export function idField(message: string) {
  return z
    .string()
    .regex(/^\d{1,9}$/, message)
    .transform(Number)
    .refine((n) => n >= 1, message)
    .optional();
}

/** Free text to search for, trimmed; empty is unset. */
export function searchTextField(max: number, message = `Search text is limited to ${max} characters`) {
  return z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .transform((v) => v || undefined);
}


