import { createHmac, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import Stripe from "stripe";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client.server";
import { paymentMetadata } from "../../app/domain/payments/payment-kind";
import { createSyncFixture, makeTill } from "../support/pos-sync";
import { startFakeSmtp } from "../fakes/smtp-server";
import { demoCheckout, ledgerDrift, partialOrders, Shopper } from "./support/shopper";
import { freshDatabase, hasPostgres, startApp, type AppServer } from "./support/servers";

/**
 * Issue 15, faults: `kill -9` of the server in the middle of work. To kill "in the middle" without hooks in the
 * code, the test holds a row lock the server's transaction needs, waits until PostgreSQL shows the app's backend
 * waiting on it, and kills the process then; PostgreSQL rolls the half-done transaction back. After a restart
 * the sender retries, and each effect must have happened exactly once.
 */
const signer = new Stripe("sk_test_signature_only").webhooks;
/** The demo webhook secret a server derives from its session secret (app/models/payments/demo-events.server.ts). */
const demoSecret = (sessionSecret: string) => `whsec_${createHmac("sha256", sessionSecret).update("kriya-demo-webhook").digest("hex")}`;

async function waitForLockWait(admin: postgres.Sql, database: string, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const [row] = await admin<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity
      where datname = ${database} and pid <> pg_backend_pid() and wait_event_type = 'Lock'`;
    if (row!.n > 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("the server's transaction never waited on the test's lock");
}

/** The first active variant with at least five pieces free online (as rows: `const [variant] = …`). */
const sellableVariants = (admin: postgres.Sql) => admin<{ id: number }[]>`
  select v.id from variants v join products p on p.id = v.product_id join stock_levels l on l.variant_id = v.id
  join locations loc on loc.id = l.location_id and loc.sells_online
  where v.active and p.status = 'active' and l.on_hand - l.reserved >= 5 order by v.id limit 1`;

const alive = (app: AppServer) => app.child.exitCode === null && app.child.signalCode === null;

describe("kill -9 in the middle of work", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  });

  it.runIf(hasPostgres())("a Stripe webhook killed mid-transaction and sent again pays the order exactly once (PostgreSQL)", async () => {
    const db = await freshDatabase("kill_webhook");
    cleanups.push(db.drop);
    const sessionSecret = randomBytes(24).toString("hex");
    let app = await startApp({ databaseUrl: db.url, sessionSecret });
    cleanups.push(() => app.stop());
    const admin = postgres(db.url, { max: 2, onnotice: () => {} });
    cleanups.push(() => admin.end());

    // A demo order waiting for payment (no Stripe keys: the webhook takes events signed with the demo secret).
    const [variant] = await sellableVariants(admin);
    const shopper = new Shopper(app.url);
    expect((await shopper.post("/cart", { intent: "add", variantId: String(variant!.id), quantity: "2" })).status).toBe(200);
    const checkout = await shopper.post("/cart", { intent: "checkout", email: "kill-webhook@example.com", country: "DE" });
    expect(checkout.status).toBe(302);
    const orderId = checkout.location!.split("/").pop()!;
    const [order] = await admin<{ number: string; total_minor: number; currency: string }[]>`select number, total_minor::int, currency from orders where id = ${orderId}`;

    // The event Stripe would send (as the demo checkout builds it), one id for the first delivery and the retry.
    const eventId = `evt_kill_${randomBytes(8).toString("hex")}`;
    const payload = JSON.stringify({
      id: eventId,
      object: "event",
      api_version: "2025-01-01",
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      type: "checkout.session.completed",
      data: {
        object: {
          id: `cs_demo_${orderId}`,
          object: "checkout.session",
          mode: "payment",
          client_reference_id: orderId,
          metadata: paymentMetadata("retail_order", { order_id: orderId, order_number: order!.number }),
          status: "complete",
          payment_status: "paid",
          amount_total: order!.total_minor,
          currency: order!.currency.toLowerCase(),
          payment_intent: `pi_demo_${orderId.replace(/-/g, "")}`,
          customer_details: { email: "kill-webhook@example.com", name: "Anna Schmidt" },
          collected_information: { shipping_details: { name: "Anna Schmidt", address: { line1: "Lindenstraße 12", line2: null, city: "Berlin", postal_code: "10969", state: null, country: "DE" } } },
        },
      },
    });
    const deliver = (server: AppServer) =>
      fetch(`${server.url}/webhooks/stripe`, {
        method: "POST",
        headers: { "content-type": "application/json", "stripe-signature": signer.generateTestHeaderString({ payload, secret: demoSecret(sessionSecret) }) },
        body: payload,
        signal: AbortSignal.timeout(15_000),
      });

    // Hold the order's row: the webhook's transaction (event stored, then the order locked) waits on it; kill then.
    await admin.begin(async (tx) => {
      await tx`select id from orders where id = ${orderId} for update`;
      const first = deliver(app).then((r) => r.status, (e: Error) => e.name);
      await waitForLockWait(admin, db.name);
      await app.kill9();
      expect(await first).not.toBe(200);
    });
    // Nothing of the killed delivery stayed: PostgreSQL rolled its transaction back.
    expect(await admin`select 1 from stripe_events where id = ${eventId}`).toHaveLength(0);
    expect((await admin<{ status: string }[]>`select status from orders where id = ${orderId}`)[0]!.status).toBe("pending_payment");

    app = await app.restart();
    const retry = await deliver(app);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ received: true, duplicate: false });
    // Stripe may deliver it once more: acknowledged, nothing done again.
    const again = await deliver(app);
    expect(await again.json()).toEqual({ received: true, duplicate: true });

    expect(await admin`select 1 from stripe_events where id = ${eventId}`).toHaveLength(1);
    const [paid] = await admin<{ status: string; paid: number; sales: number; sold: number; turnover: number; emails: number }[]>`
      select o.status,
        (select count(*)::int from order_events e where e.order_id = o.id and e.status = 'paid') as paid,
        (select count(*)::int from stock_movements m where m.order_id = o.id and m.kind = 'sale') as sales,
        (select coalesce(sum(-m.on_hand_delta), 0)::int from stock_movements m where m.order_id = o.id and m.kind = 'sale') as sold,
        (select count(*)::int from turnover_entries t where t.channel = 'retail' and t.source_id = o.id::text and t.kind = 'sale') as turnover,
        (select count(*)::int from emails x where x.order_id = o.id) as emails
      from orders o where o.id = ${orderId}`;
    expect(paid).toEqual({ status: "paid", paid: 1, sales: 1, sold: 2, turnover: 1, emails: 1 });
    const run = (text: string) => admin.unsafe(text) as Promise<Record<string, unknown>[]>;
    expect(await ledgerDrift(run)).toEqual([]);
    expect(Object.values(await partialOrders(run)).flat()).toEqual([]);
  });

  it.runIf(hasPostgres())("a POS sync killed mid-transaction and sent again records each sale exactly once (PostgreSQL)", async () => {
    const db = await freshDatabase("kill_sync");
    cleanups.push(db.drop);
    let app = await startApp({ databaseUrl: db.url });
    cleanups.push(() => app.stop());
    const admin = postgres(db.url, { max: 2, onnotice: () => {} });
    cleanups.push(() => admin.end());
    const handle = createDb({ url: db.url, max: 1 });
    cleanups.push(() => handle.close());
    const fixture = await createSyncFixture(handle.db, { stock: 20 });
    const till = makeTill(fixture);
    const [first, second] = fixture.pieces;
    const cashSale = till.sale({ lines: [{ variantId: first!.variantId, quantity: 2, unitPriceMinor: first!.priceMinor }] });
    const qrisSale = till.sale({ lines: [{ variantId: second!.variantId, quantity: 1, unitPriceMinor: second!.priceMinor }], paymentMethod: "qris" });
    const batch = till.batch([cashSale, qrisSale]);
    const cashier = new Shopper(app.url);
    await cashier.login("bazaar@kriya.example", "kriya-bazaar-2026");

    // Hold the first piece's stock level at the event: the sync's ledger write waits on it; kill then.
    await admin.begin(async (tx) => {
      await tx`select 1 from stock_levels where variant_id = ${first!.variantId} and location_id = ${fixture.locationId} for update`;
      const sent = cashier.postJson("/pos/sync", batch).then((a) => a.status, (e: Error) => e.name);
      await waitForLockWait(admin, db.name);
      await app.kill9();
      expect(await sent).not.toBe(200);
    });
    expect(await admin`select 1 from pos_sales where device_id = ${till.deviceId}`).toHaveLength(0);

    // The till keeps its sales and sends the same batch again once the server is back (same session, same cookie).
    app = await app.restart();
    cashier.baseUrl = app.url;
    const retry = await cashier.postJson("/pos/sync", batch);
    expect(retry.status, retry.body).toBe(200);
    const again = await cashier.postJson("/pos/sync", batch);
    expect(again.status, again.body).toBe(200);

    const sales = await admin<{ client_sale_id: string; movements: number; sold: number; turnover: number }[]>`
      select s.client_sale_id,
        (select count(*)::int from stock_movements m where m.pos_sale_id = s.id) as movements,
        (select coalesce(sum(-m.on_hand_delta), 0)::int from stock_movements m where m.pos_sale_id = s.id) as sold,
        (select count(*)::int from turnover_entries t where t.channel = 'bazaar' and t.source_id = s.client_sale_id and t.kind = 'sale') as turnover
      from pos_sales s where s.device_id = ${till.deviceId} order by s.device_seq`;
    expect(sales).toEqual([
      { client_sale_id: cashSale.clientSaleId, movements: 1, sold: 2, turnover: 1 },
      { client_sale_id: qrisSale.clientSaleId, movements: 1, sold: 1, turnover: 1 },
    ]);
    const [level] = await admin<{ on_hand: number }[]>`select on_hand from stock_levels where variant_id = ${first!.variantId} and location_id = ${fixture.locationId}`;
    expect(level!.on_hand).toBe(18);
    expect(await ledgerDrift((text) => admin.unsafe(text) as Promise<Record<string, unknown>[]>)).toEqual([]);
  });

  it.runIf(hasPostgres())("an outbox email whose sender was killed before the SMTP server answered is sent again, and arrives once (PostgreSQL)", async () => {
    const smtp = await startFakeSmtp();
    cleanups.push(() => smtp.close());
    const db = await freshDatabase("kill_email");
    cleanups.push(db.drop);
    let app = await startApp({ databaseUrl: db.url, env: { SMTP_URL: smtp.url } });
    cleanups.push(() => app.stop());
    const admin = postgres(db.url, { max: 2, onnotice: () => {} });
    cleanups.push(() => admin.end());
    const [variant] = await sellableVariants(admin);

    // The SMTP server reads the confirmation's DATA and keeps the sender waiting for its answer; kill -9 then.
    // The outbox's transaction (its row locked FOR UPDATE while it hands the email over) dies with the process,
    // so the message stays unsent and is sent again after the restart. The stalled copy was never accepted.
    smtp.stallData = true;
    const outcome = await demoCheckout(new Shopper(app.url), { variantId: variant!.id, email: "kill-email@example.com" });
    expect(outcome.kind).toBe("order");
    const orderNumber = outcome.kind === "order" ? outcome.orderNumber : "";
    const deadline = Date.now() + 15_000;
    while (smtp.stalled === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect(smtp.stalled).toBe(1);
    await app.kill9();
    smtp.stallData = false;
    smtp.releaseStalled("refuse");
    const [unsent] = await admin<{ sent: boolean }[]>`select sent_at is not null as sent from emails e join orders o on o.id = e.order_id where o.number = ${orderNumber}`;
    expect(unsent!.sent).toBe(false);

    app = await app.restart();
    const ours = () => smtp.arrived.filter((m) => m.subject.includes(orderNumber));
    const until = Date.now() + 20_000;
    while (ours().length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    // Another drain or two must not send it again.
    await new Promise((r) => setTimeout(r, 6_000));
    expect(ours()).toHaveLength(1);
    const [row] = await admin<{ sent: boolean; processed: number }[]>`
      select e.sent_at is not null as sent,
        (select count(*)::int from outbox_messages x where x.payload->>'emailId' = e.id::text and x.processed_at is not null) as processed
      from emails e join orders o on o.id = e.order_id where o.number = ${orderNumber}`;
    expect(row).toEqual({ sent: true, processed: 1 });
    // The copy that went out names its stored email, as a copy sent twice (the at-least-once window) would too.
    const [stored] = await admin<{ id: number }[]>`select e.id from emails e join orders o on o.id = e.order_id where o.number = ${orderNumber}`;
    expect(ours()[0]!.messageId).toMatch(new RegExp(`^<email-${stored!.id}-[0-9a-z]+@localhost>$`));
  });

  it("the embedded PGlite killed -9 during writes opens again on the next start with every acknowledged write", { timeout: 150_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "kriya-faults-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const pgliteDir = path.join(dir, "pglite");
    // Each write comes from an address of its own (one trusted proxy hop), so the per-address unpaid cap stays out.
    let app = await startApp({ pgliteDir, env: { TRUST_PROXY: "1" } });
    cleanups.push(() => app.stop());

    const sitemap = await (await fetch(`${app.url}/sitemap.xml`)).text();
    const variantIds: number[] = [];
    for (const [, slug] of sitemap.matchAll(/\/products\/([a-z0-9-]+)</g)) {
      const html = await (await fetch(`${app.url}/products/${slug}`)).text();
      const variant = /<input type="hidden" name="variantId" value="(\d+)"/.exec(html);
      if (variant && html.includes("In stock, ships from Jakarta") && !/<button[^>]*disabled[^>]*aria-label="Add to cart/.test(html)) variantIds.push(Number(variant[1]));
      if (variantIds.length >= 12) break;
    }
    expect(variantIds.length).toBeGreaterThan(3);

    // A write is a checkout: the order it creates is acknowledged by the 302 to its payment page, which names it.
    const acknowledged: string[] = [];
    let serial = 0;
    const writer = async (server: AppServer, until: () => boolean) => {
      while (!until()) {
        const n = serial++;
        const shopper = new Shopper(server.url, { forwardedFor: `10.16.${Math.floor(n / 250)}.${(n % 250) + 1}`, timeoutMs: 10_000 });
        try {
          const add = await shopper.post("/cart", { intent: "add", variantId: String(variantIds[n % variantIds.length]), quantity: "1" });
          if (add.status !== 200) continue;
          const checkout = await shopper.post("/cart", { intent: "checkout", email: `pglite-${n}@example.com`, country: "DE" });
          if (checkout.status === 302 && /^\/checkout\/demo\//.test(checkout.location ?? "")) acknowledged.push(checkout.location!.split("/").pop()!);
        } catch {
          // the server died under this write: it was never acknowledged
        }
      }
    };

    for (let round = 0; round < 3; round++) {
      const server = app;
      const writers = Array.from({ length: 3 }, () => writer(server, () => !alive(server)));
      // A random moment once writes are flowing.
      const before = acknowledged.length;
      while (acknowledged.length < before + 3) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, Math.random() * 1500));
      await server.kill9();
      await Promise.all(writers);
      // The next start must open the data by itself: no stale lock, no manual step.
      app = await server.restart({ readyTimeout: 60_000 });
    }
    await app.stop();
    expect(acknowledged.length).toBeGreaterThan(9);

    const handle = createDb({ dataDir: pgliteDir });
    try {
      const found = await handle.pglite!.query<{ id: string }>(`select id from orders where id = any($1::uuid[])`, [acknowledged]);
      expect(acknowledged.filter((id) => !found.rows.some((r) => r.id === id))).toEqual([]);
      const run = async (text: string) => (await handle.pglite!.query<Record<string, unknown>>(text)).rows;
      expect(await ledgerDrift(run)).toEqual([]);
      expect(Object.values(await partialOrders(run)).flat()).toEqual([]);
    } finally {
      await handle.close();
    }
  });
});
