import type { ActionFunctionArgs, AppLoadContext, EntryContext, LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { databaseOutageCode } from "~/domain/platform/database-outage";
import { logger } from "~/utils/logger.server";
import { NonceProvider } from "~/utils/nonce";
import { CoalescingStream } from "~/utils/coalesce-stream.server";
import { applySecurityHeaders, createNonce } from "~/utils/security.server";
import { getUser } from "~/web/auth.server";

export const streamTimeout = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // Crawlers, and pages the page cache will keep (the server sets the header, ADR 017), get the whole page at once,
  // its deferred parts in place: a stored copy must read the same without JavaScript.
  const waitForAll = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode || request.headers.get("x-kriya-render-whole") === "1";
  const nonce = createNonce();
  let finished = () => {};
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    let timedOut = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
      [waitForAll ? "onAllReady" : "onShellReady"]() {
        shellRendered = true;
        const body = new CoalescingStream();
        body.once("close", () => finished());
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        applySecurityHeaders(responseHeaders, nonce);
        if (responseStatusCode >= 400) responseHeaders.set("Cache-Control", "no-store");
        resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error: unknown) {
        reject(error);
      },
      onError(error: unknown) {
        // Our own timer cut a slow render short: the page goes out with what is ready (the rest renders in the
        // browser), and is marked no-store below so no cache keeps the incomplete copy. Not a server error.
        if (timedOut) {
          logger.warn({ requestId: loadContext.requestId, url: new URL(request.url).pathname }, "a page took too long to render whole; sent what was ready");
          return;
        }
        responseStatusCode = 500;
        // A shopper who left mid-page (the server aborts the request) leaves React writing into a closed stream:
        // not an error worth a stack trace.
        if (shellRendered && !request.signal.aborted) logger.error({ err: error, requestId: loadContext.requestId }, "rendering a page failed");
      },
      },
    );
    // Stops a render that never finishes; a finished one clears it, so no timer outlives its response.
    const timer = setTimeout(() => {
      timedOut = true;
      responseHeaders.set("Cache-Control", "no-store");
      abort();
    }, streamTimeout + 1000);
    timer.unref?.();
    finished = () => clearTimeout(timer);
  });
}

/**
 * Errors thrown by loaders, actions and renders (not Responses): logged with the request id. A database outage is
 * marked on the load context, and scripts/start.ts answers that request 503 instead of Remix's 500.
 */
export function handleError(error: unknown, { request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (request.signal.aborted) return;
  const outage = databaseOutageCode(error);
  if (outage) {
    if (context.databaseOutage) context.databaseOutage.code = outage;
    logger.warn({ requestId: context.requestId, code: outage }, "a request could not reach the database");
    return;
  }
  logger.error({ err: error, requestId: context.requestId }, "unhandled error in a loader, action or render");
}

/** Error data (single-fetch .data requests) is never publicly cacheable either. */
export function handleDataRequest(response: Response) {
  if (response.status >= 400) response.headers.set("Cache-Control", "no-store");
  return response;
}

// Exposed to scripts/start.ts, which runs outside the bundle but must use the bundle's model code.
export { demoWebhookSecret, expireLapsedDemoOrders } from "~/models/payments/demo-events.server";
export { drainOutbox } from "~/models/platform/outbox.server";
export { outboxHandlers } from "~/models/platform/outbox-handlers.server";
export { pruneExpired } from "~/models/platform/housekeeping.server";
export { expireLapsedQuotes } from "~/models/wholesale/quotes.server";
export { closeMonths } from "~/models/impact/month-close.server";
export { clearCatalogCache } from "~/utils/catalog-cache.server";

/** Whether the request carries a signed-in admin's session (start.ts lets admins read /metrics). */
export async function isAdminRequest(request: Request): Promise<boolean> {
  return (await getUser(request))?.role === "admin";
}
