import type { ReactNode } from "react";
import { Link } from "~/components/ui/shop-link";
import { fairTradePrinciples, summarizeVisit, type PrincipleCheck } from "~/domain/catalog/principles";
import { ProductTreeBadge } from "./impact-badge";
import { formatIsoDay } from "~/domain/platform/intl-format";

export function formatDate(isoDate: string) {
  return formatIsoDay(isoDate, { day: "numeric", month: "long", year: "numeric" });
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

export type ProducerFactsData = {
  village: string;
  regency: string;
  province: string;
  island: string;
  crafts: string[];
  memberCount: number;
  womenCount: number;
  /** Left out where a page doesn't say whether members work from home. */
  homeworkers?: boolean;
  foundedYear: number;
};

type ProducerFactsProps = {
  producer: ProducerFactsData;
  /** "panel" folds members and the founding year into one line, for a piece's side panel; "page" gives the year its own row. */
  variant: "panel" | "page";
  craftLabel?: string;
  technique?: string;
  /** Shown under the address, e.g. a map link. */
  location?: ReactNode;
  /** Further rows after the group's own facts. */
  children?: ReactNode;
};

/** Where a producer group works, its crafts and its people: the facts every provenance block shows. */
export function ProducerFacts({ producer, variant, craftLabel = "Crafts", technique = "", location, children }: ProducerFactsProps) {
  return (
    <dl className="facts">
      <div>
        <dt>Where</dt>
        <dd>
          {producer.village}, {producer.regency}, {producer.province} ({producer.island})
          {location ? (
            <>
              <br />
              {location}
            </>
          ) : null}
        </dd>
      </div>
      <div>
        <dt>{craftLabel}</dt>
        <dd>
          {producer.crafts.join(", ")}
          {technique ? ` · ${technique}` : ""}
        </dd>
      </div>
      {variant === "panel" ? (
        <div>
          <dt>Members</dt>
          <dd>
            {producer.womenCount} of {producer.memberCount} are women
            {producer.homeworkers ? "; they work from home" : ""} · since {producer.foundedYear}
          </dd>
        </div>
      ) : (
        <>
          <div>
            <dt>Members</dt>
            <dd>
              {producer.memberCount}, of whom {producer.womenCount} are women
              {producer.homeworkers ? "; members work from home" : ""}
            </dd>
          </div>
          <div>
            <dt>Working since</dt>
            <dd>{producer.foundedYear}</dd>
          </div>
        </>
      )}
      {children}
    </dl>
  );
}

type FieldVisitReportProps = {
  visit: { visitedOn: string; checks: PrincipleCheck[] } | null | undefined;
  /** Folded into a <details> that opens on its summary, for a piece's side panel; open on a page of its own. */
  folded?: boolean;
  /** Said about the visit between its summary and the checklist, e.g. who visited. */
  children?: ReactNode;
};

/** What a field visit found against the ten principles, or a plain word that none is recorded yet. */
export function FieldVisitReport({ visit, folded = false, children }: FieldVisitReportProps) {
  if (!visit) return folded ? <p className="muted">No field visit recorded yet.</p> : <p>No field visit has been recorded yet.</p>;
  const summary = <VisitSummary visitedOn={visit.visitedOn} checks={visit.checks} />;
  return folded ? (
    <details className="visit">
      <summary>{summary}</summary>
      {children}
      <PrincipleChecklist checks={visit.checks} />
    </details>
  ) : (
    <div className="visit-latest">
      {summary}
      {children}
      <PrincipleChecklist checks={visit.checks} />
    </div>
  );
}

type ProvenanceProps = {
  producer: ProducerFactsData & {
    slug: string;
    name: string;
    fieldVisits: { visitedOn: string; checks: PrincipleCheck[] }[];
  };
  technique: string;
  sharePercent: number | null;
  /** From the lowest retail price; null when no price can be valued in US dollars. */
  piecesPerTree: number | null;
};

export function ProvenancePanel({ producer, technique, sharePercent, piecesPerTree }: ProvenanceProps) {
  return (
    <aside className="provenance" aria-labelledby="provenance-title">
      <h2 id="provenance-title">Who made this</h2>
      <p className="provenance-maker">
        <Link to={`/producers/${producer.slug}`}>{producer.name}</Link>
      </p>
      <ProducerFacts producer={producer} variant="panel" craftLabel="Craft" technique={technique}>
        {sharePercent !== null ? (
          <div>
            <dt>Paid to the makers</dt>
            <dd>
              <strong>{sharePercent}%</strong> of this price goes to the producer group, half of it in advance
            </dd>
          </div>
        ) : null}
      </ProducerFacts>
      <FieldVisitReport visit={producer.fieldVisits[0]} folded />
      {piecesPerTree !== null && Number.isFinite(piecesPerTree) ? <ProductTreeBadge piecesPerTree={piecesPerTree} /> : null}
    </aside>
  );
}
