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

export type OfflineReadiness = "preparing" | "ready" | "failed" | "unsupported";

const workerUrl = "/pos-sw.js";
const scope = "/pos";

let registration: Promise<OfflineReadiness> | null = null;
let activeWorker: ServiceWorker | null = null;

/** Registers the worker once per page; every caller gets the same answer. */
export function registerTillServiceWorker(): Promise<OfflineReadiness> {
  registration ??= register().catch((error: unknown) => {
    console.warn("The till's service worker could not be installed; the till works online only.", error);
    return "failed" as const;
  });
  return registration;
}

async function register(): Promise<OfflineReadiness> {
  if (!("serviceWorker" in navigator)) return "unsupported";
  if (!import.meta.env.PROD) {
    // A worker left on this origin by a production run would keep serving its old copy of the till.
    await (await navigator.serviceWorker.getRegistration(scope))?.unregister();
    return "unsupported";
  }
  const openedThroughWorker = navigator.serviceWorker.controller !== null;
  // Loaded here, in the browser: the server renders this module too, and Node can't load workbox-window's build.
  const { Workbox, messageSW } = await import("workbox-window");
  const registered = await new Workbox(workerUrl, { scope }).register({ immediate: true });
  if (!registered) return "failed";
  const worker = await activated(registered);
  activeWorker = worker;
  // A page the worker did not serve (the first visit, or /pos reached from the login form, whose document began
  // at /login and so is never the worker's) is not in its cache yet: have the worker fetch and keep it now, or a
  // reload with no network would find nothing.
  if (!openedThroughWorker) await messageSW(worker, { type: "CACHE_URLS", payload: { urlsToCache: [scope] } });
  return "ready";
}

/** The registration's worker once it is active (it may still be installing on a first visit). */
function activated(registered: ServiceWorkerRegistration): Promise<ServiceWorker> {
  if (registered.active) return Promise.resolve(registered.active);
  const pending = registered.installing ?? registered.waiting;
  if (!pending) return Promise.reject(new Error("The service worker registration has no worker"));
  return new Promise((resolve, reject) => {
    pending.addEventListener("statechange", () => {
      if (pending.state === "activated") resolve(pending);
      if (pending.state === "redundant") reject(new Error("The service worker failed to install"));
    });
  });
}

/** Keeps the event's photos for offline use; does nothing where there is no worker. */
export async function keepPhotosForOffline(urls: readonly (string | null)[]): Promise<void> {
  const photos = [...new Set(urls.filter((url): url is string => url?.startsWith("/images/") === true))];
  if (photos.length === 0 || (await registerTillServiceWorker()) !== "ready" || !activeWorker) return;
  const { messageSW } = await import("workbox-window");
  await messageSW(activeWorker, { type: "CACHE_URLS", payload: { urlsToCache: photos } }).catch((error: unknown) => console.warn("Some photos could not be kept for offline use.", error));
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
