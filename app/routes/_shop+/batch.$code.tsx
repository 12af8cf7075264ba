import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { FieldVisitReport, formatDate, ProducerFacts } from "~/components/storefront/provenance";
import { Breadcrumbs } from "~/components/ui/breadcrumbs";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { QrCode } from "~/components/ui/qr-code";
import { Link } from "~/components/ui/shop-link";
import { batchCodePattern, normaliseReferenceCode } from "~/domain/platform/reference-code";
import { getBatch } from "~/models/production/production-orders.server";
import { cachedCatalogRead } from "~/utils/catalog-cache.server";
import { publicOrigin } from "~/utils/env.server";
import { catalogHeaders } from "~/utils/http.server";
import { qrCodeSvg } from "~/utils/qr-code.server";
import { seoMeta } from "~/utils/seo";
import { notFound } from "~/web/refusal.server";
import batchStyles from "~/styles/batch.css?url";

const missing = "We don't know a batch with that code. Check the code on the tag: it looks like B-26-ABC234.";

/** The public page a batch tag's QR code opens: who made it, where and when. Nothing private is read. */
export async function loader({ params }: LoaderFunctionArgs) {
  const code = normaliseReferenceCode(params.code, batchCodePattern) ?? notFound(missing);
  const origin = publicOrigin();
  const url = `${origin}/batch/${code}`;
  const page = await cachedCatalogRead(`batch:${code}`, async () => {
    const batch = await getBatch(getDb(), { code });
    return batch ? { batch, qr: await qrCodeSvg(url) } : null;
  });
  if (!page) notFound(missing);
  const { batch, qr } = page;
  const day = (at: Date | null) => (at ? at.toISOString().slice(0, 10) : null);
  return {
    batch: { ...batch, startedAt: day(batch.startedAt), qcPassedAt: day(batch.qcPassedAt), receivedAt: day(batch.receivedAt) },
    qr,
    canonical: url,
  };
}

export const headers = catalogHeaders;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: batchStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? seoMeta({ title: `Batch ${data.batch.batchCode} by ${data.batch.producer.name}`, description: `Made by ${data.batch.producer.name} in ${data.batch.producer.village}, ${data.batch.producer.regency}, ${data.batch.producer.province}.`, canonical: data.canonical })
    : [{ title: "Batch not found · Kriya" }];

export default function BatchPage() {
  const { batch, qr, canonical } = useLoaderData<typeof loader>();
  const { producer, latestVisit } = batch;
  const steps = [
    { label: "Production started", on: batch.startedAt },
    { label: "Quality check passed", on: batch.qcPassedAt },
    { label: "Received at our warehouse", on: batch.receivedAt },
  ];
  return (
    <article className="batch-page">
      <Breadcrumbs items={[{ label: "Producer groups", to: "/producers" }, { label: producer.name, to: `/producers/${producer.slug}` }, { label: `Batch ${batch.batchCode}` }]} />
      <header className="batch-hero">
        <div>
          <p className="eyebrow">Batch {batch.batchCode}</p>
          <h1>
            Made by {producer.name} in {producer.village}, {producer.regency}, {producer.province}
          </h1>
          <p className="lede">{producer.summary}</p>
        </div>
        <figure className="batch-qr">
          <QrCode svg={qr} label={`QR code linking to this page for batch ${batch.batchCode}`} />
          <figcaption className="muted">{canonical}</figcaption>
        </figure>
      </header>

      <div className="producer-layout">
        <section aria-labelledby="when-title">
          <h2 id="when-title">When</h2>
          <ol className="batch-timeline">
            {steps.map((s) => (
              <li key={s.label} className={s.on ? "done" : undefined}>
                <strong>{s.label}</strong>: {s.on ? <time dateTime={s.on}>{formatDate(s.on)}</time> : <span className="muted">not yet</span>}
              </li>
            ))}
          </ol>
          <h2 id="pieces-title" className="batch-pieces-title">The pieces</h2>
          <ul className="plain" aria-labelledby="pieces-title">
            {batch.pieces.map((p, i) => (
              <li key={i}>
                {p.quantity} × <Link to={`/products/${p.productSlug}`}>{p.productTitle}</Link>
                {p.variantTitle ? <span className="muted"> ({p.variantTitle})</span> : null}
              </li>
            ))}
          </ul>
        </section>
        <aside className="producer-facts" aria-labelledby="who-title">
          <h2 id="who-title">Who made it</h2>
          <ProducerFacts producer={producer} variant="page" />
          <p>
            <Link to={`/producers/${producer.slug}`}>More about {producer.name}</Link>
          </p>
        </aside>
      </div>

      <section className="section visits" aria-labelledby="visit-title">
        <h2 id="visit-title">Fair-trade field visit</h2>
        <FieldVisitReport visit={latestVisit} />
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
