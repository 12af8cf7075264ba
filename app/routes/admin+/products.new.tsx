import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { blankVariant, ProductForm } from "~/components/admin/product-form";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { productInputSchema } from "~/domain/catalog/product-input";
import { createProduct, getProductFormOptions } from "~/models/catalog/product-admin.server";
import { onceForKey } from "~/models/platform/form-submissions.server";
import { actorOf, formKeyOf, newFormKey, parseAdminForm, redirectWithNotice, readForm } from "~/web/admin-form.server";
import { clearCatalogCache } from "~/utils/catalog-cache.server";
import { requireRole } from "~/web/auth.server";
import { refusalReply } from "~/web/refusal.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["staff"]);
  const producer = new URL(request.url).searchParams.get("producer");
  return { options: await getProductFormOptions(getDb()), producer: producer && /^\d+$/.test(producer) ? producer : "", formKey: newFormKey() };
}

// The product form's one intent; anything else is a hand-made request and a 400.
const createSchema = productInputSchema.safeExtend({ intent: z.literal("save") });

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["staff"]);
  const formData = await readForm(request);
  const submission = parseAdminForm(formData, createSchema);
  // A list intent ("Add a variant") is not an error: the form comes back with the longer list.
  if (submission.status !== "success") return data(submission.reply(), { status: submission.status === "error" ? 400 : 200 });
  try {
    // A second post of this form (a double click, a re-posting reload) leads to the product the first one made.
    const { intent: _, ...input } = submission.value;
    const { outcome: created } = await onceForKey(getDb(), { key: formKeyOf(formData, user.id, "product.create"), write: (tx) => createProduct(tx, { input, actor: actorOf(user, context) }) });
    clearCatalogCache();
    return redirectWithNotice(`/admin/products/${created.id}`, `Created ${submission.value.title}. Add photos and stock next.`);
  } catch (error) {
    return refusalReply(submission, error);
  }
}

export const meta: MetaFunction = () => [{ title: "New product · Back office · Kriya" }];

export default function NewProduct() {
  const { options, producer, formKey } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <p className="breadcrumbs-admin">
        <Link to="/admin/products">Products</Link> ›
      </p>
      <h1>New product</h1>
      <ProductForm lastResult={lastResult} options={options} defaultValue={{ status: "draft", producerId: producer, variants: [blankVariant] }} submitLabel="Create product" hidden={{ formKey }} />
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
