import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { listEmails } from "~/models/platform/emails.server";
import { devToolsEnabled, isProduction } from "~/utils/env.server";
import { requireRole } from "~/web/auth.server";
import { notFound } from "~/web/refusal.server";

/** Development only: the emails the shop has rendered (there is no SMTP). */
export async function loader({ request }: LoaderFunctionArgs) {
  if (!devToolsEnabled()) notFound();
  // Emails hold reset links and order details: outside development only admins may read them.
  if (isProduction()) await requireRole(request, ["admin"]);
  return { emails: await listEmails(getDb()) };
}

export default function DevEmails() {
  const { emails } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <h1>Outbox (development)</h1>
      {emails.length === 0 ? <p>No emails yet.</p> : null}
      <ul className="plain email-list">
        {emails.map((e) => (
          <li key={e.id}>
            <Link to={`/dev/emails/${e.id}`}>{e.subject}</Link> <span className="muted">to {e.to}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
