/**
 * The ledger's published form. A month's entries CSV is exactly what its checksum hashes, so anyone can check a
 * closed month: sha256 of (the previous month's checksum, or nothing for the first) + "\n" + the CSV as served.
 * No source_id: it would name customers' orders.
 */
export const ENTRY_CSV_COLUMNS = ["id", "booked_at", "occurred_at", "channel", "kind", "producer_id", "currency", "amount_minor", "rate_micros", "usd_minor"] as const;

/** The recipe, in words, for the JSON and the page. */
export const CHECKSUM_RECIPE =
  'checksum = lowercase hex SHA-256 of the UTF-8 text: the previous closed month\'s checksum (empty for the first month), a newline ("\\n"), then the month\'s entries CSV exactly as served (header line, one line per entry ordered by id, each line ending in "\\n").';

/** An entry as the ledger publishes it; instants are ISO strings as the database renders them. */
export type PublishedEntry = {
  id: number;
  bookedAt: string;
  occurredAt: string;
  channel: string;
  kind: string;
  producerId: number | null;
  currency: string;
  amountMinor: number;
  rateMicros: number;
  usdMinor: number;
};

/** One CSV field, quoted only when it must be (RFC 4180). */
export function csvField(value: string | number | null): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line, with its newline. */
export function csvLine(values: readonly (string | number | null)[]): string {
  return `${values.map(csvField).join(",")}\n`;
}

/** The canonical line of one entry. */
export function entryCsvLine(entry: PublishedEntry): string {
  return csvLine([entry.id, entry.bookedAt, entry.occurredAt, entry.channel, entry.kind, entry.producerId, entry.currency, entry.amountMinor, entry.rateMicros, entry.usdMinor]);
}

/** A month's entries CSV, entries in id order, exactly as served and hashed. */
export function monthEntriesCsv(entries: readonly PublishedEntry[]): string {
  const sorted = [...entries].sort((a, b) => a.id - b.id);
  return csvLine(ENTRY_CSV_COLUMNS) + sorted.map(entryCsvLine).join("");
}

/** The text a month's checksum hashes. */
export function checksumInput(previousChecksum: string | null, monthCsv: string): string {
  return `${previousChecksum ?? ""}\n${monthCsv}`;
}

/** US cents as a decimal string, "1234.56" or "-0.05", with integer arithmetic only. */
export function usdDecimal(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError("US cents must be a whole number");
  const sign = cents < 0 ? "-" : "";
  const magnitude = Math.abs(cents);
  return `${sign}${Math.trunc(magnitude / 100)}.${String(magnitude % 100).padStart(2, "0")}`;
}
