import { Refusal } from "~/domain/platform/refusal";

/** An event's life: planned while stock is packed, open while the stall sells, closed once it is over. */
export const eventStatuses = ["planned", "open", "closed"] as const;
export type EventStatus = (typeof eventStatuses)[number];

export const eventStatusLabels: Readonly<Record<EventStatus, string>> = { planned: "Planned", open: "Open", closed: "Closed" };

// There is no way back: a closed event's days are closed and its stock goes home; a new bazaar is a new event.
const nextStatuses: Readonly<Record<EventStatus, readonly EventStatus[]>> = { planned: ["open", "closed"], open: ["closed"], closed: [] };

/** The statuses an event may move to from `status`, for the form's choices. */
export function eventStatusChoices(status: EventStatus): readonly EventStatus[] {
  return nextStatuses[status];
}

/**
 * Whether an event may move from its status to `to`: planned → open → closed, or planned → closed for an
 * event called off before it sold anything. Anything else is refused with the reason.
 */
export function changeEventStatus(event: { status: EventStatus; saleCount: number }, to: EventStatus): EventStatus | Refusal {
  if (event.status === to) return Refusal.conflict(`The event is already ${eventStatusLabels[to].toLowerCase()}.`);
  if (!nextStatuses[event.status].includes(to)) {
    return Refusal.conflict(`A ${eventStatusLabels[event.status].toLowerCase()} event can't be made ${eventStatusLabels[to].toLowerCase()} again.`);
  }
  if (event.status === "planned" && to === "closed" && event.saleCount > 0) {
    return Refusal.conflict("This event has sales, so it can't be called off: open it and close it after its days.");
  }
  return to;
}

/** Where an event stands on `today` (a Jakarta YYYY-MM-DD): still to come, on now, or over. */
export function eventPhase(event: { startsOn: string; endsOn: string }, today: string): "upcoming" | "running" | "past" {
  if (today < event.startsOn) return "upcoming";
  return today > event.endsOn ? "past" : "running";
}

/** What remains at an event goes back to the warehouse once it is closed or its last day is over. */
export function mayReturnStock(event: { status: EventStatus; endsOn: string }, today: string): boolean {
  return event.status === "closed" || today > event.endsOn;
}

/** Stock may be sent to an event until it is closed. */
export function mayReceiveStock(event: { status: EventStatus }): boolean {
  return event.status !== "closed";
}
