import type { ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "~db/client.server";
import { describeSaleError, syncBatchSchema } from "~/domain/bazaar/sale-input";
import { isRefusal } from "~/domain/platform/refusal";
import { recordSyncBatch } from "~/models/bazaar/pos-sync.server";
import { getUser } from "~/web/auth.server";
import { statusOf } from "~/web/refusal.server";

const tillRoles = new Set(["bazaar", "staff", "admin"]);
const noStore = { "Cache-Control": "no-store" };
const answer = (body: unknown, status: number) => Response.json(body, { status, headers: noStore });

/**
 * The till posts its outbox here (contract: app/domain/bazaar/sale-input.ts). A batch that is not a batch is a
 * 400 and records nothing; inside a good batch each sale stands alone, so some set aside is a 422 that still
 * records the rest. The request guard in scripts/start.ts has already refused bodies over 2 MB and non-JSON.
 */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return answer({ error: "Send the till's sales with POST." }, 405);
  const user = await getUser(request);
  if (!user) return answer({ error: "Sign in again on the till to sync; its sales stay on the device." }, 401);
  if (!tillRoles.has(user.role)) return answer({ error: "This account may not use the till." }, 403);

  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return answer({ error: "The sync request is not valid JSON." }, 400);
  }
  const envelope = syncBatchSchema.safeParse(body);
  if (!envelope.success) return answer({ error: `The sync batch is not valid: ${describeSaleError(envelope.error)}` }, 400);

  try {
    const result = await recordSyncBatch(getDb(), { batch: envelope.data, user: { id: user.id, supervisor: user.role === "staff" || user.role === "admin" } });
    return answer(result, result.setAside > 0 ? 422 : 200);
  } catch (error) {
    if (isRefusal(error)) return answer({ error: error.message }, statusOf(error));
    throw error;
  }
}

// A resource route: plain Responses, so single fetch never wraps them in a 200.
export function loader() {
  return Response.json({ error: "The till POSTs its sales here." }, { status: 405, headers: { ...noStore, Allow: "POST" } });
}
