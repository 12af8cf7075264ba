import { Form } from "@remix-run/react";

/** Signing out is a POST (a link could be triggered by another site). */
export function SignOutButton({ className = "text-button" }: { className?: string }) {
  return (
    <Form method="post" action="/logout">
      <button type="submit" className={className}>
        Sign out
      </button>
    </Form>
  );
}
