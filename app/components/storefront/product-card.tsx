import { Link } from "~/components/ui/shop-link";
import type { ProductCard } from "~/models/catalog/catalog.server";
import { PhotoPlaceholder, Picture } from "~/components/ui/picture";
import { useMoney } from "~/components/ui/price";

/** What a card shows of a piece (loaders send no more: see cardViews in routes/_shop+/listing.server.ts). */
type Card = Pick<ProductCard, "id" | "slug" | "title" | "oneOfAKind" | "producerName" | "producerSlug" | "minPriceMinor" | "maxPriceMinor" | "available" | "image">;

/** A USD price range shown in the shopper's currency. */
export function PriceRange({ min, max }: { min: number; max: number }) {
  const money = useMoney();
  if (min === max) return <>{money.fromUsd(min)}</>;
  return <>from {money.fromUsd(min)}</>;
}

export function ProductCard({ product, priority = false }: { product: Card; priority?: boolean }) {
  const soldOut = product.available <= 0;
  return (
    <article className="product-card">
      <Link to={`/products/${product.slug}`} prefetch="intent" className="product-card-link">
        <div className="product-card-media">
          {product.image ? (
            <Picture
              image={product.image}
              priority={priority}
              sizes="(min-width: 1200px) 280px, (min-width: 768px) 30vw, 46vw"
              // The card's title names the link; the photo's alt would only say it again to a screen reader.
              alt=""
            />
          ) : (
            <PhotoPlaceholder title={product.title} />
          )}
          {soldOut ? <span className="tag tag-muted">Sold out</span> : product.oneOfAKind ? <span className="tag">One of a kind</span> : null}
        </div>
        <h3 className="product-card-title">{product.title}</h3>
      </Link>
      <p className="product-card-maker">
        by <Link to={`/producers/${product.producerSlug}`}>{product.producerName}</Link>
      </p>
      <p className="product-card-price">
        <PriceRange min={product.minPriceMinor} max={product.maxPriceMinor} />
      </p>
    </article>
  );
}

export function ProductGrid({ products, priorityCount = 0, label }: { products: Card[]; priorityCount?: number; label: string }) {
  return (
    <ul className="product-grid" aria-label={label}>
      {products.map((product, index) => (
        <li key={product.id}>
          <ProductCard product={product} priority={index < priorityCount} />
        </li>
      ))}
    </ul>
  );
}

/**
 * Stands in for a grid of `count` cards while they stream in: the same boxes (a square photo, a title, a maker
 * and a price line), so nothing moves when the cards arrive.
 */
export function ProductGridPlaceholder({ count, label }: { count: number; label: string }) {
  return (
    <ul className="product-grid" aria-label={label} aria-busy="true">
      {Array.from({ length: count }, (_, index) => (
        <li key={index}>
          <div className="product-card" aria-hidden="true">
            <div className="product-card-media" style={{ aspectRatio: "1" }} />
            <h3 className="product-card-title">&nbsp;</h3>
            <p className="product-card-maker">&nbsp;</p>
            <p className="product-card-price">&nbsp;</p>
          </div>
        </li>
      ))}
    </ul>
  );
}
