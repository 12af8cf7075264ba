import type { TillEvent } from "~/models/bazaar/pos-catalog.server";
import { useI18n } from "./i18n";

/** The first run on a device (or a change of event): the open and planned events, one big button each. */
export function EventPicker({ events, online, busy, failed, onChoose }: {
  events: readonly TillEvent[];
  online: boolean;
  busy: boolean;
  failed: boolean;
  onChoose: (eventId: number) => void;
}) {
  const { t, date } = useI18n();
  return (
    <section className="pos-picker" aria-labelledby="pos-picker-title">
      <h1 id="pos-picker-title">{t("chooseEventTitle")}</h1>
      <p className="pos-picker-intro">{t("chooseEventIntro")}</p>
      {!online ? <p className="pos-warning" role="alert">{t("chooseEventOffline")}</p> : null}
      {failed ? <p className="pos-warning" role="alert">{t("catalogFailed")}</p> : null}
      {events.length ? (
        <ul className="pos-events plain">
          {events.map((event) => (
            <li key={event.id}>
              <button type="button" className="pos-event" disabled={busy || !online} aria-label={t("chooseEvent", { name: event.name })} onClick={() => onChoose(event.id)}>
                <span className={event.status === "open" ? "pos-event-status pos-event-open" : "pos-event-status"}>{event.status === "open" ? t("eventOpen") : t("eventPlanned")}</span>
                <span className="pos-event-name">{event.name}</span>
                <span className="pos-event-venue">{event.venue}</span>
                <span className="pos-event-dates">{event.startsOn === event.endsOn ? date(event.startsOn) : t("eventDates", { from: date(event.startsOn), to: date(event.endsOn) })}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="pos-empty">{t("chooseEventNone")}</p>
      )}
    </section>
  );
}
