/**
 * How many pieces unpaid orders may hold, so one shopper or one address can't take the shop's stock off sale
 * by checking out and never paying. Counted across pending_payment orders, including the order being placed and
 * leaving out the earlier checkout of the same cart it replaces.
 */
export const unpaidPieceLimits = {
  /** Pieces waiting for payment under one email address. */
  email: 10,
  /** Pieces waiting for payment placed from one network address (a household or office shares one). */
  address: 20,
} as const;

export type UnpaidHolds = {
  /** Pieces the new order would reserve. */
  requested: number;
  /** Pieces already held by other unpaid orders with this email. */
  heldByEmail: number;
  /** Pieces already held by other unpaid orders from this address; null when the address is unknown. */
  heldByAddress: number | null;
};

export type UnpaidHoldRefusal = { scope: "email" | "address"; limit: number; message: string };

/** Null when the order may reserve its pieces; otherwise which cap it would pass, with a message for the shopper. */
export function checkUnpaidHolds({ requested, heldByEmail, heldByAddress }: UnpaidHolds, limits = unpaidPieceLimits): UnpaidHoldRefusal | null {
  if (heldByEmail + requested > limits.email) {
    return {
      scope: "email",
      limit: limits.email,
      message:
        heldByEmail > 0
          ? `Orders waiting for payment can hold at most ${limits.email} pieces per email address, and ${heldByEmail} are already held for yours. Please pay for those first, or wait up to 30 minutes for them to lapse.`
          : `An order waiting for payment can hold at most ${limits.email} pieces. For a larger order please contact us for a wholesale quote.`,
    };
  }
  if (heldByAddress !== null && heldByAddress + requested > limits.address) {
    return {
      scope: "address",
      limit: limits.address,
      message: `Too many pieces are waiting for payment from your network (at most ${limits.address}). Please pay for the open orders first, or wait up to 30 minutes for them to lapse.`,
    };
  }
  return null;
}
