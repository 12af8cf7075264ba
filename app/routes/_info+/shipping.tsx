import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/ui/shop-link";
import { getDb } from "~db/client.server";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { useMoney } from "~/components/ui/price";
import { shopDetails as shop } from "~/components/storefront/shop-details";
import { InfoPage } from "~/components/storefront/info-page";
import { countryNames, PACKING_GRAMS } from "~/domain/retail/shipping";
import { listShippingDestinations } from "~/models/retail/shipping.server";
import { cachedCatalogRead } from "~/utils/catalog-cache.server";
import { catalogHeaders } from "~/utils/http.server";
import { staticPageMeta } from "~/utils/seo";
import { staticPage } from "~/utils/static-page.server";

export async function loader() {
  const destinations = await cachedCatalogRead("shipping:destinations", () => listShippingDestinations(getDb()));
  // The model lists one row per country; the page shows one table per zone, in the zones' own order.
  const zones: { name: string; countries: string[]; brackets: { maxWeightGrams: number; priceMinor: number }[] }[] = [];
  for (const d of destinations) {
    const zone = zones.find((z) => z.name === d.zone);
    if (zone) zone.countries.push(countryNames[d.country] ?? d.country);
    else zones.push({ name: d.zone, countries: [countryNames[d.country] ?? d.country], brackets: d.brackets });
  }
  return staticPage("/shipping", { zones });
}
export const headers = catalogHeaders;

/** Typical door-to-door times by tracked post from Jakarta, by zone name; anything else gets the general line. */
const transitTimes: Record<string, string> = {
  Indonesia: "2–5 working days",
  "East and South-East Asia": "5–10 working days",
  "Australia and New Zealand": "7–12 working days",
  Europe: "8–15 working days",
  "North America": "8–15 working days",
};

const weight = (grams: number) => (grams < 1000 ? `${grams} g` : `${(grams / 1000).toLocaleString("en-US")} kg`);

export default function ShippingAndReturns() {
  const { zones } = useLoaderData<typeof loader>();
  const money = useMoney();
  return (
    <InfoPage
      current="/shipping"
      eyebrow="Shipping and returns"
      title="Shipping and returns"
      lede="Every order is packed by hand at our warehouse in East Jakarta and sent by tracked parcel post. If a piece is not right for you, send it back within 30 days."
    >
      <section aria-labelledby="ship-how">
        <h2 id="ship-how">How we send your parcel</h2>
        <ul className="info-points">
          <li>
            <strong>Packed within two working days.</strong> Baskets are stuffed with paper, silver goes into a cloth
            pouch, and furniture is wrapped in recycled cardboard and corners of woven offcuts. We add {PACKING_GRAMS} g
            for the box and padding when we weigh an order.
          </li>
          <li>
            <strong>Tracked from Jakarta to your door.</strong> When your parcel leaves, we email you the carrier and the
            tracking number. You can also <Link to="/orders/lookup">follow your order</Link> here with its number and
            your email.
          </li>
          <li>
            <strong>Customs.</strong> Outside Indonesia, your country may charge import VAT or duty on delivery; it is
            not included in our prices. Every parcel carries a customs declaration with the materials and HS code of
            each piece, so it clears quickly.
          </li>
          <li>
            <strong>Heavier than our largest bracket?</strong> Tables, benches and large orders go by sea freight. Write
            to <a href={`mailto:${shop.email}`}>{shop.email}</a> and we will quote door to door.
          </li>
        </ul>
      </section>

      <section aria-labelledby="ship-rates">
        <h2 id="ship-rates">Rates by destination</h2>
        <p>
          The price depends on the parcel's weight and where it goes. Rates are set in US dollars and shown in{" "}
          {money.currency === "USD" ? "US dollars" : `${money.currency} at today's rate`}; the cart works out the exact
          amount before you pay.
        </p>
        <div className="zone-grid">
          {zones.map((zone) => (
            <section key={zone.name} className="zone-card" aria-label={`Shipping to ${zone.name}`}>
              <h3>{zone.name}</h3>
              <p className="zone-countries">{zone.countries.join(", ")}</p>
              <p className="zone-transit">Usually {transitTimes[zone.name] ?? "1–3 weeks"} after dispatch</p>
              <table className="zone-rates">
                <thead>
                  <tr>
                    <th scope="col">Parcel up to</th>
                    <th scope="col">Shipping</th>
                  </tr>
                </thead>
                <tbody>
                  {zone.brackets.map((b) => (
                    <tr key={b.maxWeightGrams}>
                      <td>{weight(b.maxWeightGrams)}</td>
                      <td>{money.fromUsd(b.priceMinor)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}
        </div>
        {zones.length === 0 ? <p className="notice">We are not taking orders for delivery just now. Please write to us.</p> : null}
      </section>

      <section aria-labelledby="returns">
        <h2 id="returns">Returns within 30 days</h2>
        <ul className="info-points">
          <li>
            <strong>Changed your mind?</strong> Send the piece back unused within 30 days of delivery, and we refund
            the price of the piece. One-of-a-kind pieces can be returned too. This is longer than the 14-day right of
            withdrawal EU law gives you, and it includes it.
          </li>
          <li>
            <strong>How.</strong> Write to <a href={`mailto:${shop.ordersEmail}`}>{shop.ordersEmail}</a> with your
            order number and which pieces you are returning. We reply with the return address in Jakarta and a customs
            note marked "returned goods", so you are not charged duty twice.
          </li>
          <li>
            <strong>Return postage</strong> is yours to pay unless the piece arrived damaged or was not what you
            ordered. We refund to the card you paid with within 10 working days of the parcel reaching us.
          </li>
          <li>
            <strong>Arrived damaged?</strong> Send us a photo within 7 days. We refund or replace the piece, including
            shipping, and you need not send it back. We tell the producer group too: breakage teaches us how to pack
            better.
          </li>
        </ul>
        <p className="muted">
          Handmade means small differences: the weave of a basket, the grain of reclaimed teak or the hammer marks on
          silver vary from piece to piece, and that is not a fault.
        </p>
      </section>
    </InfoPage>
  );
}

export const meta = staticPageMeta({
  path: "/shipping",
  title: "Shipping and returns",
  description: "Tracked parcels from Jakarta to Europe, North America, Asia and Oceania, with rates by weight, and returns within 30 days.",
});

export const ErrorBoundary = GeneralErrorBoundary;
