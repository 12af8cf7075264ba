import { Form, useFetchers, useLocation, useNavigation, useRevalidator, useSubmit } from "@remix-run/react";
import { useEffect, useState } from "react";
import { shopCurrencies } from "~/domain/money/money";
import { parseCartCount } from "~/domain/retail/cart-count";
import { useDisplayCurrency } from "~/components/ui/price";
import { CurrencyField, Link, NavLink, useSteerToShopperCurrency } from "~/components/ui/shop-link";
import { ImpactCounter, type SiteImpact } from "./impact-badge";
import { footerPages, shopDetails } from "./shop-details";

const nav = [
  { to: "/shop", label: "Shop" },
  { to: "/shop/home-decor", label: "Home decor" },
  { to: "/shop/silver-jewellery", label: "Jewellery" },
  { to: "/producers", label: "Producers" },
];

type HeaderProps = { impact?: SiteImpact };

export function SiteHeader({ impact }: HeaderProps) {
  const submit = useSubmit();
  const currency = useDisplayCurrency();
  const location = useLocation();
  const path = `${location.pathname}${location.search}`;
  useSteerToShopperCurrency();
  return (
    <header className="site-header">
      {impact ? <ImpactCounter impact={impact} /> : null}
      <div className="header-inner">
        <Link to="/" className="brand" aria-label="Kriya, home">
          <BrandMark />
          <span className="brand-name">Kriya</span>
          <span className="brand-tag">fair-trade handicrafts</span>
        </Link>
        <nav aria-label="Main" className="main-nav">
          <ul>
            {nav.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === "/shop"} prefetch="intent">
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <Form method="get" action="/search" role="search" className="header-search">
          <label htmlFor="site-search" className="visually-hidden">
            Search the collection
          </label>
          <input id="site-search" name="q" type="search" placeholder="Search baskets, silver, teak…" maxLength={120} />
          <CurrencyField />
          <button type="submit" aria-label="Search">
            <SearchIcon />
          </button>
        </Form>
        <Form method="post" action="/currency" className="currency-form" onChange={(e) => submit(e.currentTarget, { method: "post", action: "/currency" })}>
          <input type="hidden" name="redirectTo" value={path} />
          <label htmlFor="currency-select" className="visually-hidden">
            Currency
          </label>
          <select id="currency-select" name="currency" defaultValue={currency} key={currency}>
            {shopCurrencies.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          <noscript>
            <button type="submit" className="button-small">
              Change<span className="visually-hidden"> currency</span>
            </button>
          </noscript>
        </Form>
        <CartLink />
      </div>
    </header>
  );
}

/**
 * The badge reads the cart-count cookie in the browser after hydration, so no page's HTML depends on the cart;
 * without JavaScript it is a plain "Cart" link. It reads again after every navigation and fetcher answer.
 */
function CartLink() {
  const [count, setCount] = useState<number | null>(null);
  const navigation = useNavigation();
  const fetchers = useFetchers();
  const revalidator = useRevalidator();
  const settled = navigation.state === "idle" && revalidator.state === "idle" && fetchers.every((f) => f.state === "idle");
  useEffect(() => {
    if (settled) setCount(parseCartCount(document.cookie) ?? 0);
  });
  return (
    <Link to="/cart" className="cart-link" aria-label={count === null ? "Cart" : `Cart, ${count} ${count === 1 ? "item" : "items"}`}>
      <CartIcon />
      {count === null ? null : (
        <span className="cart-count" aria-hidden="true">
          {count}
        </span>
      )}
    </Link>
  );
}

export function SiteFooter() {
  return (
    <footer className="site-footer">
      <div className="footer-inner">
        <div>
          <p className="footer-brand">Kriya</p>
          <p>
            For forty years we have carried the work of Indonesian producer groups to shops and homes abroad. Every
            group is paid a 50% advance before production starts, and visited in the field against the 10 Principles
            of Fair Trade.
          </p>
        </div>
        <nav aria-label="Footer" className="footer-nav">
          <div>
            <p className="footer-heading">The collection</p>
            <ul>
              <li>
                <Link to="/shop">All pieces</Link>
              </li>
              <li>
                <Link to="/producers">Producer groups</Link>
              </li>
              <li>
                <Link to="/shop/upcycled">Upcycled</Link>
              </li>
              <li>
                <Link to="/search">Search</Link>
              </li>
            </ul>
          </div>
          <div>
            <p className="footer-heading">Help</p>
            <ul>
              <li>
                <Link to="/orders/lookup">Track an order</Link>
              </li>
              {footerPages.map((p) => (
                <li key={p.to}>
                  <Link to={p.to}>{p.label}</Link>
                </li>
              ))}
              <li>
                <Link to="/login">Sign in</Link>
              </li>
            </ul>
          </div>
        </nav>
        <p className="footer-small">
          {shopDetails.legalName} · {shopDetails.city}, {shopDetails.country} ·{" "}
          <a href={`mailto:${shopDetails.email}`}>{shopDetails.email}</a>. Prices are set in US dollars and shown in your
          currency at our current exchange rates. Made by hand in Java, Bali and Sumatra.
        </p>
      </div>
    </footer>
  );
}

function BrandMark() {
  return (
    <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true" width="32" height="32">
      <circle cx="16" cy="16" r="15" fill="#b4532a" />
      <path d="M8 11h16M8 16h16M8 21h16M11 8v16M16 8v16M21 8v16" stroke="#f6f0e6" strokeWidth="1.6" opacity=".85" />
    </svg>
  );
}

export function TreeIcon() {
  return (
    <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true" className="icon">
      <path d="M10 2 4 10h3l-3 4h5v4h2v-4h5l-3-4h3z" fill="currentColor" />
    </svg>
  );
}

function CartIcon() {
  return (
    <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
      <path d="M5 7h14l-1.5 12h-11z" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" />
      <path d="M9 10V6a3 3 0 0 1 6 0v4" fill="none" stroke="currentColor" strokeWidth="1.8" />
    </svg>
  );
}

function SearchIcon() {
  return (
    <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
      <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" strokeWidth="2" />
      <path d="m13 13 4.5 4.5" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}
