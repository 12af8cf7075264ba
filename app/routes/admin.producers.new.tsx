import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { ProducerForm } from "~/components/admin/producer-form";
import { producerInputSchema } from "~/domain/producer-input";
import { createProducer } from "~/models/producer-admin.server";
import { actorOf, invalid, redirectWithNotice, refusal, readForm } from "~/utils/admin.server";
import { clearCatalogCache } from "~/utils/catalog-cache.server";
import { requireRole } from "~/utils/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["staff"]);
  return { isAdmin: user.role === "admin" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["staff"]);
  const submission = parseWithZod(await readForm(request), { schema: producerInputSchema() });
  if (submission.status !== "success") return invalid(submission.reply());
  try {
    const created = await createProducer(getDb(), submission.value, { ...actorOf(user, context), canEditPayout: user.role === "admin" });
    clearCatalogCache();
    return redirectWithNotice(`/admin/producers/${created.id}`, `Created ${submission.value.name}. Record a field visit next.`);
  } catch (error) {
    return refusal(submission, error);
  }
}

export const meta: MetaFunction = () => [{ title: "New producer group · Back office · Kriya" }];

export default function NewProducer() {
  const { isAdmin } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <p className="breadcrumbs-admin">
        <Link to="/admin/producers">Producer groups</Link> ›
      </p>
      <h1>New producer group</h1>
      <ProducerForm lastResult={lastResult} defaultValue={{ active: "on", island: "Java" }} showPayout={isAdmin} submitLabel="Create producer group" />
    </>
  );
}
