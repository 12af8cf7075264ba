import type { MetaFunction } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { notFound } from "~/web/refusal.server";

/** Anything no other route claims is a designed 404. */
export function loader(): never {
  notFound();
}

export const meta: MetaFunction = () => [{ title: "Page not found · Kriya" }, { name: "robots", content: "noindex" }];

export default function NotFound() {
  return null;
}

export const ErrorBoundary = GeneralErrorBoundary;
