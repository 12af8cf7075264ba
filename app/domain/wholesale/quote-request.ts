import { Refusal } from "~/domain/platform/refusal";
import { quoteTermsSchema, type QuoteTerms } from "./quote-status";

/** The longest note an importer may send with a quote request. */
export const MAX_QUOTE_NOTES = 2000;

/** The delivery terms as the importer sent them, or an invalid refusal on the field that is wrong. */
export function parseQuoteTerms(input: { incoterm: unknown; destinationPort: unknown }): QuoteTerms {
  const parsed = quoteTermsSchema.safeParse({ incoterm: input.incoterm, destinationPort: input.destinationPort ?? null });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw Refusal.invalid(issue.message, { field: String(issue.path[0] ?? "incoterm") });
}

/** The importer's notes, trimmed, or an invalid refusal when they are too long. */
export function parseQuoteNotes(notes: string | undefined): string {
  const text = (notes ?? "").trim();
  if (text.length > MAX_QUOTE_NOTES) throw Refusal.invalid(`Keep the notes under ${MAX_QUOTE_NOTES.toLocaleString("en-US")} characters`, { field: "notes" });
  return text;
}
