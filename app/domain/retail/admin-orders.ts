import { z } from "zod";
import { calendarDay } from "~/domain/platform/calendar-day";
import { listSearch, pageField, parseListQuery, searchTextField } from "~/domain/platform/list-query";
import { minorUnitDigits } from "~/domain/money/money";
import { orderStatuses, orderStatusLabels } from "./order-status";

/** Back-office order list: filters read from the URL, shipment details, and the CSV's money text. */
export const ADMIN_ORDERS_PAGE_SIZE = 25;
export const MAX_ADMIN_ORDERS_PAGE = 10_000;
/** Jakarta (WIB, UTC+7, no daylight saving): the business day staff think in. */
const JAKARTA_OFFSET_MS = 7 * 3_600_000;

export const demoFilters = ["demo", "live"] as const;
export type DemoFilter = (typeof demoFilters)[number];

/** The list's status filter: every order status, plus cancelled orders whose late payment is still to be refunded. */
export const REFUND_OWED = "refund_owed";
/** Orders a payment event disagreed with (amount, currency or session): staff must check them in Stripe. */
export const PAYMENT_PROBLEM = "payment_problem";
export const orderListStatuses = [...orderStatuses, REFUND_OWED, PAYMENT_PROBLEM] as const;
export type OrderListStatus = (typeof orderListStatuses)[number];
export const orderListStatusLabels: Record<OrderListStatus, string> = { ...orderStatusLabels, [REFUND_OWED]: "Refund owed", [PAYMENT_PROBLEM]: "Payment problem" };

export type AdminOrderFilters = {
  status?: OrderListStatus;
  /** Matches order number, email or customer name (case-insensitive, anywhere). */
  q?: string;
  /** Jakarta calendar days, YYYY-MM-DD, both inclusive. */
  from?: string;
  to?: string;
  demo?: DemoFilter;
};
export type AdminOrderQuery = AdminOrderFilters & { page: number };


const adminOrderQuerySchema = z
  .object({
    status: z.enum(orderListStatuses, { message: `Status must be one of: ${orderListStatuses.join(", ")}` }).optional(),
    q: searchTextField(120),
    from: calendarDay("From").optional(),
    to: calendarDay("To").optional(),
    demo: z.enum(demoFilters, { message: "Demo must be demo or live" }).optional(),
    page: pageField(MAX_ADMIN_ORDERS_PAGE),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { message: "From must not be after To", path: ["from"] });

/** Reads the list's filters from the URL. Empty values mean "not set"; anything else must be valid. */
export function parseAdminOrderQuery(params: URLSearchParams): { ok: true; query: AdminOrderQuery } | { ok: false; errors: string[] } {
  const parsed = parseListQuery(params, { schema: adminOrderQuerySchema, single: ["status", "q", "from", "to", "demo", "page"] });
  if (!parsed.ok) return parsed;
  const v = parsed.values;
  return { ok: true, query: { status: v.status, q: v.q, from: v.from, to: v.to, demo: v.demo, page: v.page ?? 1 } };
}

/** The search string for a query, leaving defaults out, so pagination and the CSV link keep the filters. */
export function adminOrderSearch(query: AdminOrderFilters & { page?: number }, overrides: { page?: number } = {}) {
  const next = { ...query, ...overrides };
  return listSearch({ status: next.status, q: next.q, from: next.from, to: next.to, demo: next.demo, page: next.page && next.page > 1 ? next.page : undefined });
}

/** [start, end) instants for Jakarta calendar days: "from" at 00:00 WIB, "to" up to the next midnight WIB. */
export function jakartaDayRange(filters: Pick<AdminOrderFilters, "from" | "to">): { start?: Date; end?: Date } {
  const midnight = (text: string) => Date.parse(`${text}T00:00:00Z`) - JAKARTA_OFFSET_MS;
  return {
    start: filters.from ? new Date(midnight(filters.from)) : undefined,
    end: filters.to ? new Date(midnight(filters.to) + 86_400_000) : undefined,
  };
}

/** "2026-03-31 14:05" in Jakarta time, for tables. */
export function formatJakartaTime(at: Date | string) {
  return new Date(new Date(at).getTime() + JAKARTA_OFFSET_MS).toISOString().slice(0, 16).replace("T", " ");
}

/** The Jakarta calendar day of an instant, e.g. for export file names. */
export function jakartaDate(at: Date) {
  return new Date(at.getTime() + JAKARTA_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * Minor units as a plain decimal in the currency's own digits ("1250.05", JPY "2400", IDR "150000.00"):
 * exact, no grouping, no symbol, for spreadsheets.
 */
export function minorToDecimal(amountMinor: number, currency: string): string {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError(`Not an integer amount: ${amountMinor}`);
  const digits = minorUnitDigits(currency);
  const sign = amountMinor < 0 ? "-" : "";
  const abs = Math.abs(amountMinor);
  if (!digits) return `${sign}${abs}`;
  const scale = 10 ** digits;
  return `${sign}${Math.floor(abs / scale)}.${String(abs % scale).padStart(digits, "0")}`;
}

const noControlCharacters = (text: string) => !/[\u0000-\u001f\u007f]/.test(text);

/**
 * What staff type when shipping. Tracking numbers are stored without spaces and in capitals
 * ("rr 123 456 789 id" → "RR123456789ID"), which is how carriers' sites accept them.
 */
export const shipmentSchema = z.object({
  carrier: z
    .string({ message: "Enter the carrier" })
    .transform((s) => s.trim().replace(/\s+/g, " "))
    .pipe(z.string().min(1, "Enter the carrier, e.g. POS Indonesia").min(2, "A carrier name has at least 2 characters").max(60, "The carrier name is limited to 60 characters").refine(noControlCharacters, "The carrier name has characters we can't print")),
  trackingNumber: z
    .string({ message: "Enter the tracking number" })
    .transform((s) => s.replace(/\s+/g, "").toUpperCase())
    .pipe(
      z
        .string()
        .min(1, "Enter the tracking number")
        .min(6, "A tracking number has at least 6 characters")
        .max(40, "A tracking number has at most 40 characters")
        .regex(/^[A-Z0-9][A-Z0-9-]*$/, "A tracking number has only letters, digits and dashes"),
    ),
});
export type Shipment = z.infer<typeof shipmentSchema>;
