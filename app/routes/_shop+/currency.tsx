import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { shopCurrencies } from "~/domain/money/money";
import { writeCurrencyChoice } from "~/utils/cookies.server";
import { safeRedirectPath } from "~/utils/shopper.server";

const schema = z.object({
  currency: z.enum(shopCurrencies, { message: `Choose one of ${shopCurrencies.join(", ")}` }),
  redirectTo: z.string().optional(),
});

/** Remembers the shopper's currency in a cookie and goes back where they were. */
export async function action({ request }: ActionFunctionArgs) {
  const parsed = schema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return new Response(parsed.error.issues[0]!.message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return redirect(safeRedirectPath(parsed.data.redirectTo), { headers: { "Set-Cookie": writeCurrencyChoice(parsed.data.currency) } });
}

export function loader() {
  return redirect("/");
}
