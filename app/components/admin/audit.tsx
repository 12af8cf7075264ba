import { Form, Link } from "@remix-run/react";
import type { AuditChange } from "~/domain/platform/audit-entry";
import { auditLogSearch, type AuditLogQuery } from "~/domain/platform/audit-log-query";

/** A plain GET form, so filtering works without JavaScript and every filtered view has a URL. */
export function AuditFilters({ query, entityTypes, people }: { query: AuditLogQuery; entityTypes: { value: string; label: string }[]; people: { id: number; label: string }[] }) {
  return (
    <Form method="get" className="admin-card admin-filters" role="search" aria-label="Filter the audit log">
      <div className="field">
        <label htmlFor="audit-type">What changed</label>
        <select id="audit-type" name="type" defaultValue={query.entityType ?? ""}>
          <option value="">Everything</option>
          {entityTypes.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-person">Who</label>
        <select id="audit-person" name="person" defaultValue={query.userId ?? ""}>
          <option value="">Everyone</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-from">From (UTC day)</label>
        <input id="audit-from" name="from" type="date" defaultValue={query.from ?? ""} />
      </div>
      <div className="field">
        <label htmlFor="audit-to">To (UTC day)</label>
        <input id="audit-to" name="to" type="date" defaultValue={query.to ?? ""} />
      </div>
      <div className="admin-filter-actions">
        <button type="submit" className="button">
          Filter
        </button>
        <Link to="/admin/audit">Clear filters</Link>
      </div>
    </Form>
  );
}

/** An entry's changes as "field: from → to" lines; long values are already shortened by the loader. */
export function AuditChanges({ changes }: { changes: AuditChange[] }) {
  if (!changes.length) return <span className="muted">—</span>;
  return (
    <dl className="audit-changes">
      {changes.map((c) => (
        <div key={c.field}>
          <dt>{c.field}</dt>
          <dd>
            {"value" in c ? (
              c.value
            ) : (
              <>
                <del>{c.from}</del> <span aria-hidden="true">→</span>
                <span className="visually-hidden"> changed to </span> <ins>{c.to}</ins>
              </>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function AuditPagination({ query, pageCount, total }: { query: AuditLogQuery; pageCount: number; total: number }) {
  return (
    <nav className="pager" aria-label="Audit log pages">
      {query.page > 1 ? <Link to={`/admin/audit${auditLogSearch(query, { page: query.page - 1 })}`}>Previous page</Link> : null}
      <span className="muted">
        Page {query.page} of {pageCount} · {total} {total === 1 ? "entry" : "entries"}
      </span>
      {query.page < pageCount ? <Link to={`/admin/audit${auditLogSearch(query, { page: query.page + 1 })}`}>Next page</Link> : null}
    </nav>
  );
}
