import type { Params } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { isRefusal } from "~/domain/platform/refusal";
import { getEventForStaff } from "~/models/bazaar/events.server";
import { idParam } from "~/web/admin-form.server";
import { notFound } from "~/web/refusal.server";

/** The event a page under /admin/events/:id is about, or the designed 404 for an id that names none. */
export async function eventOfPage(params: Params) {
  const id = idParam(params.id);
  try {
    return await getEventForStaff(getDb(), { id });
  } catch (error) {
    if (isRefusal(error, "not_found")) notFound("We couldn't find that event.");
    throw error;
  }
}
