import { redirect } from "@remix-run/node";
import { getDb } from "~db/client.server";
import { attachCheckoutSession, CheckoutError, placeOrder } from "~/models/retail/checkout.server";
import { releaseReservation } from "~/models/retail/orders.server";
import { createCheckoutSession } from "~/models/payments/payments.server";
import { getSiteContext } from "~/models/catalog/site.server";
import { grantOrderAccess } from "~/utils/cookies.server";
import { absoluteUrl } from "~/utils/http.server";
import { shopperCurrency } from "~/utils/shopper.server";
import { getStripe } from "~/utils/stripe.server";

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
    if (error instanceof CheckoutError) return { ok: false, message: error.message, details: error.details, status: error.status };
    throw error;
  }
  const access = await grantOrderAccess(request, order.id);
  if (!stripe) return redirect(`/checkout/demo/${order.id}`, { headers: { "Set-Cookie": access } });

  try {
    for (const sessionId of order.replacedSessionIds) await stripe.checkout.sessions.expire(sessionId).catch(() => undefined);
    const session = await createCheckoutSession(stripe, { ...order, email: input.email, country: input.country }, {
      successUrl: `${absoluteUrl("/checkout/success")}?session_id={CHECKOUT_SESSION_ID}`,
      cancelUrl: absoluteUrl("/cart"),
    });
    await attachCheckoutSession(db, { orderId: order.id, sessionId: session.id });
    if (!session.url) throw new Error("Stripe returned no checkout URL");
    return redirect(session.url, { headers: { "Set-Cookie": access } });
  } catch (error) {
    // Stripe unreachable: give the pieces back at once rather than holding them for 30 minutes.
    await db.transaction((tx) => releaseReservation(tx, { orderId: order.id, status: "cancelled", note: "Payment provider unavailable" }));
    console.warn("Stripe checkout failed", error);
    return { ok: false, message: "We couldn't reach our payment provider. Nothing was charged; please try again in a moment.", details: [], status: 503 };
  }
}
