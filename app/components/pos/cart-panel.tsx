import { cartCount, cartTotal, type PricedLine } from "./cart";
import { useI18n } from "./i18n";

/** The cart beside the catalogue (below it on a phone): quantities with big − and + targets, and the total. */
export function CartPanel({ lines, onQuantity, onClear, onPay }: {
  lines: readonly PricedLine[];
  onQuantity: (variantId: number, quantity: number) => void;
  onClear: () => void;
  onPay: () => void;
}) {
  const { t, rupiah } = useI18n();
  const total = cartTotal(lines);
  return (
    <section className="pos-cart" aria-label={t("cartRegion")}>
      <header className="pos-cart-head">
        <h2>{t("cartTitle")}</h2>
        <span className="pos-cart-count">{t("cartItems", { count: cartCount(lines) })}</span>
        {lines.length ? (
          <button type="button" className="pos-link-button" onClick={onClear}>
            {t("clearCart")}
          </button>
        ) : null}
      </header>
      {lines.length ? (
        <ul className="pos-cart-lines plain">
          {lines.map((line) => {
            const name = line.piece.variantLabel ? `${line.piece.productName} · ${line.piece.variantLabel}` : line.piece.productName;
            return (
              <li key={line.variantId} className="pos-cart-line">
                <span className="pos-cart-name">
                  {name}
                  <span className="pos-cart-unit">{rupiah(line.piece.bazaarPriceMinor)}</span>
                </span>
                <span className="pos-stepper">
                  <button type="button" aria-label={t("decrease", { name })} onClick={() => onQuantity(line.variantId, line.quantity - 1)}>
                    <span aria-hidden="true">−</span>
                  </button>
                  <output aria-label={t("quantityOf", { name })}>{line.quantity}</output>
                  <button type="button" aria-label={t("increase", { name })} onClick={() => onQuantity(line.variantId, line.quantity + 1)}>
                    <span aria-hidden="true">+</span>
                  </button>
                </span>
                <span className="pos-cart-line-total">{rupiah(line.lineTotalMinor)}</span>
                <button type="button" className="pos-remove" aria-label={t("remove", { name })} onClick={() => onQuantity(line.variantId, 0)}>
                  <span aria-hidden="true">×</span>
                </button>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="pos-empty">{t("cartEmpty")}</p>
      )}
      <footer className="pos-cart-foot">
        <p className="pos-total">
          <span>{t("total")}</span>
          <strong data-testid="cart-total">{rupiah(total)}</strong>
        </p>
        <button type="button" className="pos-pay" disabled={!lines.length} onClick={onPay}>
          <span>{t("pay")}</span> <span className="pos-pay-amount">{rupiah(total)}</span>
        </button>
      </footer>
    </section>
  );
}
