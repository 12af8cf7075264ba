import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { formatMoney } from "~/domain/money/money";
import { productStatuses } from "~/domain/catalog/product-input";
import { idField, listSearch, pageField, parseListQuery, searchTextField } from "~/domain/platform/list-query";
import { getProductFormOptions, listProductsForAdmin } from "~/models/catalog/product-admin.server";
import { imageUrl } from "~/utils/images";
import { requireRole } from "~/web/auth.server";
import { badRequest } from "~/web/refusal.server";
import { TableScroll } from "~/components/admin/table-scroll";

const filterSchema = z.object({
  q: searchTextField(100, "Search for at most 100 characters"),
  status: z.enum(productStatuses, { message: "Status must be draft, active or archived" }).optional(),
  category: idField("Category must be chosen from the list"),
  producer: idField("Producer must be chosen from the list"),
  page: pageField(10_000),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["staff"]);
  const parsed = parseListQuery(new URL(request.url).searchParams, { schema: filterSchema, single: ["q", "status", "category", "producer", "page"] });
  if (!parsed.ok) badRequest("Some filters could not be read.", parsed.errors);
  const f = { ...parsed.values, page: parsed.values.page ?? 1 };
  const db = getDb();
  const [list, options] = await Promise.all([
    listProductsForAdmin(db, { q: f.q, status: f.status, categoryId: f.category, producerId: f.producer, page: f.page }),
    getProductFormOptions(db),
  ]);
  return { ...list, filter: f, categories: options.categories, producers: options.producers };
}

export const meta: MetaFunction = () => [{ title: "Products · Back office · Kriya" }];

export default function AdminProducts() {
  const { rows, total, pageCount, filter, categories, producers } = useLoaderData<typeof loader>();
  const pageLink = (page: number) => listSearch({ ...filter, page });
  return (
    <>
      <div className="admin-heading">
        <h1>Products</h1>
        <p>
          <Link to="/admin/products/import">Import from CSV</Link>{" "}
          <Link to="/admin/products/new" className="button">
            Add a product
          </Link>
        </p>
      </div>
      <Form method="get" className="admin-card admin-filters" aria-label="Filter products">
        <div className="field">
          <label htmlFor="f-q">Name or SKU</label>
          <input id="f-q" name="q" type="search" defaultValue={filter.q ?? ""} />
        </div>
        <FilterSelect id="f-status" label="Status" name="status" value={filter.status} options={productStatuses.map((s) => ({ value: s, label: s }))} />
        <FilterSelect id="f-category" label="Category" name="category" value={filter.category} options={categories.map((c) => ({ value: String(c.id), label: c.name }))} />
        <FilterSelect id="f-producer" label="Producer" name="producer" value={filter.producer} options={producers.map((p) => ({ value: String(p.id), label: p.name }))} />
        <button type="submit" className="button button-small">
          Filter
        </button>
      </Form>
      <div className="admin-card">
        <p className="muted" role="status">
          {total} product{total === 1 ? "" : "s"}
        </p>
        <TableScroll label="Product list">
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">Photo</span>
                </th>
                <th scope="col">Product</th>
                <th scope="col">SKUs</th>
                <th scope="col">Producer</th>
                <th scope="col">From</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr key={p.id}>
                  <td>{p.thumbnail ? <img className="admin-thumb" src={imageUrl(p.thumbnail.hash, p.thumbnail.width, "webp")} alt="" width={48} height={48} loading="lazy" /> : <span className="admin-thumb" />}</td>
                  <th scope="row">
                    <Link to={`/admin/products/${p.id}`}>{p.title}</Link>
                    <div className="muted small">{p.category}</div>
                  </th>
                  <td className="small">{p.skus}</td>
                  <td>{p.producer}</td>
                  <td>{p.fromPriceMinor == null ? "—" : formatMoney({ amountMinor: p.fromPriceMinor, currency: "USD" })}</td>
                  <td>
                    <span className={p.status === "active" ? "badge badge-ok" : "badge"}>{p.status}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        {pageCount > 1 ? (
          <nav className="pager" aria-label="Pages">
            {filter.page > 1 ? <Link to={pageLink(filter.page - 1)}>Previous</Link> : null}
            <span>
              Page {filter.page} of {pageCount}
            </span>
            {filter.page < pageCount ? <Link to={pageLink(filter.page + 1)}>Next</Link> : null}
          </nav>
        ) : null}
      </div>
    </>
  );
}

function FilterSelect({ id, label, name, value, options }: { id: string; label: string; name: string; value: string | number | undefined; options: { value: string; label: string }[] }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value ?? ""}>
        <option value="">Any</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
