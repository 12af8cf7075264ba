/**
 * The till's service worker (scope /pos), built by scripts/build-sw.ts into the client build as /pos-sw.js.
 * A stall has no reliable network, so once /pos has been opened the till must load from here alone:
 * - every built script, stylesheet, font, the manifest and the icons are precached (the list is injected at build);
 * - the /pos document is network first, falling back to the last copy, so a reload with no network still opens it;
 * - the event's catalogue JSON and Remix's route manifest are network first, the pieces' photos cache first.
 * Sales never pass through a cache: POST /pos/sync is not routed here at all (only GET requests are).
 */
import { CacheableResponsePlugin } from "workbox-cacheable-response";
import { ExpirationPlugin } from "workbox-expiration";
import { cleanupOutdatedCaches, precacheAndRoute, type PrecacheEntry } from "workbox-precaching";
import { registerRoute } from "workbox-routing";
import { CacheFirst, NetworkFirst } from "workbox-strategies";

// The project's TypeScript lib is the DOM one; these are the few worker-scope members this file uses.
declare const self: typeof globalThis & {
  __WB_MANIFEST: Array<PrecacheEntry | string>;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
};
type ExtendableEvent = Event & { waitUntil(promise: Promise<unknown>): void };

const origin = self.location.origin;
const tillUrl = new URL("/pos", origin).href;

// A new version takes over at once: the till is one page, and an old worker would keep serving old assets.
void self.skipWaiting();
self.addEventListener("activate", (event) => (event as ExtendableEvent).waitUntil(self.clients.claim()));

cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);

/** A redirect (to the login page, say) is never kept as if it were the page asked for. */
const onlyTheAskedForPage = {
  cacheWillUpdate: async ({ response }: { response: Response }) => (response.redirected ? null : response),
};

registerRoute(
  ({ url }) => url.origin === origin && (url.pathname === "/pos" || url.pathname === "/pos/"),
  new NetworkFirst({
    cacheName: "pos-pages",
    networkTimeoutSeconds: 3,
    // Every address of the till is the one document; compression's Vary must not hide it from a fresh tab.
    matchOptions: { ignoreSearch: true, ignoreVary: true },
    plugins: [new CacheableResponsePlugin({ statuses: [200] }), onlyTheAskedForPage, { cacheKeyWillBeUsed: async () => tillUrl }],
  }),
);

// Remix asks for the routes of the links the till renders; offline, the last answer for the same links will do,
// and with none, "no new routes": those links lead off the till, where there is nothing to open offline anyway.
registerRoute(
  ({ url }) => url.origin === origin && url.pathname === "/__manifest",
  new NetworkFirst({
    cacheName: "pos-pages",
    networkTimeoutSeconds: 3,
    matchOptions: { ignoreVary: true },
    plugins: [
      new CacheableResponsePlugin({ statuses: [200] }),
      { handlerDidError: async () => Response.json({}, { headers: { "Cache-Control": "no-store" } }) },
    ],
  }),
);

registerRoute(
  ({ url }) => url.origin === origin && url.pathname.startsWith("/pos/catalog/"),
  new NetworkFirst({
    cacheName: "pos-catalogue",
    networkTimeoutSeconds: 3,
    matchOptions: { ignoreVary: true },
    plugins: [new CacheableResponsePlugin({ statuses: [200] }), onlyTheAskedForPage],
  }),
);

registerRoute(
  ({ url }) => url.origin === origin && url.pathname.startsWith("/images/"),
  new CacheFirst({
    cacheName: "pos-images",
    matchOptions: { ignoreVary: true },
    plugins: [
      new CacheableResponsePlugin({ statuses: [200] }),
      new ExpirationPlugin({ maxEntries: 500, maxAgeSeconds: 30 * 24 * 60 * 60, purgeOnQuotaError: true }),
    ],
  }),
);
