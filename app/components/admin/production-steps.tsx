import { Form } from "@remix-run/react";
import type { ReactNode } from "react";

/** What a refused step sends back: which form, the message, and the message per field. */
export type StepResult = { intent: string; message: string; fields: Record<string, string> };

type StepsView = {
  order: {
    number: string;
    status: string;
    advance: string;
    balance: string;
    advanceInput: string;
    balanceInput: string;
    owed: string | null;
    owedInput: string | null;
    settled: boolean;
  };
  paid: string;
  quantityOrdered: number;
  today: string;
  cancelPreview: { percent: number; owed: string }[];
  payouts: { id: number; kind: string; amount: string; paidOn: string; method: string; reference: string; recordedBy: string | null; correctsPayoutId: number | null; note: string }[];
  inspections: { id: number; result: string; quantityInspected: number; quantityPassed: number; notes: string; inspectedAt: string | null; inspectedBy: string | null }[];
};

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <ul id={id} className="field-errors" role="list">
      <li>{message}</li>
    </ul>
  ) : null;
}

/** One labelled control with its error from the last refused submission of this form. */
function Control({ id, label, error, hint, children }: { id: string; label: string; error?: string; hint?: ReactNode; children: (a11y: { id: string; "aria-invalid"?: true; "aria-describedby"?: string }) => ReactNode }) {
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** Amount, date, method and reference of a payout to the group; the amount starts at what is due. */
function PayoutForm({ intent, title, amountInput, due, today, result, button }: { intent: string; title: string; amountInput: string; due: string; today: string; result?: StepResult; button: string }) {
  const errors = result?.intent === intent ? result.fields : {};
  return (
    <Form method="post" className="admin-form production-step" aria-label={title}>
      <h3>{title}</h3>
      <input type="hidden" name="intent" value={intent} />
      <div className="form-grid">
        <Control id={`${intent}-amount`} label="Amount (Rp)" error={errors.amount} hint={`Due: ${due}`}>
          {(a) => <input {...a} name="amount" inputMode="numeric" defaultValue={amountInput} required />}
        </Control>
        <Control id={`${intent}-paid-on`} label="Paid on" error={errors.paidOn}>
          {(a) => <input {...a} name="paidOn" type="date" max={today} defaultValue={today} required />}
        </Control>
        <Control id={`${intent}-method`} label="Method" error={errors.method}>
          {(a) => (
            <select {...a} name="method" defaultValue="bank_transfer">
              <option value="bank_transfer">Bank transfer</option>
              <option value="cash">Cash (signed receipt)</option>
            </select>
          )}
        </Control>
        <Control id={`${intent}-reference`} label="Reference" error={errors.reference} hint="The bank's reference, or the receipt number">
          {(a) => <input {...a} name="reference" maxLength={200} required />}
        </Control>
      </div>
      <button type="submit" className="button">
        {button}
      </button>
    </Form>
  );
}

function SimpleStep({ intent, title, text, button }: { intent: string; title: string; text: string; button: string }) {
  return (
    <Form method="post" className="production-step" aria-label={title}>
      <h3>{title}</h3>
      <input type="hidden" name="intent" value={intent} />
      <p className="muted">{text}</p>
      <button type="submit" className="button">
        {button}
      </button>
    </Form>
  );
}

/** The step forms that apply to the order's status, then its payouts (with corrections) and QC history. */
export function ProductionSteps({ view, result }: { view: StepsView; result?: StepResult }) {
  const { order, today } = view;
  const errorsOf = (intent: string) => (result?.intent === intent ? result.fields : {});
  const canCancel = order.status !== "received" && order.status !== "cancelled";
  return (
    <>
      <section className="admin-card" aria-labelledby="next-step-heading">
        <h2 id="next-step-heading">Next step</h2>
        {order.status === "draft" ? (
          <PayoutForm intent="record-advance" title="Record the advance" amountInput={order.advanceInput} due={`${order.advance}, before production starts`} today={today} result={result} button="Record advance" />
        ) : null}
        {order.status === "advance_paid" ? <SimpleStep intent="start" title="Start production" text="The advance is paid: the group can begin." button="Start production" /> : null}
        {order.status === "in_production" ? (
          <Form method="post" className="admin-form production-step" aria-label="Record QC">
            <h3>Record QC</h3>
            <input type="hidden" name="intent" value="qc" />
            <p className="muted">QC passes when all {view.quantityOrdered} pieces ordered pass; anything less goes back for rework.</p>
            <div className="form-grid">
              <Control id="qc-inspected" label="Pieces inspected" error={errorsOf("qc").quantityInspected}>
                {(a) => <input {...a} name="quantityInspected" type="number" min={1} max={view.quantityOrdered} defaultValue={view.quantityOrdered} required />}
              </Control>
              <Control id="qc-passed" label="Pieces passed" error={errorsOf("qc").quantityPassed}>
                {(a) => <input {...a} name="quantityPassed" type="number" min={0} max={view.quantityOrdered} required />}
              </Control>
            </div>
            <Control id="qc-notes" label="Notes" error={errorsOf("qc").notes}>
              {(a) => <textarea {...a} name="notes" rows={2} maxLength={2000} />}
            </Control>
            <button type="submit" className="button">
              Record inspection
            </button>
          </Form>
        ) : null}
        {order.status === "qc_failed" ? (
          <Form method="post" className="admin-form production-step" aria-label="Send to rework">
            <h3>Send to rework</h3>
            <input type="hidden" name="intent" value="rework" />
            <Control id="rework-note" label="What to rework" error={errorsOf("rework").note}>
              {(a) => <textarea {...a} name="note" rows={2} maxLength={500} />}
            </Control>
            <button type="submit" className="button">
              Send to rework
            </button>
          </Form>
        ) : null}
        {order.status === "qc_passed" ? <PayoutForm intent="record-balance" title="Record the balance" amountInput={order.balanceInput} due={`${order.balance}, now that QC passed`} today={today} result={result} button="Record balance" /> : null}
        {order.status === "balance_paid" ? <SimpleStep intent="receive" title="Receive the goods" text="Adds every piece to the warehouse stock through the ledger." button="Receive goods" /> : null}
        {order.status === "cancelled" && order.owedInput && !order.settled ? (
          <PayoutForm intent="record-settlement" title="Pay what is owed" amountInput={order.owedInput} due={`${order.owed} for work done`} today={today} result={result} button="Record settlement" />
        ) : null}
        {order.status === "received" || (order.status === "cancelled" && (!order.owedInput || order.settled)) ? <p className="muted">Nothing left to do on this order.</p> : null}
      </section>
      {canCancel ? (
        <section className="admin-card danger-zone" aria-labelledby="cancel-heading">
          <h2 id="cancel-heading">Cancel this order</h2>
          <p>
            Paid so far ({view.paid}) stays with the group: it is never clawed back. Work done beyond it is owed: at{" "}
            {view.cancelPreview.map((p) => `${p.percent}% → ${p.owed}`).join(", ")}.
          </p>
          <Form method="post" className="admin-form" aria-label="Cancel production order">
            <input type="hidden" name="intent" value="cancel" />
            <div className="form-grid">
              <Control id="cancel-percent" label="Work done (%)" error={errorsOf("cancel").workDonePercent}>
                {(a) => <input {...a} name="workDonePercent" type="number" min={0} max={100} required />}
              </Control>
            </div>
            <Control id="cancel-reason" label="Reason" error={errorsOf("cancel").reason}>
              {(a) => <textarea {...a} name="reason" rows={2} maxLength={1000} required />}
            </Control>
            <button type="submit" className="button button-danger">
              Cancel production order
            </button>
          </Form>
        </section>
      ) : null}
      <section className="admin-card" aria-labelledby="payouts-heading">
        <h2 id="payouts-heading">Payouts</h2>
        {view.payouts.length ? (
          <ul className="production-payouts" role="list">
            {view.payouts.map((p) => (
              <li key={p.id}>
                <p>
                  <strong>
                    {p.correctsPayoutId ? `Correction of #${p.correctsPayoutId}` : `#${p.id} ${p.kind}`}: {p.amount}
                  </strong>{" "}
                  <span className="muted">
                    {p.paidOn} · {p.method.replace("_", " ")} · {p.reference}
                    {p.recordedBy ? ` · recorded by ${p.recordedBy}` : ""}
                  </span>
                  {p.note ? <span className="muted"> · {p.note}</span> : null}
                </p>
                {p.correctsPayoutId === null ? (
                  <details>
                    <summary>Correct payout #{p.id}</summary>
                    <Form method="post" className="admin-form" aria-label={`Correct payout ${p.id}`}>
                      <input type="hidden" name="intent" value="correct-payout" />
                      <input type="hidden" name="payoutId" value={p.id} />
                      <div className="form-grid">
                        <Control id={`correct-${p.id}-amount`} label="Difference (Rp, minus to take back)" error={result?.intent === "correct-payout" ? result.fields.amount : undefined}>
                          {(a) => <input {...a} name="amount" required />}
                        </Control>
                        <Control id={`correct-${p.id}-note`} label="Why" error={result?.intent === "correct-payout" ? result.fields.note : undefined}>
                          {(a) => <input {...a} name="note" maxLength={1000} required />}
                        </Control>
                      </div>
                      <button type="submit" className="button button-small">
                        Record correction
                      </button>
                    </Form>
                  </details>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No payouts yet.</p>
        )}
      </section>
      {view.inspections.length ? (
        <section className="admin-card" aria-labelledby="qc-heading">
          <h2 id="qc-heading">QC inspections</h2>
          <ul className="production-payouts" role="list">
            {view.inspections.map((i) => (
              <li key={i.id}>
                <strong>{i.result === "passed" ? "Passed" : "Failed"}</strong>: {i.quantityPassed} of {i.quantityInspected} passed{" "}
                <span className="muted">
                  {i.inspectedAt}
                  {i.inspectedBy ? ` · ${i.inspectedBy}` : ""}
                </span>
                {i.notes ? <div>{i.notes}</div> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
