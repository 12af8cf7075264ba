import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "~db/client.server";
import { deleteSession } from "~/models/platform/users.server";
import { clearSessionCookie, readSessionId } from "~/utils/session.server";

/** Ends the session on the server too, so a copied cookie stops working. POST only. */
export async function action({ request }: ActionFunctionArgs) {
  const sessionId = await readSessionId(request);
  if (sessionId) await deleteSession(getDb(), { sessionId });
  return redirect("/", { headers: { "Set-Cookie": await clearSessionCookie() } });
}

export function loader() {
  return redirect("/");
}
