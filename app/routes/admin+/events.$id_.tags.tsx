import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { EventNav } from "~/components/bazaar/event-nav";
import { PrintButton } from "~/components/bazaar/print-button";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { QrCode } from "~/components/ui/qr-code";
import { formatMoney, money } from "~/domain/money/money";
import { listEventStock } from "~/models/bazaar/events.server";
import bazaarStyles from "~/styles/bazaar-admin.css?url";
import { getDb } from "~db/client.server";
import { publicOrigin } from "~/utils/env.server";
import { qrCodeSvg } from "~/utils/qr-code.server";
import { requireRole } from "~/web/auth.server";
import { eventOfPage } from "./event-pages.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: bazaarStyles }];

/** More tags than any stall puts out in a day: a sheet of thousands would only stall the printer. */
const MAX_TAGS = 600;

/** Price tags for the pieces at an event: one per piece on hand, or one per kind of piece. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ["staff", "bazaar"]);
  const event = await eventOfPage(params);
  const perPiece = new URL(request.url).searchParams.get("copies") === "one";
  const stock = await listEventStock(getDb(), { eventId: event.id, onlyOnHand: true });
  // PUBLIC_URL, never the request's Host: a printed tag outlives the address staff happened to open the page on.
  const origin = publicOrigin();
  const linkOf = (slug: string) => `${origin}/products/${slug}`;
  const slugs = [...new Set(stock.map((s) => s.productSlug))];
  const qrs = new Map(await Promise.all(slugs.map(async (slug) => [slug, await qrCodeSvg(linkOf(slug))] as const)));
  const kinds = stock.map((s) => ({
    variantId: s.variantId,
    copies: perPiece ? 1 : s.onHand,
    productTitle: s.productTitle,
    variant: [s.options.colour, s.options.size, s.options.finish].filter(Boolean).join(" · ") || s.variantTitle,
    sku: s.sku,
    price: formatMoney(money(s.bazaarPriceMinor, "IDR")),
    producerName: s.producerName,
    slug: s.productSlug,
    link: linkOf(s.productSlug),
  }));
  let left = MAX_TAGS;
  const tags = kinds.flatMap((k) => {
    const copies = Math.min(k.copies, left);
    left -= copies;
    return Array.from({ length: copies }, (_, n) => ({ ...k, key: `${k.variantId}-${n}` }));
  });
  return { event: { id: event.id, name: event.name }, perPiece, tags, truncated: kinds.reduce((n, k) => n + k.copies, 0) > tags.length, qrs: Object.fromEntries(qrs) };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Price tags · ${data?.event.name ?? "Event"} · Back office · Kriya` }];

export default function EventTags() {
  const { event, perPiece, tags, truncated, qrs } = useLoaderData<typeof loader>();
  return (
    <div className="event-page">
      <header className="event-header no-print">
        <p className="breadcrumbs-admin">
          <Link to="/admin/events">Events</Link> › <Link to={`/admin/events/${event.id}`}>{event.name}</Link> ›
        </p>
        <h1>Price tags</h1>
        <EventNav eventId={event.id} />
      </header>
      <div className="print-toolbar no-print">
        <Form method="get" className="inline-fields" aria-label="How many tags">
          <div className="field">
            <label htmlFor="tag-copies">Tags to print</label>
            <select id="tag-copies" name="copies" defaultValue={perPiece ? "one" : "stock"}>
              <option value="stock">One for every piece on hand</option>
              <option value="one">One for each kind of piece</option>
            </select>
          </div>
          <button type="submit" className="button button-ghost">
            Show
          </button>
        </Form>
        <PrintButton label="Print the tags" />
      </div>
      {truncated ? <p className="notice notice-error no-print">Only the first {tags.length} tags are shown. Print these, then choose one for each kind of piece.</p> : null}
      {tags.length ? (
        <section className="print-sheet tag-sheet" aria-label={`${tags.length} price ${tags.length === 1 ? "tag" : "tags"}`}>
          <p className="no-print muted">
            {tags.length} {tags.length === 1 ? "tag" : "tags"}, 50 × 30 mm, on A4. Cut along the dashed lines.
          </p>
          <ul className="plain tag-grid">
            {tags.map((t) => (
              <li key={t.key} className="price-tag">
                <div className="price-tag-text">
                  <p className="price-tag-title">{t.productTitle}</p>
                  {t.variant ? <p className="price-tag-variant">{t.variant}</p> : null}
                  <p className="price-tag-price">{t.price}</p>
                  <p className="price-tag-maker">{t.producerName}</p>
                  <p className="price-tag-sku">{t.sku}</p>
                </div>
                <QrCode svg={qrs[t.slug]!} text={t.link} label={`QR code to the story of ${t.productTitle}`} className="price-tag-qr" />
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <section className="admin-card">
          <p>No stock is at this event yet, so there is nothing to tag. Tags follow what has been received.</p>
        </section>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
