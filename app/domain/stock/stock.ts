/** Stock rules. Available stock is on hand minus reserved, and may never go below zero online. */
export type StockLevelState = { onHand: number; reserved: number };
export type StockDelta = { onHandDelta: number; reservedDelta: number };

export type MovementKind = "receipt" | "sale" | "reservation" | "release" | "transfer_out" | "transfer_in" | "adjustment";

export function availableQuantity(level: StockLevelState): number {
  return Math.max(0, level.onHand - level.reserved);
}

/** The deltas each movement kind applies to a level, for a positive quantity (adjustments are signed). */
export function movementDelta(kind: MovementKind, quantity: number): StockDelta {
  if (!Number.isInteger(quantity) || quantity === 0) throw new RangeError("Quantity must be a non-zero integer");
  switch (kind) {
    case "receipt":
    case "transfer_in":
      return { onHandDelta: Math.abs(quantity), reservedDelta: 0 };
    case "transfer_out":
      return { onHandDelta: -Math.abs(quantity), reservedDelta: 0 };
    case "reservation":
      return { onHandDelta: 0, reservedDelta: Math.abs(quantity) };
    case "release":
      return { onHandDelta: 0, reservedDelta: -Math.abs(quantity) };
    case "sale":
      // A sale consumes stock that was reserved at checkout.
      return { onHandDelta: -Math.abs(quantity), reservedDelta: -Math.abs(quantity) };
    case "adjustment":
      return { onHandDelta: quantity, reservedDelta: 0 };
  }
}

/** Whether applying the delta keeps every stock invariant; mirrors the database CHECKs. */
export function canApply(level: StockLevelState, delta: StockDelta): boolean {
  const onHand = level.onHand + delta.onHandDelta;
  const reserved = level.reserved + delta.reservedDelta;
  return onHand >= 0 && reserved >= 0 && onHand - reserved >= 0;
}

export type StockStatus = "in_stock" | "low_stock" | "sold_out";
export const LOW_STOCK_THRESHOLD = 3;

export function stockStatus(available: number): StockStatus {
  if (available <= 0) return "sold_out";
  if (available <= LOW_STOCK_THRESHOLD) return "low_stock";
  return "in_stock";
}

export const movementKindLabels: Record<MovementKind, string> = {
  receipt: "Receipt",
  sale: "Sale",
  reservation: "Reservation",
  release: "Release",
  transfer_out: "Transfer out",
  transfer_in: "Transfer in",
  adjustment: "Adjustment",
};

/** A ledger delta as staff read it: "+5", "−2", or a dash for no change. */
export function formatStockDelta(delta: number): string {
  if (delta === 0) return "—";
  return delta > 0 ? `+${delta}` : `−${-delta}`;
}
