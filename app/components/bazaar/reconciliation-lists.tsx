import { Form } from "@remix-run/react";
import { TableScroll } from "~/components/admin/table-scroll";
import { jakartaDateTime } from "~/domain/bazaar/business-date";
import type { listQrisToVerify, listReconciliationTasks, listSetAsideSales } from "~/models/bazaar/reconciliation.server";
import { rupiah } from "./close-sheet";

/** A refused reconciliation form: which form (intent and row) it was, and the messages for its fields. */
export type ReconcileResult = { intent: string; target: string; message: string; fields: Record<string, string> };

type Tasks = Awaited<ReturnType<typeof listReconciliationTasks>>;
type Qris = Awaited<ReturnType<typeof listQrisToVerify>>;
type SetAside = Awaited<ReturnType<typeof listSetAsideSales>>;

const errorFor = (result: ReconcileResult | undefined, intent: string, target: string, field: string) => (result?.intent === intent && result.target === target ? result.fields[field] : undefined);

function NoteField({ id, label, error, hint }: { id: string; label: string; error?: string; hint: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} name="resolution" rows={2} required aria-invalid={error ? true : undefined} aria-describedby={`${id}-hint`} />
      <p id={`${id}-hint`} className={error ? "field-errors" : "field-hint"}>
        {error ?? hint}
      </p>
    </div>
  );
}

/** Pieces sold beyond the event's stock, open first, each with a way to settle it. */
export function ReconciliationTasks({ tasks, supervisor, result }: { tasks: Tasks; supervisor: boolean; result?: ReconcileResult }) {
  const open = tasks.filter((t) => t.status === "open");
  const resolved = tasks.filter((t) => t.status === "resolved");
  return (
    <section className="admin-card" aria-labelledby="tasks-heading">
      <h2 id="tasks-heading">Sold beyond stock {open.length ? <span className="badge badge-warn">{open.length} open</span> : null}</h2>
      {open.length ? (
        <ul className="plain recon-list">
          {open.map((t) => (
            <li key={t.id} className="recon-item">
              <div className="recon-facts">
                <p className="recon-title">
                  <strong>{t.productTitle}</strong> {t.variantTitle ? <span className="muted">{t.variantTitle}</span> : null} <span className="muted">{t.sku}</span>
                </p>
                <p>
                  <span className="stock-negative">{t.shortfall} sold beyond stock</span> · at the event now: {t.onHand ?? 0}
                </p>
                <p className="muted">
                  {t.soldAt ? `Opened by sale #${t.deviceSeq} on ${t.deviceLabel || `till ${t.deviceId}`}, sold ${jakartaDateTime(t.soldAt)}` : `Opened ${jakartaDateTime(t.openedAt)}`}
                </p>
              </div>
              {supervisor ? (
                <Form method="post" className="recon-form" aria-label={`Resolve the shortfall of ${t.sku}`}>
                  <input type="hidden" name="intent" value="resolve-task" />
                  <input type="hidden" name="taskId" value={t.id} />
                  <NoteField id={`task-${t.id}-note`} label="How it was settled" error={errorFor(result, "resolve-task", String(t.id), "resolution")} hint="E.g. miscounted on arrival; the piece was found in another box." />
                  <div className="field-check">
                    <input id={`task-${t.id}-write-off`} type="checkbox" name="writeOff" value="on" />
                    <label htmlFor={`task-${t.id}-write-off`}>Write off: book {t.shortfall} back at the event so its stock returns to zero</label>
                  </div>
                  <button type="submit" className="button button-small">
                    Resolve
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Nothing was sold beyond stock.</p>
      )}
      {resolved.length ? (
        <details className="recon-resolved">
          <summary>{resolved.length} resolved</summary>
          <TableScroll label="Resolved reconciliation tasks">
            <table className="admin-table">
              <thead>
                <tr>
                  <th scope="col">Piece</th>
                  <th scope="col" className="numeric">Shortfall</th>
                  <th scope="col">Resolution</th>
                  <th scope="col">Resolved</th>
                </tr>
              </thead>
              <tbody>
                {resolved.map((t) => (
                  <tr key={t.id}>
                    <th scope="row">
                      {t.productTitle} <div className="muted">{t.sku}</div>
                    </th>
                    <td className="numeric">{t.shortfall}</td>
                    <td>{t.resolution}</td>
                    <td>
                      {t.resolvedAt ? jakartaDateTime(t.resolvedAt) : ""} {t.resolvedByName ? `by ${t.resolvedByName}` : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </details>
      ) : null}
    </section>
  );
}

/**
 * Every QRIS payment, online or not: the stall shows a static QR, which tells the till nothing when a buyer pays,
 * so each one is matched against the merchant's QRIS statement.
 */
export function QrisToVerify({ sales, supervisor, result }: { sales: Qris; supervisor: boolean; result?: ReconcileResult }) {
  const error = result?.intent === "verify-qris" ? Object.values(result.fields)[0] ?? result.message : undefined;
  const describe = (s: Qris[number]) => `${rupiah(s.totalMinor)} at ${jakartaDateTime(s.soldAt)}, reference ${s.paymentReference || "none"}, ${s.deviceLabel || s.deviceId} sale #${s.deviceSeq}`;
  return (
    <section className="admin-card" aria-labelledby="qris-heading">
      <h2 id="qris-heading">QRIS to verify {sales.length ? <span className="badge badge-warn">{sales.length}</span> : null}</h2>
      {!sales.length ? (
        <p className="muted">Every QRIS payment is verified.</p>
      ) : supervisor ? (
        <Form method="post" aria-label="Verify QRIS payments">
          <input type="hidden" name="intent" value="verify-qris" />
          <fieldset className="qris-list" aria-describedby="qris-hint">
            <legend>Tick each payment you found on the merchant's QRIS statement</legend>
            {sales.map((s) => (
              <div key={s.id} className="field-check">
                <input id={`qris-${s.id}`} type="checkbox" name="saleIds" value={s.id} />
                <label htmlFor={`qris-${s.id}`}>{describe(s)}</label>
              </div>
            ))}
          </fieldset>
          <p id="qris-hint" className={error ? "field-errors" : "field-hint"}>
            {error ?? "The stall shows a static QRIS code, so the till never learns whether a payment arrived: match each sale by amount, time and reference on the merchant's QRIS statement."}
          </p>
          <button type="submit" className="button">
            Mark verified
          </button>
        </Form>
      ) : (
        <ul className="qris-list">
          {sales.map((s) => (
            <li key={s.id}>{describe(s)}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Sales the server could not record as the till sent them: the reason, the till, and the sale itself. */
export function SetAsideSales({ sales, supervisor, result }: { sales: SetAside; supervisor: boolean; result?: ReconcileResult }) {
  return (
    <section className="admin-card" aria-labelledby="set-aside-heading">
      <h2 id="set-aside-heading">Set-aside sales {sales.some((s) => !s.resolvedAt) ? <span className="badge badge-warn">{sales.filter((s) => !s.resolvedAt).length} open</span> : null}</h2>
      {sales.length ? (
        <ul className="plain recon-list">
          {sales.map((s) => (
            <li key={s.id} className={s.resolvedAt ? "recon-item recon-done" : "recon-item"}>
              <div className="recon-facts">
                <p className="recon-title">
                  <strong>{s.reason}</strong>
                </p>
                <p className="muted">
                  {s.deviceLabel || "Till"} {s.deviceId}
                  {s.deviceSeq ? `, sale #${s.deviceSeq}` : ""} · received {jakartaDateTime(s.createdAt)}
                </p>
                <details>
                  <summary>The sale as the till sent it</summary>
                  <pre className="payload">{s.payloadText}</pre>
                </details>
                {s.resolvedAt ? (
                  <p>
                    <span className="badge badge-ok">Resolved</span> {s.resolution} {s.resolvedByName ? <span className="muted">({s.resolvedByName})</span> : null}
                  </p>
                ) : null}
              </div>
              {supervisor && !s.resolvedAt ? (
                <Form method="post" className="recon-form" aria-label={`Resolve set-aside sale ${s.id}`}>
                  <input type="hidden" name="intent" value="resolve-set-aside" />
                  <input type="hidden" name="setAsideId" value={s.id} />
                  <NoteField id={`set-aside-${s.id}-note`} label="How it was settled" error={errorFor(result, "resolve-set-aside", String(s.id), "resolution")} hint="E.g. rung up again by hand; a test sale." />
                  <button type="submit" className="button button-small">
                    Resolve
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No sale was set aside.</p>
      )}
    </section>
  );
}
