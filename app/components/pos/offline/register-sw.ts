/**
 * Installs the till's service worker (app/service-worker/pos-sw.ts, served as /pos-sw.js, scope /pos) and says
 * when the till would open again with no network. Production builds only: under Vite's dev server the modules
 * change on every edit, and a worker caching them would serve yesterday's code.
 *
 * For the till UI (H2a):
 *   const offline = useOfflineReadiness();          // call once in the till's top component
 *   offline === "ready"  → show "siap luring" / "ready for offline"; "preparing" → still caching; "failed" or
 *   "unsupported" → the till works online only on this browser.
 *   void keepPhotosForOffline(catalog.pieces.map((piece) => piece.photoUrl))  // once the catalogue is stored, so
 *   every piece's photo shows offline, not only those shown while the page was online.
 */
import { useEffect, useState } from "react";
import { Workbox } from "workbox-window";

export type OfflineReadiness = "preparing" | "ready" | "failed" | "unsupported";

const workerUrl = "/pos-sw.js";
const scope = "/pos";

let registration: Promise<OfflineReadiness> | null = null;
let workbox: Workbox | null = null;

/** Registers the worker once per page; every caller gets the same answer. */
export function registerTillServiceWorker(): Promise<OfflineReadiness> {
  registration ??= register().catch((error: unknown) => {
    console.warn("The till's service worker could not be installed; the till works online only.", error);
    return "failed" as const;
  });
  return registration;
}

async function register(): Promise<OfflineReadiness> {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator)) return "unsupported";
  const openedThroughWorker = navigator.serviceWorker.controller !== null;
  const wb = new Workbox(workerUrl, { scope });
  workbox = wb;
  const controlled = new Promise<void>((resolve) => {
    if (openedThroughWorker) resolve();
    else navigator.serviceWorker.addEventListener("controllerchange", () => resolve(), { once: true });
  });
  const registered = await wb.register();
  // A hard reload bypasses an already active worker, which then never claims this page: it can still keep a copy.
  const activeElsewhere = registered?.active && !registered.installing && !registered.waiting;
  if (!activeElsewhere) await controlled;
  // This page was fetched before the worker existed, so the worker has not seen it yet: have it keep a copy now,
  // or a reload with no network would find nothing.
  if (!openedThroughWorker) await cacheThroughWorker(wb, [window.location.pathname]);
  return "ready";
}

/** Asks the worker to fetch and keep these addresses (its routes decide the cache); resolves once they are kept. */
async function cacheThroughWorker(wb: Workbox, urls: string[]) {
  await wb.messageSW({ type: "CACHE_URLS", payload: { urlsToCache: urls } });
}

/** Keeps the event's photos for offline use; does nothing where there is no worker. */
export async function keepPhotosForOffline(urls: readonly (string | null)[]): Promise<void> {
  const photos = [...new Set(urls.filter((url): url is string => url?.startsWith("/images/") === true))];
  if (photos.length === 0 || (await registerTillServiceWorker()) !== "ready" || !workbox) return;
  await cacheThroughWorker(workbox, photos).catch((error: unknown) => console.warn("Some photos could not be kept for offline use.", error));
}

/** The till's offline readiness for the UI: registers the worker on first use. */
export function useOfflineReadiness(): OfflineReadiness {
  const [readiness, setReadiness] = useState<OfflineReadiness>("preparing");
  useEffect(() => {
    let current = true;
    void registerTillServiceWorker().then((state) => {
      if (current) setReadiness(state);
    });
    return () => {
      current = false;
    };
  }, []);
  return readiness;
}
