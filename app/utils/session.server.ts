import { createCookie, redirect } from "@remix-run/node";
import { getDb } from "~db/client.server";
import type { UserRole } from "~db/schema";
import { getSessionUser } from "~/models/users.server";
import { sessionSecrets } from "./env.server";
import { safeRedirectPath } from "./shopper.server";

const production = () => process.env.NODE_ENV === "production" && process.env.KRIYA_INSECURE_COOKIES !== "1";

/**
 * The staff session: HttpOnly, SameSite=Lax, signed with rotating secrets (the first signs, all verify).
 * In production it is `__Host-` prefixed and Secure, so no subdomain or plain-HTTP page can set it.
 */
function sessionCookie() {
  return createCookie(production() ? "__Host-kriya_session" : "kriya_session", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: production(),
    secrets: sessionSecrets(),
    maxAge: 14 * 86_400,
  });
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function readSessionId(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && uuidPattern.test(value) ? value : null;
}

export function writeSessionId(sessionId: string) {
  return sessionCookie().serialize(sessionId);
}

export function clearSessionCookie() {
  return sessionCookie().serialize("", { maxAge: 0 });
}

export type SessionUser = NonNullable<Awaited<ReturnType<typeof getSessionUser>>>;

export async function getUser(request: Request): Promise<SessionUser | null> {
  const sessionId = await readSessionId(request);
  return sessionId ? getSessionUser(getDb(), sessionId) : null;
}

/** Deny by default: anonymous visitors go to the login page, signed-in users without the role get a 403. */
export async function requireRole(request: Request, roles: readonly UserRole[]): Promise<SessionUser> {
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    const back = safeRedirectPath(url.pathname + url.search, "");
    throw redirect(back ? `/login?redirectTo=${encodeURIComponent(back)}` : "/login");
  }
  if (user.role !== "admin" && !roles.includes(user.role)) {
    throw new Response("You don't have access to this page.", { status: 403 });
  }
  return user;
}
