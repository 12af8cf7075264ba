import { z } from "zod";

/** "KR-26-ABCD2345": the year's last two digits, then eight characters from an alphabet without 0/O, 1/I/L. */
export const orderNumberPattern = /^KR-\d{2}-[A-Z0-9]{8}$/;
const alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/** A new order number from eight random bytes (the caller draws them, so this stays pure). */
export function formatOrderNumber(randomBytes: Uint8Array, now: Date): string {
  if (randomBytes.length < 8) throw new RangeError("An order number needs eight random bytes");
  const code = Array.from(randomBytes.subarray(0, 8), (b) => alphabet[b % alphabet.length]).join("");
  return `KR-${String(now.getUTCFullYear()).slice(2)}-${code}`;
}

/** An order number as typed or linked: trimmed, in capitals, and of the right shape; otherwise null. */
export function normaliseOrderNumber(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const number = value.trim().toUpperCase();
  return orderNumberPattern.test(number) ? number : null;
}

/** The form field for an order number typed by a shopper. */
export const orderNumberField = z.string().trim().toUpperCase().regex(orderNumberPattern, "Order numbers look like KR-26-ABCD2345");
