import type { Params } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { isRefusal } from "~/domain/platform/refusal";
import { getTransfer } from "~/models/bazaar/transfers.server";
import { idParam } from "~/web/admin-form.server";
import { notFound } from "~/web/refusal.server";

/** The transfer a page under /admin/events/:id/transfers/:transferId is about, or the designed 404. */
export async function transferOfPage(eventId: number, params: Params) {
  try {
    return await getTransfer(getDb(), { eventId, transferId: idParam(params.transferId) });
  } catch (error) {
    if (isRefusal(error, "not_found")) notFound("This event has no such transfer.");
    throw error;
  }
}
