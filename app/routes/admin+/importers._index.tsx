import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { ListTable } from "~/components/admin/list-table";
import { countryNames } from "~/domain/retail/shipping";
import { importerStatuses } from "~/domain/wholesale/importer-application";
import { listImportersForAdmin } from "~/models/wholesale/importers.server";
import { requireRole } from "~/web/auth.server";

// An unknown status in the address shows every importer rather than an error: it can only be a stale link.
const filterSchema = z.object({ status: z.enum(importerStatuses).optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["staff"]);
  const { status } = filterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const importers = await listImportersForAdmin(getDb(), { status });
  return { status: status ?? null, importers: importers.map((i) => ({ ...i, createdAt: i.createdAt.toISOString().slice(0, 10), countryName: countryNames[i.country] ?? i.country })) };
}

export const meta: MetaFunction = () => [{ title: "Importers · Back office · Kriya" }];

const badge: Record<string, string> = { pending: "badge badge-warn", approved: "badge badge-ok", suspended: "badge", rejected: "badge" };

export default function AdminImporters() {
  const { status, importers } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="admin-heading">
        <h1>Importers</h1>
      </div>
      <Form method="get" className="admin-card admin-filters" aria-label="Filter importers">
        <div className="field">
          <label htmlFor="f-status">Status</label>
          <select id="f-status" name="status" defaultValue={status ?? ""}>
            <option value="">All (pending first)</option>
            {importerStatuses.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-small">
          Filter
        </button>
      </Form>
      <ListTable count={importers.length} noun="importer" label="Importer list" columns={["Company", "Country", "Contact", "Expected volume", "Applied", "Status"]}>
          {importers.map((i) => (
            <tr key={i.id}>
              <th scope="row">
                <Link to={`/admin/importers/${i.id}`}>{i.companyName}</Link>
              </th>
              <td>{i.countryName}</td>
              <td>
                {i.contactName} <span className="muted">{i.contactEmail}</span>
              </td>
              <td>{i.expectedVolume || <span className="muted">not given</span>}</td>
              <td>{i.createdAt}</td>
              <td>
                <span className={badge[i.status]}>{i.status}</span>
              </td>
            </tr>
          ))}
      </ListTable>
    </>
  );
}
