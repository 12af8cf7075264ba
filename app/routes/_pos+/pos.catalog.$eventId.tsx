import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { MAX_ROW_ID } from "~/domain/platform/row-id";
import { isRefusal } from "~/domain/platform/refusal";
import { getPosCatalog } from "~/models/bazaar/pos-catalog.server";
import { requirePosApiUser } from "~/web/pos-access.server";

const eventIdSchema = z.coerce.number().int().min(1).max(MAX_ROW_ID);

const noStore = { "Cache-Control": "private, no-store" };

/** GET /pos/catalog/<eventId>: the event's pieces, prices and stock, which the till keeps in IndexedDB. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePosApiUser(request);
  const eventId = eventIdSchema.safeParse(params.eventId);
  if (!eventId.success) return Response.json({ message: "An event id is a positive whole number." }, { status: 404, headers: noStore });
  try {
    return Response.json(await getPosCatalog(getDb(), { eventId: eventId.data }), { headers: noStore });
  } catch (error) {
    if (isRefusal(error, "not_found")) return Response.json({ message: error.message }, { status: 404, headers: noStore });
    throw error;
  }
}
