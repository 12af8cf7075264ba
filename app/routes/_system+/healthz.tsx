/** The trivial route: no database, no rendering. The bench measures pages against it. */
export function loader() {
  return new Response("ok", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
}
