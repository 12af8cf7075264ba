import { Refusal } from "~/domain/platform/refusal";

/** Transfers between the warehouse and an event, in two steps: what left, then what arrived. */

export type TransferDirection = "to_event" | "to_warehouse";
export type TransferStatus = "sent" | "received";

export const transferDirectionLabels: Readonly<Record<TransferDirection, string>> = { to_event: "To the event", to_warehouse: "Back to the warehouse" };
export const transferStatusLabels: Readonly<Record<TransferStatus, string>> = { sent: "On the way", received: "Received" };

/** More of one piece than any stall carries: a typo, not a transfer. */
export const MAX_TRANSFER_QUANTITY = 10_000;
export const MAX_TRANSFER_LINES = 500;
export const MAX_REASON_LENGTH = 500;

export type SendLine = { variantId: number; quantity: number };

/** The lines of a transfer to send: at least one piece, each once, each a whole number of at least one. */
export function planSend(lines: readonly SendLine[]): SendLine[] | Refusal {
  const chosen = lines.filter((l) => l.quantity !== 0);
  if (!chosen.length) return Refusal.invalid("Choose at least one piece and how many to send.", { field: "lines" });
  if (chosen.length > MAX_TRANSFER_LINES) return Refusal.invalid(`Send at most ${MAX_TRANSFER_LINES} different pieces at once.`, { field: "lines" });
  const seen = new Set<number>();
  for (const line of chosen) {
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_TRANSFER_QUANTITY) {
      return Refusal.invalid(`A quantity to send is a whole number from 1 to ${MAX_TRANSFER_QUANTITY}.`, { field: "lines" });
    }
    if (seen.has(line.variantId)) return Refusal.invalid("Each piece goes on a transfer once; add the quantities together.", { field: "lines" });
    seen.add(line.variantId);
  }
  return chosen.map((l) => ({ variantId: l.variantId, quantity: l.quantity }));
}

export type SentLine = { variantId: number; quantitySent: number; label: string };
export type CountedLine = { variantId: number; quantityReceived: number; reason: string };
export type PlannedReceiptLine = { variantId: number; quantitySent: number; quantityReceived: number; differenceReason: string | null };

/**
 * What a receipt records, line by line: every piece sent is counted once, from nothing up to what was sent
 * (more than was sent is a miscount, refused), and any difference carries its reason.
 */
export function planReceipt(sent: readonly SentLine[], counted: readonly CountedLine[]): PlannedReceiptLine[] | Refusal {
  const byVariant = new Map<number, CountedLine>();
  for (const line of counted) {
    if (byVariant.has(line.variantId)) return Refusal.invalid("Each piece is counted once.", { field: "lines" });
    if (!sent.some((s) => s.variantId === line.variantId)) return Refusal.invalid("That piece is not on this transfer.", { field: "lines" });
    byVariant.set(line.variantId, line);
  }
  const planned: PlannedReceiptLine[] = [];
  for (const line of sent) {
    const count = byVariant.get(line.variantId);
    if (!count) return Refusal.invalid(`Count what arrived of ${line.label}.`, { field: "lines" });
    if (!Number.isInteger(count.quantityReceived) || count.quantityReceived < 0) {
      return Refusal.invalid(`What arrived of ${line.label} is a whole number, 0 or more.`, { field: "lines" });
    }
    if (count.quantityReceived > line.quantitySent) {
      return Refusal.invalid(`${count.quantityReceived} of ${line.label} can't have arrived when ${line.quantitySent} were sent: count again.`, { field: "lines" });
    }
    const reason = count.reason.trim();
    const differs = count.quantityReceived !== line.quantitySent;
    if (differs && !reason) return Refusal.invalid(`Say why ${line.quantitySent - count.quantityReceived} of ${line.label} did not arrive.`, { field: "lines" });
    if (reason.length > MAX_REASON_LENGTH) return Refusal.invalid(`Keep the reason under ${MAX_REASON_LENGTH} characters.`, { field: "lines" });
    planned.push({ variantId: line.variantId, quantitySent: line.quantitySent, quantityReceived: count.quantityReceived, differenceReason: differs ? reason : null });
  }
  return planned;
}

/** What goes back to the warehouse after an event: every piece still on hand there. */
export function planReturn(levels: readonly { variantId: number; onHand: number }[]): SendLine[] | Refusal {
  const lines = levels.filter((l) => l.onHand > 0).map((l) => ({ variantId: l.variantId, quantity: l.onHand }));
  return lines.length ? lines : Refusal.conflict("Nothing is left at the event to send back.");
}

/** The totals a transfer list shows: pieces sent, and pieces received once it arrived. */
export function transferTotals(lines: readonly { quantitySent: number; quantityReceived: number | null }[]) {
  const sent = lines.reduce((n, l) => n + l.quantitySent, 0);
  const received = lines.every((l) => l.quantityReceived !== null) ? lines.reduce((n, l) => n + (l.quantityReceived ?? 0), 0) : null;
  return { sent, received };
}
