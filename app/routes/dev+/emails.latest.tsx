import { createHash, timingSafeEqual } from "node:crypto";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { getLatestEmailTo } from "~/models/platform/emails.server";
import { testMailboxToken } from "~/utils/env.server";

const query = z.object({ to: z.string().trim().max(200).email() });

const digest = (value: string) => createHash("sha256").update(value).digest();
const notFound = () => new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });

/**
 * Test-only mailbox: the newest email to one address, as JSON, for browser tests that must follow an emailed
 * link. It exists only when KRIYA_TEST_MAILBOX_TOKEN is set and answers only `Authorization: Bearer <that token>`;
 * everyone else gets the same 404 as for an unknown page.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const expected = testMailboxToken();
  const presented = /^Bearer (.+)$/.exec(request.headers.get("Authorization") ?? "")?.[1];
  if (!expected || !presented || !timingSafeEqual(digest(presented), digest(expected))) return notFound();
  const parsed = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json({ message: "Give ?to= an email address." }, { status: 400, headers: { "Cache-Control": "no-store" } });
  const email = await getLatestEmailTo(getDb(), { to: parsed.data.to });
  if (!email) return notFound();
  return Response.json(email, { headers: { "Cache-Control": "no-store" } });
}
