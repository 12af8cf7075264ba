import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Picture } from "~/components/picture";
import { useMoney } from "~/components/price";
import { countryNames, parcelWeight, shippingPriceFor } from "~/domain/shipping";
import { addToCart, CartError, cartItemCount, ensureCart, getCartCountry, getCartLines, setCartCountry, setCartLineQuantity } from "~/models/cart.server";
import { listShippingDestinations } from "~/models/shipping.server";
import { readCartId, writeCartCount, writeCartId } from "~/utils/cookies.server";
import { stripeConfigured } from "~/utils/stripe.server";

const quantity = z.coerce.number({ message: "Quantity must be a number" }).int("Quantity must be a whole number").min(0, "Quantity can't be negative").max(999, "That is more than we can sell at once");
const variantId = z.coerce.number({ message: "Unknown piece" }).int().positive("Unknown piece").max(2_147_483_647, "Unknown piece");
const intentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add"), variantId, quantity: quantity.min(1, "Add at least one") }),
  z.object({ intent: z.literal("update"), variantId, quantity }),
  z.object({ intent: z.literal("remove"), variantId }),
  z.object({ intent: z.literal("country"), country: z.string().regex(/^[A-Z]{2}$/, "Choose a country") }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb();
  const cartId = await readCartId(request);
  const [lines, destinations, country] = await Promise.all([getCartLines(db, cartId), listShippingDestinations(db), getCartCountry(db, cartId)]);
  const count = cartItemCount(lines);
  const selected = destinations.find((d) => d.country === country) ?? null;
  const weight = parcelWeight(lines);
  const shippingUsd = selected ? shippingPriceFor(selected.brackets, weight) : null;
  return data(
    {
      lines,
      count,
      country: selected?.country ?? null,
      shippingUsd,
      tooHeavy: !!selected && lines.length > 0 && shippingUsd === null,
      destinations: destinations.map((d) => ({ country: d.country, name: countryNames[d.country] ?? d.country })).sort((a, b) => a.name.localeCompare(b.name)),
      demo: !stripeConfigured(),
    },
    { headers: { "Cache-Control": "private, no-store", "Set-Cookie": writeCartCount(count) } },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = intentSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    return data({ ok: false as const, message: parsed.error.issues[0]!.message }, { status: 400 });
  }
  const db = getDb();
  const existingId = await readCartId(request);
  const input = parsed.data;
  if (input.intent !== "add" && !existingId) {
    return data({ ok: false as const, message: "Your cart is empty." }, { status: 400 });
  }
  const cartId = await ensureCart(db, existingId);
  const headers = new Headers();
  if (cartId !== existingId) headers.append("Set-Cookie", await writeCartId(cartId));
  try {
    let message: string;
    switch (input.intent) {
      case "add":
        message = (await addToCart(db, { cartId, variantId: input.variantId, quantity: input.quantity })).message;
        break;
      case "update":
        message = (await setCartLineQuantity(db, { cartId, variantId: input.variantId, quantity: input.quantity })).message;
        break;
      case "remove":
        message = (await setCartLineQuantity(db, { cartId, variantId: input.variantId, quantity: 0 })).message;
        break;
      case "country": {
        const destinations = await listShippingDestinations(db);
        if (!destinations.some((d) => d.country === input.country)) {
          return data({ ok: false as const, message: "We don't ship there yet." }, { status: 400, headers });
        }
        await setCartCountry(db, { cartId, country: input.country });
        message = `Shipping to ${countryNames[input.country] ?? input.country}.`;
        break;
      }
    }
    const count = cartItemCount(await getCartLines(db, cartId));
    headers.append("Set-Cookie", writeCartCount(count));
    return data({ ok: true as const, message, count }, { headers });
  } catch (error) {
    if (error instanceof CartError) {
      const count = cartItemCount(await getCartLines(db, cartId));
      headers.append("Set-Cookie", writeCartCount(count));
      return data({ ok: false as const, message: error.message }, { status: error.status, headers });
    }
    throw error;
  }
}

export const meta: MetaFunction = () => [{ title: "Your cart · Kriya" }, { name: "robots", content: "noindex" }];

export default function CartPage() {
  const { lines, country, shippingUsd, tooHeavy, destinations, demo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const money = useMoney();
  // Same arithmetic as checkout: convert each unit price, then multiply, so the total here is the total charged.
  const subtotal = lines.reduce((n, l) => n + money.convert(l.unitPriceUsdMinor) * l.quantity, 0);
  const shipping = shippingUsd !== null ? money.convert(shippingUsd) : 0;
  const problems = lines.filter((l) => l.quantity > l.available);
  return (
    <div className="page cart-page">
      <Breadcrumbs items={[{ label: "Shop", to: "/shop" }, { label: "Cart" }]} />
      <h1>Your cart</h1>
      {actionData ? (
        <p className={actionData.ok ? "notice" : "notice notice-error"} role={actionData.ok ? "status" : "alert"}>
          {actionData.message}
        </p>
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
            <Form method="post" className="country-form">
              <input type="hidden" name="intent" value="country" />
              <label htmlFor="country">Ship to</label>
              <div className="search-row">
                <select id="country" name="country" defaultValue={country ?? ""} required>
                  <option value="" disabled>
                    Choose a country
                  </option>
                  {destinations.map((d) => (
                    <option key={d.country} value={d.country}>
                      {d.name}
                    </option>
                  ))}
                </select>
                <button type="submit" className="button button-ghost">
                  Update shipping
                </button>
              </div>
            </Form>
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
            {country && shippingUsd !== null && problems.length === 0 ? (
              <Form method="post" action="/checkout" className="checkout-form">
                <label htmlFor="email">Email for your receipt</label>
                <input id="email" name="email" type="email" autoComplete="email" required maxLength={200} />
                <input type="hidden" name="country" value={country} />
                <button type="submit" className="button checkout-button">
                  Checkout
                </button>
                {demo ? <p className="demo-note">Demo shop: no real payment is taken.</p> : null}
              </Form>
            ) : null}
          </aside>
        </div>
      )}
    </div>
  );
}

function CartLine({ line }: { line: ReturnType<typeof useLoaderData<typeof loader>>["lines"][number] }) {
  const fetcher = useFetcher<typeof action>();
  const money = useMoney();
  const busy = fetcher.state !== "idle";
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
        {fetcher.data && !fetcher.data.ok ? (
          <p className="notice-error small" role="alert">
            {fetcher.data.message}
          </p>
        ) : null}
      </div>
      <fetcher.Form method="post" action="/cart" className="cart-line-qty">
        <input type="hidden" name="intent" value="update" />
        <input type="hidden" name="variantId" value={line.variantId} />
        <label htmlFor={`qty-${line.variantId}`} className="visually-hidden">
          Quantity of {line.productTitle}
        </label>
        <input id={`qty-${line.variantId}`} name="quantity" type="number" min={0} max={99} defaultValue={line.quantity} key={line.quantity} inputMode="numeric" />
        <button type="submit" className="button-small" aria-label={`Update quantity of ${line.productTitle}`}>
          Update
        </button>
      </fetcher.Form>
      <fetcher.Form method="post" action="/cart">
        <input type="hidden" name="intent" value="remove" />
        <input type="hidden" name="variantId" value={line.variantId} />
        <button type="submit" className="text-button" aria-label={`Remove ${line.productTitle}`}>
          Remove
        </button>
      </fetcher.Form>
      <p className="cart-line-total">{money.formatLocal(money.convert(line.unitPriceUsdMinor) * line.quantity)}</p>
    </li>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
