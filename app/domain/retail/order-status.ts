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

/** The payment facts the refund rules need; `paymentStatus` is "paid" once Stripe has the shopper's money. */
export type OrderPayment = { status: OrderStatus; paymentStatus: string | null; totalMinor: number; refundedMinor: number };

/**
 * A cancelled order whose payment still arrived (its checkout had lapsed and the pieces were sold meanwhile):
 * it stays cancelled, but Kriya holds the shopper's money.
 */
export function holdsLatePayment(order: Pick<OrderPayment, "status" | "paymentStatus">): boolean {
  return order.status === "cancelled" && order.paymentStatus === "paid";
}

/** A late payment not yet returned in full: staff owe the shopper a refund. */
export function owesRefund(order: OrderPayment): boolean {
  return holdsLatePayment(order) && order.refundedMinor < order.totalMinor;
}

/** Why staff can't refund this order now, or null when up to `totalMinor - refundedMinor` can go back. */
export function refundBlocker(order: OrderPayment): "nothing_left" | "not_paid" | null {
  if (!isPaidStatus(order.status) && !holdsLatePayment(order) && order.status !== "refunded") return "not_paid";
  return order.refundedMinor >= order.totalMinor || order.status === "refunded" ? "nothing_left" : null;
}

export const orderStatusLabels: Record<OrderStatus, string> = {
  pending_payment: "Awaiting payment",
  paid: "Paid",
  packed: "Packed",
  shipped: "Shipped",
  cancelled: "Cancelled",
  refunded: "Refunded",
};
