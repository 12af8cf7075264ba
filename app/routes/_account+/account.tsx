import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SignOutButton } from "~/components/ui/sign-out";
import { requireRole } from "~/web/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["admin", "staff", "bazaar", "importer"]);
  return { user: { name: user.name, email: user.email, role: user.role } };
}

export const meta: MetaFunction = () => [{ title: "Your account · Kriya" }, { name: "robots", content: "noindex" }];

export default function Account() {
  const { user } = useLoaderData<typeof loader>();
  return (
    <div className="page narrow">
      <h1 className="page-title">Signed in</h1>
      <p className="lede">
        {user.name} ({user.email}), role: <strong>{user.role}</strong>.
      </p>
      <p className="muted">The back office, the bazaar point of sale and the wholesale catalogue open here as they are built.</p>
      <SignOutButton className="button button-ghost" />
    </div>
  );
}
