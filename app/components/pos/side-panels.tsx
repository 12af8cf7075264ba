import { useEffect, useId, useRef, type ReactNode } from "react";
import type { HistoryEntry, SaleStatus, SetAsideEntry } from "./offline/db";
import { saleNumber } from "./cart";
import { useI18n } from "./i18n";
import type { MessageKey } from "./messages";

/** A modal side panel over the till, closed by its button or Escape. */
function Panel({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="pos-panel" aria-labelledby={titleId} onCancel={(e) => { e.preventDefault(); onClose(); }}>
      <header className="pos-panel-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="pos-secondary" onClick={onClose}>
          {t("close")}
        </button>
      </header>
      <div className="pos-panel-body">{children}</div>
    </dialog>
  );
}

const statusLabel: Record<SaleStatus, MessageKey> = { waiting: "historyWaiting", recorded: "historyRecorded", set_aside: "historySetAside" };

export function HistoryPanel({ entries, onShow, onClose }: { entries: readonly HistoryEntry[]; onShow: (entry: HistoryEntry) => void; onClose: () => void }) {
  const { t, rupiah, time } = useI18n();
  return (
    <Panel title={t("historyTitle")} onClose={onClose}>
      {entries.length ? (
        <ul className="pos-history plain">
          {entries.map((entry) => {
            const number = saleNumber(entry.deviceLabel, entry.sale.deviceSeq);
            return (
              <li key={entry.clientSaleId}>
                <button type="button" className="pos-history-row" aria-label={t("historyShowReceipt", { number })} onClick={() => onShow(entry)}>
                  <span className="pos-history-time">{time(entry.sale.soldAt)}</span>
                  <span className="pos-history-number">{number}</span>
                  <span className="pos-history-total">{rupiah(entry.sale.totalMinor)}</span>
                  <span className={`pos-badge pos-badge-${entry.status}`}>{t(statusLabel[entry.status])}</span>
                </button>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="pos-empty">{t("historyEmpty")}</p>
      )}
    </Panel>
  );
}

export function SetAsidePanel({ entries, deviceLabel, onClose }: { entries: readonly SetAsideEntry[]; deviceLabel: string; onClose: () => void }) {
  const { t, rupiah, time } = useI18n();
  return (
    <Panel title={t("setAsideTitle")} onClose={onClose}>
      <p>{t("setAsideIntro")}</p>
      {entries.length ? (
        <ul className="pos-set-aside plain">
          {entries.map((entry) => (
            <li key={entry.clientSaleId}>
              <p className="pos-set-aside-head">
                <strong>{saleNumber(deviceLabel, entry.deviceSeq)}</strong> <span>{time(entry.soldAt)}</span> <span>{rupiah(entry.totalMinor)}</span>
              </p>
              <p className="pos-set-aside-reason">
                {t("setAsideReason")} <span lang="en">{entry.reason}</span>
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="pos-empty">{t("setAsideEmpty")}</p>
      )}
    </Panel>
  );
}
