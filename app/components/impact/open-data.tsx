import type { MonthClose } from "~/models/impact/types";
import { countOf, formatDay, formatUsd, monthLabel } from "./wording";

const RECENT = 6;

/** Where a closed month's entries are published, exactly the text its checksum was taken over. */
export const monthEntriesPath = (month: string) => `/impact/months/${month}`;

function CloseCard({ close }: { close: MonthClose }) {
  return (
    <li className="close-card">
      <h4>
        <a href={monthEntriesPath(close.month)}>{monthLabel(close.month, { long: true })}</a>
      </h4>
      <p className="close-facts">
        {countOf(close.entryCount, "entry", "entries")} · {formatUsd(close.usdCents)} · closed {formatDay(close.closedAt)}
      </p>
      <p className="close-checksum">
        <span className="close-checksum-label">Checksum</span> <strong className="checksum-short">{close.checksum.slice(0, 12)}</strong>
      </p>
      <code className="checksum-full" aria-label={`Full checksum of ${monthLabel(close.month, { long: true })}`}>
        {close.checksum}
      </code>
    </li>
  );
}

/** The ledger's open data: the downloads, each closed month's chained checksum, and how anyone can check them. */
export function OpenData({ closes, origin, verified }: { closes: MonthClose[]; origin: string; verified: { checked: boolean; mismatched: string[] } }) {
  const newestFirst = [...closes].sort((a, b) => b.month.localeCompare(a.month));
  const recent = newestFirst.slice(0, RECENT);
  const earlier = newestFirst.slice(RECENT);
  const example = newestFirst[0];
  return (
    <>
      <ul className="open-data-links">
        <li>
          <a href="/impact.csv" className="button button-ghost" download>
            Monthly ledger (CSV)
          </a>
        </li>
        <li>
          <a href="/impact.json" className="button button-ghost">
            Everything (JSON)
          </a>
        </li>
      </ul>
      <p>
        A month closes three days after it ends in Jakarta, so late bank transfers and offline bazaar sales land first.
        Its checksum covers its entries and the previous month's checksum, so no closed month can be changed without
        every checksum after it changing too.
      </p>
      {verified.checked ? (
        verified.mismatched.length ? (
          <p className="notice notice-error">
            Checked when this page was made: {verified.mismatched.map((m) => monthLabel(m, { long: true })).join(", ")} no longer match
            {verified.mismatched.length === 1 ? "es" : ""} {verified.mismatched.length === 1 ? "its" : "their"} published checksum.
          </p>
        ) : closes.length ? (
          <p className="close-verified">Checked when this page was made: every closed month still matches its checksum.</p>
        ) : null
      ) : null}
      {closes.length ? (
        <>
          <ol className="plain close-list" aria-label="Closed months, newest first">
            {recent.map((close) => (
              <CloseCard key={close.month} close={close} />
            ))}
          </ol>
          {earlier.length ? (
            <details className="close-earlier">
              <summary>{`Earlier closed months (${earlier.length})`}</summary>
              <ol className="plain close-list">
                {earlier.map((close) => (
                  <CloseCard key={close.month} close={close} />
                ))}
              </ol>
            </details>
          ) : null}
        </>
      ) : (
        <p className="muted">No month is closed yet.</p>
      )}
      <section className="verify" aria-labelledby="verify-title">
        <h3 id="verify-title">Check a checksum yourself</h3>
        <ol>
          <li>
            Download the month's entries, for example <code>{example ? `${origin}${monthEntriesPath(example.month)}` : `${origin}${monthEntriesPath("2026-01")}`}</code>.
          </li>
          <li>Take the previous month's checksum (nothing at all for the first month).</li>
          <li>
            The month's checksum is the SHA-256 of that previous checksum, a line break (<code>\n</code>), and then the
            entries file exactly as downloaded.
          </li>
        </ol>
        <pre className="verify-shell">
          <code>{`PREVIOUS=${example?.previousChecksum ?? ""}
{ printf '%s\\n' "$PREVIOUS"; curl -s ${origin}${monthEntriesPath(example?.month ?? "2026-01")}; } | sha256sum`}</code>
        </pre>
      </section>
    </>
  );
}
