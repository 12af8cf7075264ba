import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { SalesByHour, SalesTables, SalesSummary } from "~/components/bazaar/sales-report";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { daysBetween } from "~/domain/bazaar/business-date";
import { calendarDay } from "~/domain/platform/calendar-day";
import { getEventSalesReport } from "~/models/bazaar/event-reports.server";
import closeStyles from "~/styles/bazaar-close.css?url";
import { requireRole } from "~/web/auth.server";
import { badRequest } from "~/web/refusal.server";
import { eventOfPage } from "./event-pages.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: closeStyles }];

const dayParam = calendarDay("The day");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ["staff", "bazaar"]);
  const event = await eventOfPage(params);
  const raw = new URL(request.url).searchParams.get("day");
  let day: string | undefined;
  if (raw) {
    const parsed = dayParam.safeParse(raw);
    if (!parsed.success) badRequest(parsed.error.issues[0]!.message);
    day = parsed.data;
  }
  const report = await getEventSalesReport(getDb(), { eventId: event.id, day });
  return { eventId: event.id, days: daysBetween(event.startsOn, event.endsOn), report };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Sales${data?.report.day ? ` on ${data.report.day}` : ""} · Event · Back office · Kriya` }];

export default function EventSales() {
  const { days, report } = useLoaderData<typeof loader>();
  return (
    <>
      <section className="admin-card sales-filter-card" aria-labelledby="sales-heading">
        <div className="card-heading">
          <h2 id="sales-heading">Sales {report.day ? `on ${report.day}` : "over the whole event"}</h2>
          <Form method="get" className="sales-filter" aria-label="Choose a day">
            <div className="field">
              <label htmlFor="sales-day">Day</label>
              <select id="sales-day" name="day" defaultValue={report.day ?? ""}>
                <option value="">Every day</option>
                {days.map((d) => (
                  <option key={d} value={d}>
                    {d}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="button button-small">
              Show
            </button>
          </Form>
        </div>
        <SalesSummary report={report} />
      </section>
      <SalesByHour hours={report.byHour} />
      <SalesTables report={report} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
