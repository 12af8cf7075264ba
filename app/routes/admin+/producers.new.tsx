import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { ProducerForm } from "~/components/admin/producer-form";
import { producerInputSchema } from "~/domain/catalog/producer-input";
import { createProducer } from "~/models/catalog/producer-admin.server";
import { onceForKey } from "~/models/platform/form-submissions.server";
import { actorOf, formKeyOf, newFormKey, parseAdminForm, redirectWithNotice, readForm } from "~/web/admin-form.server";
import { clearCatalogCache } from "~/utils/catalog-cache.server";
import { requireRole } from "~/web/auth.server";
import { invalidReply, refusalReply } from "~/web/refusal.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["staff"]);
  return { isAdmin: user.role === "admin", formKey: newFormKey() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["staff"]);
  const formData = await readForm(request);
  // The producer form's one intent; anything else is a hand-made request and a 400.
  const submission = parseAdminForm(formData, producerInputSchema().safeExtend({ intent: z.literal("save") }));
  if (submission.status !== "success") return invalidReply(submission.reply());
  try {
    // A second post of this form (a double click, a re-posting reload) leads to the group the first one made.
    const { intent: _, ...input } = submission.value;
    const { outcome: created } = await onceForKey(getDb(), {
      key: formKeyOf(formData, user.id, "producer.create"),
      write: (tx) => createProducer(tx, { input, actor: { ...actorOf(user, context), canEditPayout: user.role === "admin" } }),
    });
    clearCatalogCache();
    return redirectWithNotice(`/admin/producers/${created.id}`, `Created ${submission.value.name}. Record a field visit next.`);
  } catch (error) {
    return refusalReply(submission, error);
  }
}

export const meta: MetaFunction = () => [{ title: "New producer group · Back office · Kriya" }];

export default function NewProducer() {
  const { isAdmin, formKey } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <p className="breadcrumbs-admin">
        <Link to="/admin/producers">Producer groups</Link> ›
      </p>
      <h1>New producer group</h1>
      <ProducerForm lastResult={lastResult} defaultValue={{ active: "on", island: "Java" }} showPayout={isAdmin} submitLabel="Create producer group" hidden={{ formKey }} />
    </>
  );
}
