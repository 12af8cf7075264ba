import { CHECKSUM_RECIPE } from "~/domain/impact/open-data";
import type { MonthClose } from "~/models/impact/types";
import { countOf, formatCount, formatDay, formatUsd, monthLabel } from "./wording";

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
export function OpenData({ closes, origin, verification }: { closes: MonthClose[]; origin: string; verification: { checked: number; broken: { month: string; reason: string }[] } }) {
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
      {verification.broken.length ? (
        <div className="notice notice-error" role="status">
          <p>Checked against the ledger when this page was made, these closed months no longer match what was published:</p>
          <ul>
            {verification.broken.map((b) => (
              <li key={`${b.month} ${b.reason}`}>{`${monthLabel(b.month, { long: true })}: ${b.reason}`}</li>
            ))}
          </ul>
        </div>
      ) : verification.checked > 0 ? (
        <p className="close-verified">
          Checked against the ledger when this page was made: {verification.checked === 1 ? "the closed month matches its checksum" : `all ${formatCount(verification.checked)} closed months match their checksums`}.
        </p>
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
        <p className="verify-recipe">
          <span className="muted">The exact recipe, as published in the JSON:</span> {CHECKSUM_RECIPE}
        </p>
        <pre className="verify-shell">
          <code>{`PREVIOUS=${example?.previousChecksum ?? ""}
{ printf '%s\\n' "$PREVIOUS"; curl -s ${origin}${monthEntriesPath(example?.month ?? "2026-01")}; } | sha256sum`}</code>
        </pre>
      </section>
    </>
  );
}
