import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { AdminInputError } from "~/models/platform/admin-errors.server";
import { actorOf, idParam } from "~/web/admin-form.server";
import { clearCatalogCache } from "~/utils/catalog-cache.server";
import { requireRole } from "~/web/auth.server";
import { uploadProductPhotos } from "./photo-upload.server";

/** The upload endpoint the photo form's script posts to (with progress); answers JSON. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["staff"]);
  const id = idParam(params.id);
  try {
    const outcome = await uploadProductPhotos(request, id, actorOf(user, context));
    if (outcome.ok) clearCatalogCache();
    return Response.json(outcome, { status: outcome.ok ? 201 : outcome.status, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (!(error instanceof AdminInputError)) throw error;
    return Response.json({ ok: false, message: error.message }, { status: error.status });
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ["staff"]);
  return redirect(`/admin/products/${idParam(params.id)}#photos`);
}
