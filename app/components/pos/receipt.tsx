import { useState } from "react";
import { jakartaDate } from "~/domain/bazaar/business-date";
import type { HistoryEntry } from "./offline/db";
import { saleNumber } from "./cart";
import { useI18n } from "./i18n";
import { principleKey, type MessageKey } from "./messages";
import { QrImage } from "./qr-image";

export type PaperWidth = "58" | "80";

const methodLabel: Record<HistoryEntry["sale"]["paymentMethod"], MessageKey> = {
  cash: "methodCash",
  qris: "methodQris",
  card: "methodCard",
  transfer: "methodTransfer",
};

/** An address as printed: no scheme, which every phone's browser adds back. */
export const displayLink = (url: string) => url.replace(/^https?:\/\//, "");

/** The printed receipt: only this paper is printed (pos.css), on a 58 or 80 mm roll chosen by `paper`. */
export function ReceiptPaper({ entry, origin, paper }: { entry: HistoryEntry; origin: string; paper: PaperWidth }) {
  const { t, rupiah, time, date } = useI18n();
  const { sale } = entry;
  const link = `${origin}/receipt/${sale.clientSaleId}`;
  return (
    <article className="pos-receipt-paper" data-paper={paper} aria-label={t("receiptTitle")}>
      <header className="pos-receipt-head">
        <p className="pos-receipt-shop">{t("receiptShop")}</p>
        {entry.eventName ? <p className="pos-receipt-event">{entry.eventName}</p> : null}
        <p className="pos-receipt-meta">
          <span>{t("receiptSale", { number: saleNumber(entry.deviceLabel, sale.deviceSeq) })}</span>
          <span>
            {date(jakartaDate(new Date(sale.soldAt)))} {time(sale.soldAt)}
          </span>
        </p>
      </header>
      <ul className="pos-receipt-lines plain">
        {entry.lines.map((line) => (
          <li key={line.variantId}>
            <span className="pos-receipt-item">
              {line.name}
              {line.variantLabel ? ` · ${line.variantLabel}` : null}
              <small>{t("receiptLine", { quantity: line.quantity, price: rupiah(line.unitPriceMinor) })}</small>
            </span>
            <span>{rupiah(line.quantity * line.unitPriceMinor)}</span>
          </li>
        ))}
      </ul>
      <dl className="pos-receipt-sums">
        <div className="pos-receipt-total">
          <dt>{t("total")}</dt>
          <dd>{rupiah(sale.totalMinor)}</dd>
        </div>
        <div>
          <dt>{t("receiptPayment", { method: t(methodLabel[sale.paymentMethod]) })}</dt>
          <dd>{sale.paymentReference ? t("receiptReference", { reference: sale.paymentReference }) : null}</dd>
        </div>
        {sale.paymentMethod === "cash" ? (
          <>
            <div>
              <dt>{t("receiptTendered")}</dt>
              <dd>{rupiah(sale.tenderedMinor ?? sale.totalMinor)}</dd>
            </div>
            <div>
              <dt>{t("receiptChange")}</dt>
              <dd data-testid="receipt-change">{rupiah(sale.changeMinor ?? 0)}</dd>
            </div>
          </>
        ) : null}
      </dl>
      {/* A static QRIS code confirms nothing to the till, online or not: staff verify every QRIS sale. */}
      {sale.paymentMethod === "qris" ? <p className="pos-receipt-flag">{t("receiptToVerify")}</p> : null}
      <aside className="pos-receipt-principle">
        <p className="pos-receipt-principle-heading">{t("receiptPrincipleHeading", { number: sale.receiptPrinciple })}</p>
        <p>{t(principleKey(sale.receiptPrinciple))}</p>
      </aside>
      <figure className="pos-receipt-qr">
        <QrImage text={link} alt={t("receiptQrAlt")} size={180} />
        <figcaption>
          {t("receiptQrCaption")}
          {/* The address the code holds, for a buyer whose phone can't scan it. */}
          <span className="pos-receipt-link">{displayLink(link)}</span>
        </figcaption>
      </figure>
      <p className="pos-receipt-thanks">{t("receiptThanks")}</p>
    </article>
  );
}

/** After a sale: the receipt to print, or a large QR for the buyer's phone, and the way to the next sale. */
export function ReceiptScreen({ entry, origin, paper, onPaper, onDone }: {
  entry: HistoryEntry;
  origin: string;
  paper: PaperWidth;
  onPaper: (paper: PaperWidth) => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [showQr, setShowQr] = useState(false);
  return (
    <section className="pos-receipt-screen" aria-label={t("receiptTitle")}>
      <div className="pos-receipt-stage">
        {showQr ? (
          <figure className="pos-buyer-qr">
            <figcaption>
              <strong>{t("buyerQrTitle")}</strong>
              <span>{t("buyerQrIntro")}</span>
            </figcaption>
            <QrImage text={`${origin}/receipt/${entry.sale.clientSaleId}`} alt={t("receiptQrAlt")} size={320} />
          </figure>
        ) : null}
        <div className={showQr ? "pos-receipt-print-only" : undefined}>
          <ReceiptPaper entry={entry} origin={origin} paper={paper} />
        </div>
      </div>
      <div className="pos-receipt-actions">
        <div className="pos-paper" role="group" aria-label={t("paperWidth")}>
          <button type="button" aria-pressed={paper === "58"} onClick={() => onPaper("58")}>
            {t("paper58")}
          </button>
          <button type="button" aria-pressed={paper === "80"} onClick={() => onPaper("80")}>
            {t("paper80")}
          </button>
        </div>
        <button type="button" className="pos-secondary" onClick={() => window.print()}>
          {t("printReceipt")}
        </button>
        <button type="button" className="pos-secondary" onClick={() => setShowQr((shown) => !shown)}>
          {showQr ? t("hideQr") : t("showQr")}
        </button>
        <button type="button" className="pos-primary" onClick={onDone}>
          {t("newSale")}
        </button>
      </div>
    </section>
  );
}
