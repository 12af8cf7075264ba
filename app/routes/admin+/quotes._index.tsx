import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { ListTable } from "~/components/admin/list-table";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { formatMoney } from "~/domain/money/money";
import { quoteStatuses } from "~/domain/wholesale/quote-status";
import { listQuotesForStaff } from "~/models/wholesale/quotes.server";
import { requireRole } from "~/web/auth.server";

// An unknown status in the address shows every quote rather than an error: it can only be a stale link.
const filterSchema = z.object({ status: z.enum(quoteStatuses).optional().catch(undefined), q: z.string().trim().max(100).optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["staff", "admin"]);
  const { status, q } = filterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const quotes = await listQuotesForStaff(getDb(), { status, q });
  return {
    status: status ?? null,
    q: q ?? "",
    quotes: quotes.map((quote) => ({
      ...quote,
      createdAt: quote.createdAt.toISOString().slice(0, 10),
      total: quote.totalMinor === null ? null : formatMoney({ amountMinor: quote.totalMinor, currency: quote.currency }),
    })),
  };
}

export const meta: MetaFunction = () => [{ title: "Quotes · Back office · Kriya" }];

const quoteBadge: Record<string, string> = {
  requested: "badge badge-warn",
  changes_requested: "badge badge-warn",
  priced: "badge",
  sent: "badge badge-ok",
  accepted: "badge badge-ok",
  declined: "badge",
  expired: "badge",
};

export default function AdminQuotes() {
  const { status, q, quotes } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="admin-heading">
        <h1>Quotes</h1>
      </div>
      <Form method="get" className="admin-card admin-filters" aria-label="Filter quotes">
        <div className="field">
          <label htmlFor="f-status">Status</label>
          <select id="f-status" name="status" defaultValue={status ?? ""}>
            <option value="">All (waiting for us first)</option>
            {quoteStatuses.map((s) => (
              <option key={s} value={s}>
                {s.replace("_", " ")}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-q">Number or company</label>
          <input id="f-q" name="q" type="search" defaultValue={q} maxLength={100} />
        </div>
        <button type="submit" className="button button-small">
          Filter
        </button>
      </Form>
      <ListTable count={quotes.length} noun="quote" label="Quote list" columns={["Quote", "Importer", "Terms", "Lines", "Total", "Valid until", "Asked", "Status"]}>
          {quotes.map((quote) => (
            <tr key={quote.number}>
              <th scope="row">
                <Link to={`/admin/quotes/${quote.number}`}>{quote.number}</Link>
              </th>
              <td>{quote.companyName}</td>
              <td>{quote.incoterm === "CIF" ? `CIF ${quote.destinationPort ?? ""}` : "FOB Jakarta"}</td>
              <td>{quote.lineCount}</td>
              <td>{quote.total ?? <span className="muted">not priced</span>}</td>
              <td>{quote.validUntil ?? "–"}</td>
              <td>{quote.createdAt}</td>
              <td>
                <span className={quoteBadge[quote.status]}>{quote.status.replace("_", " ")}</span>
                {quote.version > 1 ? <span className="muted"> v{quote.version}</span> : null}
              </td>
            </tr>
          ))}
      </ListTable>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
