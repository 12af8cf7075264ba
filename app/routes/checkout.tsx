import { data, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { CheckoutError, placeOrder } from "~/models/checkout.server";
import { attachCheckoutSession } from "~/models/checkout.server";
import { createCheckoutSession } from "~/models/payments.server";
import { releaseReservation } from "~/models/orders.server";
import { getSiteContext } from "~/models/site.server";
import { grantOrderAccess, readCartId } from "~/utils/cookies.server";
import { originOf } from "~/utils/http.server";
import { shopperCurrency } from "~/utils/shopper.server";
import { getStripe } from "~/utils/stripe.server";

const schema = z.object({
  email: z.string().trim().max(200).email("Please enter a valid email address"),
  country: z.string().regex(/^[A-Z]{2}$/, "Choose where to ship"),
});

function failure(message: string, status: number, details: string[] = []) {
  return data({ ok: false as const, message, details }, { status });
}

/**
 * Checkout: reserve and create the order in one transaction, then (after commit) create the Stripe Checkout
 * Session, or send the shopper to the labelled demo payment page when there are no Stripe keys.
 */
export async function action({ request }: ActionFunctionArgs) {
  const parsed = schema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return failure(parsed.error.issues[0]!.message, 400);
  const cartId = await readCartId(request);
  if (!cartId) return failure("Your cart is empty.", 400);

  const db = getDb();
  const currency = shopperCurrency(request);
  const site = await getSiteContext(db);
  const rateMicros = site.rates[currency];
  if (!rateMicros) return failure(`We can't take payment in ${currency} right now.`, 400);
  const stripe = getStripe();

  let order;
  try {
    order = await placeOrder(db, { cartId, email: parsed.data.email, country: parsed.data.country, currency, rateMicros, demo: !stripe });
  } catch (error) {
    if (error instanceof CheckoutError) return failure(error.message, error.status, error.details);
    throw error;
  }
  const access = await grantOrderAccess(request, order.id);
  if (!stripe) {
    return redirect(`/checkout/demo/${order.id}`, { headers: { "Set-Cookie": access } });
  }

  const origin = originOf(request);
  try {
    for (const sessionId of order.replacedSessionIds) {
      await stripe.checkout.sessions.expire(sessionId).catch(() => undefined);
    }
    const session = await createCheckoutSession(stripe, { ...order, email: parsed.data.email, country: parsed.data.country }, {
      successUrl: `${origin}/checkout/success?session_id={CHECKOUT_SESSION_ID}`,
      cancelUrl: `${origin}/cart`,
    });
    await attachCheckoutSession(db, { orderId: order.id, sessionId: session.id });
    if (!session.url) throw new Error("Stripe returned no checkout URL");
    return redirect(session.url, { headers: { "Set-Cookie": access } });
  } catch (error) {
    // Stripe unreachable: give the pieces back at once rather than holding them for 30 minutes.
    await db.transaction((tx) => releaseReservation(tx, { orderId: order.id, status: "cancelled", note: "Payment provider unavailable" }));
    console.warn("Stripe checkout failed", error);
    return failure("We couldn't reach our payment provider. Nothing was charged; please try again in a moment.", 503);
  }
}

export function loader() {
  return redirect("/cart");
}
