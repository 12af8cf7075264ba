/**
 * The till at /pos: one document that sells with or without a network (issue 12). Accessible names that other
 * tests (tests/e2e/pos-till.spec.ts, tests/e2e/pos-offline.spec.ts) rely on, in the default Bahasa Indonesia:
 *   - event picker: heading "Pilih acara", one button "Pilih <event name>" per event
 *   - region "Katalog" with the search box "Cari nama atau SKU", group "Kategori" (buttons, aria-pressed),
 *     one button "Tambah <product name>" (or "Tambah <product> · <variant>") per piece
 *   - region "Keranjang": buttons "Tambah satu <name>", "Kurangi satu <name>", "Hapus <name>", "Bayar"
 *   - dialog "Pembayaran": radios "Tunai", "QRIS", "Kartu", "Transfer" (group "Cara bayar"); for cash the
 *     group "Uang cepat" with "Uang pas" and note buttons ("Rp 50.000"), textbox "Uang diterima", output
 *     "Kembalian"; for the others textbox "Referensi QRIS" / "Kode persetujuan EDC" / "Referensi transfer";
 *     buttons "Simpan penjualan" and "Batal"
 *   - region "Struk" (the receipt screen): buttons "Cetak struk", "Tampilkan QR", "Penjualan baru", group
 *     "Lebar kertas" ("58 mm", "80 mm"); image "Kode QR asal-usul barang yang dibeli"
 *   - region "Status sinkronisasi": status "N menunggu sinkron", "Daring"/"Luring", button "Sinkronkan sekarang",
 *     and "Disisihkan (N)" when the server set sales aside
 *   - header: buttons "Riwayat", "Ganti acara", group "Bahasa" with "Indonesia" / "English"
 * The root element carries data-till-ready="true" once IndexedDB is open and the till can sell.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { jakartaDate } from "~/domain/bazaar/business-date";
import type { PosCatalog, TillEvent } from "~/models/bazaar/pos-catalog.server";
import { addToCart, priceCart, setQuantity, type CartLine } from "./cart";
import { CartPanel } from "./cart-panel";
import { CatalogPanel } from "./catalog-panel";
import { EventPicker } from "./event-picker";
import { I18nProvider, useI18n } from "./i18n";
import { translate, isLocale, type Locale } from "./messages";
import {
  loadDevice,
  openTillDb,
  readCatalog,
  readHistory,
  readSetAside,
  recordSale,
  updateDevice,
  type DeviceMeta,
  type HistoryEntry,
  type SetAsideEntry,
  type TillDb,
} from "./offline/db";
import { keepPhotosForOffline, useOfflineReadiness } from "./offline/register-sw";
import { fetchCatalog, SyncClient, type SyncState } from "./offline/sync-client";
import { PaymentSheet, type Payment } from "./payment-sheet";
import { ReceiptScreen, type PaperWidth } from "./receipt";
import { HistoryPanel, SetAsidePanel } from "./side-panels";
import { StatusBar } from "./status-bar";

export type TillProps = {
  /** From the page's loader: only trusted to list events while online (an offline reload serves stale HTML). */
  events: readonly TillEvent[];
  userName: string;
  userLocale: string;
  origin: string;
};

type Phase = "loading" | "choose" | "selling";

const idleSync: SyncState = { syncing: false, waiting: 0, lastSyncAt: null, problem: "none", retryAt: null, gaps: { missing: [], missingCount: 0 } };

function useOnline(): boolean {
  const [online, setOnline] = useState(true);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    update();
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    return () => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
    };
  }, []);
  return online;
}

export function Till(props: TillProps) {
  const [locale, setLocale] = useState<Locale>(isLocale(props.userLocale) ? props.userLocale : "id");
  const [db, setDb] = useState<TillDb | null>(null);
  const [device, setDevice] = useState<DeviceMeta | null>(null);
  const [catalog, setCatalog] = useState<PosCatalog | null>(null);
  const [phase, setPhase] = useState<Phase>("loading");
  const [startFailed, setStartFailed] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    (async () => {
      const opened = await openTillDb();
      const found = await loadDevice(opened);
      const stored = found.eventId ? await readCatalog(opened, found.eventId) : undefined;
      if (!alive) return;
      setDb(opened);
      setDevice(found);
      if (found.locale) setLocale(found.locale);
      setCatalog(stored ?? null);
      setPhase(stored ? "selling" : "choose");
    })().catch((error: unknown) => {
      if (alive) setStartFailed(error instanceof Error ? error.message : String(error));
    });
    return () => {
      alive = false;
    };
  }, []);

  const changeLocale = useCallback(
    (next: Locale) => {
      setLocale(next);
      if (db) void updateDevice(db, { locale: next }).then(setDevice);
    },
    [db],
  );

  const showCatalog = useCallback((next: PosCatalog | null) => {
    setCatalog(next);
    setPhase(next ? "selling" : "choose");
  }, []);

  return (
    <I18nProvider locale={locale}>
      <div className="pos-app" lang={locale} data-till-ready={phase !== "loading" ? "true" : undefined}>
        {startFailed ? (
          <p className="pos-warning" role="alert">
            {translate(locale, "saleFailed", { reason: startFailed })}
          </p>
        ) : null}
        {phase === "loading" || !db || !device ? (
          <>
            <p className="pos-loading">{translate(locale, "loading")}</p>
            <noscript>
              <p className="pos-warning">{translate(locale, "needsJavaScript")}</p>
            </noscript>
          </>
        ) : (
          <TillSession
            {...props}
            db={db}
            device={device}
            catalog={phase === "selling" ? catalog : null}
            locale={locale}
            onLocale={changeLocale}
            onCatalog={showCatalog}
            onDevice={setDevice}
          />
        )}
      </div>
    </I18nProvider>
  );
}

function TillSession({ db, device, catalog, events, origin, userName, locale, onLocale, onCatalog, onDevice }: TillProps & {
  db: TillDb;
  device: DeviceMeta;
  catalog: PosCatalog | null;
  locale: Locale;
  onLocale: (locale: Locale) => void;
  onCatalog: (catalog: PosCatalog | null) => void;
  onDevice: (device: DeviceMeta) => void;
}) {
  const { t } = useI18n();
  const online = useOnline();
  const readiness = useOfflineReadiness();
  const [sync, setSync] = useState<SyncState>({ ...idleSync, lastSyncAt: device.lastSyncAt, gaps: device.gaps ?? idleSync.gaps });
  const [cart, setCart] = useState<CartLine[]>([]);
  const [paying, setPaying] = useState(false);
  const [receipt, setReceipt] = useState<HistoryEntry | null>(null);
  const [paper, setPaper] = useState<PaperWidth>("58");
  const [panel, setPanel] = useState<"history" | "setAside" | null>(null);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [setAside, setSetAside] = useState<SetAsideEntry[]>([]);
  const [choosing, setChoosing] = useState(false);
  const [catalogFailed, setCatalogFailed] = useState(false);
  const [saleError, setSaleError] = useState<string | null>(null);
  const client = useRef<SyncClient | null>(null);
  const eventId = catalog?.event.id ?? null;

  const reloadLists = useCallback(async () => {
    const [past, aside] = await Promise.all([readHistory(db), readSetAside(db)]);
    setHistory(past);
    setSetAside(aside);
  }, [db]);

  // One sync client for the session, whichever event is on screen: a second would race the first for the outbox.
  const shownEvent = useRef(eventId);
  shownEvent.current = eventId;
  useEffect(() => {
    const sync = new SyncClient(db, {
      onCatalog: (next) => {
        if (next.event.id === shownEvent.current) onCatalog(next);
      },
    });
    client.current = sync;
    const unsubscribe = sync.subscribe((state) => {
      setSync(state);
      if (!state.syncing) void reloadLists();
    });
    sync.start();
    return () => {
      unsubscribe();
      sync.stop();
      client.current = null;
    };
  }, [db, onCatalog, reloadLists]);

  const pieces = useMemo(() => catalog?.pieces ?? [], [catalog]);
  // Joined into one string so a sale (which only changes stock) does not ask the worker for the photos again.
  const photoList = useMemo(() => pieces.map((piece) => piece.photoUrl ?? "").join("\n"), [pieces]);
  useEffect(() => {
    if (photoList) void keepPhotosForOffline(photoList.split("\n"));
  }, [photoList]);
  const priced = useMemo(() => priceCart(cart, pieces), [cart, pieces]);
  const addPiece = useCallback((variantId: number) => setCart((current) => addToCart(current, variantId)), []);
  const inCart = useMemo(() => new Map(cart.map((line) => [line.variantId, line.quantity])), [cart]);
  const today = jakartaDate(new Date());
  const todays = useMemo(() => history.filter((entry) => jakartaDate(new Date(entry.sale.soldAt)) === today && entry.eventId === eventId), [history, today, eventId]);

  async function chooseEvent(id: number) {
    setChoosing(true);
    setCatalogFailed(false);
    const fetched = await fetchCatalog(db, id);
    setChoosing(false);
    if (!fetched) {
      setCatalogFailed(true);
      return;
    }
    onDevice(await updateDevice(db, { eventId: id }));
    setCart([]);
    onCatalog(fetched);
  }

  async function record(payment: Payment) {
    if (!catalog) return;
    setSaleError(null);
    try {
      const entry = await recordSale(db, {
        eventId: catalog.event.id,
        lines: priced.map((line) => ({
          variantId: line.variantId,
          name: line.piece.productName,
          variantLabel: line.piece.variantLabel,
          producerGroup: line.piece.producerGroup,
          quantity: line.quantity,
          unitPriceMinor: line.piece.bazaarPriceMinor,
        })),
        ...payment,
        // Offline also when the browser thinks it is online but the last sync could not reach the server.
        offline: !navigator.onLine || sync.problem === "retrying",
      });
      setCart([]);
      setPaying(false);
      setReceipt(entry);
      const stored = await readCatalog(db, catalog.event.id);
      if (stored) onCatalog(stored);
      void reloadLists();
      if (navigator.onLine) client.current?.syncNow();
      else setSync((state) => ({ ...state, waiting: state.waiting + 1 }));
    } catch (error) {
      setSaleError(t("saleFailed", { reason: error instanceof Error ? error.message : String(error) }));
    }
  }

  return (
    <>
      <header className="pos-bar">
        <div className="pos-brand">
          <span className="pos-brand-mark" aria-hidden="true" />
          <span className="pos-brand-text">
            <strong>{t("appName")}</strong>
            <span>{catalog ? `${catalog.event.name} · ${catalog.event.venue}` : userName}</span>
          </span>
        </div>
        <div className="pos-bar-actions">
          {catalog ? (
            <>
              <button type="button" className="pos-chip" onClick={() => setPanel("history")}>
                {t("historyButton")}
              </button>
              <button type="button" className="pos-chip" disabled={!online} onClick={() => onCatalog(null)}>
                {t("changeEvent")}
              </button>
            </>
          ) : null}
          <div className="pos-lang" role="group" aria-label={t("languageSwitch")}>
            <button type="button" aria-pressed={locale === "id"} onClick={() => onLocale("id")} lang="id">
              {t("languageId")}
            </button>
            <button type="button" aria-pressed={locale === "en"} onClick={() => onLocale("en")} lang="en">
              {t("languageEn")}
            </button>
          </div>
        </div>
      </header>
      <StatusBar online={online} readiness={readiness} sync={sync} setAsideCount={setAside.length} onSyncNow={() => client.current?.syncNow()} onShowSetAside={() => setPanel("setAside")} />
      {saleError ? (
        <p className="pos-warning" role="alert">
          {saleError}
        </p>
      ) : null}

      {!catalog ? (
        <EventPicker events={online ? events : []} online={online} busy={choosing} failed={catalogFailed} onChoose={(id) => void chooseEvent(id)} />
      ) : receipt ? (
        <ReceiptScreen entry={receipt} origin={origin} paper={paper} onPaper={setPaper} onDone={() => setReceipt(null)} />
      ) : (
        <div className="pos-floor">
          <CatalogPanel pieces={pieces} inCart={inCart} onAdd={addPiece} />
          <CartPanel
            lines={priced}
            onQuantity={(variantId, quantity) => setCart((current) => setQuantity(current, variantId, quantity))}
            onClear={() => setCart([])}
            onPay={() => setPaying(true)}
          />
        </div>
      )}

      {paying && catalog ? (
        <PaymentSheet
          totalMinor={priced.reduce((sum, line) => sum + line.lineTotalMinor, 0)}
          qris={{ payload: catalog.event.qrisPayload, merchantName: catalog.event.qrisMerchantName }}
          onCancel={() => setPaying(false)}
          onConfirm={record}
        />
      ) : null}
      {panel === "history" ? (
        <HistoryPanel
          entries={todays}
          onShow={(entry) => {
            setPanel(null);
            setReceipt(entry);
          }}
          onClose={() => setPanel(null)}
        />
      ) : null}
      {panel === "setAside" ? <SetAsidePanel entries={setAside} deviceLabel={device.deviceLabel} onClose={() => setPanel(null)} /> : null}
    </>
  );
}
