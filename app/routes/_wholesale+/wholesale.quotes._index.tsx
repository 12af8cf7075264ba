import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { formatMoney } from "~/domain/money/money";
import { expireLapsedQuotes, listQuotesForImporter } from "~/models/wholesale/quotes.server";
import { publicOrigin } from "~/utils/env.server";
import { requireImporter } from "~/web/importer.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { importer } = await requireImporter(request);
  const db = getDb();
  const listed = await listQuotesForImporter(db, { importerId: importer.id });
  // A lapsed quote never shows as open between the hourly expiry runs.
  const today = new Date().toISOString().slice(0, 10);
  const lapsed = listed.filter((quote) => quote.status === "sent" && quote.validUntil !== null && quote.validUntil < today);
  for (const quote of lapsed) await expireLapsedQuotes(db, { number: quote.number, origin: publicOrigin() });
  const quotes = lapsed.length ? await listQuotesForImporter(db, { importerId: importer.id }) : listed;
  return {
    companyName: importer.companyName,
    quotes: quotes.map((quote) => ({
      ...quote,
      createdAt: quote.createdAt.toISOString().slice(0, 10),
      total: quote.totalMinor === null ? null : formatMoney({ amountMinor: quote.totalMinor, currency: quote.currency }),
    })),
  };
}

export const headers = () => ({ "Cache-Control": "private, no-store" });

export const meta: MetaFunction = () => [{ title: "Your quotes · Wholesale · Kriya" }];

const statusWords: Record<string, { label: string; className: string }> = {
  requested: { label: "Being priced", className: "quote-badge quote-badge-waiting" },
  priced: { label: "Being priced", className: "quote-badge quote-badge-waiting" },
  changes_requested: { label: "Changes asked for", className: "quote-badge quote-badge-waiting" },
  sent: { label: "Ready for you", className: "quote-badge quote-badge-ready" },
  accepted: { label: "Accepted", className: "quote-badge quote-badge-done" },
  declined: { label: "Declined", className: "quote-badge" },
  expired: { label: "Expired", className: "quote-badge" },
};

export default function ImporterQuotes() {
  const { companyName, quotes } = useLoaderData<typeof loader>();
  return (
    <div className="page narrow">
      <p className="eyebrow">Wholesale · {companyName}</p>
      <h1 className="page-title">Your quotes</h1>
      {quotes.length === 0 ? (
        <p className="lede">
          No quotes yet. Fill a quote basket from the <Link to="/wholesale">wholesale catalogue</Link> and send it: we price every request by hand.
        </p>
      ) : (
        <ul className="quote-list" aria-label="Quotes">
          {quotes.map((quote) => (
            <li key={quote.number} className="quote-card">
              <div className="quote-card-head">
                <Link to={`/wholesale/quotes/${quote.number}`} className="quote-card-number">
                  {quote.number}
                </Link>
                <span className={statusWords[quote.status]?.className}>{statusWords[quote.status]?.label}</span>
              </div>
              <p className="muted">
                {quote.lineCount} line{quote.lineCount === 1 ? "" : "s"} · {quote.incoterm === "CIF" ? `CIF ${quote.destinationPort ?? ""}` : "FOB Jakarta"} · asked {quote.createdAt}
              </p>
              {quote.total ? (
                <p>
                  <strong>{quote.total}</strong>
                  {quote.validUntil && quote.status === "sent" ? <span className="muted"> · valid until {quote.validUntil}</span> : null}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
