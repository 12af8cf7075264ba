import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";

export const meta: MetaFunction = () => [{ title: "Thank you for applying · Kriya" }, { name: "robots", content: "noindex" }];

export default function ApplicationThanks() {
  return (
    <div className="page narrow">
      <p className="eyebrow">Wholesale</p>
      <h1 className="page-title">Thank you for applying</h1>
      <p className="notice" role="status">
        We have your application and have sent you a confirmation by email.
      </p>
      <h2>What happens next</h2>
      <ol className="next-steps">
        <li>Our export team in Jakarta reviews your application by hand, usually within two working days.</li>
        <li>When you are approved, you get an email with a link to choose your password. The link works for a week.</li>
        <li>Sign in with your email address to see the wholesale catalogue, tier prices and lead times, and ask for a quote.</li>
      </ol>
      <p className="form-aside">
        Questions in the meantime? Write to <a href="mailto:wholesale@kriya.example">wholesale@kriya.example</a>. · <Link to="/">Back to the shop</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
