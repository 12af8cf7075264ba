import type { LoaderFunctionArgs } from "@remix-run/node";
import { getImageStorage } from "~/utils/storage.server";
import { contentTypeFor } from "~/utils/images";

const pathPattern = /^([a-f0-9]{24})\/(\d{2,4}|original)\.(avif|webp|jpg|png)$/;

/** Content-hashed image files: immutable, so browsers and CDNs may keep them for a year. */
export async function loader({ params }: LoaderFunctionArgs) {
  const match = pathPattern.exec(params["*"] ?? "");
  if (!match) return new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });
  const [, hash, size, ext] = match;
  const file = await getImageStorage().get(`${hash!.slice(0, 2)}/${hash}/${size}.${ext}`);
  if (!file) {
    // A fresh upload's AVIF and WebP are made after it commits (docs/decisions/003-images.md): meanwhile the
    // same width's JPEG stands in, labelled as JPEG and never cached, so the real file is fetched once it exists.
    const standIn = (ext === "avif" || ext === "webp") && size !== "original" ? await getImageStorage().get(`${hash!.slice(0, 2)}/${hash}/${size}.jpg`) : null;
    if (!standIn) return new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });
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
