/**
 * A shopper for the operations tests: plain form posts from a cookie jar of its own, as a browser without
 * JavaScript sends them, against a real server. Every answer is classified, so a test can prove that each
 * shopper got either an order or a clear error (never a 500, a hang or a blank page).
 *
 *   const anna = new Shopper(app.url, { forwardedFor: "10.0.0.7" });
 *   const outcome = await demoCheckout(anna, { variantId, email: "anna@example.com" });
 */

import { CookieJar } from "../../../scripts/load/cookie-jar";

export type Answer = { status: number; location: string | null; body: string };

export class Shopper {
  private readonly cookies = new CookieJar();
  constructor(
    public baseUrl: string,
    private readonly options: { forwardedFor?: string; timeoutMs?: number } = {},
  ) {}

  cookie(name: string) {
    return this.cookies.get(name);
  }

  /** One request, redirects not followed, the body read whole; throws on a timeout or a dropped connection. */
  async request(path: string, init: { method?: string; form?: Record<string, string>; json?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...init.headers };
    const cookie = this.cookies.header();
    if (cookie) headers.cookie = cookie;
    if (this.options.forwardedFor) headers["x-forwarded-for"] = this.options.forwardedFor;
    let body: string | undefined;
    if (init.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(init.form).toString();
    } else if (init.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(init.json);
    }
    const response = await fetch(new URL(path, this.baseUrl), {
      method: init.method ?? (body !== undefined ? "POST" : "GET"),
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
    });
    this.cookies.store(response);
    return { status: response.status, location: response.headers.get("location"), body: await response.text() };
  }

  post(path: string, form: Record<string, string>) {
    return this.request(path, { form });
  }

  postJson(path: string, json: unknown) {
    return this.request(path, { json });
  }

  /** Signs in through the login form; the session cookie stays in the jar. */
  async login(email: string, password: string) {
    const answer = await this.post("/login", { email, password });
    if (answer.status !== 302) throw new Error(`login as ${email} answered ${answer.status}: ${readableMessage(answer)}`);
    return answer;
  }
}

/** What one step's answer means for the shopper. */
export type StepVerdict =
  | { kind: "ok" }
  /** A 4xx or 503 that says what happened in words a person can read. */
  | { kind: "clear-error"; status: number; message: string }
  /** Anything else: a 5xx other than 503, a blank or unreadable error, a timeout, a dropped connection. */
  | { kind: "bad"; status: number | null; detail: string };

/** The readable text of an answer: the alert or flash of an HTML page, or a plain-text body. */
export function readableMessage(answer: Answer): string {
  const text = answer.body
    .replace(/<script[\s\S]*?<\/script>/gi, " ")
    .replace(/<style[\s\S]*?<\/style>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
  const alert = /role="alert"[^>]*>([\s\S]*?)<\//.exec(answer.body)?.[1]?.replace(/<[^>]+>/g, " ").trim();
  return alert || text.slice(0, 300);
}

export function judge(answer: Answer, expect: (a: Answer) => boolean): StepVerdict {
  if (expect(answer)) return { kind: "ok" };
  const message = readableMessage(answer);
  const clearStatus = (answer.status >= 400 && answer.status < 500) || answer.status === 503;
  if (clearStatus && message.length >= 10 && !/something went wrong on our side|unexpected server error/i.test(message)) {
    return { kind: "clear-error", status: answer.status, message };
  }
  return { kind: "bad", status: answer.status, detail: message || "(blank body)" };
}

export type CheckoutOutcome =
  | { kind: "order"; orderNumber: string; orderId: string; attempts: number }
  | { kind: "clear-error"; step: string; status: number; message: string; attempts: number }
  | { kind: "bad"; step: string; status: number | null; detail: string; attempts: number };

/**
 * Add to cart, check out, pay on the demo page; a clear error (a 503 "please try again", a 409) is retried like a
 * shopper pressing the button again, up to `retries` times per step. The retry is the shopper's: the server's
 * form keys, the one-pending-order-per-cart key and the webhook's event id make it safe.
 */
export async function demoCheckout(
  shopper: Shopper,
  input: { variantId: number; email: string; country?: string; quantity?: number; retries?: number; retryDelayMs?: number },
): Promise<CheckoutOutcome> {
  const retries = input.retries ?? 3;
  let attempts = 0;
  const step = async (name: string, run: () => Promise<Answer>, expect: (a: Answer) => boolean) => {
    let last: StepVerdict = { kind: "bad", status: null, detail: "not run" };
    let answer: Answer | null = null;
    for (let attempt = 0; attempt <= retries; attempt++) {
      attempts++;
      try {
        answer = await run();
        last = judge(answer, expect);
      } catch (error) {
        answer = null;
        last = { kind: "bad", status: null, detail: `no answer: ${(error as Error).name}: ${(error as Error).message}` };
      }
      if (last.kind !== "clear-error") break;
      await new Promise((r) => setTimeout(r, input.retryDelayMs ?? 200));
    }
    return { name, verdict: last, answer };
  };
  const fail = (s: { name: string; verdict: StepVerdict }): CheckoutOutcome =>
    s.verdict.kind === "clear-error"
      ? { kind: "clear-error", step: s.name, status: s.verdict.status, message: s.verdict.message, attempts }
      : { kind: "bad", step: s.name, status: s.verdict.kind === "bad" ? s.verdict.status : null, detail: s.verdict.kind === "bad" ? s.verdict.detail : "", attempts };

  const add = await step(
    "add to cart",
    () => shopper.post("/cart", { intent: "add", variantId: String(input.variantId), quantity: String(input.quantity ?? 1) }),
    (a) => a.status === 200,
  );
  if (add.verdict.kind !== "ok") return fail(add);

  const checkout = await step(
    "checkout",
    () => shopper.post("/cart", { intent: "checkout", email: input.email, country: input.country ?? "DE" }),
    (a) => a.status === 302 && /^\/checkout\/demo\/[0-9a-f-]{36}$/.test(a.location ?? ""),
  );
  if (checkout.verdict.kind !== "ok") return fail(checkout);
  const payPage = checkout.answer!.location!;

  const pay = await step(
    "pay",
    () => shopper.post(payPage, { intent: "pay", name: "Anna Schmidt", line1: "Lindenstraße 12", city: "Berlin", postalCode: "10969" }),
    // A retried payment whose first try committed lands on the order's page instead of the success page.
    (a) => a.status === 302 && /\/checkout\/success\?order=KR-|^\/orders\/KR-/.test(a.location ?? ""),
  );
  if (pay.verdict.kind !== "ok") return fail(pay);
  const orderNumber = /(KR-\d{2}-[A-Z0-9]{8})/.exec(pay.answer!.location!)![1]!;
  return { kind: "order", orderNumber, orderId: payPage.split("/").pop()!, attempts };
}

/** Anything that runs SQL text and returns rows (postgres.js's `unsafe`, PGlite's `query`), for the checks below. */
export type RunSql = (text: string) => Promise<Record<string, unknown>[]>;

/**
 * A retail order that is partly there, each kind with the orders it names (empty when none):
 * - `no lines`: an order with no order_lines;
 * - `pending without its reservation`: a pending_payment line whose reservation in the ledger is not its quantity;
 * - `paid without its sale`: a paid (packed, shipped) line whose ledger does not show it sold from its reservation
 *   exactly once (sale = quantity, nothing left reserved);
 * - `cancelled still holding`: a cancelled line, never paid, still reserving or having sold pieces;
 * - `paid without its record`: a paid order without paid_at and method, its "paid" event or its turnover;
 * - `turnover without an order`: retail turnover that names no order, or an unpaid order (a payment without an order).
 */
export async function partialOrders(run: RunSql): Promise<Record<string, string[]>> {
  const perLine = `
    select o.number, o.status, o.paid_at, ol.quantity,
      coalesce((select sum(m.reserved_delta) from stock_movements m where m.order_id = o.id and m.variant_id = ol.variant_id), 0)::int as reserved,
      coalesce((select sum(-m.on_hand_delta) from stock_movements m where m.order_id = o.id and m.variant_id = ol.variant_id and m.kind = 'sale'), 0)::int as sold
    from orders o join order_lines ol on ol.order_id = o.id`;
  const numbers = async (text: string) => (await run(text)).map((r) => String(r.number));
  return {
    "no lines": await numbers(`select o.number from orders o where not exists (select 1 from order_lines ol where ol.order_id = o.id)`),
    "pending without its reservation": await numbers(`select distinct number from (${perLine}) l where status = 'pending_payment' and (reserved <> quantity or sold <> 0)`),
    "paid without its sale": await numbers(`select distinct number from (${perLine}) l where status in ('paid', 'packed', 'shipped') and (sold <> quantity or reserved <> 0)`),
    "cancelled still holding": await numbers(`select distinct number from (${perLine}) l where status = 'cancelled' and paid_at is null and (reserved <> 0 or sold <> 0)`),
    "paid without its record": await numbers(`
      select o.number from orders o where o.status in ('paid', 'packed', 'shipped') and (
        o.paid_at is null or o.payment_method is null
        or not exists (select 1 from order_events e where e.order_id = o.id and e.status = 'paid')
        or not exists (select 1 from turnover_entries t where t.channel = 'retail' and t.source_id = o.id::text and t.kind = 'sale'))`),
    "turnover without an order": await numbers(`
      select t.source_id as number from turnover_entries t left join orders o on o.id::text = t.source_id
      where t.channel = 'retail' and t.kind = 'sale' and (o.id is null or o.paid_at is null)`),
  };
}

/** Stock levels that differ from the sum of their ledger rows ("variant@location on_hand/reserved vs ledger"). */
export async function ledgerDrift(run: RunSql): Promise<string[]> {
  const rows = await run(`
    select l.variant_id, l.location_id, l.on_hand, l.reserved, m.on_hand as ledger_on_hand, m.reserved as ledger_reserved
    from stock_levels l
    left join lateral (select coalesce(sum(on_hand_delta), 0)::int as on_hand, coalesce(sum(reserved_delta), 0)::int as reserved
                       from stock_movements s where s.variant_id = l.variant_id and s.location_id = l.location_id) m on true
    where (l.on_hand, l.reserved) <> (m.on_hand, m.reserved)`);
  return rows.map((r) => `${r.variant_id}@${r.location_id} ${r.on_hand}/${r.reserved} vs ledger ${r.ledger_on_hand}/${r.ledger_reserved}`);
}
