import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { GpsCountsFlag, mismatchRule } from "~/components/admin/impact/gps-flag";
import impactStyles from "~/components/admin/impact/impact-admin.css?url";
import { ImpactTotalsTiles } from "~/components/admin/impact/impact-totals";
import { ListTable } from "~/components/admin/list-table";
import { getPlantingTotals, listPlantingsForAdmin } from "~/models/impact/plantings.server";
import { requireRole } from "~/web/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["staff"]);
  const db = getDb();
  const [totals, plantings] = await Promise.all([getPlantingTotals(db), listPlantingsForAdmin(db)]);
  return { totals, plantings };
}

export const links: LinksFunction = () => [{ rel: "stylesheet", href: impactStyles }];

export const meta: MetaFunction = () => [{ title: "Impact: plantings · Back office · Kriya" }];

export default function AdminImpact() {
  const { totals, plantings } = useLoaderData<typeof loader>();
  const flagged = plantings.filter((p) => p.gps.mismatch > 0).length;
  return (
    <>
      <div className="admin-heading">
        <h1>Impact: trees planted</h1>
        <Link to="/admin/impact/plantings/new" className="button">
          New planting
        </Link>
      </div>
      <p className="muted">
        One tree for every US$1,500 of turnover. {totals.awaitingVerification ? `${totals.awaitingVerification} planting${totals.awaitingVerification === 1 ? "" : "s"} awaiting confirmation of the evidence.` : "All evidence is confirmed."}
      </p>
      <ImpactTotalsTiles totals={totals} />
      {flagged ? (
        <p className="notice notice-error evidence-alert" role="note">
          <strong>
            {flagged} planting{flagged === 1 ? " has" : "s have"} a photo taken far from the stated place.
          </strong>{" "}
          {mismatchRule} The public impact page shows the flag too.
        </p>
      ) : null}
      <ListTable count={plantings.length} noun="planting" label="Plantings" columns={["Planted on", "Place", "Trees", "Evidence", "Confirmed"]}>
        {plantings.map((p) => (
          <tr key={p.id}>
            <td className="audit-when">{p.plantedOn}</td>
            <th scope="row">
              <Link to={`/admin/impact/plantings/${p.id}`}>{p.place}</Link>
              <br />
              <span className="muted">
                {p.province} · {p.species}
              </span>
            </th>
            <td>
              {p.treeCount.toLocaleString("en")}
              {p.latestAlive !== null ? <span className="muted"> ({p.latestAlive.toLocaleString("en")} alive at the last check)</span> : null}
            </td>
            <td>
              <GpsCountsFlag counts={p.gps} />
            </td>
            <td>{p.verifiedAt ? <span className="badge badge-ok">Confirmed {p.verifiedAt.slice(0, 10)}</span> : <span className="badge badge-warn">Awaiting confirmation</span>}</td>
          </tr>
        ))}
      </ListTable>
    </>
  );
}
