/**
 * What a Stripe object pays for, carried in its `metadata.kind` (on the Checkout Session and on its
 * PaymentIntent) beside the paid object's id. The webhook dispatcher routes on it.
 */
export const paymentKinds = ["retail_order", "wholesale_deposit"] as const;
export type PaymentKind = (typeof paymentKinds)[number];

export function isPaymentKind(value: unknown): value is PaymentKind {
  return typeof value === "string" && (paymentKinds as readonly string[]).includes(value);
}

/** How an object's metadata names its kind: a known kind, a kind this app does not know, or none at all. */
export type KindLabel = { kind: PaymentKind } | { unknown: string } | { missing: true };

export function kindLabel(metadata: Record<string, string> | null | undefined): KindLabel {
  const value = metadata?.kind;
  if (value === undefined || value === "") return { missing: true };
  return isPaymentKind(value) ? { kind: value } : { unknown: value };
}

/** The metadata every object sent to Stripe carries: its kind first, then its own ids (e.g. `order_id`). */
export function paymentMetadata(kind: PaymentKind, ids: Record<string, string>): Record<string, string> {
  return { kind, ...ids };
}
