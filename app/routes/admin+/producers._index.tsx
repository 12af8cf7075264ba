import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { listProducersForAdmin } from "~/models/catalog/producer-admin.server";
import { requireRole } from "~/web/auth.server";
import { TableScroll } from "~/components/admin/table-scroll";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["staff"]);
  return { producers: await listProducersForAdmin(getDb()) };
}

export const meta: MetaFunction = () => [{ title: "Producers · Back office · Kriya" }];

export default function AdminProducers() {
  const { producers } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="admin-heading">
        <h1>Producer groups</h1>
        <Link to="/admin/producers/new" className="button">
          Add a producer group
        </Link>
      </div>
      <div className="admin-card">
        <TableScroll label="Producer group list">
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col">Where</th>
                <th scope="col">Members</th>
                <th scope="col">Products</th>
                <th scope="col">Last field visit</th>
                <th scope="col">Shown</th>
              </tr>
            </thead>
            <tbody>
              {producers.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <Link to={`/admin/producers/${p.id}`}>{p.name}</Link>
                  </th>
                  <td>
                    {p.regency}, {p.island}
                  </td>
                  <td>
                    {p.memberCount} <span className="muted">({p.womenCount} women)</span>
                  </td>
                  <td>{p.productCount}</td>
                  <td>{p.latestVisitOn ?? <span className="badge badge-warn">Never visited</span>}</td>
                  <td>{p.active ? "Yes" : <span className="badge">Hidden</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </div>
    </>
  );
}
