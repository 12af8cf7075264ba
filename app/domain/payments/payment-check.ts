import { formatMoney, money, toStripeAmount } from "~/domain/money/money";

export type OrderToPay = { number: string; totalMinor: number; currency: string; stripeCheckoutSessionId: string | null };
export type PaymentClaim = { sessionId: string; amountTotal: number | null | undefined; currency: string | null | undefined };

/**
 * Why a payment event does not pay for this order, as a sentence for staff, or null when it matches: the
 * amount (in Stripe's minor units), the currency, and the Checkout Session the order was sent to, if any.
 */
export function paymentMismatch(order: OrderToPay, claim: PaymentClaim): string | null {
  const expected = toStripeAmount(money(order.totalMinor, order.currency));
  const problems: string[] = [];
  const currency = claim.currency?.toUpperCase();
  if (!currency) problems.push("names no currency");
  else if (currency !== order.currency.toUpperCase()) problems.push(`is in ${currency}, not ${order.currency}`);
  if (claim.amountTotal === null || claim.amountTotal === undefined) problems.push("names no amount");
  else if (claim.amountTotal !== expected) {
    const paid = currency ? formatMoney({ amountMinor: claim.amountTotal, currency }) : String(claim.amountTotal);
    problems.push(`is for ${paid}, not ${formatMoney({ amountMinor: order.totalMinor, currency: order.currency })}`);
  }
  if (order.stripeCheckoutSessionId && claim.sessionId !== order.stripeCheckoutSessionId) {
    problems.push(`comes from Checkout Session ${claim.sessionId}, not ${order.stripeCheckoutSessionId}`);
  }
  if (!problems.length) return null;
  return `The payment event for order ${order.number} ${joinAnd(problems)}, so the order was not marked paid. Check the payment in Stripe before shipping or refunding.`;
}

function joinAnd(parts: string[]) {
  return parts.length < 2 ? parts.join("") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}
