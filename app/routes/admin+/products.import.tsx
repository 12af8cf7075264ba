import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { MAX_CSV_BYTES, productCsvColumns, productCsvTemplate } from "~/domain/catalog/product-csv-format";
import { importProductsCsv, type ImportReport } from "~/models/catalog/product-import.server";
import { actorOf, firstError, parseAdminForm, redirectWithNotice } from "~/web/admin-form.server";
import { clearCatalogCache } from "~/utils/catalog-cache.server";
import { requireRole } from "~/web/auth.server";
import { multipartControlMessage, readMultipart } from "./photo-upload.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["staff"]);
  return null;
}

// Step 1 previews an uploaded or pasted file; step 2 applies the text the preview showed.
const importSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("preview"), csv: z.string().default(""), file: z.instanceof(File, { message: "Choose a CSV file to upload." }).optional() }),
  z.object({ intent: z.literal("apply"), csv: z.string().default("") }),
]);

type Result = { report: ImportReport | null; csv: string; message?: string; mode: "preview" | "apply" };

/**
 * Step 1 uploads (or pastes) and previews without changing anything; step 2 applies the same text in one
 * transaction and redirects with a notice (shown by the admin layout).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["staff"]);
  const tooBig = `The file is too large: import at most ${MAX_CSV_BYTES / 1024 / 1024} MB at a time.`;
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_CSV_BYTES * 2 + 65_536) return data<Result>({ report: null, csv: "", message: tooBig, mode: "preview" }, { status: 413 });
  const multipart = (request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data");
  const read = multipart ? await readMultipart(request, MAX_CSV_BYTES) : await request.formData().then((form) => ({ form, oversized: [] as string[], controlField: null }), () => null);
  if (!read) return data<Result>({ report: null, csv: "", message: "The upload was interrupted or malformed. Please try again.", mode: "preview" }, { status: 400 });
  if (read.oversized.length) return data<Result>({ report: null, csv: "", message: tooBig, mode: "preview" }, { status: 413 });
  if (read.controlField) return data<Result>({ report: null, csv: "", message: multipartControlMessage(read.controlField), mode: "preview" }, { status: 400 });
  const form = read.form;
  // A form sent without pressing a button (Enter in the file picker) previews.
  if (!form.has("intent")) form.set("intent", "preview");
  const submission = parseAdminForm(form, importSchema);
  if (submission.status !== "success") return data<Result>({ report: null, csv: "", message: firstError(submission.error), mode: "preview" }, { status: 400 });
  const input = submission.value;
  const mode = input.intent;
  const uploaded = input.intent === "preview" && input.file ? await input.file.text() : "";
  const csv = uploaded || input.csv;
  if (csv.length > MAX_CSV_BYTES) return data<Result>({ report: null, csv: "", message: tooBig, mode: "preview" }, { status: 413 });
  if (!csv.trim()) return data<Result>({ report: null, csv: "", message: "Choose a CSV file or paste its contents.", mode: "preview" }, { status: 400 });
  const report = await importProductsCsv(getDb(), { text: csv, apply: mode === "apply", actor: actorOf(user, context) });
  if (report.applied) {
    clearCatalogCache();
    // Post/Redirect/Get: reloading the page afterwards must not import the file again.
    const created = report.products.filter((p) => p.action === "create").length;
    return redirectWithNotice("/admin/products/import", `Imported: ${created} created, ${report.products.length - created} updated.`);
  }
  return data<Result>({ report, csv, mode }, { status: report.problems.length ? 400 : 200 });
}

export const meta: MetaFunction = () => [{ title: "Import products · Back office · Kriya" }];

export default function ImportProducts() {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const report = result?.report;
  const created = report?.products.filter((p) => p.action === "create").length ?? 0;
  const updated = report?.products.filter((p) => p.action === "update").length ?? 0;
  return (
    <>
      <p className="breadcrumbs-admin">
        <Link to="/admin/products">Products</Link> ›
      </p>
      <h1>Import products from CSV</h1>
      {result?.message ? (
        <p className="notice notice-error" role="alert">
          {result.message}
        </p>
      ) : null}
      {report?.problems.length ? (
        <section className="notice notice-error" role="alert" aria-labelledby="problems-heading">
          <h2 id="problems-heading">
            {report.problems.length} problem{report.problems.length === 1 ? "" : "s"} found. Nothing was {result?.mode === "apply" ? "imported" : "changed"}.
          </h2>
          <table className="admin-table" aria-label="Problems by row">
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {report.problems.map((p, i) => (
                <tr key={i}>
                  <td>{p.line ?? "—"}</td>
                  <td>{p.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>Fix the file and preview it again.</p>
        </section>
      ) : null}
      {report && !report.problems.length ? (
        <section className="admin-card" aria-labelledby="preview-heading">
          <h2 id="preview-heading">Preview: every row is good</h2>
          <p>
            Importing will create {created} and update {updated} product{created + updated === 1 ? "" : "s"}, all at once.
          </p>
          <table className="admin-table" aria-label="Products to import">
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Product</th>
                <th scope="col">Change</th>
                <th scope="col">Variants</th>
              </tr>
            </thead>
            <tbody>
              {report.products.map((p) => (
                <tr key={p.handle}>
                  <td>{p.line}</td>
                  <td>
                    {p.title} <span className="muted small">({p.handle})</span>
                  </td>
                  <td>{p.action === "create" ? "New" : "Update"}</td>
                  <td>{p.variants}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Form method="post">
            <input type="hidden" name="csv" value={result?.csv ?? ""} />
            <button type="submit" name="intent" value="apply" className="button" disabled={busy}>
              Import {created + updated} product{created + updated === 1 ? "" : "s"}
            </button>
          </Form>
        </section>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="admin-card form-grid" aria-label="Preview a product CSV">
        <div className="field">
          <label htmlFor="csv-file">CSV file</label>
          <input id="csv-file" name="file" type="file" accept=".csv,text/csv" aria-describedby="csv-hint" />
          <p id="csv-hint" className="field-hint">
            Up to {MAX_CSV_BYTES / 1024 / 1024} MB. One row per variant; rows with the same product address make one product.
          </p>
        </div>
        <div className="field field-wide">
          <label htmlFor="csv-text">Or paste the CSV</label>
          <textarea id="csv-text" name="csv" rows={6} defaultValue={result?.csv ?? ""} spellCheck={false} />
        </div>
        <div className="form-actions">
          <button type="submit" name="intent" value="preview" className="button" disabled={busy}>
            {busy ? "Checking…" : "Preview import"}
          </button>
        </div>
      </Form>
      <details className="admin-card">
        <summary>Columns and an example</summary>
        <p>
          Columns: <code>{productCsvColumns.join(", ")}</code>. Prices: <code>retail_usd</code> in dollars, <code>bazaar_idr</code> and <code>producer_idr</code> in whole
          rupiah. Tiers: <code>quantity:price</code> pairs separated by semicolons. Materials: names or addresses separated by semicolons. An existing product address updates that
          product; its variants not in the file are kept.
        </p>
        <pre className="small">{productCsvTemplate}</pre>
      </details>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
