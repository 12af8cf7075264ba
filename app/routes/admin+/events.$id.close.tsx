import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { CloseForm, type CloseResult } from "~/components/bazaar/close-form";
import { ClosedDay, DayTotals, EventDays, TillStates } from "~/components/bazaar/close-sheet";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { denominationField, denominationLabel, IDR_DENOMINATIONS, readDenominationForm } from "~/domain/bazaar/close-of-day";
import { formatMoneyInput, parseMoneyInput } from "~/domain/money/money";
import { calendarDay } from "~/domain/platform/calendar-day";
import { isRefusal } from "~/domain/platform/refusal";
import { getDayCloseSheet, listEventDays, recordDayClose } from "~/models/bazaar/day-close.server";
import { findReturnState } from "~/models/bazaar/transfers.server";
import closeStyles from "~/styles/bazaar-close.css?url";
import { actorOf, parseAdminForm, readForm, redirectWithNotice } from "~/web/admin-form.server";
import { requireRole } from "~/web/auth.server";
import { asRefusal, badRequest, statusOf } from "~/web/refusal.server";
import { eventOfPage } from "./event-pages.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: closeStyles }];

const dayParam = calendarDay("The day");

/** The day a page or form is about: a real date, or a 400 that says what is wrong with it. */
function dayOf(value: string | null): string | null {
  if (value === null || value === "") return null;
  const parsed = dayParam.safeParse(value);
  if (!parsed.success) badRequest(parsed.error.issues[0]!.message);
  return parsed.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["staff", "bazaar"]);
  const event = await eventOfPage(params);
  const day = dayOf(new URL(request.url).searchParams.get("day"));
  const db = getDb();
  const [days, returns] = await Promise.all([listEventDays(db, { eventId: event.id }), findReturnState(db, { eventId: event.id })]);
  let sheet = null;
  if (day) {
    try {
      sheet = await getDayCloseSheet(db, { eventId: event.id, businessDate: day });
    } catch (error) {
      if (isRefusal(error, "invalid")) badRequest(error.message);
      throw error;
    }
  }
  return {
    eventId: event.id,
    days,
    returns,
    day,
    sheet,
    supervisor: user.role !== "bazaar",
    floatInput: formatMoneyInput(event.openingFloatMinor, "IDR"),
    denominations: IDR_DENOMINATIONS.map((d) => ({ field: denominationField(d), label: denominationLabel(d), minor: d })),
  };
}

const text = (max: number, label: string) => z.string().trim().max(max, `Keep the ${label} under ${max} characters`).optional().default("");
const closeSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("close"),
    day: dayParam,
    openingFloat: z.string({ message: "Enter the opening float, e.g. 500.000" }).trim().min(1, "Enter the opening float, e.g. 500.000"),
    notes: text(2000, "notes"),
    overrideReason: text(1000, "reason"),
  }),
]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["staff", "bazaar"]);
  const event = await eventOfPage(params);
  const formData = await readForm(request);
  const submission = parseAdminForm(formData, closeSchema);
  const values = Object.fromEntries([...formData].filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  const refuse = (message: string, field: string | undefined, status: number) => data<CloseResult>({ message, fields: field ? { [field]: message } : {}, values }, { status });
  if (submission.status !== "success") {
    const [field, messages] = Object.entries(submission.error ?? {}).find(([, m]) => m?.length) ?? ["", ["Check the form and try again."]];
    return refuse(messages![0]!, field || undefined, 400);
  }
  const counts = readDenominationForm(values);
  if (!counts.ok) return refuse(counts.message, counts.field, 400);
  const form = submission.value;
  let openingFloatMinor: number;
  try {
    openingFloatMinor = parseMoneyInput(form.openingFloat, "IDR");
  } catch (error) {
    return refuse(error instanceof RangeError ? error.message : "Enter whole rupiah", "openingFloat", 400);
  }
  if (openingFloatMinor < 0) return refuse("The opening float can't be below zero", "openingFloat", 400);
  try {
    await recordDayClose(getDb(), {
      eventId: event.id,
      businessDate: form.day,
      openingFloatMinor,
      counted: counts.counts,
      notes: form.notes,
      overrideReason: form.overrideReason || undefined,
      actor: actorOf(user, context),
      actorRole: user.role,
    });
  } catch (error) {
    const refusal = asRefusal(error);
    return refuse(refusal.message, refusal.field, statusOf(refusal));
  }
  return redirectWithNotice(`/admin/events/${event.id}/close?day=${form.day}`, `${form.day} is closed.`);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.day ? `Close of ${data.day}` : "Close of day"} · Event · Back office · Kriya` }];

export default function EventClose() {
  const view = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { sheet } = view;
  return (
    <>
      <EventDays eventId={view.eventId} days={view.days.days} selected={view.day} returnReady={view.days.allClosed && view.days.lastDayPassed} returns={view.returns} />
      {sheet ? (
        <section className="admin-card close-day" aria-labelledby="close-day-heading">
          <h2 id="close-day-heading">Close of {sheet.businessDate}</h2>
          {sheet.close ? (
            <ClosedDay close={sheet.close} />
          ) : (
            <>
              <DayTotals totals={sheet.totals} />
              <TillStates devices={sheet.devices} blocked={sheet.blocked} />
              <CloseForm
                key={result ? JSON.stringify(result.values) : "fresh"}
                day={sheet.businessDate}
                floatInput={view.floatInput}
                cashSalesMinor={sheet.totals.cashSalesMinor}
                denominations={view.denominations}
                blocked={sheet.blocked}
                supervisor={view.supervisor}
                result={result}
              />
            </>
          )}
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
