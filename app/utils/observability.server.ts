/**
 * The rules behind request logs and /metrics, kept pure so they can be tested: which request ids are believed,
 * what of a URL may be logged, which coarse route class a path counts under, and what "from loopback" means.
 */
import { isIP } from "node:net";
import { ulid } from "ulid";

/** An incoming X-Request-Id is kept only if it looks like an id: no spaces, quotes, newlines or markup, 8–64 long. */
const requestIdPattern = /^[A-Za-z0-9._:-]{8,64}$/;

/** The caller's X-Request-Id when it is a plausible id (a proxy's, to follow a request across hops), else a new ULID. */
export function requestIdFor(incoming: string | string[] | undefined): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value !== undefined && requestIdPattern.test(value) ? value : ulid();
}

/** Path segments after these are capabilities (whoever has the link may see the page), so they are never logged. */
const capabilityPrefixes = ["/receipt/", "/checkout/demo/", "/dev/emails/"];

/**
 * The URL as it may be logged: the path, with capability segments replaced, and the query's parameter names
 * without their values (a value can be a reset token, an email address or a search someone typed).
 */
export function loggableUrl(originalUrl: string): string {
  const queryStart = originalUrl.indexOf("?");
  let pathname = queryStart < 0 ? originalUrl : originalUrl.slice(0, queryStart);
  for (const prefix of capabilityPrefixes) {
    if (pathname.startsWith(prefix) && pathname.length > prefix.length) pathname = `${prefix}:redacted`;
  }
  if (pathname.length > 200) pathname = `${pathname.slice(0, 200)}…`;
  if (queryStart < 0) return pathname;
  const names = [...new Set([...new URLSearchParams(originalUrl.slice(queryStart + 1)).keys()])].slice(0, 20);
  return names.length ? `${pathname}?${names.map((n) => n.slice(0, 40)).join("&")}` : pathname;
}

/** A metric label per kind of request, never the path itself: a label per URL would grow without bound. */
export const routeClasses = ["page", "asset", "image", "admin", "pos", "webhook", "health", "metrics"] as const;
export type RouteClass = (typeof routeClasses)[number];

export function routeClassOf(pathname: string): RouteClass {
  const path = pathname.replace(/\.data$/, "");
  if (path === "/healthz" || path.startsWith("/healthz/")) return "health";
  if (path === "/metrics") return "metrics";
  if (path === "/admin" || path.startsWith("/admin/")) return "admin";
  if (path === "/pos" || path.startsWith("/pos/") || path === "/pos-sw.js") return "pos";
  if (path.startsWith("/webhooks/")) return "webhook";
  if (path.startsWith("/images/")) return "image";
  if (path.startsWith("/assets/") || /\.(?:js|css|map|png|jpe?g|webp|avif|svg|ico|woff2?|webmanifest|txt)$/i.test(path)) return "asset";
  return "page";
}

/** "2xx" … "5xx": the status as a bounded label. */
export const statusClassOf = (status: number) => `${Math.min(5, Math.max(1, Math.floor(status / 100)))}xx`;

/** The methods counted by name; anything else (already refused with a 405) counts as "other". */
const countedMethods = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
export const methodLabelOf = (method: string) => (countedMethods.has(method) ? method : "other");

function isLoopbackAddress(address: string): boolean {
  const bare = address.replace(/^::ffff:/i, "");
  if (isIP(bare) === 4) return bare.startsWith("127.");
  return bare === "::1";
}

/** The client addresses a Forwarded or X-Forwarded-For header names; null when it can't be read (treated as foreign). */
function forwardedClients(headers: Record<string, string | string[] | undefined>): string[] | null {
  const clients: string[] = [];
  const all = (name: string) => {
    const value = headers[name];
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
  };
  for (const value of [...all("x-forwarded-for"), ...all("x-real-ip")]) {
    for (const part of value.split(",")) clients.push(part.trim());
  }
  for (const value of all("forwarded")) {
    for (const element of value.split(",")) {
      for (const pair of element.split(";")) {
        const match = /^\s*for\s*=\s*(.*?)\s*$/i.exec(pair);
        if (!match) continue;
        // for="[::1]:8080", for=127.0.0.1, for="127.0.0.1:3000"
        const raw = match[1]!.replace(/^"(.*)"$/, "$1");
        const ipv6 = /^\[([^\]]+)\](?::\d+)?$/.exec(raw);
        clients.push(ipv6 ? ipv6[1]! : raw.replace(/:\d+$/, ""));
      }
    }
  }
  return clients.every((c) => isIP(c.replace(/^::ffff:/i, "")) !== 0) ? clients : null;
}

/**
 * A request from this machine: the socket's peer is loopback and no forwarding header names anyone else (a Varnish
 * or nginx on the same machine connects from loopback on behalf of the whole world).
 */
export function isLoopbackRequest(peerAddress: string | undefined, headers: Record<string, string | string[] | undefined>): boolean {
  if (!peerAddress || !isLoopbackAddress(peerAddress)) return false;
  const clients = forwardedClients(headers);
  return clients !== null && clients.every(isLoopbackAddress);
}
