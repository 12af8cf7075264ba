import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { ReceiptCard } from "~/components/storefront/receipt";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { Link } from "~/components/ui/shop-link";
import { getReceipt } from "~/models/bazaar/receipts.server";
import { notFound } from "~/web/refusal.server";
import receiptStyles from "~/styles/receipt.css?url";

const notYet = "This receipt appears once the stall's till has synced.";

/** The page a bazaar receipt's QR code opens, by the sale's ULID. Unknown and malformed ids are the same 404. */
export async function loader({ params }: LoaderFunctionArgs) {
  const receipt = await getReceipt(getDb(), { clientSaleId: (params.id ?? "").toUpperCase() });
  if (!receipt) notFound(notYet);
  return { receipt: { ...receipt, soldAt: receipt.soldAt.toISOString() } };
}

// A receipt never changes once synced; one not synced yet must not be remembered as missing.
export const headers: HeadersFunction = ({ errorHeaders }) => ({
  "Cache-Control": errorHeaders ? "no-store" : "private, max-age=300",
  "X-Robots-Tag": "noindex",
});

export const links: LinksFunction = () => [{ rel: "stylesheet", href: receiptStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Your receipt from ${data.receipt.event.name} · Kriya` : "Receipt not synced yet · Kriya" },
  { name: "robots", content: "noindex" },
];

export default function ReceiptPage() {
  const { receipt } = useLoaderData<typeof loader>();
  return (
    <div className="receipt-page">
      <ReceiptCard receipt={receipt} />
      <p className="receipt-more">
        <Link to="/producers">Meet all our producer groups</Link> · <Link to="/shop">Shop online</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (!isRouteErrorResponse(error) || error.status !== 404) return <GeneralErrorBoundary />;
  return (
    <section className="receipt-page receipt-missing" aria-labelledby="receipt-missing-title">
      <p className="eyebrow">Receipt</p>
      <h1 id="receipt-missing-title">Your receipt is on its way</h1>
      <p className="lede">{notYet} Stalls at a bazaar are often offline; try this link again later today.</p>
      <p className="muted">If the link was typed by hand, check it against the QR code: a receipt id has 26 letters and digits.</p>
      <p className="error-links">
        <Link to="/producers">Meet the producers</Link> · <Link to="/shop">Browse the shop</Link>
      </p>
    </section>
  );
}
