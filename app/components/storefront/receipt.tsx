import { PhotoPlaceholder, Picture } from "~/components/ui/picture";
import { Link } from "~/components/ui/shop-link";
import { fairTradePrinciples } from "~/domain/catalog/principles";
import { formatMoney } from "~/domain/money/money";
import type { Receipt } from "~/models/bazaar/receipts.server";
import { dateTimeFormat } from "~/domain/platform/intl-format";

/** A receipt as the page receives it: the time of sale as an ISO string. */
export type ReceiptView = Omit<Receipt, "soldAt"> & { soldAt: string };

const paymentLabels: Record<Receipt["paymentMethod"], string> = { cash: "Cash", qris: "QRIS", card: "Card", transfer: "Bank transfer" };

/** Why each principle matters, in one line a buyer reads on a phone. */
const principleLines: Record<number, string> = {
  1: "We buy from groups that markets usually pass by, so making is a way out of poverty.",
  2: "Makers see our prices and our books; nothing about this piece is hidden.",
  3: "Orders are paid on time, with an advance before work starts.",
  4: "The price was agreed with the makers and covers a living wage.",
  5: "No child labour and no forced labour, checked on every field visit.",
  6: "Women and men are paid alike and decide together.",
  7: "Workshops are safe, and working hours are reasonable.",
  8: "Part of every order goes into skills and tools for the group.",
  9: "Buying this tells others that fair trade works. Thank you.",
  10: "Natural, local materials, and a tree planted for every 1,500 US dollars of turnover.",
};

export function ReceiptCard({ receipt }: { receipt: ReceiptView }) {
  const money = (amountMinor: number) => formatMoney({ amountMinor, currency: receipt.currency });
  const principle = fairTradePrinciples.find((p) => p.number === receipt.receiptPrinciple) ?? fairTradePrinciples[0];
  const soldAt = dateTimeFormat("en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "Asia/Jakarta" }).format(new Date(receipt.soldAt));
  const pieceCount = receipt.lines.reduce((n, l) => n + l.quantity, 0);
  return (
    <article className="receipt" aria-labelledby="receipt-title">
      <header className="receipt-head">
        <p className="eyebrow">Receipt</p>
        <h1 id="receipt-title">{receipt.event.name}</h1>
        <p className="receipt-where">
          {receipt.event.venue}, {receipt.event.city}
          <br />
          <time dateTime={receipt.soldAt}>{soldAt}</time> WIB
        </p>
      </header>

      <ul className="receipt-lines" aria-label={`${pieceCount} ${pieceCount === 1 ? "piece" : "pieces"} bought`}>
        {receipt.lines.map((line) => (
          <li key={line.id} className="receipt-line">
            <div className="receipt-photo">
              {line.image ? <Picture image={line.image} sizes="80px" /> : <PhotoPlaceholder title={line.productTitle} />}
            </div>
            <div className="receipt-piece">
              <Link to={`/products/${line.productSlug}`} className="receipt-piece-title">
                {line.productTitle}
              </Link>
              {line.variantTitle ? <span className="muted"> · {line.variantTitle}</span> : null}
              <p className="receipt-maker">
                Made by <Link to={`/producers/${line.producer.slug}`}>{line.producer.name}</Link>
                <span className="muted">
                  {" "}
                  in {line.producer.village}, {line.producer.province}
                </span>
              </p>
            </div>
            <p className="receipt-amount">
              <span className="muted">
                {line.quantity} × {money(line.unitPriceMinor)}
              </span>
              <strong>{money(line.lineTotalMinor)}</strong>
            </p>
          </li>
        ))}
      </ul>

      <dl className="receipt-totals">
        <div className="receipt-total">
          <dt>Total</dt>
          <dd>{money(receipt.totalMinor)}</dd>
        </div>
        <div>
          <dt>Paid by</dt>
          <dd>{paymentLabels[receipt.paymentMethod]}</dd>
        </div>
        {receipt.paymentMethod === "cash" && receipt.tenderedMinor !== null ? (
          <>
            <div>
              <dt>Cash given</dt>
              <dd>{money(receipt.tenderedMinor)}</dd>
            </div>
            <div>
              <dt>Change</dt>
              <dd>{money(receipt.changeMinor ?? 0)}</dd>
            </div>
          </>
        ) : null}
      </dl>

      <aside className="receipt-principle" aria-labelledby="principle-title">
        <span className="receipt-principle-number" aria-hidden="true">
          {principle.number}
        </span>
        <div>
          <h2 id="principle-title">
            Fair Trade principle {principle.number} of 10: {principle.title}
          </h2>
          <p>{principleLines[principle.number]}</p>
        </div>
      </aside>

      <footer className="receipt-foot">
        <p>Terima kasih! Thank you for buying fair trade.</p>
        <p className="muted">Receipt {receipt.clientSaleId}</p>
      </footer>
    </article>
  );
}
