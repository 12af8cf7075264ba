import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { resetLinkLifetime, resetRequestLimits } from "~/domain/platform/password-reset";
import { drainOutboxSoon } from "~/models/platform/outbox-handlers.server";
import { requestPasswordReset } from "~/models/platform/password-reset.server";
import { hitRateLimit } from "~/models/platform/users.server";
import { publicOrigin } from "~/utils/env.server";
import { getUser } from "~/web/auth.server";

const schema = z.object({
  email: z.string().trim().toLowerCase().max(200, "That email address is too long").email("Enter your email address"),
});

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect("/account");
  return {};
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = schema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ ok: false as const, invalid: true, message: parsed.error.issues[0]!.message }, { status: 400 });
  const { email } = parsed.data;
  const db = getDb();
  const ip = typeof context.clientIp === "string" ? context.clientIp : "unknown";

  const tooMany = (retryAfter: number) =>
    data(
      { ok: false as const, invalid: false, message: `Too many reset requests. Please wait ${Math.ceil(retryAfter / 60)} minute${retryAfter > 60 ? "s" : ""} and try again.` },
      { status: 429, headers: { "Retry-After": String(retryAfter) } },
    );
  // Unknown addresses count too, so the limit itself says nothing about which accounts exist.
  const byIp = await hitRateLimit(db, { key: `reset:ip:${ip}`, rule: resetRequestLimits.ip });
  if (!byIp.allowed) return tooMany(byIp.retryAfter);
  const byEmail = await hitRateLimit(db, { key: `reset:email:${email}`, rule: resetRequestLimits.email });
  if (!byEmail.allowed) return tooMany(byEmail.retryAfter);

  // The link's host is the configured origin, never one a request's headers name (Host-header poisoning).
  await requestPasswordReset(db, { email, origin: publicOrigin() });
  drainOutboxSoon(db);
  return data({
    ok: true as const,
    message: `If there is a Kriya account for ${email}, we have sent it a link to choose a new password. The link works for ${resetLinkLifetime}; check your spam folder if it doesn't arrive within a few minutes.`,
  });
}

/** A 429 from the action must keep its Retry-After on the rendered page. */
export const headers = ({ actionHeaders }: { actionHeaders: Headers }) => {
  const headers = new Headers({ "Cache-Control": "private, no-store" });
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

export const meta: MetaFunction = () => [{ title: "Forgot your password? · Kriya" }, { name: "robots", content: "noindex" }];

export default function ForgotPassword() {
  const result = useActionData<typeof action>();
  if (result?.ok) {
    return (
      <div className="page narrow">
        <h1 className="page-title">Check your email</h1>
        <p className="notice" role="status">
          {result.message}
        </p>
        <p className="form-aside">
          <Link to="/login">Back to sign in</Link> · <Link to="/forgot-password">Send another link</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="page narrow">
      <h1 className="page-title">Forgot your password?</h1>
      <p className="lede">Enter the email address of your Kriya account and we'll send you a link to choose a new password.</p>
      <Form method="post" className="stacked-form" aria-label="Request a reset link">
        {result ? (
          <p className="notice notice-error" role="alert" id="forgot-error">
            {result.message}
          </p>
        ) : null}
        <label>
          Email{" "}
          <input
            name="email"
            type="email"
            autoComplete="email"
            required
            maxLength={200}
            aria-invalid={result?.invalid ? true : undefined}
            aria-describedby={result?.invalid ? "forgot-error" : undefined}
          />
        </label>
        <button type="submit" className="button">
          Send me a reset link
        </button>
      </Form>
      <p className="form-aside">
        <Link to="/login">Back to sign in</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
