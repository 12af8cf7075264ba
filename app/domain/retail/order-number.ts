import { formatReferenceCode } from "~/domain/platform/reference-code";
import { z } from "zod";

/** "KR-26-ABCD2345": the year's last two digits, then eight characters from an alphabet without 0/O, 1/I/L. */
export const orderNumberPattern = /^KR-\d{2}-[A-Z0-9]{8}$/;

/** A new order number from eight random bytes (the caller draws them, so this stays pure). */
export function formatOrderNumber(randomBytes: Uint8Array, now: Date): string {
  if (randomBytes.length < 8) throw new RangeError("An order number needs eight random bytes");
  return formatReferenceCode("KR", randomBytes, now);
}

/** An order number as typed or linked: trimmed, in capitals, and of the right shape; otherwise null. */
export function normaliseOrderNumber(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const number = value.trim().toUpperCase();
  return orderNumberPattern.test(number) ? number : null;
}

/** The form field for an order number typed by a shopper. */
export const orderNumberField = z.string().trim().toUpperCase().regex(orderNumberPattern, "Order numbers look like KR-26-ABCD2345");
