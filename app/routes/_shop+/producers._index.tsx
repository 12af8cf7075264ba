import { data, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/ui/shop-link";
import { getDb } from "~db/client.server";
import { cachedCatalogRead } from "~/utils/catalog-cache.server";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { Picture } from "~/components/ui/picture";
import { formatDate } from "~/components/storefront/provenance";
import { listProducers } from "~/models/catalog/producers.server";
import { absoluteUrl, catalogHeaders, pageKeys } from "~/utils/http.server";
import { seoMeta } from "~/utils/seo";
import { formatNumber } from "~/domain/platform/intl-format";

export async function loader() {
  const producers = await cachedCatalogRead("producers:all", () => listProducers(getDb()));
  return data({ producers, canonical: absoluteUrl("/producers") }, pageKeys(["listing", ...producers.map((p) => `producer:${p.id}`)]));
}

export const headers = catalogHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  seoMeta({
    title: "Producer groups",
    description: "The village workshops, homeworker groups and upcycling collectives who make every piece, with the results of our field visits.",
    canonical: data?.canonical ?? "/producers",
  });

export default function ProducersIndex() {
  const { producers } = useLoaderData<typeof loader>();
  const women = producers.reduce((n, p) => n + p.womenCount, 0);
  const members = producers.reduce((n, p) => n + p.memberCount, 0);
  return (
    <div className="page">
      <header className="page-head">
        <p className="eyebrow">Producer groups</p>
        <h1>The people who make the collection</h1>
        <p className="lede">
          {producers.length} groups in Java, Bali and Sumatra: {formatNumber(members)} members, of whom{" "}
          {formatNumber(women)} are women. We visit each one and check the 10 Principles of Fair Trade.
        </p>
      </header>
      <ul className="producer-list">
        {producers.map((p) => (
          <li key={p.slug} className="producer-card">
            <Link to={`/producers/${p.slug}`} className="producer-card-media" tabIndex={-1} aria-hidden="true">
              {p.image ? <Picture image={p.image} sizes="(min-width: 900px) 30vw, 100vw" alt="" /> : null}
            </Link>
            <div className="producer-card-body">
              <h2>
                <Link to={`/producers/${p.slug}`} prefetch="intent">
                  {p.name}
                </Link>
              </h2>
              <p className="muted">
                {p.village}, {p.regency} · {p.province}
              </p>
              <p>{p.summary}</p>
              <ul className="chips" aria-label="Crafts">
                {p.crafts.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
              <p className="stat-line">
                {p.womenCount} of {p.memberCount} members are women{p.homeworkers ? " · homeworkers" : ""} · {p.productCount} pieces
              </p>
              {p.latestVisitOn ? (
                <p className="stat-line">
                  Visited <time dateTime={p.latestVisitOn}>{formatDate(p.latestVisitOn)}</time>: {p.latestVisitMet} of 10 principles met
                </p>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
