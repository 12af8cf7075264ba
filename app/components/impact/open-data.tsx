import { CHECKSUM_RECIPE } from "~/domain/impact/open-data";
import type { MonthClose } from "~/models/impact/types";
import { countOf, formatCount, formatDay, formatUsd, monthLabel } from "./wording";

const RECENT = 6;

export type EarlierClose = { month: string; entryCount: number; usdCents: number; checksumStart: string };
export type PublishedCloses = { recent: MonthClose[]; earlier: EarlierClose[]; count: number };

/**
 * The newest closed months in full; older ones by the start of their checksum only (every full checksum is in
 * /impact.json and /impact.csv), so the page stays light however long the ledger grows. Newest first.
 */
export function publishedCloses(closes: readonly MonthClose[]): PublishedCloses {
  const newestFirst = [...closes].sort((a, b) => b.month.localeCompare(a.month));
  return {
    recent: newestFirst.slice(0, RECENT),
    earlier: newestFirst.slice(RECENT).map((c) => ({ month: c.month, entryCount: c.entryCount, usdCents: c.usdCents, checksumStart: c.checksum.slice(0, 12) })),
    count: closes.length,
  };
}

/** Where a closed month's entries are published, exactly the text its checksum was taken over. */
export const monthEntriesPath = (month: string) => `/impact/months/${month}`;

function CloseCard({ close }: { close: MonthClose }) {
  return (
    <li className="close-card">
      <h3>
        <a href={monthEntriesPath(close.month)}>{monthLabel(close.month, { long: true })}</a>
      </h3>
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
export function OpenData({ closes, origin, verification }: { closes: PublishedCloses; origin: string; verification: { checked: number; broken: { month: string; reason: string }[] } }) {
  const { recent, earlier } = closes;
  const example = recent[0];
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
      {recent.length ? (
        <>
          <ol className="plain close-list" aria-label="Closed months, newest first">
            {recent.map((close) => (
              <CloseCard key={close.month} close={close} />
            ))}
          </ol>
          {earlier.length ? (
            <details className="close-earlier">
              <summary>{`Earlier closed months (${earlier.length})`}</summary>
              <div className="table-scroll" role="region" aria-label="Earlier closed months" tabIndex={0}>
                <table className="impact-table">
                  <caption>
                    Earlier closed months; their full checksums are in <a href="/impact.csv">the monthly CSV</a> and <a href="/impact.json">the JSON</a>
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Month</th>
                      <th scope="col" className="numeric">
                        Entries
                      </th>
                      <th scope="col" className="numeric">
                        Turnover
                      </th>
                      <th scope="col">Checksum starts</th>
                    </tr>
                  </thead>
                  <tbody>
                    {earlier.map((close) => (
                      <tr key={close.month}>
                        <th scope="row">
                          <a href={monthEntriesPath(close.month)}>{monthLabel(close.month)}</a>
                        </th>
                        <td className="numeric">{formatCount(close.entryCount)}</td>
                        <td className="numeric">{formatUsd(close.usdCents)}</td>
                        <td>
                          <code className="checksum-short">{close.checksumStart}</code>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
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
