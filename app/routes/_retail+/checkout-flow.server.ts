import { redirect } from "@remix-run/node";
import { getDb } from "~db/client.server";
import { isRefusal } from "~/domain/platform/refusal";
import { attachCheckoutSession, placeOrder } from "~/models/retail/checkout.server";
import { releaseReservation } from "~/models/retail/orders.server";
import { createRetailCheckoutSession } from "~/models/retail/order-payments.server";
import { queueSessionExpiry } from "~/models/payments/stripe-checkout.server";
import { drainOutboxSoon } from "~/models/platform/outbox-handlers.server";
import { getSiteContext } from "~/models/catalog/site.server";
import { grantOrderAccess } from "~/utils/cookies.server";
import { absoluteUrl } from "~/utils/http.server";
import { shopperCurrency } from "~/utils/shopper.server";
import { getStripe } from "~/utils/stripe.server";
import { statusOf } from "~/web/refusal.server";

export type CheckoutFailure = { ok: false; message: string; details: string[]; status: number };

/**
 * Reserve and create the order in one transaction, then (after commit) create the Stripe Checkout Session,
 * or send the shopper to the labelled demo payment page when there are no Stripe keys.
 */
export async function startCheckout(
  request: Request,
  input: { cartId: string; email: string; country: string; /** The load context's clientIp, for the per-address cap. */ placedFrom?: string | null },
): Promise<Response | CheckoutFailure> {
  const db = getDb();
  const currency = shopperCurrency(request);
  const rateMicros = (await getSiteContext(db)).rates[currency];
  if (!rateMicros) return { ok: false, message: `We can't take payment in ${currency} right now.`, details: [], status: 400 };
  const stripe = getStripe();

  let order;
  try {
    order = await placeOrder(db, { ...input, currency, rateMicros, demo: !stripe });
  } catch (error) {
    if (isRefusal(error)) return { ok: false, message: error.message, details: [...(error.details.items ?? [])], status: statusOf(error) };
    throw error;
  }
  const access = await grantOrderAccess(request, order.id);
  if (!stripe) return redirect(`/checkout/demo/${order.id}`, { headers: { "Set-Cookie": access } });

  // The sessions of the orders this one replaced were queued for expiry in placeOrder's transaction.
  drainOutboxSoon(db);
  let sessionId: string | null = null;
  try {
    const session = await createRetailCheckoutSession(stripe, { ...order, email: input.email, country: input.country }, {
      successUrl: `${absoluteUrl("/checkout/success")}?session_id={CHECKOUT_SESSION_ID}`,
      cancelUrl: absoluteUrl("/cart"),
    });
    sessionId = session.id;
    await attachCheckoutSession(db, { orderId: order.id, sessionId: session.id });
    if (!session.url) throw new Error("Stripe returned no checkout URL");
    return redirect(session.url, { headers: { "Set-Cookie": access } });
  } catch (error) {
    // Stripe unreachable: give the pieces back at once rather than holding them for 30 minutes.
    // A session Stripe did make (its answer was unusable) must not take money for the cancelled order.
    await db.transaction(async (tx) => {
      await releaseReservation(tx, { orderId: order.id, status: "cancelled", note: "Payment provider unavailable" });
      if (sessionId) await queueSessionExpiry(tx, { sessionId });
    });
    drainOutboxSoon(db);
    console.warn("Stripe checkout failed", error);
    return { ok: false, message: "We couldn't reach our payment provider. Nothing was charged; please try again in a moment.", details: [], status: 503 };
  }
}
