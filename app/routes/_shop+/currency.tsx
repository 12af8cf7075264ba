import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { hrefWithCurrency } from "~/domain/catalog/display-currency";
import { shopCurrencies } from "~/domain/money/money";
import { writeCurrencyChoice } from "~/utils/cookies.server";
import { safeRedirectPath } from "~/utils/shopper.server";

const schema = z.object({
  currency: z.enum(shopCurrencies, { message: `Choose one of ${shopCurrencies.join(", ")}` }),
  redirectTo: z.string().optional(),
});

/**
 * Remembers the shopper's currency in a cookie (what the cart and checkout charge in) and goes back where they
 * were; a catalogue page comes back at its address in that currency (`?currency=EUR`), since it is priced by URL.
 */
export async function action({ request }: ActionFunctionArgs) {
  const parsed = schema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return new Response(parsed.error.issues[0]!.message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const back = hrefWithCurrency(safeRedirectPath(parsed.data.redirectTo), { currency: parsed.data.currency });
  return redirect(back, { headers: { "Set-Cookie": writeCurrencyChoice(parsed.data.currency) } });
}

export function loader() {
  return redirect("/");
}
