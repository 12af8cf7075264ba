import { memo, useMemo, useState } from "react";
import type { PosPiece } from "~/models/bazaar/pos-catalog.server";
import { categoriesOf, searchPieces } from "./cart";
import { useI18n } from "./i18n";

/** Search by name or SKU and browse by category: a grid of photo tiles, each one tap to add. */
/**
 * The event's pieces as tiles. Memoised: the till re-renders on every keystroke of a payment and every sync tick,
 * and the tiles only change with the catalogue, the cart or the search (see the tap-to-receipt bench).
 */
export const CatalogPanel = memo(function CatalogPanel({ pieces, inCart, onAdd }: { pieces: readonly PosPiece[]; inCart: ReadonlyMap<number, number>; onAdd: (variantId: number) => void }) {
  const { t, rupiah } = useI18n();
  const [query, setQuery] = useState("");
  const [category, setCategory] = useState<string | null>(null);
  const categories = useMemo(() => categoriesOf(pieces), [pieces]);
  const shown = useMemo(() => searchPieces(pieces, query, category), [pieces, query, category]);
  return (
    <section className="pos-catalog" aria-label={t("catalogRegion")}>
      <div className="pos-search">
        <label className="visually-hidden" htmlFor="pos-search">
          {t("searchLabel")}
        </label>
        <input id="pos-search" type="search" value={query} placeholder={t("searchPlaceholder")} autoComplete="off" enterKeyHint="search" onChange={(e) => setQuery(e.target.value)} />
      </div>
      <div className="pos-categories" role="group" aria-label={t("categories")}>
        <button type="button" className="pos-category" aria-pressed={category === null} onClick={() => setCategory(null)}>
          {t("allCategories")}
        </button>
        {categories.map((name) => (
          <button key={name} type="button" className="pos-category" aria-pressed={category === name} onClick={() => setCategory(name)}>
            {name}
          </button>
        ))}
      </div>
      {shown.length ? (
        <ul className="pos-tiles plain">
          {shown.map((piece) => {
            const name = piece.variantLabel ? `${piece.productName} · ${piece.variantLabel}` : piece.productName;
            const count = inCart.get(piece.variantId) ?? 0;
            const left = piece.onHand - count;
            return (
              <li key={piece.variantId}>
                <button type="button" className="pos-tile" aria-label={t("addToCart", { name })} onClick={() => onAdd(piece.variantId)}>
                  <span className="pos-tile-photo" style={{ backgroundColor: piece.photoPlaceholder }}>
                    {piece.photoUrl ? <img src={piece.photoUrl} alt="" loading="lazy" decoding="async" width={320} height={320} /> : null}
                    {count ? <span className="pos-tile-count">{count}</span> : null}
                  </span>
                  <span className="pos-tile-body">
                    <span className="pos-tile-name">{piece.productName}</span>
                    {piece.variantLabel ? <span className="pos-tile-variant">{piece.variantLabel}</span> : null}
                    <span className="pos-tile-maker">{piece.producerGroup}</span>
                    <span className="pos-tile-foot">
                      <span className="pos-tile-price">{rupiah(piece.bazaarPriceMinor)}</span>
                      <span className={left > 0 ? "pos-tile-stock" : "pos-tile-stock pos-tile-stock-out"}>{left > 0 ? t("inStock", { count: left }) : t("outOfStock")}</span>
                    </span>
                    <span className="pos-tile-sku">{piece.sku}</span>
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="pos-empty">{t("noPieces")}</p>
      )}
    </section>
  );
});
