/**
 * Codes people read aloud and type: a prefix, the year's last two digits, then characters from an alphabet
 * without 0/O, 1/I/L. Retail orders ("KR-26-ABCD2345"), quotes ("WQ-"), wholesale orders ("WO-"), production
 * orders ("PO-") and batch codes ("B-") share the shape. The caller draws the random bytes, so this stays pure.
 */
const alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

export function formatReferenceCode(prefix: string, randomBytes: Uint8Array, now: Date, length = 8): string {
  if (randomBytes.length < length) throw new RangeError(`A reference code needs ${length} random bytes`);
  const code = Array.from(randomBytes.subarray(0, length), (b) => alphabet[b % alphabet.length]).join("");
  return `${prefix}-${String(now.getUTCFullYear()).slice(2)}-${code}`;
}

/** The pattern of codes with `prefix` and `length` random characters. */
export function referenceCodePattern(prefix: string, length = 8): RegExp {
  return new RegExp(`^${prefix}-\\d{2}-[${alphabet}]{${length}}$`);
}

/** A code as typed or linked: trimmed, in capitals, and of the right shape; otherwise null. */
export function normaliseReferenceCode(value: unknown, pattern: RegExp): string | null {
  if (typeof value !== "string") return null;
  const code = value.trim().toUpperCase();
  return pattern.test(code) ? code : null;
}

export const quoteNumberPattern = referenceCodePattern("WQ");
export const wholesaleOrderNumberPattern = referenceCodePattern("WO");
export const productionOrderNumberPattern = referenceCodePattern("PO");
export const batchCodePattern = referenceCodePattern("B", 6);
