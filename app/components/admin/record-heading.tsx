import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

/** How a status badge reads at a glance: settled, needs someone, or neither. */
export type BadgeTone = "ok" | "warn" | "plain";

const badgeClass: Record<BadgeTone, string> = { ok: "badge badge-ok", warn: "badge badge-warn", plain: "badge" };

/** What an action just refused, said at the top of the page it came back to. */
export function RefusalNotice({ message }: { message: string | null | undefined }) {
  return message ? (
    <p className="notice notice-error" role="alert">
      {message}
    </p>
  ) : null;
}

type RecordHeadingProps = {
  /** The list this record belongs to. */
  back: { to: string; label: string };
  title: string;
  status: { label: string; tone: BadgeTone };
  /** Shown after the badge, e.g. a version. */
  extra?: ReactNode;
  refusal?: string | null;
};

/** The top of a back-office record page: the way back to its list, its name and status, and any refusal. */
export function RecordHeading({ back, title, status, extra, refusal }: RecordHeadingProps) {
  return (
    <>
      <p className="breadcrumbs-admin">
        <Link to={back.to}>{back.label}</Link> ›
      </p>
      <div className="admin-heading">
        <h1>{title}</h1>
        <span className={badgeClass[status.tone]}>{status.label}</span>
        {extra}
      </div>
      <RefusalNotice message={refusal} />
    </>
  );
}
