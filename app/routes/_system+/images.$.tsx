import type { LoaderFunctionArgs } from "@remix-run/node";
import { getImageStorage } from "~/utils/storage.server";
import { contentTypeFor, type ImageFormat } from "~/utils/images";
import { renderRenditionOnDemand } from "~/models/catalog/images.server";

const pathPattern = /^([a-f0-9]{24})\/(\d{2,4}|original)\.(avif|webp|jpg|png)$/;
const formatOf: Record<string, ImageFormat> = { avif: "avif", webp: "webp", jpg: "jpeg" };
const notFound = () => new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });

/** Content-hashed image files: immutable, so browsers and CDNs may keep them for a year. */
export async function loader({ params }: LoaderFunctionArgs) {
  const match = pathPattern.exec(params["*"] ?? "");
  if (!match) return notFound();
  const [, hash, size, ext] = match;
  const storage = getImageStorage();
  const format = formatOf[ext!];
  // The seed and uploads leave renditions for later (docs/decisions/003-images.md): a missing one is made now,
  // from the original, so no page ever shows a broken image.
  const file = (await storage.get(`${hash!.slice(0, 2)}/${hash}/${size}.${ext}`)) ?? (size !== "original" && format ? await renderRenditionOnDemand(storage, { hash: hash!, width: Number(size), format }) : null);
  if (!file) {
    // Only while too many renders are waiting: the same width's JPEG stands in, labelled as JPEG and never cached.
    const standIn = (ext === "avif" || ext === "webp") && size !== "original" ? await storage.get(`${hash!.slice(0, 2)}/${hash}/${size}.jpg`) : null;
    if (!standIn) return notFound();
    return new Response(new Uint8Array(standIn), {
      headers: { "Content-Type": contentTypeFor.jpg!, "Content-Length": String(standIn.byteLength), "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" },
    });
  }
  return new Response(new Uint8Array(file), {
    headers: {
      "Content-Type": contentTypeFor[ext!]!,
      "Content-Length": String(file.byteLength),
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
