import { Link } from "~/components/ui/shop-link";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { shopDetails as shop } from "~/components/storefront/shop-details";
import { InfoPage, ShopAddress, ToFill } from "~/components/storefront/info-page";
import { catalogHeaders } from "~/utils/http.server";
import { staticPageMeta } from "~/utils/seo";
import { staticPage } from "~/utils/static-page.server";

export const loader = () => staticPage("/contact");
export const headers = catalogHeaders;

export default function Contact() {
  return (
    <InfoPage
      current="/contact"
      eyebrow="Contact"
      title="Contact us"
      lede="A small team in East Jakarta packs every parcel and answers every message. Write in English, Bahasa Indonesia, Dutch or German; we reply within two working days."
    >
      <div className="info-cards">
        <section className="info-card" aria-labelledby="contact-orders">
          <h2 id="contact-orders">About an order</h2>
          <p>
            Have your order number ready (it starts with KR-, and it is in your confirmation email). You can{" "}
            <Link to="/orders/lookup">follow the order yourself</Link> at any time.
          </p>
          <p>
            <a href={`mailto:${shop.ordersEmail}`} className="info-email">
              {shop.ordersEmail}
            </a>
          </p>
        </section>
        <section className="info-card" aria-labelledby="contact-general">
          <h2 id="contact-general">Questions about a piece or a producer group</h2>
          <p>
            Sizes, care, a custom colour, or a visit to one of our groups: our product team knows every workshop
            we buy from.
          </p>
          <p>
            <a href={`mailto:${shop.email}`} className="info-email">
              {shop.email}
            </a>
          </p>
        </section>
        <section className="info-card" aria-labelledby="contact-wholesale">
          <h2 id="contact-wholesale">Shops and importers</h2>
          <p>
            We have exported to fair-trade shops in Europe, North America, Japan, Australia and New Zealand for
            forty years. Ask for a wholesale account, tier prices and lead times, FOB Jakarta or CIF to your port.
          </p>
          <p>
            <a href={`mailto:${shop.wholesaleEmail}`} className="info-email">
              {shop.wholesaleEmail}
            </a>
          </p>
        </section>
      </div>

      <section aria-labelledby="contact-visit">
        <h2 id="contact-visit">Office and warehouse</h2>
        <ShopAddress withName />
        <p>
          Telephone: <ToFill>{shop.toFill.phone}</ToFill>
        </p>
        <p>Office hours: {shop.hours}. We are closed on Indonesian public holidays, and for a week around Idul Fitri.</p>
        <p className="muted">
          Visitors are welcome by appointment: the showroom holds pieces from most of our groups, and the bazaar team
          can tell you when we are next at a market in Jakarta.
        </p>
      </section>
    </InfoPage>
  );
}

export const meta = staticPageMeta({
  path: "/contact",
  title: "Contact us",
  description: "Write to Kriya in Jakarta about an order, a piece, a producer group or a wholesale account. We reply within two working days.",
});

export const ErrorBoundary = GeneralErrorBoundary;
