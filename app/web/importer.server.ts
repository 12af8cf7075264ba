import { getDb } from "~db/client.server";
import { refusalForStatus } from "~/domain/wholesale/importer-application";
import { getImporterOfUser } from "~/models/wholesale/importers.server";
import { requireRole, type SessionUser } from "~/web/auth.server";
import { invariantResponse } from "~/web/refusal.server";

export type SignedInImporter = { user: SessionUser; importer: NonNullable<Awaited<ReturnType<typeof getImporterOfUser>>> };

/**
 * Only approved importers reach the wholesale pages. Anonymous visitors go to the login page; other roles
 * (admins and staff too: they see importers in the back office, not as one) and importers that are pending,
 * rejected or suspended get a 403 that says why.
 */
export async function requireImporter(request: Request): Promise<SignedInImporter> {
  const user = await requireRole(request, ["importer"]);
  invariantResponse(user.role === "importer", "The wholesale pages are for importers' accounts. Staff see importers under Back office › Importers.", { status: 403 });
  const importer = await getImporterOfUser(getDb(), { userId: user.id });
  invariantResponse(importer, "This account is not linked to an importer. Write to wholesale@kriya.example.", { status: 403 });
  if (importer.status !== "approved") invariantResponse(false, refusalForStatus[importer.status], { status: 403 });
  return { user, importer };
}
