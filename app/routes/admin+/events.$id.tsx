import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, Outlet, useLoaderData } from "@remix-run/react";
import { EventNav } from "~/components/bazaar/event-nav";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { eventStatusLabels } from "~/domain/bazaar/event-status";
import bazaarStyles from "~/styles/bazaar-admin.css?url";
import { requireRole } from "~/web/auth.server";
import { eventOfPage } from "./event-pages.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: bazaarStyles }];

/** The frame of one event's pages: its name, days and place, its status, and the tabs. Each child checks the role again. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ["staff", "bazaar"]);
  const event = await eventOfPage(params);
  return { event: { id: event.id, name: event.name, venue: event.venue, city: event.city, startsOn: event.startsOn, endsOn: event.endsOn, status: event.status } };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.event.name ?? "Event"} · Events · Back office · Kriya` }];

export default function EventLayout() {
  const { event } = useLoaderData<typeof loader>();
  return (
    <div className="event-page">
      <header className="event-header no-print">
        <p className="breadcrumbs-admin">
          <Link to="/admin/events">Events</Link> ›
        </p>
        <div className="admin-heading">
          <div>
            <h1>{event.name}</h1>
            <p className="event-when">
              <span>{event.startsOn === event.endsOn ? event.startsOn : `${event.startsOn} – ${event.endsOn}`}</span> · <span>{event.venue}, {event.city}</span>
            </p>
          </div>
          <span className={`badge event-status event-status-${event.status}`}>{eventStatusLabels[event.status]}</span>
        </div>
        <EventNav eventId={event.id} />
      </header>
      <Outlet />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
