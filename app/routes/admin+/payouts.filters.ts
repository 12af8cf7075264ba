import { z } from "zod";
import type { PayoutFilters } from "~/models/production/production-orders.server";
import { MAX_ROW_ID } from "~/domain/platform/row-id";

/**
 * The payouts page's filters, shared by the page and its CSV. A stale or mistyped value falls back to "all",
 * except dates, which must be real days (the CSV answers a bad one with a 400).
 */
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v));
const schema = z.object({
  kind: z.enum(["advance", "balance", "settlement"]).optional().catch(undefined),
  producer: z.coerce.number().int().positive().max(MAX_ROW_ID).optional().catch(undefined),
  status: z.enum(["due", "paid", "all"]).catch("due"),
  from: z.union([z.literal(""), day]).optional(),
  to: z.union([z.literal(""), day]).optional(),
});

export function parsePayoutFilters(params: URLSearchParams, today: string): { ok: true; filters: PayoutFilters } | { ok: false; message: string } {
  const parsed = schema.safeParse({ ...Object.fromEntries(params), status: params.get("status") ?? "due" });
  if (!parsed.success) return { ok: false, message: "The dates must be real days, like 2026-12-01." };
  const { kind, producer, status, from, to } = parsed.data;
  return { ok: true, filters: { kind, producerId: producer, status, from: from || undefined, to: to || undefined, today } };
}
