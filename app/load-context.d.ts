import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address as Express sees it (behind a proxy only when TRUST_PROXY=1). */
    clientIp?: string;
  }
}
