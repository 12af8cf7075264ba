import Stripe from "stripe";
/**
 * A local fake of the slice of Stripe's HTTP API the app uses, for tests. Point the real `stripe` client at it:
 *
 *   const fake = await startFakeStripe();
 *   const stripe = new Stripe("sk_test_fake", { host: fake.host, port: fake.port, protocol: fake.protocol, maxNetworkRetries: 0 });
 *
 * Request bodies (form-encoded, `a[b][0][c]=x`) are parsed into nested objects/arrays with every leaf kept as a
 * string, exactly as sent; the computed fields of responses (amount_total, expires_at, refund amount) are numbers.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import qs from "qs";

export type RecordedRequest = {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  idempotencyKey: string | null;
};

export type FakeStripe = {
  port: number;
  host: "127.0.0.1";
  protocol: "http";
  /** Every request, in order (including failed and unauthenticated ones). `path` has no query string; for GETs the query is parsed into `body`. */
  requests: RecordedRequest[];
  /** Checkout sessions by id. Tests may mutate these (e.g. set `status: "complete"`, `payment_status: "paid"`). */
  sessions: Map<string, Record<string, unknown>>;
  refunds: Record<string, unknown>[];
  /** The next request (whatever its endpoint) answers with a Stripe-shaped error of that status. Calls queue up. */
  failNext(status: number, message?: string): void;
  /** Clears requests, sessions, refunds, remembered idempotency keys and pending failNext()s. */
  reset(): void;
  close(): Promise<void>;
};

type Json = Record<string, unknown>;
type Reply = { status: number; body: Json };

// qs defaults would silently turn arrays of more than 20 items into objects and stop nesting after 5 levels.
const QS_OPTIONS = {
  depth: 50,
  arrayLimit: 10_000,
  parameterLimit: 100_000,
  plainObjects: true,
  allowPrototypes: true,
} as const;

function parseForm(text: string): Json {
  if (!text) return {};
  // plainObjects gives null-prototype objects (so keys like metadata[constructor] survive); round-trip to plain ones.
  return JSON.parse(JSON.stringify(qs.parse(text, QS_OPTIONS))) as Json;
}

function randomId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString("base64url").replace(/[-_]/g, "x")}`;
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isObject(value)) return Object.values(value);
  return [];
}

function toInt(value: unknown): number {
  const n = typeof value === "number" ? value : typeof value === "string" && value !== "" ? Number(value) : NaN;
  return Number.isFinite(n) ? n : 0;
}

function str(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function stripeError(status: number, message: string, extra: Json = {}): Reply {
  const type =
    status === 401
      ? "authentication_error"
      : status === 402
        ? "card_error"
        : status === 429
          ? "rate_limit_error"
          : status >= 500
            ? "api_error"
            : "invalid_request_error";
  return { status, body: { error: { type, message, ...extra } } };
}

function missing(kind: string, id: string): Reply {
  return stripeError(404, `No such ${kind}: '${id}'`, { code: "resource_missing", param: "id" });
}

function sameParams(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export async function startFakeStripe(): Promise<FakeStripe> {
  const requests: RecordedRequest[] = [];
  const sessions = new Map<string, Json>();
  const refunds: Json[] = [];
  const pendingFailures: { status: number; message: string | undefined }[] = [];
  /** `${method} ${path} ${key}` → the first request's params and the reply it got. */
  const idempotent = new Map<string, { params: Json; reply: Reply }>();
  /** payment_intent id → the checkout session that created it. */
  const sessionByPaymentIntent = new Map<string, Json>();

  function createSession(body: Json): Reply {
    const lineItems = asArray(body.line_items);
    let subtotal = 0;
    for (const item of lineItems) {
      if (!isObject(item)) continue;
      const priceData = isObject(item.price_data) ? item.price_data : {};
      subtotal += toInt(item.quantity ?? "1") * toInt(priceData.unit_amount);
    }
    const firstShipping = asArray(body.shipping_options)[0];
    const rateData = isObject(firstShipping) && isObject(firstShipping.shipping_rate_data) ? firstShipping.shipping_rate_data : {};
    const fixedAmount = isObject(rateData.fixed_amount) ? rateData.fixed_amount : {};
    const shipping = toInt(fixedAmount.amount);

    const firstItem = lineItems[0];
    const firstPriceData = isObject(firstItem) && isObject(firstItem.price_data) ? firstItem.price_data : {};
    const currency = str(body.currency) ?? str(firstPriceData.currency);

    const id = randomId("cs_test");
    const paymentIntentId = randomId("pi_test");
    const now = Math.floor(Date.now() / 1000);
    const session: Json = {
      id,
      object: "checkout.session",
      url: `https://checkout.stripe.test/c/pay/${id}`,
      status: "open",
      payment_status: "unpaid",
      mode: str(body.mode) ?? "payment",
      currency: currency === null ? null : currency.toLowerCase(),
      amount_subtotal: subtotal,
      amount_total: subtotal + shipping,
      created: now,
      expires_at: body.expires_at === undefined ? now + 24 * 60 * 60 : toInt(body.expires_at),
      metadata: isObject(body.metadata) ? body.metadata : {},
      client_reference_id: str(body.client_reference_id),
      customer_email: str(body.customer_email),
      payment_intent: paymentIntentId,
      success_url: str(body.success_url),
      cancel_url: str(body.cancel_url),
      line_items: body.line_items ?? [],
      livemode: false,
    };
    if (body.shipping_options !== undefined) session.shipping_options = body.shipping_options;
    if (body.payment_intent_data !== undefined) session.payment_intent_data = body.payment_intent_data;
    sessions.set(id, session);
    sessionByPaymentIntent.set(paymentIntentId, session);
    return { status: 200, body: session };
  }

  function createRefund(body: Json): Reply {
    const paymentIntent = str(body.payment_intent);
    if (paymentIntent === null) {
      return stripeError(400, "Missing required param: payment_intent.", { code: "parameter_missing", param: "payment_intent" });
    }
    // Lenient: unknown payment intents (e.g. ids seeded straight into the database) are accepted.
    const session = sessionByPaymentIntent.get(paymentIntent);
    const refund: Json = {
      id: randomId("re_test"),
      object: "refund",
      amount: body.amount === undefined ? toInt(session?.amount_total) : toInt(body.amount),
      currency: str(session?.currency) ?? "usd",
      payment_intent: paymentIntent,
      status: "succeeded",
      reason: str(body.reason),
      metadata: isObject(body.metadata) ? body.metadata : {},
      created: Math.floor(Date.now() / 1000),
    };
    refunds.push(refund);
    return { status: 200, body: refund };
  }

  function route(method: string, path: string, body: Json): Reply {
    const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
    const [v1, a, b, c, d] = parts;
    if (v1 === "v1" && parts.length <= 5) {
      if (a === "checkout" && b === "sessions") {
        if (method === "POST" && c === undefined) return createSession(body);
        if (c !== undefined && (d === undefined ? method === "GET" : method === "POST" && d === "expire")) {
          const session = sessions.get(c);
          if (!session) return missing("checkout.session", c);
          if (d === "expire") {
            if (session.status !== "open") {
              return stripeError(400, `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${String(session.status)}".`, { code: "checkout_session_not_open" });
            }
            session.status = "expired";
          }
          return { status: 200, body: session };
        }
      }
      if (a === "refunds" && b === undefined && method === "POST") return createRefund(body);
      if (a === "payment_intents" && b !== undefined && c === undefined && method === "GET") {
        const session = sessionByPaymentIntent.get(b);
        const intentData = isObject(session?.payment_intent_data) ? session.payment_intent_data : {};
        return {
          status: 200,
          body: {
            id: b,
            object: "payment_intent",
            amount: session ? session.amount_total : null,
            currency: session ? session.currency : null,
            metadata: isObject(intentData.metadata) ? intentData.metadata : {},
            livemode: false,
          },
        };
      }
    }
    return stripeError(404, `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`);
  }

  function handle(method: string, path: string, headers: Record<string, string>, body: Json, key: string | null): Reply {
    const failure = pendingFailures.shift();
    if (failure) {
      return stripeError(failure.status, failure.message ?? `Simulated Stripe error (HTTP ${failure.status}).`);
    }
    const auth = headers.authorization ?? "";
    if (!/^Bearer sk_test_\S+$/.test(auth)) {
      return stripeError(
        401,
        auth ? "Invalid API Key provided." : "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
      );
    }
    if (method !== "POST" || key === null) return route(method, path, body);

    const slot = `${method} ${path} ${key}`;
    const seen = idempotent.get(slot);
    if (seen) {
      if (!sameParams(seen.params, body)) {
        return stripeError(400, `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`, { type: "idempotency_error" });
      }
      return seen.reply;
    }
    const reply = route(method, path, body);
    // Stripe saves the result of any request that started executing; a JSON snapshot freezes the body as first sent.
    idempotent.set(slot, { params: body, reply: { status: reply.status, body: JSON.parse(JSON.stringify(reply.body)) as Json } });
    return reply;
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      let reply: Reply;
      const requestId = randomId("req");
      try {
        const method = (req.method ?? "GET").toUpperCase();
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(req.headers)) {
          if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
        }
        const raw = Buffer.concat(chunks).toString("utf8");
        const query = url.search.length > 1 ? url.search.slice(1) : "";
        const body = parseForm(method === "GET" || method === "DELETE" ? query : raw);
        const key = headers["idempotency-key"] ?? null;
        requests.push({ method, path: url.pathname, headers, body, idempotencyKey: key });
        reply = handle(method, url.pathname, headers, body, key);
      } catch (err) {
        reply = stripeError(500, `Fake Stripe crashed: ${err instanceof Error ? err.message : String(err)}`);
      }
      res.writeHead(reply.status, { "Content-Type": "application/json", "Request-Id": requestId });
      res.end(JSON.stringify(reply.body));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    host: "127.0.0.1",
    protocol: "http",
    requests,
    sessions,
    refunds,
    failNext(status: number, message?: string) {
      pendingFailures.push({ status, message });
    },
    reset() {
      requests.length = 0;
      sessions.clear();
      refunds.length = 0;
      idempotent.clear();
      sessionByPaymentIntent.clear();
      pendingFailures.length = 0;
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // The stripe client uses a keep-alive agent; drop its idle sockets or close() would wait for them.
        server.closeAllConnections();
      });
    },
  };
}

/** The real `stripe` client pointed at this fake (host/port/protocol), without retries so failures show. */
export function stripeClientFor(fake: FakeStripe) {
  return new Stripe("sk_test_fake", { host: fake.host, port: fake.port, protocol: fake.protocol, maxNetworkRetries: 0 });
}
