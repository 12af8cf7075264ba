import { z } from "zod";
import { Refusal } from "~/domain/platform/refusal";

/**
 * Quote states: requested → priced → sent → accepted | declined | changes_requested | expired; a change request
 * goes back to staff to re-price (a new version). Dates are calendar days (YYYY-MM-DD) and `today` is passed in,
 * so the rules know no clock.
 */
export const quoteStatuses = ["requested", "priced", "sent", "changes_requested", "accepted", "declined", "expired"] as const;
export type QuoteStatus = (typeof quoteStatuses)[number];

export const quoteActions = ["price", "send", "accept", "decline", "request_changes", "expire"] as const;
export type QuoteAction = (typeof quoteActions)[number];

export const incoterms = ["FOB", "CIF"] as const;
export type Incoterm = (typeof incoterms)[number];

/** The importer's delivery terms: FOB is always Jakarta (Tanjung Priok); CIF names the destination port. */
export const quoteTermsSchema = z
  .object({
    incoterm: z.enum(incoterms, { error: "Choose FOB Jakarta or CIF to a named port" }),
    destinationPort: z.string().trim().max(120, "A port name is at most 120 characters").optional().nullable(),
  })
  .refine((terms) => terms.incoterm !== "CIF" || (terms.destinationPort ?? "").length > 0, {
    message: "Name the destination port for CIF",
    path: ["destinationPort"],
  })
  .transform((terms) => ({ incoterm: terms.incoterm, destinationPort: terms.incoterm === "CIF" ? terms.destinationPort! : null }));
export type QuoteTerms = z.output<typeof quoteTermsSchema>;

/** The longest a quote may stay open: prices and capacity a year out are guesses, and a quote must be able to expire. */
export const MAX_VALIDITY_DAYS = 365;

/** The calendar day `days` after `day` (both YYYY-MM-DD). */
function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** A validity date staff set: a real calendar day, from today up to a year ahead. */
export const validUntilSchema = (today: string) =>
  z.iso
    .date({ error: "A validity date must be a date like 2026-03-31" })
    .refine((day) => day >= today, "A validity date can't be in the past")
    .refine((day) => day <= addDays(today, MAX_VALIDITY_DAYS), `A quote can be valid for at most ${MAX_VALIDITY_DAYS} days`);

export type QuoteState = { readonly status: QuoteStatus; readonly validUntil: string | null };

const from: Record<QuoteAction, { statuses: readonly QuoteStatus[]; to: QuoteStatus; refusal: string }> = {
  price: { statuses: ["requested", "changes_requested", "priced"], to: "priced", refusal: "Only a requested quote, or one with changes asked for, can be priced" },
  send: { statuses: ["priced"], to: "sent", refusal: "Only a priced quote can be sent" },
  accept: { statuses: ["sent"], to: "accepted", refusal: "Only a sent quote can be accepted" },
  decline: { statuses: ["sent"], to: "declined", refusal: "Only a sent quote can be declined" },
  request_changes: { statuses: ["sent"], to: "changes_requested", refusal: "Changes can be asked for on a sent quote only" },
  expire: { statuses: ["sent"], to: "expired", refusal: "Only a sent quote expires" },
};

const statusWords: Record<QuoteStatus, string> = {
  requested: "requested",
  priced: "priced",
  sent: "sent",
  changes_requested: "waiting for changes",
  accepted: "accepted",
  declined: "declined",
  expired: "expired",
};

/** The status after `action` on `today`, or a conflict refusal saying why not. */
export function transitionQuote(quote: QuoteState, action: QuoteAction, today: string): QuoteStatus | Refusal {
  const move = from[action];
  if (!move.statuses.includes(quote.status)) return Refusal.conflict(`${move.refusal} (this one is ${statusWords[quote.status]})`);
  const { validUntil } = quote;
  if (action === "send") {
    if (!validUntil) return Refusal.invalid("Set a validity date before sending the quote", { field: "validUntil" });
    if (validUntil < today) return Refusal.invalid("A validity date can't be in the past", { field: "validUntil" });
  }
  if (action === "accept" && validUntil !== null && validUntil < today) return Refusal.conflict(`This quote expired on ${validUntil}: ask us for a new one`);
  if (action === "accept" && validUntil === null) return Refusal.conflict("This quote has no validity date; ask us to send it again");
  if (action === "expire" && (validUntil === null || validUntil >= today)) return Refusal.conflict(`This quote is valid until ${validUntil ?? "it is sent again"}`);
  return move.to;
}

/** Whether a sent quote has passed its validity on `today` and should expire on its own. */
export function isDueToExpire(quote: QuoteState, today: string): boolean {
  return quote.status === "sent" && quote.validUntil !== null && quote.validUntil < today;
}
