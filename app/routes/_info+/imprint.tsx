import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { shopDetails as shop } from "~/components/storefront/shop-details";
import { InfoPage, ShopAddress, ToFill } from "~/components/storefront/info-page";
import { catalogHeaders } from "~/utils/http.server";
import { staticPageMeta } from "~/utils/seo";
import { staticPage } from "~/utils/static-page.server";

export const loader = () => staticPage("/imprint");
export const headers = catalogHeaders;

export default function Imprint() {
  return (
    <InfoPage
      current="/imprint"
      eyebrow="Imprint"
      title="Imprint"
      lede="Who runs this shop, as the law in the EU and elsewhere asks every online shop to say."
    >
      <dl className="info-facts">
        <div>
          <dt>Operator</dt>
          <dd>
            {shop.legalName}, trading as {shop.tradingName}: a limited liability company (Perseroan Terbatas) under
            Indonesian law, exporting fair-trade handicrafts made by Indonesian producer groups.
          </dd>
        </div>
        <div>
          <dt>Address</dt>
          <dd>
            <ShopAddress />
          </dd>
        </div>
        <div>
          <dt>Contact</dt>
          <dd>
            Email: <a href={`mailto:${shop.email}`}>{shop.email}</a>
            <br />
            <ToFill>{shop.toFill.phone}</ToFill>
          </dd>
        </div>
        <div>
          <dt>Represented by</dt>
          <dd>
            <ToFill>{shop.toFill.director}</ToFill>
          </dd>
        </div>
        <div>
          <dt>Registration</dt>
          <dd>
            <ToFill>{shop.toFill.nib}</ToFill>
            <br />
            <ToFill>{shop.toFill.deed}</ToFill>
          </dd>
        </div>
        <div>
          <dt>Tax</dt>
          <dd>
            <ToFill>{shop.toFill.npwp}</ToFill>
          </dd>
        </div>
        <div>
          <dt>Responsible for content</dt>
          <dd>
            The director named above, at the address above. Product stories and photos are written with the producer
            groups who made the pieces.
          </dd>
        </div>
        <div>
          <dt>Disputes</dt>
          <dd>
            We are neither obliged nor willing to take part in dispute resolution before a consumer arbitration board.
            Please write to us first: nearly everything can be settled by email.
          </dd>
        </div>
      </dl>
    </InfoPage>
  );
}

export const meta = staticPageMeta({
  path: "/imprint",
  title: "Imprint",
  description: "The company behind Kriya, its address in Jakarta, registration and how to contact it.",
});

export const ErrorBoundary = GeneralErrorBoundary;
