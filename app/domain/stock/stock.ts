import { Refusal } from "~/domain/platform/refusal";

/** Stock rules. Available stock is on hand minus reserved, and may never go below zero online. */
export type StockLevelState = { onHand: number; reserved: number };
export type StockDelta = { onHandDelta: number; reservedDelta: number };

export type MovementKind = "receipt" | "sale" | "reservation" | "release" | "transfer_out" | "transfer_in" | "adjustment" | "return";
export type LocationKind = "warehouse" | "event";

export function availableQuantity(level: StockLevelState): number {
  return Math.max(0, level.onHand - level.reserved);
}

/**
 * The deltas each movement kind applies to a level, for a positive quantity (adjustments are signed).
 * A sale consumes its reservation unless `fromReservation` is false (a bazaar sale, a late online payment).
 */
export function movementDelta(kind: MovementKind, quantity: number, options: { fromReservation?: boolean } = {}): StockDelta {
  if (!Number.isInteger(quantity) || quantity === 0) throw new RangeError("Quantity must be a non-zero integer");
  switch (kind) {
    case "receipt":
    case "transfer_in":
    case "return":
      return { onHandDelta: Math.abs(quantity), reservedDelta: 0 };
    case "transfer_out":
      return { onHandDelta: -Math.abs(quantity), reservedDelta: 0 };
    case "reservation":
      return { onHandDelta: 0, reservedDelta: Math.abs(quantity) };
    case "release":
      return { onHandDelta: 0, reservedDelta: -Math.abs(quantity) };
    case "sale":
      // An online sale consumes the stock reserved at checkout; an unreserved sale takes it straight off the shelf.
      return { onHandDelta: -Math.abs(quantity), reservedDelta: options.fromReservation === false ? 0 : -Math.abs(quantity) };
    case "adjustment":
      return { onHandDelta: quantity, reservedDelta: 0 };
  }
}

/** Whether applying the delta keeps every stock invariant; mirrors the database CHECKs of a warehouse. */
export function canApply(level: StockLevelState, delta: StockDelta): boolean {
  const onHand = level.onHand + delta.onHandDelta;
  const reserved = level.reserved + delta.reservedDelta;
  return onHand >= 0 && reserved >= 0 && onHand - reserved >= 0;
}

/** One movement as the ledger receives it: a kind, a quantity (signed for adjustments) and, for a sale, whether it was reserved. */
export type LedgerMovement = { kind: MovementKind; quantity: number; fromReservation?: boolean };

/**
 * Only an unreserved sale at an event may take on hand below zero: a bazaar stand sells what is in the
 * customer's hand even when the count says otherwise, and staff reconcile afterwards. Warehouses (and so the
 * online shop) never go below zero, and nothing else may push an event below zero either.
 */
export function mayGoNegative(locationKind: LocationKind, movement: LedgerMovement): boolean {
  return locationKind === "event" && movement.kind === "sale" && movement.fromReservation === false;
}

export type MovementRefusal = {
  reason: "not_enough_stock" | "not_enough_reserved";
  requested: number;
  /** What could be taken: free pieces for a removal or reservation, reserved pieces for a release or reserved sale. */
  left: number;
};

export type PlannedMovement = {
  delta: StockDelta;
  after: StockLevelState;
  /** Pieces this movement sold beyond what was on hand (only ever above zero where mayGoNegative). */
  shortfall: number;
};

/**
 * The ledger's rule for one movement against the level it finds (locked): the deltas, the level after and any
 * shortfall, or why it is refused. Reserved never drops below zero. A movement that lowers neither on hand nor
 * available is always allowed (so stock can come back to an event that sold short); any other must leave on hand
 * and available at zero or more, unless the location may go negative for it.
 */
export function planMovement(level: StockLevelState, movement: LedgerMovement, locationKind: LocationKind): { ok: true; plan: PlannedMovement } | { ok: false; refusal: MovementRefusal } {
  const delta = movementDelta(movement.kind, movement.quantity, { fromReservation: movement.fromReservation });
  const after = { onHand: level.onHand + delta.onHandDelta, reserved: level.reserved + delta.reservedDelta };
  const requested = Math.abs(movement.quantity);
  if (after.reserved < 0) return { ok: false, refusal: { reason: "not_enough_reserved", requested, left: Math.max(0, level.reserved) } };
  const lowersNothing = delta.onHandDelta >= 0 && delta.onHandDelta - delta.reservedDelta >= 0;
  if (!lowersNothing && !mayGoNegative(locationKind, movement) && (after.onHand < 0 || after.onHand - after.reserved < 0)) {
    const left = delta.reservedDelta < 0 && delta.onHandDelta - delta.reservedDelta === 0 ? Math.max(0, Math.min(level.reserved, level.onHand)) : availableQuantity(level);
    return { ok: false, refusal: { reason: "not_enough_stock", requested, left } };
  }
  const shortfall = Math.max(0, -after.onHand) - Math.max(0, -level.onHand);
  return { ok: true, plan: { delta, after, shortfall: Math.max(0, shortfall) } };
}

/** A refusal as staff and shoppers read it. */
export function refusalMessage(refusal: MovementRefusal): string {
  if (refusal.reason === "not_enough_reserved") return refusal.left === 0 ? "Nothing is reserved to release" : `Only ${refusal.left} reserved`;
  return refusal.left === 0 ? "Sold out" : `Only ${refusal.left} left`;
}

export type StockShortage = { variantId: number; locationId: number; refusal: MovementRefusal };

/** The ledger said no: which levels were short and by how much. Nothing was recorded. */
export class StockRefusal extends Refusal {
  readonly transactionAborted: boolean;
  constructor(
    readonly shortages: StockShortage[],
    message = shortages.map((s) => refusalMessage(s.refusal)).join("; ") || "Not enough stock",
    options: { transactionAborted?: boolean } = {},
  ) {
    super("conflict", message, { field: "quantity" });
    // Set when the database's CHECKs refused: the transaction can't go on, the caller must let it roll back.
    this.transactionAborted = options.transactionAborted ?? false;
  }
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
  return: "Return",
};

/** A ledger delta as staff read it: "+5", "−2", or a dash for no change. */
export function formatStockDelta(delta: number): string {
  if (delta === 0) return "—";
  return delta > 0 ? `+${delta}` : `−${-delta}`;
}
