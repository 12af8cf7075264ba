import { isRefusal } from "~/domain/platform/refusal";
import { statusOf } from "~/web/refusal.server";

const plain = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" };

/**
 * A generated PDF shown in the browser (inline, named after the document), or the refusal as plain text at its
 * status: a 404 for an unknown or someone else's document, a 409 for one not ready yet.
 */
export async function pdfResponse(key: string | null, render: (key: string) => Promise<{ body: Buffer; filename: string }>): Promise<Response> {
  if (!key) return new Response("We couldn't find that document.\n", { status: 404, headers: plain });
  try {
    const { body, filename } = await render(key);
    return new Response(new Uint8Array(body), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `inline; filename="${filename}"`,
        "Content-Length": String(body.length),
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    if (isRefusal(error)) return new Response(`${error.message}\n`, { status: statusOf(error), headers: plain });
    throw error;
  }
}
