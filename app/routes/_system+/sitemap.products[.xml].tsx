import type { LoaderFunctionArgs } from "@remix-run/node";
import { badRequest, notFound } from "~/web/refusal.server";
import { productFileCount, sitemapProducts, xmlResponse } from "./sitemap.server";

/** One file of the sitemap's pieces, `?page=N`, from 1 to the count the sitemap index lists. */
export async function loader({ request }: LoaderFunctionArgs) {
  const raw = new URL(request.url).searchParams.getAll("page");
  if (raw.length !== 1 || !/^[1-9]\d{0,5}$/.test(raw[0]!)) badRequest("Ask for one page of the sitemap, e.g. ?page=1.");
  const page = Number(raw[0]);
  const files = await productFileCount();
  if (page > Math.max(files, 1) || files === 0) notFound(files === 0 ? "All pieces are listed in /sitemap.xml." : `The sitemap has ${files} files of pieces.`);
  return xmlResponse(await sitemapProducts(page));
}
