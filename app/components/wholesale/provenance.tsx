import { Link } from "@remix-run/react";
import { FieldVisitReport, ProducerFacts, type ProducerFactsData } from "~/components/storefront/provenance";
import type { PrincipleCheck } from "~/domain/catalog/principles";

type Props = {
  producer: ProducerFactsData & {
    slug: string;
    name: string;
    summary: string;
    story: string;
    fieldVisits: { id: number; visitedOn: string; visitor: string; checks: PrincipleCheck[] }[];
  };
  technique: string;
};

/** Who makes the piece, for a buyer: the group, where it works, its people, and what each recent field visit found. */
export function WholesaleProvenance({ producer, technique }: Props) {
  const story = producer.story.split(/\n\s*\n/)[0] ?? "";
  return (
    <section className="provenance" aria-labelledby="provenance-title">
      <h2 id="provenance-title">Who makes this</h2>
      <p className="provenance-maker">
        <Link to={`/producers/${producer.slug}`}>{producer.name}</Link>
      </p>
      <p>{producer.summary}</p>
      {story && story !== producer.summary ? <p className="muted">{story}</p> : null}
      <ProducerFacts producer={producer} variant="panel" technique={technique}>
        <div>
          <dt>Advance</dt>
          <dd>Half of the group's price is paid before production begins.</dd>
        </div>
      </ProducerFacts>
      {producer.fieldVisits.length ? (
        producer.fieldVisits.map((visit) => (
          <FieldVisitReport key={visit.id} visit={visit} folded>
            <p className="muted small">Visited by {visit.visitor}.</p>
          </FieldVisitReport>
        ))
      ) : (
        <FieldVisitReport visit={null} folded />
      )}
    </section>
  );
}
