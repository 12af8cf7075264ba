import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~db/client.server";
import { getTransferProof } from "~/models/wholesale/deposits.server";
import { getImageStorage } from "~/utils/storage.server";
import { idParam } from "~/web/admin-form.server";
import { requireRole } from "~/web/auth.server";

const contentTypes: Record<string, string> = { pdf: "application/pdf", jpg: "image/jpeg", png: "image/png" };

/** A bank transfer's proof, for staff only: kept where the public image route never serves it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ["staff"]);
  const proof = await getTransferProof(getDb(), { orderNumber: params.number ?? "", paymentId: idParam(params.paymentId), storage: getImageStorage() });
  if (!proof) return new Response("There is no proof kept for that payment.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(new Uint8Array(proof.bytes), {
    headers: {
      "Content-Type": contentTypes[proof.ext] ?? "application/octet-stream",
      "Content-Disposition": `inline; filename="${params.number}-payment-${params.paymentId}.${proof.ext}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
