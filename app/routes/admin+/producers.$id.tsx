import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { FieldVisitForm } from "~/components/admin/field-visit-form";
import { ProducerForm } from "~/components/admin/producer-form";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { fairTradePrinciples } from "~/domain/catalog/principles";
import { fieldVisitInputSchema, producerInputSchema } from "~/domain/catalog/producer-input";
import { addFieldVisit, deleteFieldVisit, deleteProducer, getProducerForEdit, updateProducer } from "~/models/catalog/producer-admin.server";
import { onceForKey } from "~/models/platform/form-submissions.server";
import { editVersion } from "~/models/platform/audit.server";
import { actorOf, firstError, formKeyOf, idParam, newFormKey, parseAdminForm, redirectWithNotice, readForm, versionAfter, versionOf } from "~/web/admin-form.server";
import { clearCatalogCache } from "~/utils/catalog-cache.server";
import { requireRole } from "~/web/auth.server";
import { asRefusal, notFound, refusalReply, statusOf } from "~/web/refusal.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["staff"]);
  const id = idParam(params.id);
  const [producer, version] = await Promise.all([getProducerForEdit(getDb(), { id }), editVersion(getDb(), { entityType: "producer", entityId: id })]);
  if (!producer) notFound("That producer group does not exist.");
  const isAdmin = user.role === "admin";
  const { payoutBankName, payoutAccountName, payoutAccountNumber, fieldVisits, ...rest } = producer;
  const defaults = {
    ...Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, v == null ? "" : typeof v === "boolean" ? (v ? "on" : undefined) : String(v)])),
    crafts: rest.crafts.join(", "),
    ...(isAdmin ? { payoutBankName: payoutBankName ?? "", payoutAccountName: payoutAccountName ?? "", payoutAccountNumber: payoutAccountNumber ?? "" } : {}),
  };
  return { producer: { id: rest.id, name: rest.name, slug: rest.slug, active: rest.active, productCount: rest.productCount }, defaults, visits: fieldVisits, isAdmin, today: new Date().toISOString().slice(0, 10), formKey: newFormKey(), version };
}

/** One form per intent: the group's fields, its deletion, a new field visit, and deleting one. */
function actionSchema(now = new Date()) {
  return z.discriminatedUnion("intent", [
    producerInputSchema(now).safeExtend({ intent: z.literal("save") }),
    z.object({ intent: z.literal("delete"), confirm: z.literal("yes", "Tick the box to confirm the deletion.") }),
    fieldVisitInputSchema(now).safeExtend({ intent: z.literal("add-visit") }),
    // Checked by idParam below: an id that can't exist is a 404, like one that no longer does.
    z.object({ intent: z.literal("delete-visit"), visitId: z.string().optional() }),
  ]);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["staff"]);
  const id = idParam(params.id);
  const db = getDb();
  const actor = actorOf(user, context);
  const formData = await readForm(request);
  const submission = parseAdminForm(formData, actionSchema());
  const intent = submission.payload.intent as "save" | "delete" | "add-visit" | "delete-visit";
  const withReply = intent === "save" || intent === "add-visit";
  if (submission.status !== "success") {
    if (withReply) return data({ intent, reply: submission.reply() }, { status: 400 });
    return data({ intent, message: firstError(submission.error) }, { status: 400 });
  }
  const input = submission.value;
  try {
    if (input.intent === "save") {
      const { intent: _, ...fields } = input;
      const result = await updateProducer(db, { id, input: fields, actor: { ...actor, canEditPayout: user.role === "admin" }, expectedVersion: versionOf(formData) });
      if (result.changed) clearCatalogCache();
      return redirectWithNotice(`/admin/producers/${id}`, result.changed ? "Saved the producer group." : "Nothing had changed.");
    }
    if (input.intent === "add-visit") {
      const { intent: _, ...visit } = input;
      // Keyed on the form, so a double click or a re-posting reload records the visit once.
      const { outcome: recorded } = await onceForKey(db, { key: formKeyOf(formData, user.id, `producer.${id}.visit`), write: (tx) => addFieldVisit(tx, { producerId: id, input: visit, actor }) });
      clearCatalogCache();
      return redirectWithNotice(`/admin/producers/${id}`, `Recorded the field visit: ${recorded.met} of ${fairTradePrinciples.length} principles met.`);
    }
    if (input.intent === "delete") {
      const gone = await deleteProducer(db, { id, actor });
      clearCatalogCache();
      return redirectWithNotice("/admin/producers", `Deleted ${gone.name}.`);
    }
    await deleteFieldVisit(db, { producerId: id, visitId: idParam(input.visitId), actor });
    clearCatalogCache();
    return redirectWithNotice(`/admin/producers/${id}`, "Deleted the field visit.");
  } catch (error) {
    if (withReply) {
      const refused = refusalReply(submission, error);
      return data({ intent, reply: refused.data, ...versionAfter(error) }, { status: refused.init?.status });
    }
    const refusal = asRefusal(error);
    return data({ intent, message: refusal.message }, { status: statusOf(refusal) });
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.producer.name ?? "Producer"} · Back office · Kriya` }];

export default function EditProducer() {
  const { producer, defaults, visits, isAdmin, today, formKey, version } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // After a conflict the form carries the newer version, so pressing Save again keeps this person's changes.
  const formVersion = result && "version" in result && typeof result.version === "number" ? result.version : version;
  const reply = (intent: string) => (result && "reply" in result && result.intent === intent ? result.reply : undefined);
  return (
    <>
      <p className="breadcrumbs-admin">
        <Link to="/admin/producers">Producer groups</Link> ›
      </p>
      <div className="admin-heading">
        <h1>{producer.name}</h1>
        {producer.active ? <Link to={`/producers/${producer.slug}`}>View in the shop</Link> : <span className="badge">Hidden from the shop</span>}
      </div>
      {result && "message" in result ? (
        <p className="notice notice-error" role="alert">
          {result.message}
        </p>
      ) : null}
      <ProducerForm key={JSON.stringify(defaults)} lastResult={reply("save")} defaultValue={defaults} showPayout={isAdmin} submitLabel="Save producer group" hidden={{ version: formVersion }} />
      <section aria-labelledby="visits-heading">
        <h2 id="visits-heading">Field visits</h2>
        {visits.length === 0 ? <p className="muted">No visit recorded yet.</p> : null}
        <ul className="plain visit-list">
          {visits.map((v) => {
            const unmet = v.checks.filter((c) => !c.met);
            return (
              <li key={v.id} className="admin-card">
                <p>
                  <strong>{v.visitedOn}</strong> by {v.visitor}: {v.checks.length - unmet.length} of {fairTradePrinciples.length} principles met
                </p>
                {v.notes ? <p className="muted">{v.notes}</p> : null}
                {unmet.length ? (
                  <ul>
                    {unmet.map((c) => (
                      <li key={c.principle}>
                        Not met: {fairTradePrinciples[c.principle - 1]?.title} — {c.note}
                      </li>
                    ))}
                  </ul>
                ) : null}
                <Form method="post">
                  <input type="hidden" name="intent" value="delete-visit" />
                  <input type="hidden" name="visitId" value={v.id} />
                  <button type="submit" className="button-link">
                    Delete the visit of {v.visitedOn}
                  </button>
                </Form>
              </li>
            );
          })}
        </ul>
        {/* A new key after each recorded visit starts the form afresh, without the last visit's ticks and messages. */}
        <FieldVisitForm key={formKey} lastResult={reply("add-visit")} today={today} formKey={formKey} />
      </section>
      <details className="admin-card danger-zone">
        <summary>Delete this producer group</summary>
        <Form method="post">
          <input type="hidden" name="intent" value="delete" />
          <p className="muted">
            {producer.productCount ? `It has ${producer.productCount} products, so it can only be hidden (untick Active above).` : "This can't be undone."}
          </p>
          <label className="field-check">
            <input type="checkbox" name="confirm" value="yes" required /> Yes, delete {producer.name}
          </label>
          <button type="submit" className="button button-danger">
            Delete producer group
          </button>
        </Form>
      </details>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
