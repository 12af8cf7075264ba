import { countOf } from "~/components/impact/wording";
import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import impactStyles from "~/components/admin/impact/impact-admin.css?url";
import { EvidencePhotos, PlantingFacts, SurvivalChecksList } from "~/components/admin/impact/planting-details";
import { SurvivalCheckForm } from "~/components/admin/impact/survival-check-form";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { jakartaToday, survivalCheckInputSchema } from "~/domain/impact/planting-input";
import { addSurvivalCheck, getPlantingForAdmin, getPlantingForCheck, verifyPlanting } from "~/models/impact/plantings.server";
import { drainOutboxSoon } from "~/models/platform/outbox-handlers.server";
import { actorOf, idParam, parseAdminForm, readForm, redirectWithNotice } from "~/web/admin-form.server";
import { clearCatalogCache } from "~/utils/catalog-cache.server";
import { requireRole } from "~/web/auth.server";
import { asRefusal, invalidReply, notFound, refusalErrors, refusalReply, statusOf } from "~/web/refusal.server";
import { chosenPhotos, photoCountProblem, readEvidenceForm, restoreEvidenceFiles, storeEvidencePhotos } from "./impact.evidence.server";
import { isMultipart } from "./photo-upload.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ["staff"]);
  const found = await getPlantingForAdmin(getDb(), { plantingId: idParam(params.id) });
  if (!found) notFound("That planting doesn't exist.");
  return { ...found, today: jakartaToday(new Date()) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["staff"]);
  const plantingId = idParam(params.id);
  const db = getDb();
  const planting = await getPlantingForCheck(db, { plantingId });
  if (!planting) notFound("That planting doesn't exist.");
  let formData: FormData;
  try {
    // The check form is multipart (its optional photo); the confirm button is a plain form.
    formData = isMultipart(request) ? await readEvidenceForm(request, 1) : await readForm(request);
  } catch (error) {
    const refusal = asRefusal(error);
    const { formErrors, fieldErrors } = refusalErrors(refusal);
    return data({ status: "error" as const, initialValue: null, error: { "": formErrors, ...fieldErrors } }, { status: statusOf(refusal) });
  }
  const schema = z.discriminatedUnion("intent", [survivalCheckInputSchema({ ...planting, now: new Date() }).extend({ intent: z.literal("check") }), z.object({ intent: z.literal("verify") })]);
  const submission = parseAdminForm(formData, schema);
  const files = chosenPhotos(formData, "photo");
  const photoProblem = photoCountProblem(files.length, { required: false, max: 1 });
  if (submission.status !== "success" || photoProblem) return invalidReply(submission.reply(photoProblem ? { fieldErrors: { photo: [photoProblem] } } : {}));
  const actor = actorOf(user, context);
  try {
    if (submission.value.intent === "verify") {
      const verified = await verifyPlanting(db, { plantingId, actor });
      // The public impact page is cached like a catalogue page: it shows the change at once.
      if (verified.changed) clearCatalogCache();
      // Confirming twice is a no-op that says so: the first confirmation's date and name stay.
      return redirectWithNotice(`/admin/impact/plantings/${plantingId}`, verified.changed ? "Evidence confirmed. The planting now counts as verified." : `This planting was already confirmed on ${verified.verifiedAt.slice(0, 10)}; nothing changed.`);
    }
    const { intent: _, ...input } = submission.value;
    const photos = await storeEvidencePhotos(files, { altPrefix: `Survival check on ${input.checkedOn}: ${countOf(input.aliveCount, "tree")} alive`, field: "photo" });
    const check = await addSurvivalCheck(db, { plantingId, input, photo: photos[0] ?? null, actor });
    await restoreEvidenceFiles(files, photos);
    clearCatalogCache();
    drainOutboxSoon(db);
    const flag = check.gps === "mismatch" ? " Its photo was taken far from the stated place: see the flag." : "";
    return redirectWithNotice(`/admin/impact/plantings/${plantingId}#checks`, `Recorded the survival check of ${input.checkedOn}.${flag}`);
  } catch (error) {
    return refusalReply(submission, error);
  }
}

export const links: LinksFunction = () => [{ rel: "stylesheet", href: impactStyles }];

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `${loaded ? `Planting at ${loaded.planting.place}` : "Planting"} · Back office · Kriya` }];

export default function AdminPlanting() {
  const { planting, photos, checks, today } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <p className="breadcrumbs-admin">
        <Link to="/admin/impact">Impact</Link> ›
      </p>
      <h1>
        {planting.treeCount.toLocaleString("en")} trees at {planting.place}
      </h1>
      <PlantingFacts planting={planting} />
      <section aria-labelledby="verify-title" className="admin-card">
        <h2 id="verify-title">Evidence</h2>
        <EvidencePhotos photos={photos} checks={checks} />
        <div className="verify-row">
          {planting.verifiedAt ? (
            <p className="badge badge-ok">
              Confirmed on {planting.verifiedAt.slice(0, 10)}
              {planting.verifiedByName ? ` by ${planting.verifiedByName}` : ""}
            </p>
          ) : (
            <span className="badge badge-warn">Awaiting confirmation</span>
          )}
          {planting.verifiedAt ? (
            <p className="muted">Confirming again changes nothing: the first confirmation stands.</p>
          ) : (
            <Form method="post" aria-label="Confirm evidence">
              <input type="hidden" name="intent" value="verify" />
              <button type="submit" className="button">
                Confirm evidence
              </button>
            </Form>
          )}
        </div>
      </section>
      <section aria-labelledby="checks" className="admin-card">
        <h2 id="checks">Survival checks</h2>
        <SurvivalChecksList checks={checks} treeCount={planting.treeCount} />
        <SurvivalCheckForm lastResult={lastResult} plantedOn={planting.plantedOn} treeCount={planting.treeCount} today={today} />
      </section>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
