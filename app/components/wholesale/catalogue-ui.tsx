import { Link, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import { formatMoney } from "~/domain/money/money";
import type { LeadTime } from "~/domain/production/lead-time";
import { formatNumber } from "~/domain/platform/intl-format";

/** A wholesale price: always US dollars, written "US$14.55" so importers outside the US read it right. */
export function usd(amountMinor: number): string {
  return `US${formatMoney({ amountMinor, currency: "USD" })}`;
}

const pieces = (n: number) => `${formatNumber(n)} ${n === 1 ? "piece" : "pieces"}`;

/** "MOQ 24 · cartons of 6", the product-level rules in a few words. */
export function orderRules(product: { moq: number; casePack: number }): string {
  return product.casePack > 1 ? `MOQ ${product.moq} · cartons of ${product.casePack}` : `MOQ ${product.moq}`;
}

/** The lead time in a line, with the reasoning one click away (a <details>, so it works without JavaScript). */
export function LeadTimeNote({ leadTime, prefix = "Lead time" }: { leadTime: LeadTime; prefix?: string }) {
  return (
    <details className="lead-time">
      <summary>{leadTime.kind === "days" ? `${prefix} about ${leadTime.days} days` : `${prefix}: ask us`}</summary>
      <p>{leadTime.explanation}</p>
    </details>
  );
}

/** A product's tiers: the unit price from each quantity up. */
export function TierTable({ tiers, caption }: { tiers: { minQuantity: number; unitPriceMinor: number }[]; caption: string }) {
  if (!tiers.length) return <p className="muted">Ask us for a price: this piece has no tier prices yet.</p>;
  return (
    <table className="tier-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">From</th>
          <th scope="col">Unit price</th>
        </tr>
      </thead>
      <tbody>
        {tiers.map((tier) => (
          <tr key={tier.minQuantity}>
            <td>{pieces(tier.minQuantity)}</td>
            <td>{usd(tier.unitPriceMinor)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The importer's own links: the catalogue, the quote basket with its count, quotes and orders. */
export function WholesaleNav({ basketCount }: { basketCount: number }) {
  return (
    <nav className="wholesale-nav" aria-label="Wholesale">
      <ul>
        <li>
          <NavLink to="/wholesale" end>
            Catalogue
          </NavLink>
        </li>
        <li>
          <NavLink to="/wholesale/basket" aria-label={`Quote basket, ${pieces(basketCount)}`}>
            Quote basket <span className="wholesale-count">{formatNumber(basketCount)}</span>
          </NavLink>
        </li>
        <li>
          <NavLink to="/wholesale/quotes">My quotes</NavLink>
        </li>
        <li>
          <NavLink to="/wholesale/orders">My orders</NavLink>
        </li>
      </ul>
    </nav>
  );
}

/** A notice carried across a redirect (Post/Redirect/Get), with its details as a list. */
export function FlashNotice({ flash }: { flash: { ok: boolean; message: string; details?: string[] } | null }) {
  if (!flash) return null;
  return (
    <div className={flash.ok ? "notice" : "notice notice-error"} role={flash.ok ? "status" : "alert"}>
      <p>{flash.message}</p>
      {flash.details?.length ? (
        <ul>
          {flash.details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function ProductLink({ slug, children }: { slug: string; children: ReactNode }) {
  return <Link to={`/wholesale/products/${slug}`}>{children}</Link>;
}
