import { Link } from "@remix-run/react";

/** A production order's progress for the importer: the group that makes it, where, and each step with its date. */

const steps = [
  { status: "draft", label: "Order placed with the group" },
  { status: "advance_paid", label: "Advance paid to the group" },
  { status: "in_production", label: "In production" },
  { status: "qc_passed", label: "Quality check passed" },
  { status: "balance_paid", label: "Balance paid to the group" },
  { status: "received", label: "Received at our Jakarta warehouse" },
] as const;

export type ProductionProgress = {
  number: string;
  status: string;
  batchCode: string | null;
  dueOn: string | null;
  producerName: string;
  producerSlug: string;
  village: string;
  regency: string;
  province: string;
  memberCount: number;
  womenCount: number;
  crafts: string[];
  /** First time each status was reached, as YYYY-MM-DD. */
  reachedOn: Record<string, string>;
};

const rank = (status: string) => steps.findIndex((s) => s.status === status);

export function ProductionGroupProgress({ group }: { group: ProductionProgress }) {
  const current = group.status === "qc_failed" ? rank("in_production") : rank(group.status);
  const headingId = `group-${group.number}`;
  return (
    <article className="order-group" aria-labelledby={headingId}>
      <header className="order-group-head">
        <h3 id={headingId}>
          <Link to={`/producers/${group.producerSlug}`}>{group.producerName}</Link>
        </h3>
        <p className="muted">
          {group.village}, {group.regency}, {group.province} · {group.memberCount} members, {group.womenCount} of them women
          {group.crafts.length ? ` · ${group.crafts.join(", ")}` : ""}
        </p>
      </header>
      {group.status === "cancelled" ? (
        <p className="notice notice-error">This group's part of the order was cancelled. We will be in touch about it.</p>
      ) : (
        <ol className="order-steps" aria-label={`Progress at ${group.producerName}`}>
          {steps.map((step, index) => {
            const reached = index <= current;
            return (
              <li key={step.status} className={`order-step ${reached ? "order-step-done" : "order-step-todo"}${index === current ? " order-step-current" : ""}`} aria-current={index === current ? "step" : undefined}>
                <span className="order-step-label">{step.label}</span>
                {group.reachedOn[step.status] ? <span className="order-step-date">{group.reachedOn[step.status]}</span> : null}
                {step.status === "qc_passed" && group.status === "qc_failed" ? <span className="order-step-date">Being reworked and inspected again</span> : null}
              </li>
            );
          })}
        </ol>
      )}
      <p className="order-group-foot">
        {group.batchCode ? (
          <>
            Batch <Link to={`/batch/${group.batchCode}`}>{group.batchCode}</Link>
          </>
        ) : null}
        {group.dueOn && group.status !== "received" && group.status !== "cancelled" ? <span className="muted"> · expected ready by {group.dueOn}</span> : null}
      </p>
    </article>
  );
}
