import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/ui/shop-link";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { Breadcrumbs } from "~/components/ui/breadcrumbs";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { Picture } from "~/components/ui/picture";
import { useMoney } from "~/components/ui/price";
import { countryNames, parcelWeight, shippingPriceFor } from "~/domain/retail/shipping";
import { countryFromLocale } from "~/domain/retail/shopper-country";
import { addToCart, cartItemCount, ensureCart, getCartCountry, getCartLines, removeCartLine, setCartCountry, setCartLineQuantity } from "~/models/retail/cart.server";
import { listShippingDestinations } from "~/models/retail/shipping.server";
import { NoScriptRedirect } from "~/components/ui/no-script-redirect";
import { startCheckout } from "./checkout-flow.server";
import { readCartId, readFlash, writeCartCount, writeCartId, writeFlash } from "~/utils/cookies.server";
import { safeRedirectPath, shopperCurrency } from "~/utils/shopper.server";
import { stripeConfigured } from "~/utils/stripe.server";
import { asRefusal, statusOf } from "~/web/refusal.server";

const quantity = z.coerce.number({ message: "Quantity must be a number" }).int("Quantity must be a whole number").min(0, "Quantity can't be negative").max(999, "That is more than we can sell at once");
const variantId = z.coerce.number({ message: "Unknown piece" }).int().positive("Unknown piece").max(2_147_483_647, "Unknown piece");
const intentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add"), variantId, quantity: quantity.min(1, "Add at least one") }),
  z.object({ intent: z.literal("update"), variantId, quantity }),
  z.object({ intent: z.literal("remove"), variantId }),
  z.object({ intent: z.literal("undo"), variantId, quantity: quantity.min(1, "Nothing to put back") }),
  z.object({ intent: z.literal("country"), country: z.string().regex(/^[A-Z]{2}$/, "Choose a country") }),
  z.object({
    intent: z.literal("checkout"),
    email: z.string().trim().max(200).email("Please enter a valid email address"),
    country: z.string().regex(/^[A-Z]{2}$/, "Choose where to ship under “Ship to”, then check out."),
  }),
]);

type Undo = { variantId: number; quantity: number; title: string };
type CartResult = { ok: boolean; message: string; details?: string[]; capped?: boolean; count?: number; undo?: Undo };

function cartHeaders(count: number, clearFlash: string | null) {
  const headers = new Headers({ "Cache-Control": "private, no-store" });
  headers.append("Set-Cookie", writeCartCount(count));
  if (clearFlash) headers.append("Set-Cookie", clearFlash);
  return headers;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb();
  const cartId = await readCartId(request);
  const [lines, destinations, country, { flash, clear }] = await Promise.all([
    getCartLines(db, { cartId }),
    listShippingDestinations(db),
    getCartCountry(db, { cartId }),
    readFlash(request),
  ]);
  const count = cartItemCount(lines);
  // No country chosen yet: start from the browser's language when it names a country we ship to.
  const suggested = country ? null : countryFromLocale(request.headers.get("Accept-Language"), destinations.map((d) => d.country));
  const selected = destinations.find((d) => d.country === (country ?? suggested)) ?? null;
  const weight = parcelWeight(lines);
  const shippingUsd = selected ? shippingPriceFor(selected.brackets, weight) : null;
  return data(
    {
      lines,
      count,
      country: selected?.country ?? null,
      countryFromLocale: !!selected && !country,
      shippingUsd,
      tooHeavy: !!selected && lines.length > 0 && shippingUsd === null,
      destinations: destinations.map((d) => ({ country: d.country, name: countryNames[d.country] ?? d.country })).sort((a, b) => a.name.localeCompare(b.name)),
      demo: !stripeConfigured(),
      flash,
      // The cart is private: it prices in the currency checkout will charge (the header picker shows it too).
      shopperCurrency: shopperCurrency(request),
    },
    { headers: cartHeaders(count, clear) },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  // Only browsers without JavaScript send this (it sits in <noscript>): answer them with Post/Redirect/Get.
  const redirectTo = safeRedirectPath(form.get("redirectTo"), "");
  const parsed = intentSchema.safeParse(Object.fromEntries([...form.entries()].filter(([key]) => key !== "redirectTo")));
  const respond = async (result: CartResult, status: number, headers = new Headers()) => {
    if (!redirectTo) return data(result, { status, headers });
    headers.append("Set-Cookie", await writeFlash({ ok: result.ok, message: result.message, details: result.details, undo: result.undo }));
    return redirect(redirectTo, { headers });
  };
  if (!parsed.success) return respond({ ok: false, message: parsed.error.issues[0]!.message }, 400);

  const db = getDb();
  const existingId = await readCartId(request);
  const input = parsed.data;
  if (input.intent !== "add" && !existingId) return respond({ ok: false, message: "Your cart is empty." }, 400);
  if (input.intent === "checkout") {
    const outcome = await startCheckout(request, { cartId: existingId!, email: input.email, country: input.country, placedFrom: typeof context.clientIp === "string" ? context.clientIp : null });
    if (outcome instanceof Response) return outcome;
    return respond(outcome, outcome.status);
  }

  const cartId = await ensureCart(db, { cartId: existingId });
  const headers = new Headers();
  if (cartId !== existingId) headers.append("Set-Cookie", await writeCartId(cartId));
  let result: CartResult;
  let status = 200;
  try {
    switch (input.intent) {
      case "add":
        result = { ok: true, ...(await addToCart(db, { cartId, variantId: input.variantId, quantity: input.quantity })) };
        break;
      case "update":
        result = { ok: true, ...(await setCartLineQuantity(db, { cartId, variantId: input.variantId, quantity: input.quantity })) };
        break;
      case "remove": {
        const removed = await removeCartLine(db, { cartId, variantId: input.variantId });
        result = removed ? { ok: true, message: `Removed ${removed.title}.`, undo: removed } : { ok: true, message: "That piece was no longer in your cart." };
        break;
      }
      case "undo": {
        const change = await setCartLineQuantity(db, { cartId, variantId: input.variantId, quantity: input.quantity });
        result = { ok: true, ...change, message: change.capped ? change.message : `Put back ${change.message}` };
        break;
      }
      case "country": {
        const destinations = await listShippingDestinations(db);
        if (!destinations.some((d) => d.country === input.country)) return respond({ ok: false, message: "We don't ship there yet." }, 400, headers);
        await setCartCountry(db, { cartId, country: input.country });
        result = { ok: true, message: `Shipping to ${countryNames[input.country] ?? input.country}.` };
        break;
      }
    }
  } catch (error) {
    const refusal = asRefusal(error);
    result = { ok: false, message: refusal.message };
    status = statusOf(refusal);
  }
  const count = cartItemCount(await getCartLines(db, { cartId }));
  headers.append("Set-Cookie", writeCartCount(count));
  return respond({ ...result, count }, status, headers);
}

export const meta: MetaFunction = () => [{ title: "Your cart · Kriya" }, { name: "robots", content: "noindex" }];

export default function CartPage() {
  const { lines, country, countryFromLocale, shippingUsd, tooHeavy, destinations, demo, flash } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const removal = useFetcher<CartResult>({ key: "cart-remove" });
  const undo = useFetcher<CartResult>({ key: "cart-undo" });
  const countryFetcher = useFetcher<CartResult>({ key: "cart-country" });
  // The removal already put back (with JavaScript), so its notice goes away.
  const [undone, setUndone] = useState<CartResult | null>(null);
  const notice: CartResult | null = removal.data?.undo && removal.data !== undone ? removal.data : undo.data ?? actionData ?? flash;
  const money = useMoney();
  // Same arithmetic as checkout: convert each unit price, then multiply, so the total here is the total charged.
  const subtotal = lines.reduce((n, l) => n + money.convert(l.unitPriceUsdMinor) * l.quantity, 0);
  const shipping = shippingUsd !== null ? money.convert(shippingUsd) : 0;
  return (
    <div className="page cart-page">
      <Breadcrumbs items={[{ label: "Shop", to: "/shop" }, { label: "Cart" }]} />
      <h1>Your cart</h1>
      {notice ? (
        <div className={notice.ok ? "notice" : "notice notice-error"} role={notice.ok ? "status" : "alert"}>
          <p>{notice.message}</p>
          {notice.undo ? (
                <undo.Form method="post" action="/cart" className="inline-form" onSubmit={() => setUndone(removal.data ?? null)}>
                  <input type="hidden" name="intent" value="undo" />
                  <input type="hidden" name="variantId" value={notice.undo.variantId} />
                  <input type="hidden" name="quantity" value={notice.undo.quantity} />
                  <NoScriptRedirect to="/cart" />
                  <button type="submit" className="text-button" aria-label={`Undo: put back ${notice.undo.title}`}>
                    Undo
                  </button>
                </undo.Form>
          ) : null}
          {notice.details?.length ? (
            <ul>
              {notice.details.map((d: string) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {lines.length === 0 ? (
        <div className="empty-state">
          <h2>Your cart is empty</h2>
          <p>Every piece in the shop says who made it. Find one you love.</p>
          <Link to="/shop" className="button">
            Browse the shop
          </Link>
        </div>
      ) : (
        <div className="cart-layout">
          <ul className="cart-lines" aria-label="Items in your cart">
            {lines.map((line) => (
              <CartLine key={line.variantId} line={line} />
            ))}
          </ul>
          <aside className="cart-summary" aria-labelledby="summary-title">
            <h2 id="summary-title">Summary</h2>
            <countryFetcher.Form method="post" action="/cart" className="country-form">
              <input type="hidden" name="intent" value="country" />
              <NoScriptRedirect to="/cart" />
              <label htmlFor="country">Ship to</label>
              <div className="search-row">
                {/* With JavaScript a choice applies at once; without it, the button below sends it. */}
                <select
                  id="country"
                  name="country"
                  defaultValue={country ?? ""}
                  required
                  aria-describedby={countryFromLocale ? "country-hint" : undefined}
                  onChange={(e) => e.currentTarget.value && countryFetcher.submit(e.currentTarget.form)}
                >
                  <option value="" disabled>
                    Choose a country
                  </option>
                  {destinations.map((d) => (
                    <option key={d.country} value={d.country}>
                      {d.name}
                    </option>
                  ))}
                </select>
                <noscript>
                  <button type="submit" className="button button-ghost">
                    Update shipping
                  </button>
                </noscript>
              </div>
              {countryFromLocale ? (
                <p id="country-hint" className="muted small">
                  From your browser&apos;s language; change it if the parcel goes elsewhere.
                </p>
              ) : null}
              {countryFetcher.data ? (
                <p className={countryFetcher.data.ok ? "muted small" : "notice-error small"} role={countryFetcher.data.ok ? "status" : "alert"}>
                  {countryFetcher.data.message}
                </p>
              ) : null}
            </countryFetcher.Form>
            <dl className="totals">
              <div>
                <dt>Subtotal</dt>
                <dd>{money.formatLocal(subtotal)}</dd>
              </div>
              <div>
                <dt>Shipping</dt>
                <dd>{shippingUsd !== null ? money.formatLocal(shipping) : tooHeavy ? "Ask us for sea freight" : "Choose a country"}</dd>
              </div>
              <div className="total">
                <dt>Total</dt>
                <dd>{money.formatLocal(subtotal + shipping)}</dd>
              </div>
            </dl>
            <p className="muted small">Charged in {money.currency}. Pieces are reserved for 30 minutes once you check out.</p>
            <Form method="post" className="checkout-form">
              <input type="hidden" name="intent" value="checkout" />
              <NoScriptRedirect to="/cart" />
              <label htmlFor="email">Email for your receipt</label>
              <input id="email" name="email" type="email" autoComplete="email" required maxLength={200} />
              <input type="hidden" name="country" value={country ?? ""} />
              {country ? null : (
                <p className="notice-error small" id="checkout-country">
                  Choose where to ship under “Ship to” first: shipping is added to the total.
                </p>
              )}
              <button type="submit" className="button checkout-button" aria-describedby={country ? undefined : "checkout-country"}>
                Checkout
              </button>
              {demo ? <p className="demo-note">Demo shop: no real payment is taken.</p> : null}
            </Form>
          </aside>
        </div>
      )}
    </div>
  );
}

function CartLine({ line }: { line: ReturnType<typeof useLoaderData<typeof loader>>["lines"][number] }) {
  const fetcher = useFetcher<CartResult>();
  const removal = useFetcher<CartResult>({ key: "cart-remove" });
  const money = useMoney();
  const busy = fetcher.state !== "idle" || removal.formData?.get("variantId") === String(line.variantId);
  const quantityInput = useRef<HTMLInputElement>(null);
  // After each answer, show what the cart really holds (a capped request leaves the quantity unchanged).
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data && quantityInput.current) quantityInput.current.value = String(line.quantity);
  }, [fetcher.state, fetcher.data, line.quantity]);
  return (
    <li className="cart-line" aria-busy={busy}>
      <Link to={`/products/${line.productSlug}`} className="cart-line-image" tabIndex={-1} aria-hidden="true">
        {line.image ? <Picture image={line.image} sizes="96px" alt="" /> : null}
      </Link>
      <div className="cart-line-info">
        <h3>
          <Link to={`/products/${line.productSlug}`}>{line.productTitle}</Link>
        </h3>
        {line.variantTitle ? <p className="muted">{line.variantTitle}</p> : null}
        <p className="muted">{money.fromUsd(line.unitPriceUsdMinor)} each</p>
        {line.quantity > line.available ? (
          <p className="notice-error small" role="alert">
            {line.available === 0 ? "Sold out: please remove it." : `Only ${line.available} left: please lower the quantity.`}
          </p>
        ) : null}
        {fetcher.data && (!fetcher.data.ok || fetcher.data.capped) ? (
          <p className="notice-error small" role="alert">
            {fetcher.data.message}
          </p>
        ) : null}
      </div>
      <div className="cart-line-actions">
        <fetcher.Form method="post" action="/cart" className="cart-line-qty">
          <input type="hidden" name="intent" value="update" />
          <input type="hidden" name="variantId" value={line.variantId} />
          <NoScriptRedirect to="/cart" />
          <label htmlFor={`qty-${line.variantId}`} className="visually-hidden">
            Quantity of {line.productTitle}
          </label>
          <input ref={quantityInput} id={`qty-${line.variantId}`} name="quantity" type="number" min={0} max={99} defaultValue={line.quantity} inputMode="numeric" />
          <button type="submit" className="button-small" aria-label={`Update quantity of ${line.productTitle}`}>
            Update
          </button>
        </fetcher.Form>
        <removal.Form method="post" action="/cart" className="cart-line-remove">
          <input type="hidden" name="intent" value="remove" />
          <input type="hidden" name="variantId" value={line.variantId} />
          <NoScriptRedirect to="/cart" />
          <button type="submit" className="text-button" aria-label={`Remove ${line.productTitle}`}>
            Remove
          </button>
        </removal.Form>
      </div>
      <p className="cart-line-total">{money.formatLocal(money.convert(line.unitPriceUsdMinor) * line.quantity)}</p>
    </li>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
