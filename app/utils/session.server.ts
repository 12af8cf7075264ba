import { createCookie } from "@remix-run/node";
import { secureCookies as production, sessionSecrets } from "./env.server";

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
