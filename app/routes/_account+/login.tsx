import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { attemptLogin, createSession, landingPath } from "~/models/platform/users.server";
import { readFlash } from "~/utils/cookies.server";
import { writeSessionId } from "~/utils/session.server";
import { getUser } from "~/web/auth.server";
import { safeRedirectPath } from "~/utils/shopper.server";

const schema = z.object({
  email: z.string().trim().toLowerCase().max(200).email("Enter your email address"),
  password: z.string().min(1, "Enter your password").max(256, "That password is too long"),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  // No page asked for the sign-in: the role decides where to start (staff and admins at the back office).
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"), "");
  const user = await getUser(request);
  if (user) throw redirect(redirectTo || landingPath(user.role));
  // E.g. "Your password has been changed" after a reset.
  const { flash, clear } = await readFlash(request);
  return data({ redirectTo, notice: flash?.message ?? null }, clear ? { headers: { "Set-Cookie": clear } } : undefined);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = schema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ message: parsed.error.issues[0]!.message }, { status: 400 });
  const { email, password } = parsed.data;
  const db = getDb();
  const ip = typeof context.clientIp === "string" ? context.clientIp : "unknown";

  const tooMany = (retryAfter: number) =>
    data(
      { message: `Too many sign-in attempts. Please wait ${Math.ceil(retryAfter / 60)} minute${retryAfter > 60 ? "s" : ""} and try again.` },
      { status: 429, headers: { "Retry-After": String(retryAfter) } },
    );
  const attempt = await attemptLogin(db, { email, password, ip });
  if (attempt.status === "locked") return tooMany(attempt.retryAfter);
  if (attempt.status === "wrong") return data({ message: "That email and password don't match an account." }, { status: 400 });
  const session = await createSession(db, { userId: attempt.userId });
  return redirect(safeRedirectPath(parsed.data.redirectTo, landingPath(attempt.role)), { headers: { "Set-Cookie": await writeSessionId(session.id) } });
}

/** A 429 from the action must keep its Retry-After on the rendered page. */
export const headers = ({ actionHeaders }: { actionHeaders: Headers }) => {
  const headers = new Headers({ "Cache-Control": "private, no-store" });
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

export const meta: MetaFunction = () => [{ title: "Sign in · Kriya" }, { name: "robots", content: "noindex" }];

export default function Login() {
  const { redirectTo, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="page narrow">
      <h1 className="page-title">Sign in</h1>
      <p className="lede">For Kriya staff, bazaar teams and approved importers.</p>
      <Form method="post" className="stacked-form" aria-label="Sign in">
        {actionData ? (
          <p className="notice notice-error" role="alert">
            {actionData.message}
          </p>
        ) : notice ? (
          <p className="notice" role="status">
            {notice}
          </p>
        ) : null}
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <label>
          Email <input name="email" type="email" autoComplete="username" required maxLength={200} />
        </label>
        <label>
          Password <input name="password" type="password" autoComplete="current-password" required maxLength={256} />
        </label>
        <button type="submit" className="button">
          Sign in
        </button>
      </Form>
      <p className="form-aside">
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
    </div>
  );
}
