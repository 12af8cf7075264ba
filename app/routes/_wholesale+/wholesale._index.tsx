import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { countryNames } from "~/domain/retail/shipping";
import { getUser } from "~/web/auth.server";
import { requireImporter } from "~/web/importer.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  // Importers' own accounts must pass the guard (approved only); everyone else sees the public introduction.
  if (user?.role !== "importer") return { importer: null };
  const { importer } = await requireImporter(request);
  return { importer: { companyName: importer.companyName, country: countryNames[importer.country] ?? importer.country, contactName: importer.contactName, depositPercent: importer.depositPercent } };
}

export const headers = () => ({ "Cache-Control": "private, no-store" });

export const meta: MetaFunction = () => [
  { title: "Wholesale · Kriya" },
  { name: "description", content: "Fair-trade handicrafts from Indonesia for shops and importers: tier prices, FOB Jakarta or CIF to your port." },
];

export default function Wholesale() {
  const { importer } = useLoaderData<typeof loader>();
  if (importer) {
    return (
      <div className="page narrow">
        <p className="eyebrow">Wholesale</p>
        <h1 className="page-title">Welcome, {importer.contactName.split(/\s+/)[0]}</h1>
        <p className="lede">
          You are buying for <strong>{importer.companyName}</strong> ({importer.country}). Orders take a {importer.depositPercent}% deposit when you accept a
          quote.
        </p>
        <p className="notice" role="status">
          The wholesale catalogue with tier prices and quotes comes next. Until then, write to{" "}
          <a href="mailto:wholesale@kriya.example">wholesale@kriya.example</a> for a price list or a quote.
        </p>
      </div>
    );
  }
  return (
    <div className="page narrow">
      <p className="eyebrow">Wholesale</p>
      <h1 className="page-title">Kriya for shops and importers</h1>
      <p className="lede">
        For forty years we have exported fair-trade handicrafts from Indonesian producer groups to shops in Europe, North America, Japan, Australia and New
        Zealand. With a wholesale account you see tier prices and lead times, and ask for quotes FOB Jakarta or CIF to your port.
      </p>
      <div className="wholesale-actions">
        <Link to="/wholesale/apply" className="button">
          Apply for a wholesale account
        </Link>
        <Link to="/login?redirectTo=%2Fwholesale">Already approved? Sign in</Link>
      </div>
      <p className="muted">We review every application by hand and reply within two working days.</p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
