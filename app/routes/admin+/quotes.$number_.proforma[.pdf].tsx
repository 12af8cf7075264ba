import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~db/client.server";
import { normaliseReferenceCode, quoteNumberPattern } from "~/domain/platform/reference-code";
import { renderProforma } from "~/models/wholesale/proforma.server";
import { requireRole } from "~/web/auth.server";
import { pdfResponse } from "~/web/pdf.server";

/** The proforma invoice of any priced quote, for staff. A resource route: plain Responses, so the statuses are real. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ["staff", "admin"]);
  const number = normaliseReferenceCode(params.number, quoteNumberPattern);
  return pdfResponse(number, (quoteNumber) => renderProforma(getDb(), { number: quoteNumber }));
}
