import type { LoaderFunctionArgs } from "@remix-run/node";

/**
 * Liveness: the server can answer a request (through Remix, without the database), and what its background probe
 * knows of the database. Readiness is /healthz/ready (scripts/start.ts). The bench measures pages against this route.
 */
export function loader({ context }: LoaderFunctionArgs) {
  return new Response(context.liveness?.() ?? "ok\n", { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}
