import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { formatMoneyInput, parseMoneyInput } from "~/domain/money/money";
import type { TillSale } from "./offline/db";
import { cashSuggestions, changeDue } from "./cart";
import { useI18n } from "./i18n";
import type { MessageKey } from "./messages";
import { QrImage } from "./qr-image";

export type Payment = { paymentMethod: TillSale["paymentMethod"]; paymentReference: string; tenderedMinor?: number };

const methods: { value: Payment["paymentMethod"]; label: MessageKey }[] = [
  { value: "cash", label: "methodCash" },
  { value: "qris", label: "methodQris" },
  { value: "card", label: "methodCard" },
  { value: "transfer", label: "methodTransfer" },
];

const referenceLabel: Record<Exclude<Payment["paymentMethod"], "cash">, MessageKey> = {
  qris: "qrisReference",
  card: "cardReference",
  transfer: "transferReference",
};

/** Parses what was typed as tendered cash; null while it is not whole rupiah. */
function tenderedFrom(text: string): number | null {
  if (!text.trim()) return null;
  try {
    const minor = parseMoneyInput(text, "IDR");
    return minor >= 0 ? minor : null;
  } catch {
    return null;
  }
}

/** The payment sheet, a modal dialog over the till: how the buyer pays, and for cash what they gave and the change. */
export function PaymentSheet({ totalMinor, qris, onCancel, onConfirm }: {
  totalMinor: number;
  qris: { payload: string; merchantName: string };
  onCancel: () => void;
  onConfirm: (payment: Payment) => Promise<void>;
}) {
  const { t, rupiah } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [method, setMethod] = useState<Payment["paymentMethod"]>("cash");
  const [tenderedText, setTenderedText] = useState("");
  const [reference, setReference] = useState("");
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  const tendered = tenderedFrom(tenderedText);
  const change = tendered === null ? null : changeDue(totalMinor, tendered);
  const cashProblem = method !== "cash" || !tenderedText.trim() ? null : tendered === null ? t("tenderedInvalid") : change === null ? t("tenderedShort") : null;
  const ready = method !== "cash" || change !== null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!ready || saving) return;
    setSaving(true);
    try {
      await onConfirm(method === "cash" ? { paymentMethod: "cash", paymentReference: "", tenderedMinor: tendered ?? totalMinor } : { paymentMethod: method, paymentReference: reference });
    } finally {
      setSaving(false);
    }
  }

  return (
    <dialog ref={dialog} className="pos-sheet" aria-labelledby={titleId} onCancel={(e) => { e.preventDefault(); onCancel(); }}>
      <form className="pos-sheet-body" onSubmit={submit}>
        <header className="pos-sheet-head">
          <h2 id={titleId}>{t("paymentTitle")}</h2>
          <p className="pos-sheet-total">
            <span>{t("total")}</span> <strong>{rupiah(totalMinor)}</strong>
          </p>
        </header>
        <fieldset className="pos-methods">
          <legend>{t("paymentMethod")}</legend>
          {methods.map((option) => (
            <label key={option.value} className="pos-method">
              <input type="radio" name="paymentMethod" value={option.value} checked={method === option.value} onChange={() => setMethod(option.value)} />
              <span>{t(option.label)}</span>
            </label>
          ))}
        </fieldset>

        {method === "cash" ? (
          <div className="pos-cash">
            <div className="pos-quick" role="group" aria-label={t("quickNotes")}>
              <button type="button" className="pos-note pos-note-exact" onClick={() => setTenderedText(formatMoneyInput(totalMinor, "IDR"))}>
                {t("exactCash")}
              </button>
              {cashSuggestions(totalMinor).map((amount) => (
                <button key={amount} type="button" className="pos-note" onClick={() => setTenderedText(formatMoneyInput(amount, "IDR"))}>
                  {rupiah(amount)}
                </button>
              ))}
            </div>
            <label className="pos-field">
              <span>{t("tendered")}</span>
              <input inputMode="numeric" autoComplete="off" value={tenderedText} onChange={(e) => setTenderedText(e.target.value)} aria-invalid={cashProblem ? true : undefined} aria-describedby={cashProblem ? `${titleId}-cash` : undefined} />
            </label>
            {cashProblem ? (
              <p className="pos-field-error" id={`${titleId}-cash`} role="alert">
                {cashProblem}
              </p>
            ) : null}
            <p className="pos-change">
              <span>{t("change")}</span>
              <output aria-live="polite" aria-label={t("change")}>{change === null ? null : rupiah(change)}</output>
            </p>
          </div>
        ) : (
          <div className="pos-noncash">
            {method === "qris" ? (
              qris.payload ? (
                <figure className="pos-qris">
                  <QrImage text={qris.payload} alt={t("qrisCode", { merchant: qris.merchantName })} className="pos-qris-code" size={260} />
                  <figcaption>
                    <strong>{qris.merchantName}</strong>
                    <span>{t("qrisScan")}</span>
                  </figcaption>
                </figure>
              ) : (
                <p className="pos-empty">{t("qrisMissing")}</p>
              )
            ) : null}
            {method === "qris" ? <p className="pos-note-text">{t("qrisToVerifyNote")}</p> : null}
            <label className="pos-field">
              <span>{t(referenceLabel[method])}</span>
              <input autoComplete="off" maxLength={80} value={reference} onChange={(e) => setReference(e.target.value)} aria-describedby={`${titleId}-ref`} />
              <small id={`${titleId}-ref`}>{t("referenceOptional")}</small>
            </label>
          </div>
        )}

        <footer className="pos-sheet-actions">
          <button type="button" className="pos-secondary" onClick={onCancel}>
            {t("cancel")}
          </button>
          <button type="submit" className="pos-primary" disabled={!ready || saving}>
            {t("recordSale")}
          </button>
        </footer>
      </form>
    </dialog>
  );
}
