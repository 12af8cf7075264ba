import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { actorOf, idParam } from "~/web/admin-form.server";
import { clearCatalogCache } from "~/utils/catalog-cache.server";
import { requireRole } from "~/web/auth.server";
import { uploadProductPhotos } from "./photo-upload.server";

/** The upload endpoint the photo form's script posts to (with progress); answers JSON. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["staff"]);
  const id = idParam(params.id);
  // Every refusal (a bad file, a product deleted meanwhile) comes back as the outcome, with its status.
  const outcome = await uploadProductPhotos(request, id, actorOf(user, context));
  if (outcome.ok) clearCatalogCache();
  return Response.json(outcome, { status: outcome.ok ? 201 : outcome.status, headers: { "Cache-Control": "no-store" } });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ["staff"]);
  return redirect(`/admin/products/${idParam(params.id)}#photos`);
}
