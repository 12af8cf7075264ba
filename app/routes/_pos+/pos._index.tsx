import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { Till } from "~/components/pos/till";
import { listTillEvents } from "~/models/bazaar/pos-catalog.server";
import posStyles from "~/styles/pos.css?url";
import { publicOrigin } from "~/utils/env.server";
import { requireRole } from "~/web/auth.server";
import { POS_ROLES } from "~/web/pos-access.server";

/**
 * The till document. Its data only lists events while online: once an event is chosen the till reads IndexedDB,
 * because an offline reload serves this page from the service worker's cache with the loader data of back then.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, POS_ROLES);
  const events = await listTillEvents(getDb());
  return data({ events, user: { name: user.name, locale: user.locale }, origin: publicOrigin() }, { headers: { "Cache-Control": "private, no-store" } });
}

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: posStyles },
  { rel: "manifest", href: "/pos.webmanifest" },
];

export const meta: MetaFunction = () => [{ title: "Kasir · Kriya" }, { name: "robots", content: "noindex" }];

export default function PointOfSale() {
  const { events, user, origin } = useLoaderData<typeof loader>();
  return <Till events={events} userName={user.name} userLocale={user.locale} origin={origin} />;
}

export const ErrorBoundary = GeneralErrorBoundary;
