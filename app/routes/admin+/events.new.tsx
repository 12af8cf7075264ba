import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { EventForm } from "~/components/bazaar/event-form";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { eventFieldsOf, newEventSchema } from "~/domain/bazaar/event-input";
import { createEvent } from "~/models/bazaar/events.server";
import { actorOf, parseAdminForm, readForm, redirectWithNotice } from "~/web/admin-form.server";
import { requireRole } from "~/web/auth.server";
import { invalidReply, refusalReply } from "~/web/refusal.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["staff"]);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["staff"]);
  const submission = parseAdminForm(await readForm(request), newEventSchema);
  if (submission.status !== "success") return invalidReply(submission.reply());
  try {
    const { slug, ...value } = submission.value;
    const created = await createEvent(getDb(), { fields: eventFieldsOf(value), slug, actor: actorOf(user, context) });
    return redirectWithNotice(`/admin/events/${created.id}`, `Created ${value.name}. Send it stock next.`);
  } catch (error) {
    return refusalReply(submission, error);
  }
}

export const meta: MetaFunction = () => [{ title: "New event · Events · Back office · Kriya" }];

export default function NewEvent() {
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <p className="breadcrumbs-admin">
        <Link to="/admin/events">Events</Link> ›
      </p>
      <h1>New event</h1>
      <EventForm lastResult={lastResult} defaultValue={{ city: "Jakarta" }} submitLabel="Create event" withSlug />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
