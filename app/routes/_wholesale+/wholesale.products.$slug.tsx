import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import wholesaleStyles from "~/styles/wholesale-catalogue.css?url";
import { PhotoPlaceholder, Picture } from "~/components/ui/picture";
import { FlashNotice, LeadTimeNote, orderRules, TierTable, usd, WholesaleNav } from "~/components/wholesale/catalogue-ui";
import { WholesaleProvenance } from "~/components/wholesale/provenance";
import { isSlug } from "~/domain/catalog/slug";
import { getBasket, setBasketQuantities } from "~/models/wholesale/basket.server";
import { getWholesaleProduct } from "~/models/wholesale/catalogue.server";
import { readFlash, writeFlash } from "~/utils/cookies.server";
import { readForm } from "~/web/admin-form.server";
import { requireImporter } from "~/web/importer.server";
import { invalidReply, notFound, refusalReply } from "~/web/refusal.server";
import { quantityRows, toQuantities } from "./basket-forms";

const addSchema = z.object({ quantities: quantityRows });

async function loadProduct(slug: string | undefined) {
  if (!slug || !isSlug(slug)) notFound("There is no wholesale piece at that address.");
  const product = await getWholesaleProduct(getDb(), { slug });
  if (!product) notFound("There is no wholesale piece at that address.");
  return product;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { importer } = await requireImporter(request);
  const product = await loadProduct(params.slug);
  const [basket, { flash, clear }] = await Promise.all([getBasket(getDb(), { importerId: importer.id }), readFlash(request)]);
  const inBasket = Object.fromEntries(basket.lines.filter((l) => l.productId === product.id).map((l) => [l.variantId, l.quantity]));
  const state = basket.products.find((p) => p.productId === product.id) ?? null;
  return data(
    { product, inBasket, problem: state?.problem ?? null, totalInBasket: state?.totalQuantity ?? 0, basketCount: basket.pieceCount, flash },
    { headers: { "Cache-Control": "private, no-store", ...(clear ? { "Set-Cookie": clear } : {}) } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { importer } = await requireImporter(request);
  const product = await loadProduct(params.slug);
  const submission = parseWithZod(await readForm(request), { schema: addSchema });
  if (submission.status !== "success") return invalidReply(submission.reply());
  const own = new Set(product.variants.map((v) => v.id));
  if (submission.value.quantities.some((q) => !own.has(q.variantId))) {
    return data(submission.reply({ formErrors: ["That piece is not one of this product's variants. Reload the page and try again."] }), { status: 400 });
  }
  const db = getDb();
  try {
    await setBasketQuantities(db, { importerId: importer.id, quantities: toQuantities(submission.value.quantities) });
  } catch (error) {
    return refusalReply(submission, error);
  }
  // The basket keeps what was typed; a carton or minimum problem is a hint here and refused only when asking.
  const basket = await getBasket(db, { importerId: importer.id });
  const state = basket.products.find((p) => p.productId === product.id);
  const flash = state
    ? { ok: !state.problem, message: `Your quote basket holds ${state.totalQuantity} pieces of ${product.title}.`, details: state.problem ? [`${state.problem}. Fix it before you ask for the quote.`] : undefined }
    : { ok: true, message: `${product.title} is no longer in your quote basket.` };
  return redirect(`/wholesale/products/${product.slug}`, { headers: { "Set-Cookie": await writeFlash(flash) } });
}

export const links: LinksFunction = () => [{ rel: "stylesheet", href: wholesaleStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.product.title} · Wholesale · Kriya` : "Not found · Wholesale · Kriya" }];

export default function WholesaleProductPage() {
  const { product, inBasket, problem, totalInBasket, basketCount, flash } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: `wholesale-add-${product.id}`,
    lastResult,
    defaultValue: { quantities: product.variants.map((v) => ({ variantId: String(v.id), quantity: inBasket[v.id] ? String(inBasket[v.id]) : "" })) },
  });
  const rows = fields.quantities.getFieldList();
  const mixes = product.variants.length > 1;
  return (
    <article className="page wholesale-page product-page">
      <WholesaleNav basketCount={basketCount} />
      <FlashNotice flash={flash} />
      <p className="breadcrumbs-wholesale">
        <Link to="/wholesale">Wholesale catalogue</Link> › {product.category.name}
      </p>
      <div className="product-layout">
        <section className="gallery" aria-label="Photos">
          {product.images.length === 0 ? <PhotoPlaceholder title={product.title} className="gallery-placeholder" /> : null}
          <ul className="gallery-track">
            {product.images.map((image, index) => (
              <li key={image.hash} className="gallery-slide">
                <Picture image={image} priority={index === 0} sizes="(min-width: 960px) 55vw, 100vw" />
              </li>
            ))}
          </ul>
        </section>
        <div className="product-info">
          <p className="eyebrow">
            {product.producer.name} · {product.producer.village}, {product.producer.island}
          </p>
          <h1>{product.title}</h1>
          <p className="product-price">{product.tiers[0] ? `from ${usd(Math.min(...product.tiers.map((t) => t.unitPriceMinor)))} / piece` : "Price on request"}</p>
          <p className="product-summary">{product.summary}</p>
          <div className="wholesale-terms">
            <p className="wholesale-rules">
              <strong>{orderRules(product)}</strong>
            </p>
            <p className="muted">
              {mixes
                ? `Mix colours and sizes to reach ${product.smallestOrder} pieces${product.casePack > 1 ? ` and fill cartons of ${product.casePack}` : ""}: the minimum and tier price count all variants together.`
                : `Order at least ${product.smallestOrder} pieces${product.casePack > 1 ? `, in cartons of ${product.casePack}` : ""}.`}
            </p>
            <LeadTimeNote leadTime={product.leadTime} prefix={`Lead time for ${product.smallestOrder} pieces`} />
          </div>
          <TierTable tiers={product.tiers} caption={mixes ? "Tier prices from the lowest variant's, by the product's total across variants" : "Tier prices"} />

          <Form method="post" {...getFormProps(form)} className="wholesale-add" aria-label="Add to quote basket">
            <h2>Quantities</h2>
            {form.errors?.length ? (
              <p className="notice notice-error" role="alert" id={form.errorId}>
                {form.errors[0]}
              </p>
            ) : null}
            {problem ? (
              <p className="field-hint" id="basket-hint">
                In your basket: {totalInBasket} pieces. {problem}.
              </p>
            ) : null}
            <ul className="wholesale-variant-rows">
              {rows.map((row, index) => {
                const variant = product.variants[index]!;
                const { variantId, quantity } = row.getFieldset();
                const { key: _key, ...quantityProps } = getInputProps(quantity, { type: "number", ariaAttributes: true });
                const label = variant.title || product.title;
                const ownTiers = variant.tiers.map((t) => `${usd(t.unitPriceMinor)} from ${t.minQuantity}`).join(" · ");
                return (
                  <li key={variant.id} className="wholesale-variant-row">
                    <input type="hidden" name={variantId.name} value={variant.id} />
                    <label htmlFor={quantity.id}>
                      <span className="wholesale-variant-name">{label}</span>
                      <span className="muted small">
                        {variant.sku}
                        {ownTiers ? ` · ${ownTiers}` : ""}
                      </span>
                    </label>
                    <input {...quantityProps} min={0} max={100000} step={1} inputMode="numeric" />
                    {quantity.errors?.length ? (
                      <span id={quantity.errorId} className="field-error">
                        {quantity.errors[0]}
                      </span>
                    ) : null}
                  </li>
                );
              })}
            </ul>
            <button type="submit" className="button">
              Add to quote basket
            </button>
            <p className="muted small">The basket keeps what you type; we check minimums and cartons when you ask for the quote.</p>
          </Form>

          <WholesaleProvenance producer={product.producer} technique={product.technique} />

          <section className="product-details" aria-labelledby="details-title">
            <h2 id="details-title">About this piece</h2>
            {product.description.split(/\n\s*\n/).map((paragraph, i) => (
              <p key={i}>{paragraph}</p>
            ))}
            <dl className="facts">
              <div>
                <dt>Materials</dt>
                <dd>{product.materials.map((m) => m.name).join(", ") || "—"}</dd>
              </div>
              {product.hsCode ? (
                <div>
                  <dt>HS code</dt>
                  <dd>{product.hsCode}</dd>
                </div>
              ) : null}
            </dl>
          </section>
        </div>
      </div>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
