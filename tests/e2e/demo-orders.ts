import { expect, type APIRequestContext } from "@playwright/test";

/** A shopper's paid order through the demo checkout (the e2e server has no Stripe keys), for back-office journeys. */

export async function inStockVariant(request: APIRequestContext): Promise<number> {
  const sitemap = await (await request.get("/sitemap.xml")).text();
  for (const [, slug] of sitemap.matchAll(/\/products\/([a-z0-9-]+)</g)) {
    const html = await (await request.get(`/products/${slug}`)).text();
    const variant = /<input type="hidden" name="variantId" value="(\d+)"/.exec(html);
    if (variant && html.includes("In stock, ships from Jakarta") && !/<button[^>]*disabled[^>]*aria-label="Add to cart/.test(html)) return Number(variant[1]);
  }
  throw new Error("no product in stock");
}

/** Cart → checkout → demo payment, as plain form posts from a shopper's own cookie jar. Returns the order number. */
export async function placePaidDemoOrder(request: APIRequestContext, shopper: { email: string; name: string }) {
  const variantId = await inStockVariant(request);
  expect((await request.post("/currency", { form: { currency: "EUR", redirectTo: "/" }, maxRedirects: 0 })).status()).toBe(302);
  expect((await request.post("/cart", { form: { intent: "add", variantId: String(variantId), quantity: "1" } })).status()).toBe(200);
  const checkout = await request.post("/cart", { form: { intent: "checkout", email: shopper.email, country: "DE" }, maxRedirects: 0 });
  expect(checkout.status()).toBe(302);
  const payPage = checkout.headers()["location"]!;
  expect(payPage).toMatch(/^\/checkout\/demo\/[0-9a-f-]{36}$/);
  const paid = await request.post(payPage, { form: { intent: "pay", name: shopper.name, line1: "Lindenstraße 12", city: "Berlin", postalCode: "10969" }, maxRedirects: 0 });
  expect(paid.status()).toBe(302);
  return /order=(KR-\d{2}-[A-Z0-9]{8})$/.exec(paid.headers()["location"]!)![1]!;
}
