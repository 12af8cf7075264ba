import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/ui/shop-link";
import { getDb } from "~db/client.server";
import { cachedCatalogRead } from "~/utils/catalog-cache.server";
import { Breadcrumbs } from "~/components/ui/breadcrumbs";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { Picture } from "~/components/ui/picture";
import { ProductGrid } from "~/components/storefront/product-card";
import { ProducerTreeBadge } from "~/components/storefront/impact-badge";
import { FieldVisitReport, formatDate, ProducerFacts } from "~/components/storefront/provenance";
import { isSlug } from "~/domain/catalog/slug";
import { listProducerProducts } from "~/models/catalog/catalog.server";
import { getProducerBySlug } from "~/models/catalog/producers.server";
import { getProducerTreeBadge } from "~/models/impact/badges.server";
import { catalogHeaders, pageKeys } from "~/utils/http.server";
import { notFound } from "~/web/refusal.server";
import { publicOrigin } from "~/utils/env.server";
import { imageUrl } from "~/utils/images";
import { seoMeta, truncate } from "~/utils/seo";
import { cardViews } from "./listing.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const slug = params.slug ?? "";
  // Hand-typed links often differ only in case: send them to the canonical address.
  if (slug !== slug.toLowerCase()) throw redirect(`/producers/${slug.toLowerCase()}`, 301);
  if (!isSlug(slug)) notFound("There is no producer group at that address.");
  const db = getDb();
  const page = await cachedCatalogRead(`producer:${slug}`, async () => {
    const producer = await getProducerBySlug(db, { slug });
    if (!producer) return null;
    // Cached with the page: the trees may be a few seconds old, never more than the ledger holds.
    const [products, trees] = await Promise.all([listProducerProducts(db, { producerId: producer.id }), getProducerTreeBadge(db, { producerId: producer.id })]);
    return { producer, products, trees };
  });
  if (!page) notFound("There is no producer group at that address.");
  const { producer, products, trees } = page;
  const origin = publicOrigin();
  // The trees its sales funded and where they grow come from the impact ledger.
  const keys = [`producer:${producer.id}`, "impact", ...products.map((p) => `product:${p.id}`)];
  const { id: _producerId, ...producerView } = producer;
  return data({ producer: producerView, products: cardViews(products), trees, origin, canonical: `${origin}/producers/${producer.slug}` }, pageKeys(keys));
}

export const headers = catalogHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [{ title: "Not found · Kriya" }];
  const image = data.producer.images[0];
  return seoMeta({
    title: data.producer.name,
    description: truncate(data.producer.summary),
    canonical: data.canonical,
    type: "profile",
    image: image ? `${data.origin}${imageUrl(image.hash, image.widths[image.widths.length - 1]!, "jpeg")}` : undefined,
  });
};

export default function ProducerPage() {
  const { producer, products, trees } = useLoaderData<typeof loader>();
  const hero = producer.images[0];
  const [latest, ...earlier] = producer.fieldVisits;
  return (
    <article className="producer-page">
      <Breadcrumbs items={[{ label: "Producer groups", to: "/producers" }, { label: producer.name }]} />
      <header className="producer-hero">
        {hero ? <Picture image={hero} priority sizes="100vw" className="producer-hero-image" /> : null}
        <div className="producer-hero-text">
          <p className="eyebrow">
            {producer.village}, {producer.regency} · {producer.province}
          </p>
          <h1>{producer.name}</h1>
          <p className="lede">{producer.summary}</p>
        </div>
      </header>

      <div className="producer-layout">
        <section className="producer-story" aria-labelledby="story-title">
          <h2 id="story-title">Their story</h2>
          {producer.story.split(/\n\s*\n/).map((paragraph, i) => (
            <p key={i}>{paragraph}</p>
          ))}
        </section>

        <aside className="producer-facts" aria-labelledby="facts-title">
          <h2 id="facts-title">At a glance</h2>
          <ProducerFacts
            producer={producer}
            variant="page"
            location={
              <a
                href={`https://www.openstreetmap.org/?mlat=${producer.latitude}&mlon=${producer.longitude}#map=12/${producer.latitude}/${producer.longitude}`}
                rel="noopener noreferrer external"
              >
                {producer.latitude.toFixed(4)}, {producer.longitude.toFixed(4)} on a map
              </a>
            }
          >
            {producer.capacities.length ? (
              <div>
                <dt>Capacity</dt>
                <dd>
                  <ul className="plain">
                    {producer.capacities.map((c) => (
                      <li key={c.craft}>
                        {c.craft}: about {c.unitsPerWeek} pieces a week
                      </li>
                    ))}
                  </ul>
                </dd>
              </div>
            ) : null}
          </ProducerFacts>
        </aside>
      </div>

      <section className="section visits" aria-labelledby="visits-title">
        <h2 id="visits-title">Field visits</h2>
        <FieldVisitReport visit={latest}>
          {latest ? (
            <p className="muted">
              Visited by {latest.visitor}. {latest.notes}
            </p>
          ) : null}
        </FieldVisitReport>
        {earlier.length ? (
          <>
            <h3>Earlier visits</h3>
            <ul className="visit-history">
              {earlier.map((visit) => {
                const met = visit.checks.filter((c) => c.met).length;
                return (
                  <li key={visit.id}>
                    <time dateTime={visit.visitedOn}>{formatDate(visit.visitedOn)}</time>: {met} of 10 principles met.{" "}
                    <span className="muted">{visit.notes}</span>
                  </li>
                );
              })}
            </ul>
          </>
        ) : null}
      </section>

      <ProducerTreeBadge badge={trees} />

      <section className="section" aria-labelledby="products-title">
        <div className="section-head">
          <h2 id="products-title">Pieces by {producer.name}</h2>
          <Link to={`/shop?producer=${producer.slug}`}>Filter the shop</Link>
        </div>
        {products.length ? <ProductGrid products={products} label={`Pieces by ${producer.name}`} /> : <p>No pieces are listed just now.</p>}
      </section>
    </article>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
