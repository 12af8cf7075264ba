/**
 * What one virtual shopper or staff member does, step by step, as a browser without JavaScript would: read the page,
 * take the links and forms it offers, pause a moment between steps.
 */
import { allMatches, formFields, LoadClient, type Answer } from "./client";
import { bodyHead, type LoadStats } from "./stats";

export const shopperSteps = ["home", "listing", "product", "search", "add to cart", "cart", "checkout", "payment page", "pay (demo)", "order page"] as const;
export const staffSteps = ["staff sign-in", "product form", "price change", "stock page", "stock adjustment"] as const;
export type Step = (typeof shopperSteps)[number] | (typeof staffSteps)[number];

export type RunContext = { stats: LoadStats; deadline: number; thinkMs: number; counters: { sessions: number; buyers: number; orders: number; soldOutAtCheckout: number; soldOutOnPage: number; editConflicts: number; stockRefusals: number } };

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const searches = ["basket", "silver ring", "tas kulit", "batik", "teak", "baskit", "rattan", "notebook", "perak", "water hyacinth"];

type Expectation = { ok: (a: Answer) => boolean; /** A correct refusal the flow must cope with (a 4xx that says why). */ refused?: (a: Answer) => boolean };

/** One request as a step: timed, judged, recorded. Returns the answer when it was what the step expects (or a correct refusal). */
async function step(ctx: RunContext, client: LoadClient, name: Step, path: string, expect: Expectation, form?: Record<string, string> | [string, string][]) {
  let answer: Answer;
  try {
    answer = await client.request(path, form);
  } catch (error) {
    ctx.stats.failed(name, { method: form ? "POST" : "GET", path, status: null, bodyHead: `no answer: ${(error as Error).message}` }, null);
    return null;
  }
  if (expect.ok(answer)) {
    ctx.stats.ok(name, answer.ms);
    return { answer, refused: false };
  }
  if (answer.status >= 400 && answer.status < 500 && expect.refused?.(answer)) {
    ctx.stats.refused(name, answer.ms);
    return { answer, refused: true };
  }
  ctx.stats.failed(name, { method: form ? "POST" : "GET", path, status: answer.status, bodyHead: bodyHead(answer.body) }, answer.ms);
  return null;
}

const is200 = { ok: (a: Answer) => a.status === 200 };
const soldOut = (a: Answer) => a.status === 409 && /sold out|no longer in the shop|only \d+ left/i.test(a.body);

/**
 * One visit: home, a listing, a product, a search; buyers go on to add a piece, look at the cart, check out, pay on
 * the demo page and open their order page. A fresh cookie jar per visit; the address stays the shopper's.
 */
export async function shopperVisit(ctx: RunContext, baseUrl: string, input: { address: string; email: string; buys: boolean }) {
  const client = new LoadClient(baseUrl, input.address);
  const think = () => pause(Math.random() * ctx.thinkMs);
  ctx.counters.sessions++;
  const home = await step(ctx, client, "home", "/", is200);
  if (!home) return;
  await think();
  const categories = allMatches(home.answer.body, /href="(\/shop\/[a-z0-9-]+)"/g);
  const listing = await step(ctx, client, "listing", categories.length ? pick(categories) : "/shop", is200);
  if (!listing) return;
  await think();
  const productPaths = allMatches(listing.answer.body, /href="(\/products\/[a-z0-9-]+)"/g);
  if (!productPaths.length) return;
  // A buyer tries up to three pieces for one that can still be added to the cart.
  let variantId: string | null = null;
  for (let attempt = 0; attempt < (input.buys ? 3 : 1) && !variantId; attempt++) {
    const product = await step(ctx, client, "product", pick(productPaths), is200);
    if (!product) return;
    await think();
    variantId = /<form[^>]*class="add-to-cart"[\s\S]*?name="variantId" value="(\d+)"/.exec(product.answer.body)?.[1] ?? null;
    if (!variantId && input.buys) ctx.counters.soldOutOnPage++;
  }
  const search = await step(ctx, client, "search", `/search?q=${encodeURIComponent(pick(searches))}`, is200);
  if (!search || !input.buys || !variantId || Date.now() > ctx.deadline) return;
  ctx.counters.buyers++;
  await think();

  const added = await step(ctx, client, "add to cart", "/cart", { ok: (a) => a.status === 200, refused: soldOut }, { intent: "add", variantId, quantity: "1" });
  if (!added || added.refused) return;
  await think();
  if (!(await step(ctx, client, "cart", "/cart", is200))) return;
  await think();
  const country = Math.random() < 0.5 ? { country: "DE", postalCode: "10115", city: "Berlin" } : { country: "US", postalCode: "94110", city: "San Francisco" };
  const checkout = await step(
    ctx,
    client,
    "checkout",
    "/cart",
    { ok: (a) => a.status === 302 && /^\/checkout\/demo\/[0-9a-f-]{36}$/.test(a.location ?? ""), refused: soldOut },
    { intent: "checkout", email: input.email, country: country.country },
  );
  if (!checkout) return;
  if (checkout.refused) {
    ctx.counters.soldOutAtCheckout++;
    return;
  }
  const payPath = checkout.answer.location!;
  await think();
  if (!(await step(ctx, client, "payment page", payPath, is200))) return;
  await think();
  const paid = await step(
    ctx,
    client,
    "pay (demo)",
    payPath,
    { ok: (a) => a.status === 302 && /^\/checkout\/success\?order=[A-Z0-9-]+$/.test(a.location ?? "") },
    { intent: "pay", name: "Load Shopper", line1: "1 Test Street", city: country.city, postalCode: country.postalCode, region: "" },
  );
  if (!paid) return;
  ctx.counters.orders++;
  await think();
  const number = /order=([A-Z0-9-]+)/.exec(paid.answer.location!)![1]!;
  await step(ctx, client, "order page", `/orders/${number}`, { ok: (a) => a.status === 200 && a.body.includes(number) });
}

/**
 * A staff member at the back office until the deadline: opens a product and changes a variant's retail price by a
 * few cents, then receives or writes off a piece or two at the online warehouse, each through the page's own form.
 */
export async function staffSession(ctx: RunContext, baseUrl: string, input: { address: string; email: string; password: string; productIds: number[] }) {
  const client = new LoadClient(baseUrl, input.address);
  const signedIn = await step(ctx, client, "staff sign-in", "/login", { ok: (a) => a.status === 302 }, { email: input.email, password: input.password });
  if (!signedIn) return;
  while (Date.now() < ctx.deadline) {
    await pause(200 + Math.random() * 800);
    const id = pick(input.productIds);
    const page = await step(ctx, client, "product form", `/admin/products/${id}`, is200);
    if (!page) continue;
    const fields = formFields(page.answer.body, /aria-label="Product"/);
    const priceField = fields?.find(([name]) => name === "variants[0].retailPrice");
    const sku = fields?.find(([name]) => name === "variants[0].sku")?.[1];
    if (!fields || !priceField || !sku) {
      ctx.stats.failed("product form", { method: "GET", path: `/admin/products/${id}`, status: 200, bodyHead: "no product form with a first variant's price" }, 0);
      continue;
    }
    const cents = Math.round(Number(priceField[1]) * 100);
    // Up or down by 1–50 cents, never below US$1.
    const changed = Math.max(100, cents + (Math.random() < 0.5 ? -1 : 1) * (1 + Math.floor(Math.random() * 50)));
    priceField[1] = (changed / 100).toFixed(2);
    await pause(Math.random() * ctx.thinkMs);
    const saved = await step(
      ctx,
      client,
      "price change",
      `/admin/products/${id}`,
      // Saved: back to the product with a notice. Refused because a colleague saved first: a 409 that says so.
      { ok: (a) => a.status === 302 || (a.status === 200 && /Saved /.test(a.body)), refused: (a) => a.status === 409 && /saved this product/.test(a.body) },
      fields,
    );
    if (saved?.refused) ctx.counters.editConflicts++;

    await pause(Math.random() * ctx.thinkMs);
    const stock = await step(ctx, client, "stock page", `/admin/stock?q=${encodeURIComponent(sku)}`, is200);
    if (!stock) continue;
    const formKey = /name="formKey" value="([0-9a-f-]{36})"/.exec(stock.answer.body)?.[1];
    const locationId = /<option value="(\d+)"[^>]*>Jakarta warehouse</.exec(stock.answer.body)?.[1];
    if (!formKey || !locationId) {
      ctx.stats.failed("stock page", { method: "GET", path: `/admin/stock?q=${sku}`, status: 200, bodyHead: "no adjustment form key or warehouse option" }, 0);
      continue;
    }
    const receive = Math.random() < 0.7;
    const adjusted = await step(
      ctx,
      client,
      "stock adjustment",
      "/admin/stock",
      // Writing off more than is available is refused with the numbers: a correct 4xx.
      { ok: (a) => a.status === 200 && /on hand \d+ → \d+/.test(a.body), refused: (a) => (a.status === 409 || a.status === 422) && /Can(?:'|&#x27;|’)t remove/.test(a.body) },
      {
        intent: "adjust",
        formKey,
        sku,
        locationId,
        mode: "delta",
        quantity: receive ? `+${1 + Math.floor(Math.random() * 3)}` : "-1",
        reason: receive ? "received" : "damaged",
        note: "Load test",
      },
    );
    if (adjusted?.refused) ctx.counters.stockRefusals++;
  }
}
