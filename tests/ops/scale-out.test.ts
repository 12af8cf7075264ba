/**
 * Two app servers on one PostgreSQL behind the shipped Varnish configuration (issue 15, "Several servers"): a
 * shopper's session moves between servers, a back-office price change is visible everywhere within the documented
 * time (docs/operations/deploy.md), and the outbox sends each email once although both servers drain it.
 */
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "../../db/client.server";
import { storeAndQueueEmail } from "../../app/models/platform/emails.server";
import { startFakeSmtp, type FakeSmtp } from "../fakes/smtp-server";
import { freePort, freshDatabase, hasPostgres, startApp, type AppServer } from "./support/servers";
import { hasVarnish, startVarnish, type VarnishServer } from "./support/varnish";

/** The bound docs/operations/deploy.md promises for a catalogue change to show through Varnish and every server. */
const PRICE_VISIBLE_WITHIN_MS = 1_000;

/** A browser's cookies, by name, for plain fetches to any of the servers (they all share one origin). */
class CookieJar {
  private cookies = new Map<string, string>();
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  take(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const gone = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split("=")[1]!) < Date.now()));
      if (gone) this.cookies.delete(name);
      else this.cookies.set(name, pair!.slice(eq + 1).trim());
    }
  }
}

async function get(base: string, path: string, jar?: CookieJar) {
  const response = await fetch(base + path, { headers: jar ? { cookie: jar.header() } : {}, redirect: "manual" });
  jar?.take(response);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** A form POST as a browser without JavaScript sends it; through Varnish it carries the shop's Origin. */
async function post(base: string, path: string, form: Record<string, string> | URLSearchParams, jar: CookieJar, origin?: string) {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() };
  if (origin) headers.origin = origin;
  const response = await fetch(base + path, { method: "POST", headers, body: new URLSearchParams(form).toString(), redirect: "manual" });
  jar.take(response);
  return { status: response.status, location: response.headers.get("location") ?? "", text: await response.text() };
}

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decode(m[1]!) : undefined;
};

/** The fields a browser would submit for the form with this id: its own controls and those naming it with form="…". */
function formFields(html: string, formId: string): URLSearchParams {
  const start = html.indexOf(`id="${formId}"`);
  const end = html.indexOf("</form>", start);
  const fields = new URLSearchParams();
  const controls = /<input\b[^>]*>|<(select|textarea)\b[^>]*>[\s\S]*?<\/\1>/g;
  for (const m of html.matchAll(controls)) {
    const tag = m[0].slice(0, m[0].indexOf(">") + 1);
    const inside = m.index! > start && m.index! < end;
    const owner = attr(tag, "form");
    const name = attr(tag, "name");
    if (!name || !(owner === formId || (inside && owner === undefined))) continue;
    if (m[1] === "select") {
      const selected = /<option[^>]*value="([^"]*)"[^>]*selected=""/.exec(m[0]) ?? /<option[^>]*value="([^"]*)"/.exec(m[0]);
      if (selected) fields.append(name, decode(selected[1]!));
    } else if (m[1] === "textarea") {
      fields.append(name, decode(m[0].slice(tag.length, m[0].lastIndexOf("</textarea>"))));
    } else {
      const type = attr(tag, "type") ?? "text";
      if ((type === "checkbox" || type === "radio") && !/\schecked=""/.test(tag)) continue;
      if (type === "submit" || type === "file") continue;
      fields.append(name, attr(tag, "value") ?? (type === "checkbox" ? "on" : ""));
    }
  }
  return fields;
}

async function rows<T>(handle: DbHandle, query: ReturnType<typeof sql>): Promise<T[]> {
  return (await handle.db.execute(query)) as unknown as T[];
}

describe.runIf(hasPostgres() && hasVarnish())("two app servers behind Varnish on one PostgreSQL", () => {
  const cleanups: (() => Promise<void>)[] = [];
  let a: AppServer;
  let b: AppServer;
  let varnish: VarnishServer;
  let smtp: FakeSmtp;
  let handle: DbHandle;
  let lapsedQuotes: number[] = [];

  beforeAll(async () => {
    const db = await freshDatabase("scale");
    cleanups.push(db.drop);
    handle = createDb({ url: db.url, max: 4 });
    cleanups.push(() => handle.close());
    // A sent quote past its validity: both servers' start-up sweep will find it due at the same moment.
    lapsedQuotes = (
      await rows<{ id: number }>(handle, sql`update quotes set valid_until = current_date - 2 where status = 'sent' returning id`)
    ).map((q) => q.id);
    smtp = await startFakeSmtp();
    cleanups.push(() => smtp.close());
    const [portA, portB, varnishPort] = [await freePort(), await freePort(), await freePort()];
    const publicUrl = `http://127.0.0.1:${varnishPort}`;
    const shared = {
      databaseUrl: db.url,
      sessionSecret: randomBytes(24).toString("hex"),
      publicUrl,
      env: { SMTP_URL: smtp.url, VARNISH_PURGE_URLS: publicUrl },
    };
    [a, b] = await Promise.all([startApp({ ...shared, port: portA }), startApp({ ...shared, port: portB })]);
    cleanups.push(a.stop, b.stop);
    varnish = await startVarnish({ backendPorts: [portA, portB], port: varnishPort });
    cleanups.push(varnish.stop);
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  });

  it("keeps a sign-in, a cart and a demo checkout going from server A to server B and through Varnish", async () => {
    const staff = new CookieJar();
    const login = await post(a.url, "/login", { email: "admin@kriya.example", password: "kriya-admin-2026", redirectTo: "/admin" }, staff);
    expect(login.status).toBe(302);
    expect((await get(b.url, "/admin", staff)).status).toBe(200);
    expect((await get(varnish.url, "/admin", staff)).status).toBe(200);
    expect((await get(b.url, "/admin", new CookieJar())).status).toBe(302);

    const shopper = new CookieJar();
    const [chosen] = await rows<{ variant_id: number; title: string }>(
      handle,
      sql`select v.id as variant_id, p.title from variants v join products p on p.id = v.product_id
          join stock_levels s on s.variant_id = v.id and s.location_kind = 'warehouse'
          where p.status = 'active' and v.active and s.on_hand - s.reserved >= 3 order by v.id desc limit 1`,
    );
    const { variant_id: variantId, title } = chosen!;
    expect((await post(a.url, "/cart", { intent: "add", variantId: String(variantId), quantity: "1" }, shopper)).status).toBe(200);
    expect(decode((await get(b.url, "/cart", shopper)).text)).toContain(title);
    const checkout = await post(b.url, "/cart", { intent: "checkout", email: "scale-out@shopper.example", country: "DE" }, shopper);
    expect(checkout.status).toBe(302);
    expect(checkout.location).toMatch(/^\/checkout\/demo\/[0-9a-f-]{36}$/);
    const pay = { intent: "pay", name: "Scale Out", line1: "Lindenstraße 12", city: "Berlin", postalCode: "10969" };
    const paid = await post(varnish.url, checkout.location, pay, shopper, varnish.url);
    expect(paid.status).toBe(302);
    const number = /order=(KR-\d{2}-[A-Z0-9]{8})$/.exec(paid.location)?.[1];
    expect(number).toBeDefined();
    const [order] = await rows<{ status: string }>(handle, sql`select status::text from orders where number = ${number!}`);
    expect(order?.status).toBe("paid");
  });

  it("shows a back-office price change through Varnish and on both servers within the documented time", async () => {
    const [product] = await rows<{ id: number; slug: string }>(handle, sql`select id, slug from products where status = 'active' order by id limit 1`);
    const page = `/products/${product!.slug}`;
    // Warm every cache: the servers' page caches, then Varnish (which keeps only the servers' hash-signed copies).
    for (let i = 0; i < 4; i++) await get(varnish.url, page);
    await get(a.url, page);
    await get(b.url, page);
    const warm = await get(varnish.url, page);
    expect(warm.headers.get("x-varnish-cache")).toBe("HIT");
    // A signed-in shopper with a cart gets the same shared copy: catalogue pages render nothing personal.
    const shopper = new CookieJar();
    expect((await post(a.url, "/login", { email: "admin@kriya.example", password: "kriya-admin-2026", redirectTo: "/admin" }, shopper)).status).toBe(302);
    const signedIn = await get(varnish.url, page, shopper);
    expect(signedIn.headers.get("x-varnish-cache")).toBe("HIT");
    expect(signedIn.headers.get("surrogate-key")).toBeNull();
    // Bans take keys only, and only from the purgers ACL (loopback here).
    const badBan = await fetch(`${varnish.url}/`, { method: "BAN", headers: { "Surrogate-Key": "product:1 .*" } });
    expect(badBan.status).toBe(400);

    const admin = new CookieJar();
    expect((await post(a.url, "/login", { email: "admin@kriya.example", password: "kriya-admin-2026", redirectTo: "/admin" }, admin)).status).toBe(302);
    const form = formFields((await get(a.url, `/admin/products/${product!.id}`, admin)).text, "product");
    const newPrice = `${400 + Math.floor(Math.random() * 90)}.25`;
    let changed = 0;
    for (const [name] of [...form]) {
      if (/^variants\[\d+\]\.retailPrice$/.test(name)) {
        form.set(name, newPrice);
        changed += 1;
      }
    }
    expect(changed).toBeGreaterThan(0);
    expect(warm.text).not.toContain(`$${newPrice}`);
    const saved = await post(a.url, `/admin/products/${product!.id}`, form, admin);
    expect(saved.status, [...saved.text.matchAll(/-error"[^>]*>([^<]+)</g)].map((m) => m[1]).join("; ")).toBeLessThan(400);
    const savedAt = Date.now();

    const shows = async (base: string) => {
      for (;;) {
        const seen = await get(base, page);
        if (seen.text.includes(`$${newPrice}`)) return Date.now() - savedAt;
        if (Date.now() - savedAt > 5_000) return Number.POSITIVE_INFINITY;
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const [throughVarnish, onA, onB] = await Promise.all([shows(varnish.url), shows(a.url), shows(b.url)]);
    console.log(`price change visible after: Varnish ${throughVarnish} ms, server A ${onA} ms, server B ${onB} ms`);
    expect(throughVarnish).toBeLessThanOrEqual(PRICE_VISIBLE_WITHIN_MS);
    expect(onA).toBeLessThanOrEqual(PRICE_VISIBLE_WITHIN_MS);
    expect(onB).toBeLessThanOrEqual(PRICE_VISIBLE_WITHIN_MS);
  });

  it("sends each of 80 queued emails exactly once while both servers drain the outbox", async () => {
    const tag = randomBytes(4).toString("hex");
    await handle.db.transaction(async (tx) => {
      for (let i = 0; i < 80; i++) {
        await storeAndQueueEmail(tx, { to: `outbox-${i}@shopper.example`, subject: `Scale ${tag} #${i}`, text: `Email ${i}`, html: `<p>Email ${i}</p>` });
      }
    });
    const mine = () => smtp.arrived.filter((m) => m.subject.startsWith(`Scale ${tag} `));
    const deadline = Date.now() + 30_000;
    while (mine().length < 80 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    // Another tick on both servers: nothing is sent a second time.
    await new Promise((r) => setTimeout(r, 5_500));
    const subjects = mine().map((m) => m.subject);
    expect(subjects).toHaveLength(80);
    expect(new Set(subjects).size).toBe(80);
    const [counted] = await rows<{ unsent: number }>(handle, sql`select count(*)::int as unsent from emails where subject like ${`Scale ${tag} %`} and sent_at is null`);
    expect(counted?.unsent).toBe(0);
  });

  it("runs the sweepers on both servers without doing anything twice: a lapsed quote expires once, each month closes once", async () => {
    expect(lapsedQuotes.length).toBeGreaterThan(0);
    const deadline = Date.now() + 10_000;
    let expired: { quote_id: number; events: number; status: string }[] = [];
    while (Date.now() < deadline) {
      expired = await rows(
        handle,
        sql`select q.id as quote_id, q.status::text as status, count(e.id)::int as events from quotes q
            left join quote_events e on e.quote_id = q.id and e.kind = 'expired'
            where q.id in ${sql.raw(`(${lapsedQuotes.join(",")})`)} group by q.id, q.status`,
      );
      if (expired.every((q) => q.status === "expired")) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    // The expiry, its event and its email are one transaction under the quote's row lock: one event means one of each.
    expect(expired).toEqual(lapsedQuotes.map((id) => ({ quote_id: id, status: "expired", events: 1 })));

    const closes = await rows<{ month: string; checksum: string; previous_checksum: string | null }>(
      handle,
      sql`select month::text, checksum, previous_checksum from impact_month_closes order by month`,
    );
    expect(closes.length).toBeGreaterThan(0);
    // One chain, each month once, each pointing at the month before.
    closes.forEach((close, i) => expect(close.previous_checksum).toBe(i === 0 ? null : closes[i - 1]!.checksum));
    for (const server of [a, b]) expect(server.output()).not.toMatch(/Closing the impact ledger's months failed|Pruning expired rows failed|Expiring lapsed quotes failed/);
  });
});
