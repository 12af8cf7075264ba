/** Retail order states: pending_payment → paid → packed → shipped, or cancelled, or refunded. */
export const orderStatuses = ["pending_payment", "paid", "packed", "shipped", "cancelled", "refunded"] as const;
export type OrderStatus = (typeof orderStatuses)[number];

const allowed: Record<OrderStatus, readonly OrderStatus[]> = {
  pending_payment: ["paid", "cancelled"],
  paid: ["packed", "refunded", "cancelled"],
  packed: ["shipped", "refunded"],
  shipped: ["refunded"],
  cancelled: [],
  refunded: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return allowed[from].includes(to);
}

/** Statuses that have taken the shopper's money (and so count as turnover). */
export function isPaidStatus(status: OrderStatus): boolean {
  return status === "paid" || status === "packed" || status === "shipped";
}

export const orderStatusLabels: Record<OrderStatus, string> = {
  pending_payment: "Awaiting payment",
  paid: "Paid",
  packed: "Packed",
  shipped: "Shipped",
  cancelled: "Cancelled",
  refunded: "Refunded",
};
