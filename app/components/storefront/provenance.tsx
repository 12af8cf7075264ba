import { Link } from "~/components/ui/shop-link";
import { fairTradePrinciples, summarizeVisit, type PrincipleCheck } from "~/domain/catalog/principles";

export function formatDate(isoDate: string) {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(`${isoDate}T00:00:00Z`),
  );
}

/** The ten principles with a tick or a note for each, from one field visit. */
export function PrincipleChecklist({ checks }: { checks: PrincipleCheck[] }) {
  return (
    <ol className="principles">
      {fairTradePrinciples.map((principle) => {
        const check = checks.find((c) => c.principle === principle.number);
        const met = check?.met ?? false;
        return (
          <li key={principle.number} className={met ? "met" : "unmet"}>
            <span className="principle-mark" aria-hidden="true">
              {met ? "✓" : "!"}
            </span>
            <span>
              <span className="visually-hidden">{met ? "Met: " : "Not yet met: "}</span>
              {principle.number}. {principle.title}
              {!met && check?.note ? <span className="principle-note"> {check.note}</span> : null}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

export function VisitSummary({ visitedOn, checks }: { visitedOn: string; checks: PrincipleCheck[] }) {
  const summary = summarizeVisit(checks);
  return (
    <p className="visit-summary">
      Last field visit <time dateTime={visitedOn}>{formatDate(visitedOn)}</time>:{" "}
      <strong>
        {summary.met} of {summary.total} principles met
      </strong>
    </p>
  );
}

type ProvenanceProps = {
  producer: {
    slug: string;
    name: string;
    village: string;
    regency: string;
    province: string;
    island: string;
    crafts: string[];
    memberCount: number;
    womenCount: number;
    homeworkers: boolean;
    foundedYear: number;
    fieldVisits: { visitedOn: string; checks: PrincipleCheck[] }[];
  };
  technique: string;
  sharePercent: number | null;
  piecesPerTree: number;
};

export function ProvenancePanel({ producer, technique, sharePercent, piecesPerTree }: ProvenanceProps) {
  const visit = producer.fieldVisits[0];
  return (
    <aside className="provenance" aria-labelledby="provenance-title">
      <h2 id="provenance-title">Who made this</h2>
      <p className="provenance-maker">
        <Link to={`/producers/${producer.slug}`}>{producer.name}</Link>
      </p>
      <dl className="facts">
        <div>
          <dt>Where</dt>
          <dd>
            {producer.village}, {producer.regency}, {producer.province} ({producer.island})
          </dd>
        </div>
        <div>
          <dt>Craft</dt>
          <dd>
            {producer.crafts.join(", ")}
            {technique ? ` · ${technique}` : ""}
          </dd>
        </div>
        <div>
          <dt>Members</dt>
          <dd>
            {producer.womenCount} of {producer.memberCount} are women
            {producer.homeworkers ? "; they work from home" : ""} · since {producer.foundedYear}
          </dd>
        </div>
        {sharePercent !== null ? (
          <div>
            <dt>Paid to the makers</dt>
            <dd>
              <strong>{sharePercent}%</strong> of this price goes to the producer group, half of it in advance
            </dd>
          </div>
        ) : null}
      </dl>
      {visit ? (
        <details className="visit">
          <summary>
            <VisitSummary visitedOn={visit.visitedOn} checks={visit.checks} />
          </summary>
          <PrincipleChecklist checks={visit.checks} />
        </details>
      ) : (
        <p className="muted">No field visit recorded yet.</p>
      )}
      {Number.isFinite(piecesPerTree) ? (
        <p className="tree-badge">
          Every {piecesPerTree} sold plants a tree.
        </p>
      ) : null}
    </aside>
  );
}
