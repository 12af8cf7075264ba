import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { listAuditEntries } from "~/models/audit.server";
import { requireRole } from "~/utils/session.server";

/** Who changed what in the back office. Admins only. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  return { entries: await listAuditEntries(getDb()) };
}

export default function Audit() {
  const { entries } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Audit log</h1>
      <div className="admin-card">
        {entries.length === 0 ? <p>Nothing has been changed yet.</p> : null}
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">When (UTC)</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Changes</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{new Date(e.createdAt).toISOString().slice(0, 19).replace("T", " ")}</td>
                <td>{e.userName ?? "—"}</td>
                <td>
                  {e.action} {e.entityType}
                  {e.entityId ? ` ${e.entityId}` : ""}
                </td>
                <td>
                  <code>{JSON.stringify(e.changes)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
