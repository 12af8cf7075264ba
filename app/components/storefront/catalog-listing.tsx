import { Form, useLocation, useNavigation, useSubmit } from "@remix-run/react";
import type { ComponentProps } from "react";
import { CurrencyField, Link } from "~/components/ui/shop-link";
import { catalogQueryToSearch, sortLabels, sortOptions, type CatalogQuery } from "~/domain/catalog/catalog-query";
import { MAX_SEARCH_LENGTH } from "~/domain/catalog/search-terms";
import type { CatalogFacets, ProductListing } from "~/models/catalog/catalog.server";
import { Breadcrumbs } from "~/components/ui/breadcrumbs";
import { ProductGrid } from "./product-card";
import { pageWindow } from "~/domain/catalog/page-window";

type Props = {
  query: CatalogQuery;
  facets: { categories: Pick<CatalogFacets["categories"][number], "slug" | "name">[]; materials: CatalogFacets["materials"]; producers: CatalogFacets["producers"] };
  listing: Omit<ProductListing, "items"> & { items: ComponentProps<typeof ProductGrid>["products"] };
  category: { slug: string; name: string; description: string } | null;
  search: boolean;
  currency: string;
};

export function CatalogListing({ query, facets, listing, category, search, currency }: Props) {
  const location = useLocation();
  const navigation = useNavigation();
  const submit = useSubmit();
  const busy = navigation.state === "loading" && navigation.location?.pathname === location.pathname;
  const basePath = location.pathname;
  const heading = search ? (query.q ? `Results for “${query.q}”` : "Search the collection") : (category?.name ?? "All pieces");
  const withoutPage = { ...query, page: 1 };
  const activeCount =
    query.materials.length + query.producers.length + (query.minPrice !== undefined ? 1 : 0) + (query.maxPrice !== undefined ? 1 : 0) + (query.inStockOnly ? 1 : 0);

  return (
    <div className="listing">
      <header className="listing-head">
        <Breadcrumbs
          items={[
            { label: "Home", to: "/" },
            { label: "Shop", to: category || search ? "/shop" : undefined },
            ...(category ? [{ label: category.name }] : []),
            ...(search ? [{ label: "Search" }] : []),
          ]}
        />
        <h1>{heading}</h1>
        {category ? <p className="lede">{category.description}</p> : null}
        {search ? (
          <Form method="get" role="search" className="listing-search">
            <label htmlFor="search-q">Search for</label>
            <div className="search-row">
              <input id="search-q" name="q" type="search" defaultValue={query.q ?? ""} maxLength={MAX_SEARCH_LENGTH} placeholder="e.g. basket, silver hoops, teak stool" />
              <CurrencyField />
              <button type="submit" className="button">
                Search
              </button>
            </div>
          </Form>
        ) : null}
      </header>

      <nav aria-label="Categories" className="category-pills">
        <ul>
          <li>
            {/* On search results the chips narrow the search (keeping the words); elsewhere they are the category pages. */}
            <Link
              to={search ? `/search${listingSearch(withoutPage, { category: undefined }, true)}` : `/shop${catalogQueryToSearch(withoutPage, { q: undefined })}`}
              aria-current={(!category && !search) || (search && !query.category) ? "page" : undefined}
            >
              All
            </Link>
          </li>
          {facets.categories.map((c) => (
            <li key={c.slug}>
              <Link
                to={search ? `/search${listingSearch(withoutPage, { category: c.slug }, true)}` : `/shop/${c.slug}${catalogQueryToSearch(withoutPage, { q: undefined })}`}
                aria-current={category?.slug === c.slug || (search && query.category === c.slug) ? "page" : undefined}
                prefetch="intent"
              >
                {c.name}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <div className="listing-body">
        <details className="filters-disclosure" open={activeCount > 0 ? true : undefined}>
          <summary>Filter and sort{activeCount ? ` (${activeCount} active)` : ""}</summary>
        <Form
          method="get"
          className="filters"
          aria-label="Filter and sort"
          onChange={(event) => {
            const target = event.target as HTMLInputElement;
            // Number fields submit on Enter or with the button, so typing "1" doesn't reload mid-number.
            if (target.type === "number" || target.type === "search") return;
            submit(event.currentTarget, { replace: true, preventScrollReset: true });
          }}
        >
          <CurrencyField />
          {search && query.q ? <input type="hidden" name="q" value={query.q} /> : null}
          {search && query.category ? <input type="hidden" name="category" value={query.category} /> : null}
          <div className="filter-group">
            <label htmlFor="sort">Sort by</label>
            <select id="sort" name="sort" defaultValue={query.sort}>
              {sortOptions
                .filter((s) => s !== "relevance" || query.q)
                .map((s) => (
                  <option key={s} value={s}>
                    {sortLabels[s]}
                  </option>
                ))}
            </select>
          </div>
          <fieldset className="filter-group">
            <legend>Availability</legend>
            <label className="check">
              <input type="checkbox" name="instock" value="1" defaultChecked={query.inStockOnly} /> In stock only
            </label>
          </fieldset>
          <fieldset className="filter-group">
            <legend>Price ({currency})</legend>
            <div className="price-range">
              <label>
                <span>From</span>
                <input type="number" name="min" min={0} step={1} inputMode="numeric" defaultValue={query.minPrice ?? ""} />
              </label>
              <label>
                <span>To</span>
                <input type="number" name="max" min={0} step={1} inputMode="numeric" defaultValue={query.maxPrice ?? ""} />
              </label>
            </div>
          </fieldset>
          <CheckboxGroup legend="Material" name="material" options={facets.materials} checked={query.materials} />
          <CheckboxGroup legend="Producer group" name="producer" options={facets.producers} checked={query.producers} />
          <div className="filter-actions">
            <button type="submit" className="button">
              Apply filters
            </button>
            <Link to={search && query.q ? `${basePath}?q=${encodeURIComponent(query.q)}` : basePath} className="text-link">
              Clear all
            </Link>
          </div>
        </Form>
        </details>

        <section className="results" aria-labelledby="results-count" aria-busy={busy}>
          {/* The cards' titles are h3s: this keeps the outline h1 → h2 → h3 for screen readers. */}
          <h2 className="visually-hidden">Pieces</h2>
          <div className="results-bar">
            <p id="results-count" role="status">
              {listing.total === 1 ? "1 piece" : `${listing.total}${listing.totalIsLowerBound ? "+" : ""} pieces`}
              {listing.pageCount > 1 ? ` · page ${listing.page} of ${listing.pageCount}${listing.totalIsLowerBound ? "+" : ""}` : ""}
              {listing.fuzzy && query.q ? ` · no exact match for “${query.q}”, showing close spellings` : ""}
            </p>
            <ActiveFilters query={query} facets={facets} basePath={basePath} currency={currency} search={search} />
          </div>
          {listing.items.length ? (
            <ProductGrid products={listing.items} priorityCount={4} label="Products" />
          ) : (
            <EmptyResults query={query} listing={listing} basePath={basePath} filtered={activeCount > 0 || Boolean(search && query.category)} />
          )}
          <Pagination query={query} listing={listing} basePath={basePath} search={search} />
        </section>
      </div>
    </div>
  );
}

/** No pieces: past the last page, too many filters, or (with no filter set) a search that found nothing. */
function EmptyResults({ query, listing, basePath, filtered }: { query: CatalogQuery; listing: Props["listing"]; basePath: string; filtered: boolean }) {
  if (listing.total > 0) {
    return (
      <div className="empty-state">
        <h2>Nothing on this page</h2>
        <p>This page is past the end of the results.</p>
        <Link to={basePath + catalogQueryToSearch(query, { page: 1 })} className="button button-ghost">
          Back to the first page
        </Link>
      </div>
    );
  }
  if (filtered) {
    return (
      <div className="empty-state">
        <h2>Nothing matches just now</h2>
        <p>Try fewer filters, or a different word: “basket”, “silver”, “teak”.</p>
        <Link to={query.q ? `${basePath}?q=${encodeURIComponent(query.q)}` : basePath} className="button button-ghost">
          Clear filters
        </Link>
      </div>
    );
  }
  return (
    <div className="empty-state">
      <h2>{query.q ? `No pieces match “${query.q}”` : "Nothing here yet"}</h2>
      <p>Check the spelling, or try a simpler word. Shoppers often look for:</p>
      <p className="empty-suggestions">
        {["basket", "silver", "teak", "batik", "leather"].map((word, i) => (
          <span key={word}>
            {i ? " · " : ""}
            <Link to={`/search?q=${word}`}>{word}</Link>
          </span>
        ))}
      </p>
      <Link to="/shop" className="button button-ghost">
        Browse all pieces
      </Link>
    </div>
  );
}

/** The listing's query string; /search carries its category as a parameter (a category page has it in the path). */
function listingSearch(query: CatalogQuery, overrides: Partial<CatalogQuery>, search: boolean) {
  const text = catalogQueryToSearch(query, overrides);
  const chosen = "category" in overrides ? overrides.category : query.category;
  if (!search || !chosen) return text;
  return `${text}${text ? "&" : "?"}category=${encodeURIComponent(chosen)}`;
}

function ActiveFilters({ query, facets, basePath, currency, search }: { query: CatalogQuery; facets: Props["facets"]; basePath: string; currency: string; search: boolean }) {
  const chips: { label: string; to: string }[] = [];
  const base = { ...query, page: 1 };
  const catalogQueryToSearch = (q: CatalogQuery, overrides: Partial<CatalogQuery>) => listingSearch(q, overrides, search);
  for (const m of query.materials) {
    const name = facets.materials.find((f) => f.slug === m)?.name ?? m;
    chips.push({ label: name, to: basePath + catalogQueryToSearch(base, { materials: query.materials.filter((x) => x !== m) }) });
  }
  for (const p of query.producers) {
    const name = facets.producers.find((f) => f.slug === p)?.name ?? p;
    chips.push({ label: name, to: basePath + catalogQueryToSearch(base, { producers: query.producers.filter((x) => x !== p) }) });
  }
  if (query.minPrice !== undefined) chips.push({ label: `From ${query.minPrice} ${currency}`, to: basePath + catalogQueryToSearch(base, { minPrice: undefined }) });
  if (query.maxPrice !== undefined) chips.push({ label: `To ${query.maxPrice} ${currency}`, to: basePath + catalogQueryToSearch(base, { maxPrice: undefined }) });
  if (query.inStockOnly) chips.push({ label: "In stock", to: basePath + catalogQueryToSearch(base, { inStockOnly: false }) });
  if (!chips.length) return null;
  return (
    <ul className="active-filters" aria-label="Active filters">
      {chips.map((chip) => (
        <li key={chip.label}>
          <Link to={chip.to} preventScrollReset aria-label={`Remove filter: ${chip.label}`}>
            {chip.label} <span aria-hidden="true">×</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

function Pagination({ query, listing, basePath, search }: { query: CatalogQuery; listing: Props["listing"]; basePath: string; search: boolean }) {
  if (listing.pageCount <= 1) return null;
  const entries = pageWindow(listing.page, listing.pageCount);
  const href = (page: number) => basePath + listingSearch(query, { page }, search);
  return (
    <nav aria-label="Pagination" className="pagination">
      <ul>
        {listing.page > 1 ? (
          <li>
            <Link to={href(listing.page - 1)} rel="prev">
              ← Previous
            </Link>
          </li>
        ) : null}
        {entries.map((entry) =>
          "gap" in entry ? (
            <li key={`gap-${entry.gap}`} aria-hidden="true" className="pagination-gap">
              …
            </li>
          ) : (
            <li key={entry.page}>
              <Link to={href(entry.page)} aria-current={entry.page === listing.page ? "page" : undefined} aria-label={`Page ${entry.page}`}>
                {entry.page}
              </Link>
            </li>
          ),
        )}
        {listing.page < listing.pageCount ? (
          <li>
            <Link to={href(listing.page + 1)} rel="next">
              Next →
            </Link>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

function CheckboxGroup({ legend, name, options, checked }: { legend: string; name: string; options: { slug: string; name: string }[]; checked: string[] }) {
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
