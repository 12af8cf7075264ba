import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import wholesaleStyles from "~/styles/wholesale-catalogue.css?url";
import { PhotoPlaceholder, Picture } from "~/components/ui/picture";
import { LeadTimeNote, orderRules, usd, WholesaleNav } from "~/components/wholesale/catalogue-ui";
import { MAX_SEARCH_LENGTH } from "~/domain/catalog/search-terms";
import { countryNames } from "~/domain/retail/shipping";
import { parseWholesaleQuery, wholesaleQueryToSearch, wholesaleSortLabels, wholesaleSortOptions, type WholesaleQuery } from "~/domain/wholesale/wholesale-query";
import { getDb } from "~db/client.server";
import { countBasket } from "~/models/wholesale/basket.server";
import { getWholesaleFacets, listWholesaleProducts, type WholesaleCard, type WholesaleFacets, type WholesaleListing } from "~/models/wholesale/catalogue.server";
import { getUser } from "~/web/auth.server";
import { requireImporter } from "~/web/importer.server";
import { badRequest } from "~/web/refusal.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  // Importers' own accounts must pass the guard (approved only); everyone else sees the public introduction.
  if (user?.role !== "importer") return { importer: null };
  const { importer } = await requireImporter(request);
  const parsed = parseWholesaleQuery(new URL(request.url).searchParams);
  if (!parsed.ok) badRequest("Some of the filters in this link don't make sense.", parsed.errors);
  const db = getDb();
  const [facets, listing, basketCount] = await Promise.all([
    getWholesaleFacets(db),
    listWholesaleProducts(db, { query: parsed.query }),
    countBasket(db, { importerId: importer.id }),
  ]);
  return {
    importer: { companyName: importer.companyName, country: countryNames[importer.country] ?? importer.country, contactName: importer.contactName, depositPercent: importer.depositPercent },
    catalogue: { query: parsed.query, facets, listing, basketCount },
  };
}

export const headers = () => ({ "Cache-Control": "private, no-store" });

export const links: LinksFunction = () => [{ rel: "stylesheet", href: wholesaleStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data && "catalogue" in data ? "Wholesale catalogue · Kriya" : "Wholesale · Kriya" },
  { name: "description", content: "Fair-trade handicrafts from Indonesia for shops and importers: tier prices, FOB Jakarta or CIF to your port." },
];

export default function Wholesale() {
  const page = useLoaderData<typeof loader>();
  if ("catalogue" in page && page.importer) {
    const { importer, catalogue } = page;
    return (
      <div className="page wholesale-page">
        <WholesaleNav basketCount={catalogue.basketCount} />
        <header className="listing-head">
          <p className="eyebrow">Wholesale · {importer.companyName}</p>
          <h1 className="page-title">Welcome, {importer.contactName.split(/\s+/)[0]}</h1>
          <h2>The wholesale catalogue</h2>
          <p className="lede">
            Tier prices in US dollars, minimums per piece with colours and sizes mixed to fill cartons, and lead times from each group's capacity. A
            quote takes a {importer.depositPercent}% deposit when you accept it.
          </p>
        </header>
        <div className="listing-body">
          <Filters query={catalogue.query} facets={catalogue.facets} />
          <Results query={catalogue.query} listing={catalogue.listing} />
        </div>
      </div>
    );
  }
  return (
    <div className="page narrow">
      <p className="eyebrow">Wholesale</p>
      <h1 className="page-title">Kriya for shops and importers</h1>
      <p className="lede">
        For forty years we have exported fair-trade handicrafts from Indonesian producer groups to shops in Europe, North America, Japan, Australia and New
        Zealand. With a wholesale account you see tier prices and lead times, and ask for quotes FOB Jakarta or CIF to your port.
      </p>
      <div className="wholesale-actions">
        <Link to="/wholesale/apply" className="button">
          Apply for a wholesale account
        </Link>
        <Link to="/login?redirectTo=%2Fwholesale">Already approved? Sign in</Link>
      </div>
      <p className="muted">We review every application by hand and reply within two working days.</p>
    </div>
  );
}

/** A plain GET form: it works without JavaScript, and every choice lives in the URL. */
function Filters({ query, facets }: { query: WholesaleQuery; facets: WholesaleFacets }) {
  const active = query.producers.length + query.materials.length + (query.category ? 1 : 0) + (query.island ? 1 : 0) + (query.q ? 1 : 0);
  return (
    <details className="filters-disclosure" open={active > 0 ? true : undefined}>
      <summary>Filter and sort{active ? ` (${active} active)` : ""}</summary>
      <Form method="get" className="filters" aria-label="Filter and sort">
        <div className="filter-group">
          <label htmlFor="wholesale-q">Search</label>
          <input id="wholesale-q" name="q" type="search" defaultValue={query.q ?? ""} maxLength={MAX_SEARCH_LENGTH} placeholder="e.g. basket, batik" />
        </div>
        <div className="filter-group">
          <label htmlFor="wholesale-sort">Sort by</label>
          <select id="wholesale-sort" name="sort" defaultValue={query.sort}>
            {wholesaleSortOptions
              .filter((s) => s !== "relevance" || query.q)
              .map((s) => (
                <option key={s} value={s}>
                  {wholesaleSortLabels[s]}
                </option>
              ))}
          </select>
        </div>
        <div className="filter-group">
          <label htmlFor="wholesale-category">Category</label>
          <select id="wholesale-category" name="category" defaultValue={query.category ?? ""}>
            <option value="">All categories</option>
            {facets.categories.map((c) => (
              <option key={c.slug} value={c.slug}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="filter-group">
          <label htmlFor="wholesale-island">Island</label>
          <select id="wholesale-island" name="island" defaultValue={query.island ?? ""}>
            <option value="">All islands</option>
            {facets.islands.map((island) => (
              <option key={island} value={island}>
                {island}
              </option>
            ))}
          </select>
        </div>
        <Checkboxes legend="Producer group" name="producer" options={facets.producers} checked={query.producers} />
        <Checkboxes legend="Material" name="material" options={facets.materials} checked={query.materials} />
        <div className="filter-actions">
          <button type="submit" className="button">
            Apply filters
          </button>
          <Link to="/wholesale" className="text-link">
            Clear all
          </Link>
        </div>
      </Form>
    </details>
  );
}

function Checkboxes({ legend, name, options, checked }: { legend: string; name: string; options: { slug: string; name: string }[]; checked: string[] }) {
  return (
    <fieldset className="filter-group">
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option.slug} className="check">
          <input type="checkbox" name={name} value={option.slug} defaultChecked={checked.includes(option.slug)} /> {option.name}
        </label>
      ))}
    </fieldset>
  );
}

function Results({ query, listing }: { query: WholesaleQuery; listing: WholesaleListing }) {
  return (
    <section className="results" aria-labelledby="wholesale-count">
      <div className="results-bar">
        <p id="wholesale-count" role="status">
          {listing.total === 1 ? "1 piece" : `${listing.total} pieces`}
          {listing.pageCount > 1 ? ` · page ${listing.page} of ${listing.pageCount}` : ""}
          {listing.fuzzy && query.q ? ` · no exact match for “${query.q}”, showing close spellings` : ""}
        </p>
      </div>
      {listing.items.length ? (
        <ul className="product-grid wholesale-grid" aria-label="Wholesale pieces">
          {listing.items.map((product, index) => (
            <li key={product.id}>
              <WholesaleProductCard product={product} priority={index < 4} />
            </li>
          ))}
        </ul>
      ) : (
        <div className="empty-state">
          <h2>Nothing matches just now</h2>
          <p>Try fewer filters, or a different word.</p>
          <Link to="/wholesale" className="button button-ghost">
            Clear filters
          </Link>
        </div>
      )}
      {listing.pageCount > 1 ? (
        <nav aria-label="Pagination" className="pagination">
          <ul>
            {Array.from({ length: listing.pageCount }, (_, i) => i + 1).map((page) => (
              <li key={page}>
                <Link to={`/wholesale${wholesaleQueryToSearch(query, { page })}`} aria-current={page === listing.page ? "page" : undefined} aria-label={`Page ${page}`}>
                  {page}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
    </section>
  );
}

function WholesaleProductCard({ product, priority }: { product: WholesaleCard; priority: boolean }) {
  return (
    <article className="product-card wholesale-card">
      <Link to={`/wholesale/products/${product.slug}`} className="product-card-link">
        <div className="product-card-media">
          {product.image ? <Picture image={product.image} priority={priority} sizes="(min-width: 1200px) 280px, (min-width: 768px) 30vw, 46vw" /> : <PhotoPlaceholder title={product.title} />}
        </div>
        <h3 className="product-card-title">{product.title}</h3>
      </Link>
      <p className="product-card-maker">
        {product.producerName} · {product.village}, {product.island}
      </p>
      <p className="product-card-price">{product.fromPriceMinor ? `from ${usd(product.fromPriceMinor)} / piece` : "Price on request"}</p>
      <p className="wholesale-rules">{orderRules(product)}</p>
      <LeadTimeNote leadTime={product.leadTime} />
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
