import type { OfflineReadiness } from "./offline/register-sw";
import type { SyncState } from "./offline/sync-client";
import { useI18n } from "./i18n";

/** Online or not, what waits to sync, when it last synced, numbers the server never got, and the sales it set aside. */
const readinessLabel = { ready: "offlineReady", preparing: "offlinePreparing", failed: "offlineUnavailable", unsupported: "offlineUnavailable" } as const;

export function StatusBar({ online, readiness, sync, setAsideCount, onSyncNow, onShowSetAside }: {
  online: boolean;
  readiness: OfflineReadiness;
  sync: SyncState;
  setAsideCount: number;
  onSyncNow: () => void;
  onShowSetAside: () => void;
}) {
  const { t, time } = useI18n();
  return (
    <div className="pos-status" role="region" aria-label={t("statusRegion")}>
      <span className={online ? "pos-pill pos-pill-online" : "pos-pill pos-pill-offline"} role="status">
        <span className="pos-dot" aria-hidden="true" />
        {online ? t("statusOnline") : t("statusOffline")}
      </span>
      <span className={sync.waiting ? "pos-pill pos-pill-waiting" : "pos-pill"} role="status" aria-live="polite">
        {t("waitingToSync", { count: sync.waiting })}
      </span>
      <span className={readiness === "ready" ? "pos-pill pos-pill-ready" : "pos-pill"}>{t(readinessLabel[readiness])}</span>
      <span className="pos-status-text">
        {sync.syncing ? t("syncing") : sync.lastSyncAt ? t("lastSynced", { time: time(sync.lastSyncAt) }) : t("neverSynced")}
      </span>
      {sync.problem === "retrying" && sync.retryAt ? <span className="pos-status-text pos-status-warn">{t("syncRetry", { time: time(sync.retryAt) })}</span> : null}
      {sync.problem === "signed_out" ? (
        <span className="pos-status-text pos-status-warn" role="alert">
          {t("signInAgain")} · <a href="/login?redirectTo=%2Fpos">{t("signInAgainLink")}</a>
        </span>
      ) : null}
      {sync.gaps.missingCount > 0 ? (
        <span className="pos-status-text pos-status-warn" role="alert">
          {t("sequenceGap", { count: sync.gaps.missingCount, numbers: sync.gaps.missing.map((n) => `#${n}`).join(", ") + (sync.gaps.missingCount > sync.gaps.missing.length ? "…" : "") })}
        </span>
      ) : null}
      {sync.problem === "forbidden" ? <span className="pos-status-text pos-status-warn" role="alert">{t("syncForbidden")}</span> : null}
      {sync.problem === "other_owner" ? <span className="pos-status-text pos-status-warn" role="alert">{t("syncOtherOwner")}</span> : null}
      <span className="pos-status-actions">
        {setAsideCount ? (
          <button type="button" className="pos-chip pos-chip-alert" onClick={onShowSetAside}>
            {t("setAsideButton", { count: setAsideCount })}
          </button>
        ) : null}
        <button type="button" className="pos-chip" onClick={onSyncNow} disabled={sync.syncing || !online}>
          {t("syncNow")}
        </button>
      </span>
    </div>
  );
}
