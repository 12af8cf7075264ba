import { countOf } from "~/components/impact/wording";
import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import impactStyles from "~/components/admin/impact/impact-admin.css?url";
import { PlantingForm } from "~/components/admin/impact/planting-form";
import { jakartaToday, MAX_EVIDENCE_PHOTOS, plantingInputSchema } from "~/domain/impact/planting-input";
import { MAX_UPLOAD_BYTES } from "~/models/catalog/images.server";
import { createPlanting } from "~/models/impact/plantings.server";
import { drainOutboxSoon } from "~/models/platform/outbox-handlers.server";
import { onceForKey } from "~/models/platform/form-submissions.server";
import { actorOf, formKeyOf, newFormKey, parseAdminForm, redirectWithNotice } from "~/web/admin-form.server";
import { clearCatalogCache } from "~/utils/catalog-cache.server";
import { requireRole } from "~/web/auth.server";
import { asRefusal, invalidReply, refusalErrors, refusalReply, statusOf } from "~/web/refusal.server";
import { chosenPhotos, photoCountProblem, readEvidenceForm, restoreEvidenceFiles, storeEvidencePhotos } from "./impact.evidence.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["staff"]);
  return { formKey: newFormKey(), today: jakartaToday(new Date()), maxPhotos: MAX_EVIDENCE_PHOTOS, maxMb: MAX_UPLOAD_BYTES / 1024 / 1024 };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["staff"]);
  let formData: FormData;
  try {
    formData = await readEvidenceForm(request, MAX_EVIDENCE_PHOTOS);
  } catch (error) {
    // The body could not be read, so there are no values to send back: only the message.
    const refusal = asRefusal(error);
    const { formErrors, fieldErrors } = refusalErrors(refusal);
    return data({ status: "error" as const, initialValue: null, error: { "": formErrors, ...fieldErrors } }, { status: statusOf(refusal) });
  }
  const submission = parseAdminForm(formData, plantingInputSchema(new Date()).safeExtend({ intent: z.literal("save") }));
  const files = chosenPhotos(formData);
  const photoProblem = photoCountProblem(files.length, { required: true, max: MAX_EVIDENCE_PHOTOS });
  if (submission.status !== "success" || photoProblem) return invalidReply(submission.reply(photoProblem ? { fieldErrors: { photos: [photoProblem] } } : {}));
  const { intent: _, ...input } = submission.value;
  try {
    const photos = await storeEvidencePhotos(files, { altPrefix: `Planting of ${countOf(input.treeCount, "tree")} at ${input.place} on ${input.plantedOn}` });
    const db = getDb();
    // A second post of this form (a double click, a re-posting reload) leads to the planting the first one made.
    const { outcome: created } = await onceForKey(db, { key: formKeyOf(formData, user.id, "planting.create"), write: (tx) => createPlanting(tx, { input, photos, actor: actorOf(user, context) }) });
    await restoreEvidenceFiles(files, photos);
    // The public impact page is cached like a catalogue page: it shows the new planting at once.
    clearCatalogCache();
    drainOutboxSoon(db);
    const flags = created.mismatches ? ` ${created.mismatches} photo${created.mismatches === 1 ? " was" : "s were"} taken far from the stated place: check the flag before confirming.` : "";
    return redirectWithNotice(`/admin/impact/plantings/${created.id}`, `Recorded ${input.treeCount.toLocaleString("en")} trees at ${input.place}.${flags}`);
  } catch (error) {
    return refusalReply(submission, error);
  }
}

export const links: LinksFunction = () => [{ rel: "stylesheet", href: impactStyles }];

export const meta: MetaFunction = () => [{ title: "New planting · Back office · Kriya" }];

export default function NewPlanting() {
  const { formKey, today, maxPhotos, maxMb } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <p className="breadcrumbs-admin">
        <Link to="/admin/impact">Impact</Link> ›
      </p>
      <h1>New planting</h1>
      <p className="muted">Trees count as planted once recorded here with their photos; confirm the evidence on the planting's page afterwards.</p>
      <PlantingForm lastResult={lastResult} hidden={{ formKey }} submitLabel="Record planting" today={today} maxPhotos={maxPhotos} maxMb={maxMb} />
    </>
  );
}
