import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { RefusalNotice } from "~/components/admin/record-heading";
import { QrisToVerify, ReconciliationTasks, SetAsideSales, type ReconcileResult } from "~/components/bazaar/reconciliation-lists";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { MAX_ROW_ID } from "~/domain/platform/row-id";
import { listQrisToVerify, listReconciliationTasks, listSetAsideSales, resolveSetAside, resolveTask, verifySales } from "~/models/bazaar/reconciliation.server";
import closeStyles from "~/styles/bazaar-close.css?url";
import { actorOf, fieldMessages, parseAdminForm, readForm, redirectWithNotice } from "~/web/admin-form.server";
import { requireRole } from "~/web/auth.server";
import { asRefusal, statusOf } from "~/web/refusal.server";
import { eventOfPage } from "./event-pages.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: closeStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["staff", "bazaar"]);
  const event = await eventOfPage(params);
  const db = getDb();
  const [tasks, qris, setAside] = await Promise.all([listReconciliationTasks(db, { eventId: event.id }), listQrisToVerify(db, { eventId: event.id }), listSetAsideSales(db, { eventId: event.id })]);
  return { tasks, qris, setAside, supervisor: user.role !== "bazaar" };
}

const rowId = (message: string) => z.coerce.number({ message }).int(message).min(1, message).max(MAX_ROW_ID, message);
const note = (message: string) => z.string({ message }).trim().min(1, message).max(1000, "Keep the note under 1000 characters");
const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("resolve-task"), taskId: rowId("This event has no such task."), resolution: note("Say how the shortfall was settled."), writeOff: z.literal("on").optional() }),
  z.object({ intent: z.literal("verify-qris"), saleIds: z.array(rowId("Some of those are not QRIS sales of this event."), { message: "Tick the QRIS sales you found on the bank statement." }).min(1, "Tick the QRIS sales you found on the bank statement.").max(500) }),
  z.object({ intent: z.literal("resolve-set-aside"), setAsideId: rowId("This event has no such set-aside sale."), resolution: note("Say how the set-aside sale was settled.") }),
]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["staff"]);
  const event = await eventOfPage(params);
  const submission = parseAdminForm(await readForm(request), actionSchema);
  if (submission.status !== "success") {
    const fields = fieldMessages(submission.error);
    return data<ReconcileResult>({ intent: String(submission.payload.intent), target: String(submission.payload.taskId ?? submission.payload.setAsideId ?? ""), message: Object.values(fields)[0] ?? "Check the form and try again.", fields }, { status: 400 });
  }
  const step = submission.value;
  const db = getDb();
  const actor = actorOf(user, context);
  const back = `/admin/events/${event.id}/reconciliation`;
  try {
    switch (step.intent) {
      case "resolve-task": {
        const done = await resolveTask(db, { eventId: event.id, taskId: step.taskId, resolution: step.resolution, writeOff: step.writeOff === "on", actor });
        return redirectWithNotice(back, done.writtenOff ? `Task resolved; ${done.writtenOff} written back at the event.` : "Task resolved.");
      }
      case "verify-qris": {
        const done = await verifySales(db, { eventId: event.id, saleIds: step.saleIds, actor });
        return redirectWithNotice(back, `${done.verified} QRIS ${done.verified === 1 ? "sale" : "sales"} marked verified.`);
      }
      case "resolve-set-aside":
        await resolveSetAside(db, { eventId: event.id, id: step.setAsideId, resolution: step.resolution, actor });
        return redirectWithNotice(back, "Set-aside sale resolved.");
    }
  } catch (error) {
    const refusal = asRefusal(error);
    const target = step.intent === "resolve-task" ? String(step.taskId) : step.intent === "resolve-set-aside" ? String(step.setAsideId) : "";
    return data<ReconcileResult>({ intent: step.intent, target, message: refusal.message, fields: refusal.field ? { [refusal.field]: refusal.message } : {} }, { status: statusOf(refusal) });
  }
}

export const meta: MetaFunction = () => [{ title: "Reconciliation · Event · Back office · Kriya" }];

export default function EventReconciliation() {
  const view = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <RefusalNotice message={result?.message} />
      <ReconciliationTasks tasks={view.tasks} supervisor={view.supervisor} result={result} />
      <QrisToVerify sales={view.qris} supervisor={view.supervisor} result={result} />
      <SetAsideSales sales={view.setAside} supervisor={view.supervisor} result={result} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
