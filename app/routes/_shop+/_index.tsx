import { data, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/ui/shop-link";
import { getDb } from "~db/client.server";
import { cachedCatalogRead } from "~/utils/catalog-cache.server";
import { Picture } from "~/components/ui/picture";
import { ProductGrid } from "~/components/storefront/product-card";
import { getCatalogFacets, listFeaturedProducts } from "~/models/catalog/catalog.server";
import { listProducers } from "~/models/catalog/producers.server";
import { absoluteUrl, catalogHeaders, pageKeys } from "~/utils/http.server";
import { SHOP_NAME, seoMeta } from "~/utils/seo";
import { cardViews } from "./listing.server";

export async function loader() {
  const db = getDb();
  const [featured, producers, facets] = await Promise.all([
    cachedCatalogRead("featured:8", () => listFeaturedProducts(db, { limit: 8 })),
    cachedCatalogRead("producers:3", () => listProducers(db, { limit: 3 })),
    cachedCatalogRead("facets", () => getCatalogFacets(db)),
  ]);
  const keys = ["listing", ...featured.map((p) => `product:${p.id}`), ...producers.map((p) => `producer:${p.id}`)];
  return data({ featured: cardViews(featured), producers, categories: facets.categories.map(({ slug, name, productCount, image }) => ({ slug, name, productCount, image })), canonical: absoluteUrl("/") }, pageKeys(keys));
}

export const headers = catalogHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  seoMeta({
    title: SHOP_NAME,
    description:
      "Baskets, silver, teak and upcycled pieces made by fair-trade producer groups in Java, Bali and Sumatra. Every piece says who made it.",
    canonical: data?.canonical ?? "/",
  });

export default function Home() {
  const { featured, producers, categories } = useLoaderData<typeof loader>();
  const hero = featured[0]?.image;
  return (
    <>
      <section className="hero" aria-labelledby="hero-title">
        <div className="hero-text">
          <p className="eyebrow">Fair trade since 1986 · Java, Bali, Sumatra</p>
          <h1 id="hero-title">Made by hand, by people you can name.</h1>
          <p className="lede">
            Woven baskets, hammered silver and reclaimed teak from village producer groups, many of them women
            working from home. Every piece tells you who made it, where, and what share of the price they were paid.
          </p>
          <p className="hero-actions">
            <Link to="/shop" className="button">
              Shop the collection
            </Link>
            <Link to="/producers" className="button button-ghost">
              Meet the makers
            </Link>
          </p>
        </div>
        {hero ? (
          <div className="hero-media">
            <Picture image={hero} priority sizes="(min-width: 900px) 45vw, 100vw" />
          </div>
        ) : null}
      </section>

      <section className="section" aria-labelledby="categories-title">
        <div className="section-head">
          <h2 id="categories-title">Browse by craft</h2>
        </div>
        <ul className="category-tiles">
          {categories.map((category) => (
            <li key={category.slug}>
              <Link to={`/shop/${category.slug}`} className="category-tile" prefetch="intent">
                {category.image ? <Picture image={category.image} sizes="(min-width: 900px) 14vw, 45vw" /> : null}
                <span className="category-tile-name">{category.name}</span>
                <span className="category-tile-count">{category.productCount} pieces</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>

      <section className="section" aria-labelledby="featured-title">
        <div className="section-head">
          <h2 id="featured-title">Featured pieces</h2>
          <Link to="/shop">See everything</Link>
        </div>
        <ProductGrid products={featured} label="Featured pieces" />
      </section>

      <section className="section section-tinted" aria-labelledby="producers-title">
        <div className="section-head">
          <h2 id="producers-title">The groups behind the work</h2>
          <Link to="/producers">All producer groups</Link>
        </div>
        <ul className="producer-highlights">
          {producers.map((producer) => (
            <li key={producer.slug} className="producer-highlight">
              {producer.image ? <Picture image={producer.image} sizes="(min-width: 900px) 30vw, 100vw" /> : null}
              <h3>
                <Link to={`/producers/${producer.slug}`}>{producer.name}</Link>
              </h3>
              <p className="muted">
                {producer.village}, {producer.province}
              </p>
              <p>{producer.summary}</p>
              <p className="stat-line">
                {producer.womenCount} of {producer.memberCount} members are women
                {producer.homeworkers ? " · homeworkers" : ""}
              </p>
            </li>
          ))}
        </ul>
      </section>

      <section className="section promise" aria-labelledby="promise-title">
        <h2 id="promise-title">What fair trade means here</h2>
        <ul className="promise-list">
          <li>
            <strong>50% paid up front.</strong> Every producer group receives half the order value before work begins,
            so nobody borrows to buy materials.
          </li>
          <li>
            <strong>Visited, not just certified.</strong> Our staff visit each group and check the 10 Principles of Fair
            Trade; the results are on every producer page.
          </li>
          <li>
            <strong>A tree for every US$1,500.</strong> Turnover from every channel funds tree planting in the regions
            our producers live in.
          </li>
        </ul>
      </section>
    </>
  );
}
