import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { getEmail } from "~/models/platform/emails.server";
import { devToolsEnabled, isProduction } from "~/utils/env.server";
import { requireRole } from "~/web/auth.server";
import { notFound } from "~/web/refusal.server";

export async function loader({ params, request }: LoaderFunctionArgs) {
  if (!devToolsEnabled()) notFound();
  if (isProduction()) await requireRole(request, ["admin"]);
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  const email = await getEmail(getDb(), { id });
  if (!email) notFound();
  return { email };
}

export default function DevEmail() {
  const { email } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <p>
        <Link to="/dev/emails">← Outbox</Link>
      </p>
      <h1>{email.subject}</h1>
      <p className="muted">To {email.to}</p>
      <pre className="email-text">{email.text}</pre>
    </div>
  );
}
