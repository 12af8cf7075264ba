import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { shopDetails as shop } from "~/components/storefront/shop-details";
import { InfoPage } from "~/components/storefront/info-page";
import { catalogHeaders } from "~/utils/http.server";
import { staticPageMeta } from "~/utils/seo";
import { staticPage } from "~/utils/static-page.server";

export const loader = () => staticPage("/privacy");
export const headers = catalogHeaders;

/** Every cookie the shop sets, as the code in app/utils/cookies.server.ts and session.server.ts sets it. */
const cookies = [
  { name: "kriya_cart", purpose: "Remembers your cart, so it survives a reload. Signed, so nobody can swap in another cart.", kept: "60 days" },
  { name: "kriya_cart_count", purpose: "The number of pieces in your cart, read by your browser for the badge in the header.", kept: "60 days" },
  { name: "kriya_currency", purpose: "The currency you chose: what the cart and checkout charge in, and the prices your browser opens the shop's pages in.", kept: "1 year" },
  { name: "kriya_orders", purpose: "The orders placed or looked up in this browser, so you can open them again without retyping your email.", kept: "90 days" },
  { name: "kriya_session", purpose: "Keeps staff and wholesale customers signed in.", kept: "14 days, or until you sign out" },
  { name: "kriya_flash", purpose: "A one-time message such as \"Added to your cart\" when JavaScript is off.", kept: "1 minute" },
];

export default function Privacy() {
  return (
    <InfoPage
      current="/privacy"
      eyebrow="Privacy"
      title="Privacy"
      lede="We keep only what we need to get a handmade piece from Jakarta to your door, and we never sell it or use it for advertising."
    >
      <section aria-labelledby="privacy-who">
        <h2 id="privacy-who">Who is responsible</h2>
        <p>
          {shop.legalName} ("Kriya"), {shop.street}, {shop.district}, {shop.city} {shop.postcode}, {shop.country}, is
          responsible for the personal data this shop handles. Questions, and requests to see, correct or delete your
          data, go to <a href={`mailto:${shop.privacyEmail}`}>{shop.privacyEmail}</a>. We answer within 30 days. If you
          live in the EU or the UK, you may also complain to your data protection authority.
        </p>
      </section>

      <section aria-labelledby="privacy-what">
        <h2 id="privacy-what">What we store, and why</h2>
        <dl className="info-facts">
          <div>
            <dt>Your order</dt>
            <dd>
              Your name, email, delivery address, the pieces, prices, currency and exchange rate, and the order's
              progress. We need these to send the parcel and to answer you, and Indonesian tax law requires us to keep
              sales records for ten years.
            </dd>
          </div>
          <div>
            <dt>The network address</dt>
            <dd>
              The IP address an order was placed from, and counts of attempts from it, to stop people from reserving
              our stock without paying or guessing passwords. Kept with the order; the attempt counts only as long as the limit needs them.
            </dd>
          </div>
          <div>
            <dt>Emails we send you</dt>
            <dd>
              A copy of each order confirmation, shipping notice and refund email, so we can see what you were told.
              We send no newsletters unless you ask for one.
            </dd>
          </div>
          <div>
            <dt>Payment</dt>
            <dd>
              Card payments are handled by Stripe. We never see or store your card number: Stripe tells us only that
              you paid, how much, and a reference for refunds. Stripe's own privacy policy covers what it keeps.
            </dd>
          </div>
          <div>
            <dt>Accounts</dt>
            <dd>
              Staff and wholesale customers have an account with a name, email and a password we store only as an
              argon2 hash. Shoppers check out as guests and need no account.
            </dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="privacy-cookies">
        <h2 id="privacy-cookies">Cookies</h2>
        <p>
          The shop sets only the cookies it needs to work. There are no analytics, tracking or advertising cookies,
          so there is nothing to consent to.
        </p>
        <div className="table-scroll">
          <table className="info-table">
            <thead>
              <tr>
                <th scope="col">Cookie</th>
                <th scope="col">What it is for</th>
                <th scope="col">Kept for</th>
              </tr>
            </thead>
            <tbody>
              {cookies.map((c) => (
                <tr key={c.name}>
                  <th scope="row">
                    <code>{c.name}</code>
                  </th>
                  <td>{c.purpose}</td>
                  <td>{c.kept}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="privacy-sharing">
        <h2 id="privacy-sharing">Who else sees it</h2>
        <ul className="info-points">
          <li>
            <strong>The carrier</strong> gets your name, address and the customs declaration, to deliver the parcel.
          </li>
          <li>
            <strong>Stripe</strong> processes your payment (in the United States and the EU, under standard
            contractual clauses).
          </li>
          <li>
            <strong>Our hosting provider</strong> runs the server and the database for us and may not use the data for
            anything else.
          </li>
        </ul>
        <p>
          Producer groups see which pieces sold, never who bought them. Your data is processed in Indonesia; for EU
          shoppers this transfer rests on its being necessary to fulfil your order (Article 49(1)(b) GDPR).
        </p>
      </section>
    </InfoPage>
  );
}

export const meta = staticPageMeta({
  path: "/privacy",
  title: "Privacy",
  description: "What Kriya stores about your order, which cookies the shop sets and why, and how to see or delete your data.",
});

export const ErrorBoundary = GeneralErrorBoundary;
