import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { blankVariant, ProductForm } from "~/components/admin/product-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { productInputSchema } from "~/domain/product-input";
import { createProduct, getProductFormOptions } from "~/models/product-admin.server";
import { actorOf, redirectWithNotice, refusal, readForm } from "~/utils/admin.server";
import { clearCatalogCache } from "~/utils/catalog-cache.server";
import { requireRole } from "~/utils/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["staff"]);
  const producer = new URL(request.url).searchParams.get("producer");
  return { options: await getProductFormOptions(getDb()), producer: producer && /^\d+$/.test(producer) ? producer : "" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["staff"]);
  const submission = parseWithZod(await readForm(request), { schema: productInputSchema });
  // A list intent ("Add a variant") is not an error: the form comes back with the longer list.
  if (submission.status !== "success") return data(submission.reply(), { status: submission.status === "error" ? 400 : 200 });
  try {
    const created = await createProduct(getDb(), submission.value, actorOf(user, context));
    clearCatalogCache();
    return redirectWithNotice(`/admin/products/${created.id}`, `Created ${submission.value.title}. Add photos and stock next.`);
  } catch (error) {
    return refusal(submission, error);
  }
}

export const meta: MetaFunction = () => [{ title: "New product · Back office · Kriya" }];

export default function NewProduct() {
  const { options, producer } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <p className="breadcrumbs-admin">
        <Link to="/admin/products">Products</Link> ›
      </p>
      <h1>New product</h1>
      <ProductForm lastResult={lastResult} options={options} defaultValue={{ status: "draft", producerId: producer, variants: [blankVariant] }} submitLabel="Create product" />
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
