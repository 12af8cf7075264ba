import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { RecordHeading } from "~/components/admin/record-heading";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { countryNames } from "~/domain/retail/shipping";
import { allowedDecisions, importerStatuses } from "~/domain/wholesale/importer-application";
import { drainOutboxSoon } from "~/models/platform/outbox-handlers.server";
import { approveImporter, getImporterForAdmin, rejectImporter, suspendImporter } from "~/models/wholesale/importers.server";
import { publicOrigin } from "~/utils/env.server";
import { actorOf, fieldMessages, idParam, parseAdminForm, readForm, redirectWithNotice } from "~/web/admin-form.server";
import { requireRole } from "~/web/auth.server";
import { asRefusal, notFound, statusOf } from "~/web/refusal.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ["staff"]);
  const importer = await getImporterForAdmin(getDb(), { id: idParam(params.id) });
  if (!importer) notFound("That importer does not exist.");
  const day = (at: Date | null) => (at ? at.toISOString().slice(0, 16).replace("T", " ") + " UTC" : null);
  return {
    importer: {
      ...importer,
      countryName: countryNames[importer.country] ?? importer.country,
      createdAt: day(importer.createdAt),
      approvedAt: day(importer.approvedAt),
      rejectedAt: day(importer.rejectedAt),
      updatedAt: day(importer.updatedAt),
      accounts: importer.accounts.map((a) => ({ id: a.id, email: a.email, disabled: Boolean(a.disabledAt) })),
    },
    decisions: allowedDecisions(importer.status),
  };
}

// The status the page was opened at comes back with each decision, so a decision taken on a stale page is refused.
const openedAt = z.enum(importerStatuses);
const decisionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), status: openedAt }),
  z.object({ intent: z.literal("reject"), status: openedAt, note: z.string({ message: "Write a note for the applicant: it is sent to them with the decision." }).trim().min(1, "Write a note for the applicant: it is sent to them with the decision.").max(2000, "Keep the note under 2,000 characters") }),
  z.object({ intent: z.literal("suspend"), status: openedAt, note: z.string().trim().max(2000, "Keep the note under 2,000 characters").optional() }),
]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["staff"]);
  const id = idParam(params.id);
  const submission = parseAdminForm(await readForm(request), decisionSchema);
  if (submission.status !== "success") {
    return data({ intent: String(submission.payload.intent), message: "Check the form and try again.", fields: fieldMessages(submission.error) }, { status: 400 });
  }
  const db = getDb();
  const decision = submission.value;
  const base = { id, actor: actorOf(user, context), expectedStatus: decision.status };
  try {
    if (decision.intent === "approve") {
      const approved = await approveImporter(db, { ...base, origin: publicOrigin() });
      drainOutboxSoon(db);
      return redirectWithNotice(`/admin/importers/${id}`, approved.userCreated ? "Approved. The importer has been sent a link to choose a password." : "Reinstated: the importer can use the wholesale pages again.");
    }
    if (decision.intent === "reject") {
      await rejectImporter(db, { ...base, note: decision.note });
      drainOutboxSoon(db);
      return redirectWithNotice(`/admin/importers/${id}`, "Rejected. The applicant has been sent your note.");
    }
    await suspendImporter(db, { ...base, note: decision.note ?? "" });
    return redirectWithNotice(`/admin/importers/${id}`, "Suspended: the importer can no longer use the wholesale pages.");
  } catch (error) {
    const refusal = asRefusal(error);
    return data({ intent: decision.intent, message: refusal.message, fields: refusal.field ? { [refusal.field]: refusal.message } : ({} as Record<string, string>) }, { status: statusOf(refusal) });
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.importer.companyName ?? "Importer"} · Importers · Back office · Kriya` }];

export default function AdminImporter() {
  const { importer, decisions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const noteError = result?.intent === "reject" ? result.fields.note : undefined;
  return (
    <>
      <RecordHeading
        back={{ to: "/admin/importers", label: "Importers" }}
        title={importer.companyName}
        status={{ label: importer.status, tone: importer.status === "pending" ? "warn" : importer.status === "approved" ? "ok" : "plain" }}
        refusal={result?.message}
      />
      <section className="admin-card" aria-labelledby="application-heading">
        <h2 id="application-heading">Application</h2>
        <dl className="order-facts">
          <dt>Country</dt>
          <dd>{importer.countryName}</dd>
          <dt>Tax or VAT number</dt>
          <dd>{importer.taxId}</dd>
          <dt>Contact</dt>
          <dd>
            {importer.contactName}, <a href={`mailto:${importer.contactEmail}`}>{importer.contactEmail}</a>
          </dd>
          <dt>Phone</dt>
          <dd>{importer.phone ?? "not given"}</dd>
          <dt>Website</dt>
          <dd>{importer.website ? <a href={importer.website} rel="noreferrer noopener" target="_blank">{importer.website}</a> : "not given"}</dd>
          <dt>Expected annual purchases</dt>
          <dd>{importer.expectedVolume || "not given"}</dd>
          <dt>Deposit</dt>
          <dd>{importer.depositPercent}% of an accepted quote</dd>
          <dt>Applied</dt>
          <dd>{importer.createdAt}</dd>
          {importer.approvedAt ? (
            <>
              <dt>Approved</dt>
              <dd>
                {importer.approvedAt}
                {importer.approvedByName ? ` by ${importer.approvedByName}` : ""}
              </dd>
            </>
          ) : null}
          {importer.rejectedAt ? (
            <>
              <dt>Rejected</dt>
              <dd>{importer.rejectedAt}</dd>
            </>
          ) : null}
          {importer.reviewNote ? (
            <>
              <dt>Review note</dt>
              <dd style={{ whiteSpace: "pre-line" }}>{importer.reviewNote}</dd>
            </>
          ) : null}
          <dt>Sign-in</dt>
          <dd>{importer.accounts.length ? importer.accounts.map((a) => `${a.email}${a.disabled ? " (disabled)" : ""}`).join(", ") : "none yet (made on approval)"}</dd>
        </dl>
      </section>
      {decisions.length ? (
        <section className="admin-card" aria-labelledby="decision-heading">
          <h2 id="decision-heading">Decision</h2>
          {decisions.includes("approve") ? (
            <Form method="post" aria-label={importer.status === "suspended" ? "Reinstate" : "Approve"} style={{ marginBottom: "1.5rem" }}>
              <input type="hidden" name="intent" value="approve" />
              <input type="hidden" name="status" value={importer.status} />
              <p className="muted">
                {importer.status === "suspended"
                  ? "The importer can use the wholesale pages again with their existing sign-in."
                  : `Creates a sign-in for ${importer.contactEmail} and emails a link to choose a password (valid for a week).`}
              </p>
              <button type="submit" className="button">
                {importer.status === "suspended" ? "Reinstate" : "Approve"}
              </button>
            </Form>
          ) : null}
          {decisions.includes("reject") ? (
            <Form method="post" aria-label="Reject" className="admin-form" style={{ marginBottom: "1.5rem" }}>
              <input type="hidden" name="intent" value="reject" />
              <input type="hidden" name="status" value={importer.status} />
              <div className="field field-wide">
                <label htmlFor="reject-note">Note to the applicant</label>
                <textarea id="reject-note" name="note" rows={4} required maxLength={2000} aria-invalid={noteError ? true : undefined} aria-describedby={noteError ? "reject-note-error" : "reject-note-hint"} />
                <p id="reject-note-hint" className="field-hint">
                  Sent to {importer.contactEmail} with the decision.
                </p>
                {noteError ? (
                  <ul id="reject-note-error" className="field-errors" role="list">
                    <li>{noteError}</li>
                  </ul>
                ) : null}
              </div>
              <button type="submit" className="button button-danger">
                Reject
              </button>
            </Form>
          ) : null}
          {decisions.includes("suspend") ? (
            <Form method="post" aria-label="Suspend" className="admin-form">
              <input type="hidden" name="intent" value="suspend" />
              <input type="hidden" name="status" value={importer.status} />
              <div className="field field-wide">
                <label htmlFor="suspend-note">Internal note (optional)</label>
                <textarea id="suspend-note" name="note" rows={2} maxLength={2000} />
              </div>
              <button type="submit" className="button button-danger">
                Suspend
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
