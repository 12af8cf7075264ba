import { redirect } from "@remix-run/node";
import { getDb } from "~db/client.server";
import type { UserRole } from "~db/schema";
import { getSessionUser } from "~/models/platform/users.server";
import { readSessionId } from "~/utils/session.server";
import { safeRedirectPath } from "~/utils/shopper.server";
import { invariantResponse } from "~/web/refusal.server";

export type SessionUser = NonNullable<Awaited<ReturnType<typeof getSessionUser>>>;

export async function getUser(request: Request): Promise<SessionUser | null> {
  const sessionId = await readSessionId(request);
  return sessionId ? getSessionUser(getDb(), { sessionId }) : null;
}

/** Deny by default: anonymous visitors go to the login page, signed-in users without the role get a 403. */
export async function requireRole(request: Request, roles: readonly UserRole[]): Promise<SessionUser> {
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    const back = safeRedirectPath(url.pathname + url.search, "");
    throw redirect(back ? `/login?redirectTo=${encodeURIComponent(back)}` : "/login");
  }
  invariantResponse(user.role === "admin" || roles.includes(user.role), "You don't have access to this page.", { status: 403 });
  return user;
}
