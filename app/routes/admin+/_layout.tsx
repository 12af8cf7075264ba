import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { SignOutButton } from "~/components/ui/sign-out";
import adminStyles from "~/styles/admin.css?url";
import { readFlash } from "~/utils/cookies.server";
import { requireRole } from "~/web/auth.server";

/** The back office frame. Every child loader and action checks the role again: loaders run in parallel. */
export async function loader({ request }: LoaderFunctionArgs) {
  // The bazaar role gets the frame for its events pages; every other page below checks staff itself.
  const user = await requireRole(request, ["staff", "bazaar"]);
  // A message carried across a redirect by a back-office write (Post/Redirect/Get), shown once.
  const { flash, clear } = await readFlash(request);
  return data({ user: { name: user.name, role: user.role }, flash }, { headers: { "Cache-Control": "private, no-store", ...(clear ? { "Set-Cookie": clear } : {}) } });
}

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export const meta: MetaFunction = () => [{ title: "Back office · Kriya" }, { name: "robots", content: "noindex" }];

export default function AdminLayout() {
  const { user, flash } = useLoaderData<typeof loader>();
  return (
    <div className="admin">
      {/* A sidebar on a desktop; a one-row bar above the page on a tablet, so the page starts near the top. */}
      <aside className="admin-nav" aria-label="Back office">
        <nav aria-label="Back office sections">
          {user.role === "bazaar" ? (
            <ul className="plain">
              <li>
                <NavLink to="/admin/events">Events</NavLink>
              </li>
              <li>
                <a href="/pos">Till</a>
              </li>
            </ul>
          ) : (
            <ul className="plain">
              <li>
                <NavLink to="/admin" end>
                  Dashboard
                </NavLink>
              </li>
              <li>
                <NavLink to="/admin/orders">Orders</NavLink>
              </li>
              <li>
                <NavLink to="/admin/products">Products</NavLink>
              </li>
              <li>
                <NavLink to="/admin/producers">Producers</NavLink>
              </li>
              <li>
                <NavLink to="/admin/stock">Stock</NavLink>
              </li>
              <li>
                <NavLink to="/admin/importers">Importers</NavLink>
              </li>
              <li>
                <NavLink to="/admin/quotes">Quotes</NavLink>
              </li>
              <li>
                <NavLink to="/admin/wholesale-orders">Wholesale orders</NavLink>
              </li>
              <li>
                <NavLink to="/admin/production">Production</NavLink>
              </li>
              <li>
                <NavLink to="/admin/events">Events</NavLink>
              </li>
              <li>
                <NavLink to="/admin/payouts">Payouts</NavLink>
              </li>
              <li>
                <NavLink to="/admin/impact">Impact</NavLink>
              </li>
              <li>
                <NavLink to="/admin/rates">Exchange rates</NavLink>
              </li>
              {user.role === "admin" ? (
                <li>
                  <NavLink to="/admin/audit">Audit log</NavLink>
                </li>
              ) : null}
            </ul>
          )}
        </nav>
        <div className="admin-account">
          <p className="admin-user">
            {user.name} <span className="muted">({user.role})</span>
          </p>
          <SignOutButton />
        </div>
      </aside>
      <div className="admin-main">
        {flash ? (
          <p className={flash.ok ? "notice" : "notice notice-error"} role={flash.ok ? "status" : "alert"}>
            {flash.message}
          </p>
        ) : null}
        <Outlet />
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
