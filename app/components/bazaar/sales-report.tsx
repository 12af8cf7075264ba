import { TableScroll } from "~/components/admin/table-scroll";
import type { EventSalesReport } from "~/models/bazaar/event-reports.server";
import { rupiah } from "./close-sheet";

const methodLabels = { cash: "Cash", qris: "QRIS", card: "Card", transfer: "Transfer" } as const;

const hourLabel = (hour: number) => `${String(hour).padStart(2, "0")}:00–${String(hour + 1).padStart(2, "0")}:00`;

export function SalesSummary({ report }: { report: EventSalesReport }) {
  return (
    <dl className="close-totals sales-summary" aria-label="Totals">
      <div className="close-totals-all">
        <dt>
          {report.saleCount} {report.saleCount === 1 ? "sale" : "sales"} · {report.pieceCount} {report.pieceCount === 1 ? "piece" : "pieces"}
        </dt>
        <dd>{rupiah(report.totalMinor)}</dd>
      </div>
      {report.byMethod.map((m) => (
        <div key={m.paymentMethod}>
          <dt>
            {methodLabels[m.paymentMethod]} <span className="muted">({m.count})</span>
          </dt>
          <dd>{rupiah(m.totalMinor)}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * Sales by Jakarta hour as a bar chart that is also a table: each bar is drawn beside the numbers it stands for,
 * so a screen reader reads the table and nobody has to guess a value from a bar's length.
 */
export function SalesByHour({ hours }: { hours: EventSalesReport["byHour"] }) {
  const first = hours[0]?.hour;
  const last = hours.at(-1)?.hour;
  const filled = first === undefined || last === undefined ? [] : Array.from({ length: last - first + 1 }, (_, i) => hours.find((h) => h.hour === first + i) ?? { hour: first + i, count: 0, totalMinor: 0 });
  const top = Math.max(1, ...filled.map((h) => h.totalMinor));
  return (
    <section className="admin-card" aria-labelledby="hours-heading">
      <h2 id="hours-heading">By hour</h2>
      {filled.length ? (
        <TableScroll label="Sales by hour">
          <table className="admin-table hour-chart">
            <caption className="muted">Jakarta time (WIB). Each bar is the hour's takings against the best hour.</caption>
            <thead>
              <tr>
                <th scope="col">Hour</th>
                <th scope="col" className="hour-bar-col">
                  <span className="visually-hidden">Takings as a bar</span>
                </th>
                <th scope="col" className="numeric">Sales</th>
                <th scope="col" className="numeric">Total</th>
              </tr>
            </thead>
            <tbody>
              {filled.map((h) => (
                <tr key={h.hour}>
                  <th scope="row" className="nowrap">
                    {hourLabel(h.hour)}
                  </th>
                  <td className="hour-bar-col" aria-hidden="true">
                    <span className="hour-bar" style={{ width: `${Math.round((h.totalMinor / top) * 100)}%` }} />
                  </td>
                  <td className="numeric">{h.count}</td>
                  <td className="numeric nowrap">{rupiah(h.totalMinor)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : (
        <p className="muted">No sales yet.</p>
      )}
    </section>
  );
}

export function SalesTables({ report }: { report: EventSalesReport }) {
  return (
    <div className="sales-tables">
      <section className="admin-card" aria-labelledby="pieces-heading">
        <h2 id="pieces-heading">By piece</h2>
        {report.byProduct.length ? (
          <TableScroll label="Sales by piece">
            <table className="admin-table">
              <thead>
                <tr>
                  <th scope="col">Piece</th>
                  <th scope="col" className="numeric">Sold</th>
                  <th scope="col" className="numeric">Total</th>
                </tr>
              </thead>
              <tbody>
                {report.byProduct.map((p) => (
                  <tr key={p.variantId}>
                    <th scope="row">
                      {p.productTitle} {p.variantTitle ? <span className="muted">{p.variantTitle}</span> : null}
                      <div className="muted sales-piece-meta">
                        {p.sku} · {p.producerName}
                      </div>
                    </th>
                    <td className="numeric">{p.quantity}</td>
                    <td className="numeric nowrap">{rupiah(p.totalMinor)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : (
          <p className="muted">No pieces sold yet.</p>
        )}
      </section>
      <section className="admin-card" aria-labelledby="groups-heading">
        <h2 id="groups-heading">By producer group</h2>
        {report.byProducer.length ? (
          <TableScroll label="Sales by producer group">
            <table className="admin-table">
              <thead>
                <tr>
                  <th scope="col">Producer group</th>
                  <th scope="col" className="numeric">Pieces</th>
                  <th scope="col" className="numeric">Total</th>
                </tr>
              </thead>
              <tbody>
                {report.byProducer.map((p) => (
                  <tr key={p.producerId}>
                    <th scope="row">{p.producerName}</th>
                    <td className="numeric">{p.quantity}</td>
                    <td className="numeric nowrap">{rupiah(p.totalMinor)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : (
          <p className="muted">No pieces sold yet.</p>
        )}
      </section>
    </div>
  );
}
