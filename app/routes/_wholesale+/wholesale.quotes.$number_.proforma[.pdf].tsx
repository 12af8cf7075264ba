import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~db/client.server";
import { normaliseReferenceCode, quoteNumberPattern } from "~/domain/platform/reference-code";
import { renderProforma } from "~/models/wholesale/proforma.server";
import { requireImporter } from "~/web/importer.server";
import { pdfResponse } from "~/web/pdf.server";

/** The proforma invoice of the importer's own sent quote; anyone else's is a 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { importer } = await requireImporter(request);
  const number = normaliseReferenceCode(params.number, quoteNumberPattern);
  return pdfResponse(number, (quoteNumber) => renderProforma(getDb(), { number: quoteNumber, importerId: importer.id }));
}
