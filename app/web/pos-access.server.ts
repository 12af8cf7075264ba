import type { UserRole } from "~db/schema";
import { getUser, type SessionUser } from "~/web/auth.server";

/** Who may use the till and its JSON endpoints (layout decision): the bazaar role, staff, and admin. */
export const POS_ROLES: readonly UserRole[] = ["bazaar", "staff"];

/**
 * For the till's JSON endpoints: a fetch from the till must read the refusal, not follow a redirect to the login
 * page, so an anonymous caller gets a 401 JSON and a signed-in one without the role a 403 JSON.
 */
export async function requirePosApiUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (!user) throw Response.json({ message: "Sign in again to keep syncing." }, { status: 401, headers: { "Cache-Control": "no-store" } });
  if (user.role !== "admin" && !POS_ROLES.includes(user.role)) {
    throw Response.json({ message: "This account may not use the till." }, { status: 403, headers: { "Cache-Control": "no-store" } });
  }
  return user;
}
