import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { passwordRules, type ResetTokenState } from "~/domain/platform/password-reset";
import { checkResetToken, resetPassword } from "~/models/platform/password-reset.server";
import { writeFlash } from "~/utils/cookies.server";
import { clearSessionCookie } from "~/utils/session.server";
import { tokenSchema } from "~/utils/token.server";

const schema = z
  .object({
    password: z
      .string({ message: "Enter a new password" })
      .min(passwordRules.minLength, `Use at least ${passwordRules.minLength} characters`)
      .max(passwordRules.maxLength, `Use at most ${passwordRules.maxLength} characters`),
    confirmPassword: z.string({ message: "Enter the new password a second time" }).max(passwordRules.maxLength, "The two passwords don't match"),
  })
  .refine((v) => v.password === v.confirmPassword, { message: "The two passwords don't match", path: ["confirmPassword"] });

const tokenProblems: Record<Exclude<ResetTokenState, "valid">, string> = {
  // A welcome link for a newly approved importer comes here too and lasts longer, so this names no lifetime.
  expired: "This link has expired. Ask for a new one below and use it soon after it arrives.",
  used: "This reset link has already been used. If you still want to change your password, ask for a new link.",
  unknown: "This reset link isn't valid. Check that you copied the whole address from the email, or ask for a new link.",
};

async function checkToken(value: unknown) {
  const token = tokenSchema.safeParse(value);
  if (!token.success) return { state: "unknown" as const };
  return { token: token.data, ...(await checkResetToken(getDb(), { token: token.data })) };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const check = await checkToken(new URL(request.url).searchParams.get("token"));
  if (check.state !== "valid") return { state: check.state, problem: tokenProblems[check.state] };
  return { state: "valid" as const, token: check.token!, email: check.email };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData());
  const tokenError = (state: Exclude<ResetTokenState, "valid">) => data({ kind: "token" as const, field: null, message: tokenProblems[state] }, { status: 400 });
  const check = await checkToken(form.token);
  if (check.state !== "valid") return tokenError(check.state);
  const parsed = schema.safeParse(form);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return data({ kind: "password" as const, field: String(issue.path[0] ?? "password"), message: issue.message }, { status: 400 });
  }
  const ip = typeof context.clientIp === "string" ? context.clientIp : null;
  const result = await resetPassword(getDb(), { token: check.token!, password: parsed.data.password, ip });
  if (!result.ok) return tokenError(result.reason);
  // Every session of the account was ended; this browser's cookie goes too.
  const headers = new Headers();
  headers.append("Set-Cookie", await writeFlash({ ok: true, message: "Your password has been changed; sign in with the new one." }));
  headers.append("Set-Cookie", await clearSessionCookie());
  return redirect("/login", { headers });
}

export const headers = () => ({ "Cache-Control": "private, no-store" });

// The token is in the address: never send it to another site. ("no-referrer" would also blank the Origin of
// this page's own POST, which the CSRF check then refuses.)
export const meta: MetaFunction = () => [{ title: "Choose a new password · Kriya" }, { name: "robots", content: "noindex" }, { name: "referrer", content: "same-origin" }];

export default function ResetPassword() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const problem = result?.kind === "token" ? result.message : loaded.state !== "valid" ? loaded.problem : null;
  if (problem || loaded.state !== "valid") {
    return (
      <div className="page narrow">
        <h1 className="page-title">This link can't be used</h1>
        <p className="notice notice-error" role="alert">
          {problem}
        </p>
        <p className="reset-actions">
          <Link to="/forgot-password" className="button">
            Ask for a new link
          </Link>{" "}
          <Link to="/login">Back to sign in</Link>
        </p>
      </div>
    );
  }
  const fieldError = (name: string) => (result?.field === name ? { "aria-invalid": true, "aria-describedby": "reset-error" } : {});
  return (
    <div className="page narrow">
      <h1 className="page-title">Choose a new password</h1>
      <p className="lede">
        For {loaded.email}. Use at least {passwordRules.minLength} characters; a few unrelated words make a strong one. Saving it signs you out
        everywhere.
      </p>
      <Form method="post" className="stacked-form" aria-label="Choose a new password">
        {result ? (
          <p className="notice notice-error" role="alert" id="reset-error">
            {result.message}
          </p>
        ) : null}
        <input type="hidden" name="token" value={loaded.token} />
        {/* Lets password managers file the new password under the right account. */}
        <input type="email" autoComplete="username" value={loaded.email} readOnly hidden />
        <label>
          New password{" "}
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={passwordRules.minLength}
            maxLength={passwordRules.maxLength}
            {...fieldError("password")}
          />
        </label>
        <label>
          Repeat the new password{" "}
          <input
            name="confirmPassword"
            type="password"
            autoComplete="new-password"
            required
            minLength={passwordRules.minLength}
            maxLength={passwordRules.maxLength}
            {...fieldError("confirmPassword")}
          />
        </label>
        <button type="submit" className="button">
          Save the new password
        </button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
