import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { TableScroll } from "~/components/admin/table-scroll";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { eventPhase, eventStatusLabels, type EventStatus } from "~/domain/bazaar/event-status";
import { jakartaDate } from "~/domain/bazaar/business-date";
import { formatMoney, money } from "~/domain/money/money";
import { listEvents } from "~/models/bazaar/events.server";
import bazaarStyles from "~/styles/bazaar-admin.css?url";
import { requireRole } from "~/web/auth.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: bazaarStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["staff", "bazaar"]);
  const { current, past } = await listEvents(getDb());
  const today = jakartaDate(new Date());
  const shown = (rows: typeof current) => rows.map((e) => ({ ...e, phase: eventPhase(e, today), salesTotal: formatMoney(money(e.salesTotalMinor, "IDR")) }));
  return { current: shown(current), past: shown(past), mayCreate: user.role !== "bazaar" };
}

type Listed = Awaited<ReturnType<typeof loader>>["current"][number];

const badgeTone: Record<EventStatus, string> = { planned: "badge", open: "badge badge-ok", closed: "badge badge-muted" };

function EventTable({ label, events }: { label: string; events: Listed[] }) {
  return (
    <TableScroll label={label}>
      <table className="admin-table">
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Days</th>
            <th scope="col">Status</th>
            <th scope="col" className="numeric">Pieces there</th>
            <th scope="col" className="numeric">On the way</th>
            <th scope="col" className="numeric">Sales</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <th scope="row">
                <Link to={`/admin/events/${e.id}`}>{e.name}</Link>
                <div className="muted">
                  {e.venue}, {e.city}
                </div>
              </th>
              <td className="nowrap">
                {e.startsOn === e.endsOn ? e.startsOn : `${e.startsOn} – ${e.endsOn}`}
                {e.phase === "running" ? <div className="event-today">On today</div> : null}
              </td>
              <td>
                <span className={badgeTone[e.status]}>{eventStatusLabels[e.status]}</span>
              </td>
              <td className="numeric">{e.pieces}</td>
              <td className="numeric">{e.openTransfers ? `${e.openTransfers} ${e.openTransfers === 1 ? "transfer" : "transfers"}` : "—"}</td>
              <td className="numeric">{e.salesTotal}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export const meta: MetaFunction = () => [{ title: "Events · Back office · Kriya" }];

export default function AdminEvents() {
  const { current, past, mayCreate } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="admin-heading">
        <h1>Bazaar events</h1>
        {mayCreate ? (
          <Link to="/admin/events/new" className="button">
            New event
          </Link>
        ) : null}
      </div>
      <section className="admin-card" aria-labelledby="current-heading">
        <h2 id="current-heading">Coming up and on now</h2>
        {current.length ? <EventTable label="Events coming up" events={current} /> : <p>No event is planned. {mayCreate ? <Link to="/admin/events/new">Plan the next bazaar</Link> : null}</p>}
      </section>
      <section className="admin-card" aria-labelledby="past-heading">
        <h2 id="past-heading">Past events</h2>
        {past.length ? <EventTable label="Past events" events={past} /> : <p>No event is over yet.</p>}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
