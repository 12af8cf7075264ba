import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address as Express sees it (behind a proxy only when TRUST_PROXY=1). */
    clientIp?: string;
    /** The request's id (X-Request-Id), for log lines. */
    requestId?: string;
    /** Set by entry.server's handleError when the request failed because the database is unreachable (start.ts answers 503). */
    databaseOutage?: { code: string | null };
    /** What the server's background probe knows of the database, for /healthz (liveness). */
    liveness?: () => string;
  }
}
