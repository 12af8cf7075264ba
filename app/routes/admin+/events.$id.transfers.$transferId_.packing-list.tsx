import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PrintButton } from "~/components/bazaar/print-button";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { QrCode } from "~/components/ui/qr-code";
import { jakartaDate } from "~/domain/bazaar/business-date";
import { transferDirectionLabels } from "~/domain/bazaar/transfer";
import { publicOrigin } from "~/utils/env.server";
import { qrCodeSvg } from "~/utils/qr-code.server";
import { requireRole } from "~/web/auth.server";
import { eventOfPage } from "./event-pages.server";
import { transferOfPage } from "./transfer-pages.server";

/** The sheet that travels with the boxes: what was packed, a box to tick for each line, and two signatures. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ["staff", "bazaar"]);
  const event = await eventOfPage(params);
  const { transfer, lines } = await transferOfPage(event.id, params);
  // Scanning the sheet at the stall opens the transfer's page, where it is received.
  const url = `${publicOrigin()}/admin/events/${event.id}/transfers/${transfer.id}`;
  return {
    event: { id: event.id, name: event.name, venue: event.venue, city: event.city, startsOn: event.startsOn, endsOn: event.endsOn },
    transfer: { id: transfer.id, code: transfer.code ?? String(transfer.id), direction: transfer.direction ? transferDirectionLabels[transfer.direction] : "", fromName: transfer.fromName, toName: transfer.toName, note: transfer.note, sentOn: jakartaDate(transfer.createdAt), sentBy: transfer.sentBy },
    lines: lines.map((l) => ({ variantId: l.variantId, piece: `${l.productTitle}${l.variantTitle ? ` (${l.variantTitle})` : ""}`, sku: l.sku, producerName: l.producerName, quantitySent: l.quantitySent })),
    total: lines.reduce((n, l) => n + l.quantitySent, 0),
    qr: await qrCodeSvg(url),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Packing list ${data?.transfer.code ?? ""} · Back office · Kriya` }];

export default function PackingList() {
  const { event, transfer, lines, total, qr } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="print-toolbar no-print">
        <Link to={`/admin/events/${event.id}/transfers/${transfer.id}`}>Back to the transfer</Link>
        <PrintButton label="Print the packing list" />
      </div>
      <article className="print-sheet packing-list" aria-labelledby="packing-title">
        <header className="packing-head">
          <div>
            <p className="eyebrow">Kriya · packing list</p>
            <h2 id="packing-title">{event.name}</h2>
            <p>
              {transfer.direction}: {transfer.fromName} → {transfer.toName}
              <br />
              {event.venue}, {event.city} · {event.startsOn === event.endsOn ? event.startsOn : `${event.startsOn} – ${event.endsOn}`}
            </p>
          </div>
          <div className="packing-code">
            <QrCode svg={qr} label={`QR code for transfer ${transfer.code}`} className="packing-qr" />
            <p className="transfer-code">{transfer.code}</p>
          </div>
        </header>
        <p>
          Sent {transfer.sentOn}
          {transfer.sentBy ? ` by ${transfer.sentBy}` : ""} · {lines.length} {lines.length === 1 ? "line" : "lines"}, {total} {total === 1 ? "piece" : "pieces"}
        </p>
        {transfer.note ? <p className="packing-note">{transfer.note}</p> : null}
        <table className="admin-table packing-table">
          <thead>
            <tr>
              <th scope="col">Piece</th>
              <th scope="col">SKU</th>
              <th scope="col">Producer group</th>
              <th scope="col" className="numeric">Sent</th>
              <th scope="col" className="tick-col">
                Received
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.variantId}>
                <th scope="row">{l.piece}</th>
                <td className="nowrap">{l.sku}</td>
                <td>{l.producerName}</td>
                <td className="numeric">{l.quantitySent}</td>
                <td className="tick-col">
                  <span className="tick-box" role="img" aria-label="Box to tick on arrival" />
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={3}>
                Total
              </th>
              <td className="numeric">{total}</td>
              <td />
            </tr>
          </tfoot>
        </table>
        <div className="signatures">
          <p>
            <span className="signature-line" />
            Packed by (name, date)
          </p>
          <p>
            <span className="signature-line" />
            Received by (name, date)
          </p>
        </div>
      </article>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
