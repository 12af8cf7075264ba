import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { AuditChanges, AuditFilters, AuditPagination } from "~/components/admin/audit";
import { TableScroll } from "~/components/admin/table-scroll";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { auditActionLabel, auditEntityHref, auditEntityName, describeAuditChanges, entityTypeLabel } from "~/domain/platform/audit-entry";
import { auditLogSearch, hasAuditFilters, parseAuditLogQuery } from "~/domain/platform/audit-log-query";
import { listAuditEntries, listAuditFilterOptions } from "~/models/platform/audit.server";
import { badRequest } from "~/web/refusal.server";
import { requireRole } from "~/web/auth.server";

const refusal = "These audit log filters can't be used.";

/** Who changed what in the back office, 50 entries a page, filtered by the URL. Admins only. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  const parsed = parseAuditLogQuery(new URL(request.url).searchParams);
  if (!parsed.ok) badRequest(refusal, parsed.errors);
  const { query } = parsed;
  const db = getDb();
  const options = await listAuditFilterOptions(db);
  const unknown = [
    query.entityType && !options.entityTypes.includes(query.entityType) ? `Nothing of the kind “${query.entityType}” is in the audit log.` : null,
    query.userId && !options.people.some((p) => p.id === query.userId) ? `No one with id ${query.userId} has changed anything.` : null,
  ].filter((problem): problem is string => problem !== null);
  if (unknown.length) badRequest(refusal, unknown);
  const { entries, total, pageCount } = await listAuditEntries(db, { query });
  return {
    query,
    total,
    pageCount,
    entityTypes: options.entityTypes.map((value) => ({ value, label: entityTypeLabel(value) })).sort((a, b) => a.label.localeCompare(b.label)),
    people: options.people.map((p) => ({ id: p.id, label: `${p.name} (${p.email})` })),
    entries: entries.map((e) => ({
      id: e.id,
      when: e.createdAt.toISOString().slice(0, 19).replace("T", " "),
      who: e.userName,
      action: auditActionLabel(e.action),
      entity: auditEntityName(e),
      href: auditEntityHref(e),
      changes: describeAuditChanges(e.changes),
    })),
  };
}

export default function Audit() {
  const { query, total, pageCount, entityTypes, people, entries } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Audit log</h1>
      <AuditFilters query={query} entityTypes={entityTypes} people={people} />
      <section className="admin-card" aria-labelledby="audit-entries-title">
        <h2 id="audit-entries-title" className="visually-hidden">
          Entries
        </h2>
        {entries.length ? (
          <>
            <TableScroll label="Audit entries, newest first">
              <table className="admin-table audit-table">
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
                      <td className="audit-when">{e.when}</td>
                      <td>{e.who ?? <span className="muted">—</span>}</td>
                      <td>
                        {e.action} {e.href ? <Link to={e.href}>{e.entity}</Link> : e.entity}
                      </td>
                      <td>
                        <AuditChanges changes={e.changes} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            <AuditPagination query={query} pageCount={pageCount} total={total} />
          </>
        ) : (
          <p role="status">
            {total > 0 ? (
              <>
                There is no page {query.page}: the log has {pageCount} {pageCount === 1 ? "page" : "pages"}.{" "}
                <Link to={`/admin/audit${auditLogSearch(query, { page: 1 })}`}>Go to the first page</Link>
              </>
            ) : hasAuditFilters(query) ? (
              "No changes match these filters."
            ) : (
              "Nothing has been changed yet."
            )}
          </p>
        )}
      </section>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Audit log · Back office · Kriya" }, { name: "robots", content: "noindex" }];

export const ErrorBoundary = GeneralErrorBoundary;
