import { z } from "zod";
import { calendarDay } from "./calendar-day";
import { idField, listSearch, pageField, parseListQuery } from "./list-query";

/** The audit log's filters, read from the URL: what kind of record, who, which UTC days, and the page. */
export const AUDIT_PAGE_SIZE = 50;
export const MAX_AUDIT_PAGE = 10_000;

export type AuditLogFilters = {
  /** The audit entry's entity type, e.g. "product", "stock_level". */
  entityType?: string;
  /** The user who made the change. */
  userId?: number;
  /** UTC calendar days, YYYY-MM-DD, both inclusive (the log shows times in UTC). */
  from?: string;
  to?: string;
};
export type AuditLogQuery = AuditLogFilters & { page: number };


const auditLogQuerySchema = z
  .object({
    type: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, "What changed must be chosen from the list")
      .optional(),
    person: idField("Person must be chosen from the list"),
    from: calendarDay("From").optional(),
    to: calendarDay("To").optional(),
    page: pageField(MAX_AUDIT_PAGE),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { message: "From must not be after To", path: ["from"] });

/** Reads the audit log's filters from the URL. Empty values mean "not set"; anything else must be valid. */
export function parseAuditLogQuery(params: URLSearchParams): { ok: true; query: AuditLogQuery } | { ok: false; errors: string[] } {
  const parsed = parseListQuery(params, { schema: auditLogQuerySchema, single: ["type", "person", "from", "to", "page"] });
  if (!parsed.ok) return parsed;
  const v = parsed.values;
  return { ok: true, query: { entityType: v.type, userId: v.person, from: v.from, to: v.to, page: v.page ?? 1 } };
}

/** The URL search string for a query, leaving defaults out, so paging keeps the filters. */
export function auditLogSearch(query: AuditLogFilters & { page?: number }, overrides: { page?: number } = {}) {
  const next = { ...query, ...overrides };
  return listSearch({ type: next.entityType, person: next.userId, from: next.from, to: next.to, page: next.page && next.page > 1 ? next.page : undefined });
}

/** [start, end) instants for the UTC days: "from" at 00:00 UTC, "to" up to the next midnight UTC. */
export function utcDayRange(filters: Pick<AuditLogFilters, "from" | "to">): { start?: Date; end?: Date } {
  return {
    start: filters.from ? new Date(`${filters.from}T00:00:00Z`) : undefined,
    end: filters.to ? new Date(Date.parse(`${filters.to}T00:00:00Z`) + 86_400_000) : undefined,
  };
}

/** Whether any filter (not the page) is set: an empty result then means "nothing matches", not "nothing yet". */
export function hasAuditFilters(query: AuditLogFilters) {
  return Boolean(query.entityType || query.userId || query.from || query.to);
}
