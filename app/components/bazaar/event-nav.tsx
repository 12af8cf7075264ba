import { NavLink } from "@remix-run/react";

/** The tabs of one event's back-office pages. The overview tab is active only on the overview itself. */
export function EventNav({ eventId }: { eventId: number }) {
  const base = `/admin/events/${eventId}`;
  const tabs = [
    { to: base, label: "Overview", end: true },
    { to: `${base}/sales`, label: "Sales", end: false },
    { to: `${base}/close`, label: "Close of day", end: false },
    { to: `${base}/reconciliation`, label: "Reconciliation", end: false },
    { to: `${base}/tags`, label: "Tags", end: false },
  ];
  return (
    <nav className="event-nav no-print" aria-label="Event pages">
      <ul className="plain">
        {tabs.map((tab) => (
          <li key={tab.to}>
            <NavLink to={tab.to} end={tab.end} prefetch="intent">
              {tab.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
