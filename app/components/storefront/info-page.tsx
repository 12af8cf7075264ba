import type { ReactNode } from "react";
import { Link } from "~/components/ui/shop-link";
import { Breadcrumbs } from "~/components/ui/breadcrumbs";
import { footerPages, shopDetails } from "./shop-details";

/** The frame of the shop's information pages: a heading, a lede, the text, and the other pages beside it. */
export function InfoPage({ eyebrow, title, lede, current, children }: { eyebrow: string; title: string; lede: ReactNode; current: string; children: ReactNode }) {
  return (
    <div className="page info-page">
      <Breadcrumbs items={[{ label: "Home", to: "/" }, { label: title }]} />
      <header className="info-head">
        <p className="eyebrow">{eyebrow}</p>
        <h1>{title}</h1>
        <p className="lede">{lede}</p>
      </header>
      <div className="info-layout">
        <div className="info-body">{children}</div>
        <nav className="info-nav" aria-label="Help and information">
          <p className="info-nav-title">Help and information</p>
          <ul>
            {footerPages.map((p) => (
              <li key={p.to}>
                <Link to={p.to} aria-current={p.to === current ? "page" : undefined}>
                  {p.label}
                </Link>
              </li>
            ))}
            <li>
              <Link to="/orders/lookup">Track an order</Link>
            </li>
          </ul>
        </nav>
      </div>
    </div>
  );
}

/** The shop's postal address, one line per part, optionally headed by the company's legal name. */
export function ShopAddress({ withName = false }: { withName?: boolean }) {
  return (
    <address className="info-address">
      {withName ? <strong>{shopDetails.legalName}</strong> : null}
      <span>{shopDetails.street}</span>
      <span>
        {shopDetails.district}, {shopDetails.city} {shopDetails.postcode}
      </span>
      <span>
        {shopDetails.province}, {shopDetails.country}
      </span>
    </address>
  );
}

/** A value the organisation still has to supply: visibly marked, never passed off as real. */
export function ToFill({ children }: { children: ReactNode }) {
  return <span className="to-fill">{children}</span>;
}
