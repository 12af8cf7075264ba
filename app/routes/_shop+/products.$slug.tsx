import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Await, useLoaderData } from "@remix-run/react";
import { Suspense } from "react";
import { Link } from "~/components/ui/shop-link";
import { getDb } from "~db/client.server";
import { cachedCatalogRead } from "~/utils/catalog-cache.server";
import { Breadcrumbs } from "~/components/ui/breadcrumbs";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { PhotoPlaceholder, Picture } from "~/components/ui/picture";
import { AddToCart } from "~/components/storefront/add-to-cart";
import { useMoney } from "~/components/ui/price";
import { ProductGrid, ProductGridPlaceholder } from "~/components/storefront/product-card";
import { ProvenancePanel } from "~/components/storefront/provenance";
import { producerSharePercent } from "~/domain/catalog/pricing";
import { isSlug } from "~/domain/catalog/slug";
import { stockStatus } from "~/domain/stock/stock";
import { formatNumber } from "~/domain/platform/intl-format";
import { findProductRedirect, getProductBySlug, listProducerProducts, RELATED_PIECES } from "~/models/catalog/catalog.server";
import { getSiteContext } from "~/models/catalog/site.server";
import { productTreeRate } from "~/models/impact/badges.server";
import { onlineAvailableOf } from "~/models/stock/online-available.server";
import { catalogHeaders, pageKeys } from "~/utils/http.server";
import { notFound } from "~/web/refusal.server";
import { publicOrigin } from "~/utils/env.server";
import { imageUrl, srcSet } from "~/utils/images";
import { seoMeta, truncate } from "~/utils/seo";
import { cardViews } from "./listing.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const slug = params.slug ?? "";
  // Hand-typed links often differ only in case: send them to the canonical address.
  if (slug !== slug.toLowerCase()) throw redirect(`/products/${slug.toLowerCase()}`, 301);
  if (!isSlug(slug)) notFound("There is no piece at that address.");
  const db = getDb();
  const [product, site] = await Promise.all([
    cachedCatalogRead(`product:${slug}`, async () => (await getProductBySlug(db, { slug })) ?? null),
    cachedCatalogRead("site", () => getSiteContext(db)),
  ]);
  if (!product) {
    const moved = await findProductRedirect(db, { oldSlug: slug });
    if (moved) throw redirect(`/products/${moved}`, 301);
    notFound("There is no piece at that address.");
  }
  // A slow extra: the cards stream in after the piece itself, in the same response (bots wait for them).
  const related = product.relatedIds.length
    ? cachedCatalogRead(`related:${product.id}`, () => listProducerProducts(db, { producerId: product.producerId, excludeProductId: product.id, limit: RELATED_PIECES })).then(cardViews)
    : Promise.resolve([]);
  // The lowest price decides, so the claim holds for every variant; the rates are the root loader's cached read.
  const trees = productTreeRate(product.variants, site.rates);
  const idrRate = site.rates.IDR;
  // The share is worked out here, so the producer's price itself stays on the server.
  const variants = product.variants.map(({ stock, producerPriceMinor, producerCurrency, ...v }) => ({
    ...v,
    available: onlineAvailableOf({ stock }),
    sharePercent: idrRate
      ? producerSharePercent({ amountMinor: v.retailPriceMinor, currency: v.retailCurrency }, { amountMinor: producerPriceMinor, currency: producerCurrency }, idrRate)
      : null,
  }));
  const url = new URL(request.url);
  const requested = Number(url.searchParams.get("variant"));
  const selected = variants.find((v) => v.id === requested) ?? variants.find((v) => v.available > 0) ?? variants[0];
  const origin = publicOrigin();
  // Its producer group's story and visits show here (provenance), and so do the related pieces' cards.
  const keys = [`product:${product.id}`, `producer:${product.producer.id}`, ...product.relatedIds.map((id) => `product:${id}`)];
  const { id: _producerId, ...producer } = product.producer;
  return data(
    {
      // Only what the page and its JSON-LD show: no internal ids, stock rows or producer prices.
      product: {
        slug: product.slug,
        title: product.title,
        summary: product.summary,
        description: product.description,
        oneOfAKind: product.oneOfAKind,
        technique: product.technique,
        careNotes: product.careNotes,
        hsCode: product.hsCode,
        size: dimensionText(product),
        category: product.category,
        producer,
        materials: product.materials.map((m) => m.material.name),
        images: product.images,
        variants,
      },
      selectedVariantId: selected?.id ?? null,
      relatedCount: product.relatedIds.length,
      related,
      trees,
      origin,
      canonical: `${origin}/products/${product.slug}`,
    },
    pageKeys(keys),
  );
}

export const headers = catalogHeaders;

/** The gallery's first photo is as wide as the screen on a phone and a little over half of it on a desk. */
const gallerySizes = "(min-width: 960px) 55vw, 100vw";

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [{ title: "Not found · Kriya" }];
  const { product, origin, canonical } = data;
  const image = product.images[0];
  const imageAbs = image ? `${origin}${imageUrl(image.hash, image.widths[image.widths.length - 1]!, "jpeg")}` : undefined;
  const offers = product.variants.map((v) => ({
    "@type": "Offer",
    sku: v.sku,
    price: (v.retailPriceMinor / 100).toFixed(2),
    priceCurrency: v.retailCurrency,
    availability: v.available > 0 ? "https://schema.org/InStock" : "https://schema.org/OutOfStock",
    url: `${canonical}?variant=${v.id}`,
    itemCondition: "https://schema.org/NewCondition",
  }));
  return [
    ...seoMeta({ title: product.title, description: truncate(product.summary), canonical, image: imageAbs, type: "product" }),
    // The photo is the page's largest paint: ask for it from the head, before the browser reaches the stylesheet and
    // the scripts. AVIF only, as the <picture> prefers it; a browser without AVIF skips this and takes its own pick.
    ...(image
      ? [{ tagName: "link", rel: "preload", as: "image", type: "image/avif", imageSrcSet: srcSet(image.hash, image.widths, "avif"), imageSizes: gallerySizes, fetchpriority: "high" }]
      : []),
    {
      "script:ld+json": {
        "@context": "https://schema.org",
        "@type": "Product",
        name: product.title,
        description: product.summary,
        sku: product.variants[0]?.sku,
        image: product.images.map((i) => `${origin}${imageUrl(i.hash, i.widths[i.widths.length - 1]!, "jpeg")}`),
        category: product.category.name,
        material: product.materials.join(", "),
        brand: { "@type": "Brand", name: product.producer.name, url: `${origin}/producers/${product.producer.slug}` },
        offers,
      },
    },
  ];
};

function dimensionText(p: { lengthMm: number | null; widthMm: number | null; heightMm: number | null }) {
  const parts = [p.lengthMm, p.widthMm, p.heightMm].filter((n): n is number => !!n).map((mm) => formatNumber(mm / 10));
  return parts.length ? `${parts.join(" × ")} cm` : null;
}

export default function ProductPage() {
  const { product, selectedVariantId, relatedCount, related, trees } = useLoaderData<typeof loader>();
  const variant = product.variants.find((v) => v.id === selectedVariantId) ?? product.variants[0]!;
  const status = stockStatus(variant.available);
  const money = useMoney();
  const dims = product.size;

  return (
    <article className="product-page">
      <Breadcrumbs
        items={[
          { label: "Shop", to: "/shop" },
          { label: product.category.name, to: `/shop/${product.category.slug}` },
          { label: product.title },
        ]}
      />
      <div className="product-layout">
        <section className="gallery" aria-label="Photos">
          {product.images.length === 0 ? <PhotoPlaceholder title={product.title} className="gallery-placeholder" /> : null}
          <ul className="gallery-track">
            {product.images.map((image, index) => (
              <li key={image.hash} id={`photo-${index + 1}`} className="gallery-slide">
                <Picture image={image} priority={index === 0} sizes={gallerySizes} />
              </li>
            ))}
          </ul>
          {product.images.length > 1 ? (
            <ul className="gallery-thumbs">
              {product.images.map((image, index) => (
                <li key={image.hash}>
                  <a href={`#photo-${index + 1}`} aria-label={`Show photo ${index + 1} of ${product.images.length}`}>
                    <Picture image={image} sizes="96px" alt="" />
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </section>

        <div className="product-info">
          <p className="eyebrow">
            <Link to={`/producers/${product.producer.slug}`}>{product.producer.name}</Link> · {product.producer.province}
          </p>
          <h1>{product.title}</h1>
          <p className="product-price" aria-live="polite">
            {money.fromUsd(variant.retailPriceMinor)}
          </p>
          <p className={`stock stock-${status}`}>
            {status === "sold_out" ? "Sold out" : status === "low_stock" ? `Only ${variant.available} left` : "In stock, ships from Jakarta"}
          </p>

          {product.variants.length > 1 ? (
            <nav className="variant-picker" aria-label="Choose an option">
              <p className="variant-label" id="variant-label">
                Option: <strong>{variant.title}</strong>
              </p>
              <ul aria-labelledby="variant-label">
                {product.variants.map((v) => (
                  <li key={v.id}>
                    <Link
                      to={`?variant=${v.id}`}
                      replace
                      preventScrollReset
                      aria-current={v.id === variant.id ? "true" : undefined}
                      className={v.available > 0 ? undefined : "is-sold-out"}
                      aria-label={`${v.title}${v.available > 0 ? "" : " (sold out)"}`}
                    >
                      {v.title}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}

          <AddToCart variantId={variant.id} available={variant.available} title={product.title} />

          <p className="product-summary">{product.summary}</p>
          {product.oneOfAKind ? <p className="tag">One of a kind: there is only this piece</p> : null}

          <ProvenancePanel
            producer={product.producer}
            technique={product.technique}
            sharePercent={variant.sharePercent}
            piecesPerTree={trees?.piecesPerTree ?? null}
          />

          <section className="product-details" aria-labelledby="details-title">
            <h2 id="details-title">About this piece</h2>
            {product.description.split(/\n\s*\n/).map((paragraph, i) => (
              <p key={i}>{paragraph}</p>
            ))}
            <dl className="facts">
              <div>
                <dt>Materials</dt>
                <dd>
                  {product.materials.join(", ")}
                </dd>
              </div>
              {dims ? (
                <div>
                  <dt>Size</dt>
                  <dd>{dims}</dd>
                </div>
              ) : null}
              <div>
                <dt>Weight</dt>
                <dd>{formatNumber(variant.weightGrams / 1000, "en-US", { maximumFractionDigits: 2 })} kg</dd>
              </div>
              <div>
                <dt>SKU</dt>
                <dd>{variant.sku}</dd>
              </div>
              {product.careNotes ? (
                <div>
                  <dt>Care</dt>
                  <dd>{product.careNotes}</dd>
                </div>
              ) : null}
              {product.hsCode ? (
                <div>
                  <dt>HS code</dt>
                  <dd>{product.hsCode}</dd>
                </div>
              ) : null}
            </dl>
          </section>
        </div>
      </div>

      {relatedCount ? (
        <section className="section" aria-labelledby="related-title">
          <div className="section-head">
            <h2 id="related-title">More from {product.producer.name}</h2>
            <Link to={`/producers/${product.producer.slug}`}>Meet the group</Link>
          </div>
          <Suspense fallback={<ProductGridPlaceholder count={relatedCount} label={`More from ${product.producer.name}`} />}>
            {/* A read that failed or ran past the stream's time leaves a way to the pieces, never an error page. */}
            <Await
              resolve={related}
              errorElement={
                <p className="muted">
                  <Link to={`/producers/${product.producer.slug}`}>See every piece by {product.producer.name}</Link>
                </p>
              }
            >
              {(pieces) => <ProductGrid products={pieces} label={`More from ${product.producer.name}`} />}
            </Await>
          </Suspense>
        </section>
      ) : null}
    </article>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
