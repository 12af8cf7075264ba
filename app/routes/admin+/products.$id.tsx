import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { PhotoUpload } from "~/components/admin/photo-upload";
import { ProductForm } from "~/components/admin/product-form";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { productInputSchema } from "~/domain/catalog/product-input";
import { MAX_UPLOAD_BYTES } from "~/models/catalog/images.server";
import { deleteProduct, getProductForEdit, getProductFormOptions, productFormValues, updateProduct, updateProductImage } from "~/models/catalog/product-admin.server";
import { editVersion } from "~/models/platform/audit.server";
import { actorOf, firstError, idParam, parseAdminForm, redirectWithNotice, readForm, versionAfter, versionOf } from "~/web/admin-form.server";
import { clearCatalogCache } from "~/utils/catalog-cache.server";
import { imageUrl } from "~/utils/images";
import { requireRole } from "~/web/auth.server";
import { asRefusal, notFound, refusalReply, statusOf } from "~/web/refusal.server";
import { isMultipart, MAX_FILES_PER_UPLOAD, uploadProductPhotos } from "./photo-upload.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ["staff"]);
  const db = getDb();
  const id = idParam(params.id);
  const [product, options, version] = await Promise.all([getProductForEdit(db, { id }), getProductFormOptions(db), editVersion(db, { entityType: "product", entityId: id })]);
  if (!product) notFound("That product does not exist.");
  return {
    product: { id: product.id, title: product.title, slug: product.slug, status: product.status },
    images: product.images.map((i) => ({ id: i.id, alt: i.alt, src: imageUrl(i.hash, i.widths[0]!, "webp"), width: i.width, height: i.height })),
    defaults: productFormValues(product),
    options,
    upload: { maxMb: MAX_UPLOAD_BYTES / 1024 / 1024, maxFiles: MAX_FILES_PER_UPLOAD },
    version,
  };
}

// One form per intent: the product's fields, its deletion, and a change to one of its photos. Uploads are multipart (below).
const actionSchema = z.discriminatedUnion("intent", [
  productInputSchema.safeExtend({ intent: z.literal("save") }),
  z.object({ intent: z.literal("delete"), confirm: z.literal("yes", "Tick the box to confirm the deletion.") }),
  z
    .object({
      intent: z.literal("photo"),
      imageId: z.coerce.number().int().positive(),
      change: z.enum(["alt", "cover", "remove"]),
      alt: z.string().trim().min(1, "Describe the photo").max(200, "Keep the description under 200 characters").optional(),
    })
    .refine((photo) => photo.change !== "alt" || photo.alt, { message: "Describe the photo", path: ["alt"] }),
]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["staff"]);
  const id = idParam(params.id);
  const actor = actorOf(user, context);
  const db = getDb();
  if (isMultipart(request)) {
    const outcome = await uploadProductPhotos(request, id, actor);
    if (!outcome.ok) return data({ intent: "upload" as const, message: outcome.message }, { status: outcome.status });
    clearCatalogCache();
    return redirectWithNotice(`/admin/products/${id}#photos`, outcome.message);
  }
  const formData = await readForm(request);
  const submission = parseAdminForm(formData, actionSchema);
  if (submission.status !== "success") {
    // A list intent ("Add a variant") is not an error: the form comes back with the longer list.
    if (submission.payload.intent === "save") return data({ intent: "save" as const, reply: submission.reply() }, { status: submission.status === "error" ? 400 : 200 });
    return data({ intent: "other" as const, message: firstError(submission.error) }, { status: 400 });
  }
  const input = submission.value;
  try {
    if (input.intent === "save") {
      const { intent: _, ...product } = input;
      try {
        await updateProduct(db, { id, input: product, actor, expectedVersion: versionOf(formData) });
      } catch (error) {
        const refused = refusalReply(submission, error);
        return data({ intent: "save" as const, reply: refused.data, ...versionAfter(error) }, { status: refused.init?.status });
      }
      clearCatalogCache();
      return redirectWithNotice(`/admin/products/${id}`, `Saved ${product.title}.`);
    }
    if (input.intent === "delete") {
      const gone = await deleteProduct(db, { id, actor });
      clearCatalogCache();
      return redirectWithNotice("/admin/products", `Deleted ${gone.title}.`);
    }
    const { imageId, change, alt } = input;
    await updateProductImage(db, { productId: id, imageId, change: { alt: change === "alt" ? alt : undefined, makeCover: change === "cover", remove: change === "remove" }, actor });
    clearCatalogCache();
    return redirectWithNotice(`/admin/products/${id}#photos`, change === "remove" ? "Removed the photo." : change === "cover" ? "That photo now leads." : "Saved the description.");
  } catch (error) {
    const refusal = asRefusal(error);
    return data({ intent: "other" as const, message: refusal.message }, { status: statusOf(refusal) });
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.product.title ?? "Product"} · Back office · Kriya` }];

export default function EditProduct() {
  const { product, images, defaults, options, upload, version } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // After a conflict the form carries the newer version, so pressing Save again keeps this person's changes.
  const formVersion = result && "version" in result && typeof result.version === "number" ? result.version : version;
  const message = result && "message" in result ? result.message : undefined;
  return (
    <>
      <p className="breadcrumbs-admin">
        <Link to="/admin/products">Products</Link> ›
      </p>
      <div className="admin-heading">
        <h1>{product.title}</h1>
        <p>
          {product.status === "active" ? <Link to={`/products/${product.slug}`}>View in the shop</Link> : <span className="badge">{product.status}: not in the shop</span>}{" "}
          · <Link to={`/admin/stock?q=${encodeURIComponent(defaults.variants[0]?.sku ?? product.title)}`}>Stock</Link>
        </p>
      </div>
      {message && result?.intent !== "upload" ? (
        <p className="notice notice-error" role="alert">
          {message}
        </p>
      ) : null}
      <ProductForm
        key={JSON.stringify(defaults)}
        lastResult={result && "reply" in result ? result.reply : undefined}
        defaultValue={defaults}
        options={options}
        submitLabel="Save product"
        hidden={{ version: formVersion }}
      />
      <section id="photos" aria-labelledby="photos-heading">
        <h2 id="photos-heading">Photos</h2>
        {images.length === 0 ? <p className="muted">No photos yet. The first photo is the one shoppers see in the shop.</p> : null}
        <ul className="image-grid">
          {images.map((image, index) => (
            <li key={image.id}>
              <img src={image.src} alt={image.alt} width={image.width} height={image.height} loading="lazy" />
              <Form method="post" aria-label={`Photo ${index + 1}`}>
                <input type="hidden" name="intent" value="photo" />
                <input type="hidden" name="imageId" value={image.id} />
                <label className="visually-hidden" htmlFor={`alt-${image.id}`}>
                  Description of photo {index + 1}
                </label>
                <input id={`alt-${image.id}`} name="alt" defaultValue={image.alt} maxLength={200} />
                <p>
                  <button type="submit" name="change" value="alt" className="button-link">
                    Save description
                  </button>
                  {index > 0 ? (
                    <>
                      {" · "}
                      <button type="submit" name="change" value="cover" className="button-link">
                        Make photo {index + 1} the cover
                      </button>
                    </>
                  ) : (
                    <span className="badge badge-ok"> Cover</span>
                  )}
                  {" · "}
                  <button type="submit" name="change" value="remove" className="button-link">
                    Remove photo {index + 1}
                  </button>
                </p>
              </Form>
            </li>
          ))}
        </ul>
        <PhotoUpload productId={product.id} maxMb={upload.maxMb} maxFiles={upload.maxFiles} error={result?.intent === "upload" ? message : undefined} />
      </section>
      <details className="admin-card danger-zone">
        <summary>Delete this product</summary>
        <Form method="post">
          <input type="hidden" name="intent" value="delete" />
          <p className="muted">Only a product that was never sold can be deleted. Otherwise set its status to Archived.</p>
          <label className="field-check">
            <input type="checkbox" name="confirm" value="yes" required /> Yes, delete {product.title}
          </label>
          <button type="submit" className="button button-danger">
            Delete product
          </button>
        </Form>
      </details>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
