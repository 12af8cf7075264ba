import { Link } from "@remix-run/react";
import { TableScroll } from "~/components/admin/table-scroll";
import { jakartaDateTime } from "~/domain/bazaar/business-date";
import { denominationLabel, IDR_DENOMINATIONS } from "~/domain/bazaar/close-of-day";
import { formatMoney, money } from "~/domain/money/money";
import type { DayCloseSheet, EventDaysList } from "~/models/bazaar/day-close.server";
import type { ReturnState } from "~/models/bazaar/transfers.server";

/** Rupiah as the stall reads it: "Rp 150.000". */
export const rupiah = (amountMinor: number) => formatMoney(money(amountMinor, "IDR"));

/** Over or short as words and a tone, never a bare signed number. */
export function OverShort({ differenceMinor }: { differenceMinor: number }) {
  if (differenceMinor === 0) return <span className="over-short over-short-even">Even</span>;
  const over = differenceMinor > 0;
  return <span className={`over-short ${over ? "over-short-over" : "over-short-short"}`}>{`${over ? "Over" : "Short"} ${rupiah(Math.abs(differenceMinor))}`}</span>;
}

/** Every day of the event: closed or not, and the cash expected against the cash counted. */
export function EventDays({ eventId, days, selected, returnReady, returns }: { eventId: number; days: EventDaysList["days"]; selected: string | null; returnReady: boolean; returns: ReturnState }) {
  return (
    <section className="admin-card" aria-labelledby="days-heading">
      <h2 id="days-heading">Days</h2>
      <TableScroll label="The event's days">
        <table className="admin-table close-days">
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Status</th>
              <th scope="col" className="numeric">Sales</th>
              <th scope="col" className="numeric">Expected cash</th>
              <th scope="col" className="numeric">Counted</th>
              <th scope="col">Over / short</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.businessDate} aria-current={d.businessDate === selected ? "true" : undefined} className={d.businessDate === selected ? "row-selected" : undefined}>
                <th scope="row">
                  {d.upcoming ? d.businessDate : <Link to={`/admin/events/${eventId}/close?day=${d.businessDate}`}>{d.close ? `${d.businessDate}` : `Close ${d.businessDate}`}</Link>}
                  {/* A till with a wrong clock, or dates edited after the event sold: its sales still need a close. */}
                  {d.outsideEvent ? <span className="close-outside"> (outside the event's days)</span> : null}
                </th>
                <td>
                  {d.close ? <span className="badge badge-ok">{d.close.overridden ? "Closed by override" : "Closed"}</span> : d.upcoming ? <span className="badge">Not yet</span> : <span className="badge badge-warn">Open</span>}
                </td>
                <td className="numeric">
                  {d.sales.count} · {rupiah(d.sales.totalMinor)}
                </td>
                <td className="numeric">{d.close ? rupiah(d.close.expectedCashMinor) : "—"}</td>
                <td className="numeric">{d.close ? rupiah(d.close.countedCashMinor) : "—"}</td>
                <td>{d.close ? <OverShort differenceMinor={d.close.differenceMinor} /> : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <ReturnNote eventId={eventId} returnReady={returnReady} returns={returns} />
    </section>
  );
}

/**
 * After the last day: the stock still at the event goes back once. The note links the transfer already made (on
 * its way or received) rather than offering a second one, and offers the return only while pieces remain.
 */
function ReturnNote({ eventId, returnReady, returns }: { eventId: number; returnReady: boolean; returns: ReturnState }) {
  const { remaining, lastReturn } = returns;
  const offer = returnReady && remaining > 0;
  if (!lastReturn && !offer) {
    return returnReady ? <p className="close-return">Every day is closed, and nothing is left at the event to send back.</p> : null;
  }
  return (
    <>
      {lastReturn ? (
        <p className="close-return">
          What remained went back to the warehouse in <Link to={`/admin/events/${eventId}/transfers/${lastReturn.id}`}>transfer {lastReturn.code ?? `#${lastReturn.id}`}</Link>
          {lastReturn.status === "received" ? ", received there." : ", on its way: receive it at the warehouse to finish."}
        </p>
      ) : null}
      {offer ? (
        <p className="close-return">
          {lastReturn ? `${remaining} ${remaining === 1 ? "piece is" : "pieces are"} still at the event. ` : "Every day is closed. "}
          <Link to={`/admin/events/${eventId}`}>Send the remaining stock back to the warehouse</Link> from the overview.
        </p>
      ) : null}
    </>
  );
}

type Totals = DayCloseSheet["totals"];

/** The day's takings by payment method, across every till. */
export function DayTotals({ totals }: { totals: Pick<Totals, "cashSalesMinor" | "qrisMinor" | "cardMinor" | "transferMinor" | "totalMinor" | "saleCount"> }) {
  const rows = [
    ["Cash", totals.cashSalesMinor],
    ["QRIS", totals.qrisMinor],
    ["Card", totals.cardMinor],
    ["Transfer", totals.transferMinor],
  ] as const;
  return (
    <dl className="close-totals" aria-label="The day's totals">
      {rows.map(([label, amount]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{rupiah(amount)}</dd>
        </div>
      ))}
      <div className="close-totals-all">
        <dt>All {totals.saleCount} {totals.saleCount === 1 ? "sale" : "sales"}</dt>
        <dd>{rupiah(totals.totalMinor)}</dd>
      </div>
    </dl>
  );
}

/** Each till at the event: when it last synced, and what still stands between it and a clean close. */
export function TillStates({ devices, blocked }: { devices: DayCloseSheet["devices"]; blocked: boolean }) {
  return (
    <div className="close-tills">
      <h3>Tills</h3>
      {blocked ? (
        <p className="notice notice-error" role="alert">
          The close is blocked: a till still holds sales or misses sale numbers. Sync every till first; a supervisor can close anyway with a reason.
        </p>
      ) : null}
      {devices.length ? (
        <ul className="plain till-list">
          {devices.map((d) => {
            const held = d.waiting > 0 || d.missingCount > 0;
            return (
              <li key={d.deviceId} className={held ? "till till-held" : "till"}>
                <p className="till-name">
                  <strong>{d.label || "Unnamed till"}</strong> <span className="muted">{d.deviceId}</span>
                </p>
                <p className="till-state">
                  {d.lastSyncAt ? `Last synced ${jakartaDateTime(d.lastSyncAt)}` : "Never synced"} · up to sale #{d.highestSeen}
                </p>
                {d.waiting > 0 ? <p className="till-problem">{d.waiting} {d.waiting === 1 ? "sale waits" : "sales wait"} on the till to sync.</p> : null}
                {d.missingCount > 0 ? (
                  <p className="till-problem">
                    Missing {d.missingCount === 1 ? "sale number" : `${d.missingCount} sale numbers`}: {d.missing.join(", ")}
                    {d.missingCount > d.missing.length ? " and more" : ""}.
                  </p>
                ) : null}
                {held ? null : <p className="till-ok">All synced.</p>}
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="muted">No till has synced at this event yet.</p>
      )}
    </div>
  );
}

/** A day already closed: what was counted against what was expected, who closed it, and anything that came later. */
export function ClosedDay({ close }: { close: NonNullable<DayCloseSheet["close"]> }) {
  const pieces = IDR_DENOMINATIONS.filter((d) => (close.denominations[String(d)] ?? 0) > 0);
  return (
    <>
      <p className="close-stamp">
        Closed {jakartaDateTime(close.createdAt)} by {close.closedByName ?? "a former team member"}. <OverShort differenceMinor={close.differenceMinor} />
      </p>
      {close.lateSaleCount > 0 ? (
        <p className="notice notice-error" role="alert">
          {close.lateSaleCount} {close.lateSaleCount === 1 ? "sale" : "sales"} ({rupiah(close.lateTotalMinor)}) of this day synced after the close, so the close does not count {close.lateSaleCount === 1 ? "it" : "them"}.
        </p>
      ) : null}
      <dl className="order-facts close-facts">
        <dt>Opening float</dt>
        <dd>{rupiah(close.openingFloatMinor)}</dd>
        <dt>Cash sales</dt>
        <dd>{rupiah(close.cashSalesMinor)}</dd>
        <dt>Expected cash</dt>
        <dd>{rupiah(close.expectedCashMinor)}</dd>
        <dt>Counted cash</dt>
        <dd>{rupiah(close.countedCashMinor)}</dd>
        <dt>QRIS · card · transfer</dt>
        <dd>
          {rupiah(close.qrisMinor)} · {rupiah(close.cardMinor)} · {rupiah(close.transferMinor)}
        </dd>
        <dt>Sales</dt>
        <dd>{close.saleCount}</dd>
        {close.notes ? (
          <>
            <dt>Notes</dt>
            <dd>{close.notes}</dd>
          </>
        ) : null}
        {close.overrideReason ? (
          <>
            <dt>Supervisor override</dt>
            <dd>
              {close.overrideReason} ({close.overriddenByName ?? "a former team member"})
            </dd>
          </>
        ) : null}
      </dl>
      {pieces.length ? (
        <TableScroll label="Cash counted by note and coin">
          <table className="admin-table close-count-table">
            <caption>Counted by note and coin</caption>
            <thead>
              <tr>
                <th scope="col">Note or coin</th>
                <th scope="col" className="numeric">Pieces</th>
                <th scope="col" className="numeric">Amount</th>
              </tr>
            </thead>
            <tbody>
              {pieces.map((d) => (
                <tr key={d}>
                  <th scope="row">{denominationLabel(d)}</th>
                  <td className="numeric">{close.denominations[String(d)]}</td>
                  <td className="numeric">{rupiah(d * (close.denominations[String(d)] ?? 0))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
    </>
  );
}
