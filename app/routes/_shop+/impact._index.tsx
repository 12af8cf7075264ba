import { data, type LinksFunction, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { ImpactHero } from "~/components/impact/impact-hero";
import { ImpactMap, MapLegend, MapPlaces } from "~/components/impact/impact-map";
import { impactMap } from "~/components/impact/indonesia-map.server";
import { OpenData, publishedCloses } from "~/components/impact/open-data";
import { PlantingCard } from "~/components/impact/planting-card";
import { ChannelLegend, ChartFigure, TreesLegend } from "~/components/impact/chart-figure";
import { TreesChart, TreesTable } from "~/components/impact/trees-chart";
import { TurnoverChart, TurnoverTable } from "~/components/impact/turnover-chart";
import { countOf, formatCount, formatUsd } from "~/components/impact/wording";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { USD_CENTS_PER_TREE } from "~/domain/impact/impact";
import { getImpactReport } from "~/models/impact/ledger.server";
import { verifyMonthCloses } from "~/models/impact/month-close.server";
import { cachedCatalogRead } from "~/utils/catalog-cache.server";
import { publicOrigin } from "~/utils/env.server";
import { absoluteUrl, catalogHeaders, pageKeys } from "~/utils/http.server";
import { seoMeta } from "~/utils/seo";
import impactStyles from "~/components/impact/impact.css?url";

/** The public tree ledger: the same numbers for everyone, so it is cached like a catalogue page (a few minutes old, never wrong). */
export async function loader() {
  const page = await cachedCatalogRead("impact:page", async () => {
    const now = new Date();
    const db = getDb();
    const [{ producers, closes, ...report }, verification] = await Promise.all([getImpactReport(db, { now }), verifyMonthCloses(db)]);
    // Producers reach the page only as map pins, and old months only by their checksum's start: the HTML stays light.
    return { report, closes: publishedCloses(closes), verification, map: impactMap({ producers, plantings: report.plantings }), now: now.toISOString() };
  });
  return data({ ...page, origin: publicOrigin(), canonical: absoluteUrl("/impact") }, pageKeys(["impact"]));
}

export const headers = catalogHeaders;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: impactStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  seoMeta({
    title: `Our impact: one tree for every ${formatUsd(USD_CENTS_PER_TREE, { whole: true })}`,
    description: data
      ? `${countOf(data.report.totals.treesFunded, "tree")} funded, ${formatCount(data.report.totals.treesPlanted)} planted and ${formatCount(data.report.totals.treesVerifiedAlive)} verified alive, with the photos, the map and the open ledger behind every number.`
      : "Trees funded by our sales, the plantings that cover them, their photos and the open ledger behind every number.",
    canonical: data?.canonical ?? "/impact",
  });

export default function ImpactPage() {
  const { report, closes, verification, map, now, origin } = useLoaderData<typeof loader>();
  const plantings = [...report.plantings].sort((a, b) => b.plantedOn.localeCompare(a.plantedOn) || b.id - a.id);
  return (
    <article className="impact-page">
      <ImpactHero totals={report.totals} now={new Date(now)} />

      <section className="section impact-charts" aria-labelledby="charts-title">
        <h2 id="charts-title" className="visually-hidden">
          Turnover and trees, month by month
        </h2>
        <ChartFigure
          title="Turnover by channel"
          legend={<ChannelLegend />}
          table={<TurnoverTable monthly={report.monthly} />}
          chart={(size) => <TurnoverChart monthly={report.monthly} size={size} />}
        />
        <ChartFigure
          title="Trees funded and planted"
          legend={<TreesLegend />}
          table={<TreesTable trees={report.trees} />}
          chart={(size) => <TreesChart trees={report.trees} size={size} />}
        />
      </section>

      <section className="section impact-map-section section-tinted" aria-labelledby="map-title">
        <div className="section-head">
          <h2 id="map-title">Where the makers work and the trees grow</h2>
        </div>
        <div className="impact-map-layout">
          <figure className="impact-map">
            <ImpactMap map={map} />
            <figcaption>
              <MapLegend />
            </figcaption>
          </figure>
          <MapPlaces map={map} />
        </div>
      </section>

      <section className="section" aria-labelledby="plantings-title">
        <div className="section-head">
          <h2 id="plantings-title">Plantings</h2>
          <p className="muted">{countOf(report.totals.treesPlanted, "tree")} so far, newest first</p>
        </div>
        {plantings.length ? (
          <div className="planting-list">
            {plantings.map((planting) => (
              <PlantingCard key={planting.id} planting={planting} />
            ))}
          </div>
        ) : (
          <p className="empty-state">No planting is recorded yet.</p>
        )}
      </section>

      <section className="section open-data" aria-labelledby="open-data-title">
        <h2 id="open-data-title">Open data: check every number</h2>
        <OpenData closes={closes} origin={origin} verification={verification} />
      </section>
    </article>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
