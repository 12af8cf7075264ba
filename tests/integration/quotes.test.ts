import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { emails, exchangeRates, importers, products, quoteEvents, quoteLines, quotes, quoteVersions, users, variants, wholesalePriceTiers } from "../../db/schema";
import { seedUsers } from "../../db/seed/data/reference";
import { convertToUsd, money } from "~/domain/money/money";
import { formatReferenceCode } from "~/domain/platform/reference-code";
import { isRefusal, type RefusalKind } from "~/domain/platform/refusal";
import { tierPrice } from "~/domain/wholesale/quote-lines";
import { WHOLESALE_INBOX } from "~/domain/wholesale/importer-application";
import { renderProforma } from "~/models/wholesale/proforma.server";
import {
  declineQuote,
  expireLapsedQuotes,
  getQuoteForImporterByNumber,
  getQuoteForStaff,
  listQuotesForImporter,
  listQuotesForStaff,
  postQuoteMessage,
  priceQuote,
  requestChanges,
  sendQuote,
  type PriceLineInput,
} from "~/models/wholesale/quotes.server";
import { acceptQuote } from "~/models/wholesale/acceptance.server";
import { createSession } from "~/models/platform/users.server";
import { action as staffQuoteAction, loader as staffQuoteLoader } from "~/routes/admin+/quotes.$number";
import { loader as staffProformaLoader } from "~/routes/admin+/quotes.$number_.proforma[.pdf]";
import { action as importerQuoteAction, loader as importerQuoteLoader } from "~/routes/_wholesale+/wholesale.quotes.$number";
import { loader as importerProformaLoader } from "~/routes/_wholesale+/wholesale.quotes.$number_.proforma[.pdf]";
import { writeSessionId } from "~/utils/session.server";
import { serveAppFrom, writableBackends } from "../support/db";

const origin = "https://shop.kriya.example";
const DAY = 86_400_000;
const dayFrom = (now: Date, days: number) => new Date(now.getTime() + days * DAY).toISOString().slice(0, 10);

async function refusedWith(work: Promise<unknown>, kind: RefusalKind, message?: RegExp) {
  try {
    await work;
  } catch (error) {
    expect(isRefusal(error, kind), `expected a ${kind} refusal, got ${String(error)}`).toBe(true);
    if (message) expect((error as Error).message).toMatch(message);
    return;
  }
  throw new Error(`expected a ${kind} refusal`);
}

/** The text an uncompressed pdfkit page shows: each TJ array's hex strings, decoded and joined. */
function pdfText(pdf: Buffer): string {
  const arrays = pdf.toString("latin1").match(/\[([^\]]*)\] TJ/g) ?? [];
  return arrays.map((array) => (array.match(/<([0-9a-f]*)>/g) ?? []).map((hex) => Buffer.from(hex.slice(1, -1), "hex").toString("latin1")).join("")).join("\n");
}

describe.each(writableBackends())("quotes on $name", ({ open }) => {
  let handle: DbHandle;
  let staffId: number;
  let rate: number;
  type Fixture = { importerId: number; userId: number; email: string };
  let buyer: Fixture;
  let other: Fixture;
  /** Two seeded variants with tiers, of different products. */
  let picks: { variantId: number; productId: number; quantity: number; tierPriceMinor: number; producerPriceMinor: number; sku: string }[];

  let restoreAppDb: () => void;
  beforeAll(async () => {
    handle = await open();
    restoreAppDb = serveAppFrom(handle);
    const db = handle.db;
    staffId = (await db.select({ id: users.id }).from(users).where(eq(users.email, seedUsers.find((u) => u.role === "staff")!.email)))[0]!.id;
    rate = (await db.select().from(exchangeRates).where(eq(exchangeRates.currency, "IDR")))[0]!.perUsdMicros;
    const makeImporter = async (email: string) => {
      const [row] = await db.insert(importers).values({ companyName: `Quote Test ${email}`, country: "DE", taxId: "DE 1", contactName: "Greta Quoter", contactEmail: email, status: "approved", approvedAt: new Date(), depositPercent: 40 }).returning({ id: importers.id });
      const [user] = await db.insert(users).values({ email, name: "Greta Quoter", role: "importer", importerId: row!.id, passwordHash: "!" }).returning({ id: users.id });
      return { importerId: row!.id, userId: user!.id, email };
    };
    buyer = await makeImporter("greta@quotes-test.example");
    other = await makeImporter("other@quotes-test.example");
    const tiered = await db
      .select({ variantId: variants.id, productId: variants.productId, sku: variants.sku, producerPriceMinor: variants.producerPriceMinor })
      .from(variants)
      .innerJoin(products, eq(products.id, variants.productId))
      .where(sql`exists (select 1 from ${wholesalePriceTiers} where ${wholesalePriceTiers.variantId} = ${variants.id})`)
      .orderBy(asc(variants.id));
    const seen = new Set<number>();
    picks = [];
    for (const variant of tiered) {
      if (seen.has(variant.productId) || picks.length === 2) continue;
      seen.add(variant.productId);
      const tiers = await db.select().from(wholesalePriceTiers).where(eq(wholesalePriceTiers.variantId, variant.variantId));
      const quantity = Math.max(...tiers.map((t) => t.minQuantity));
      picks.push({ ...variant, quantity, tierPriceMinor: tierPrice(tiers, quantity)! });
    }
    expect(picks).toHaveLength(2);
  });
  afterAll(async () => {
    restoreAppDb();
    await handle.close();
  });

  /** A quote as the importer's request leaves it: requested, lines without prices, a `requested` event. */
  const requestedQuote = async (owner: Fixture, incoterm: "FOB" | "CIF" = "CIF") => {
    const number = formatReferenceCode("WQ", randomBytes(8), new Date());
    const [quote] = await handle.db
      .insert(quotes)
      .values({ number, importerId: owner.importerId, incoterm, destinationPort: incoterm === "CIF" ? "Hamburg" : null, importerNotes: "For our spring catalogue" })
      .returning();
    const lines = await handle.db
      .insert(quoteLines)
      .values(picks.map((pick) => ({ quoteId: quote!.id, variantId: pick.variantId, quantity: pick.quantity })))
      .returning();
    await handle.db.insert(quoteEvents).values({ quoteId: quote!.id, kind: "requested", party: "importer", userId: owner.userId, version: 1, message: "For our spring catalogue" });
    return { number, id: quote!.id, lineIds: lines.map((line) => line.id) };
  };

  const atTier = (lineIds: number[]): PriceLineInput[] => lineIds.map((lineId, i) => ({ lineId, unitPriceMinor: picks[i]!.tierPriceMinor }));
  const pricing = (number: string, overrides: Partial<Parameters<typeof priceQuote>[1]> = {}) =>
    priceQuote(handle.db, { number, actor: { userId: staffId }, expectedVersion: 0, lines: [], freightMinor: 45_000, validUntil: dayFrom(new Date(), 30), leadTimeDays: 60, staffNotes: "", ...overrides });
  /** Everything a refused step must leave as it was. */
  const snapshot = async (quoteId: number) => ({
    quote: (await handle.db.select().from(quotes).where(eq(quotes.id, quoteId)))[0],
    lines: await handle.db.select().from(quoteLines).where(eq(quoteLines.quoteId, quoteId)).orderBy(asc(quoteLines.id)),
    versions: await handle.db.select().from(quoteVersions).where(eq(quoteVersions.quoteId, quoteId)),
    events: await handle.db.select().from(quoteEvents).where(eq(quoteEvents.quoteId, quoteId)),
    emails: (await handle.db.select({ count: sql<number>`count(*)::int` }).from(emails))[0]!.count,
  });
  const mailTo = (to: string) => handle.db.select().from(emails).where(sql`lower(${emails.to}) = lower(${to})`).orderBy(desc(emails.id));

  it("starts each line from its tier price and shows the producer cost at the stored rate and the margin", async () => {
    const { number } = await requestedQuote(buyer);
    const view = (await getQuoteForStaff(handle.db, { number }))!;
    expect(view.pricedVersion).toBe(0);
    expect(view.perUsdMicros).toBe(rate);
    view.lines.forEach((line, i) => {
      expect(line.unitPriceMinor).toBeNull();
      expect(line.tierPriceMinor).toBe(picks[i]!.tierPriceMinor);
      expect(line.producerCostMinor).toBe(picks[i]!.producerPriceMinor);
      const costUsd = convertToUsd(money(picks[i]!.producerPriceMinor, "IDR"), rate).amountMinor;
      expect(line.costUsdMinor).toBe(costUsd);
      expect(line.marginMinor).toBe(picks[i]!.tierPriceMinor - costUsd);
    });
    const revenue = picks.reduce((sum, p) => sum + p.tierPriceMinor * p.quantity, 0);
    expect(view.margin.revenueMinor).toBe(revenue);
    expect(view.margin.marginMinor).toBe(revenue - view.lines.reduce((sum, l) => sum + l.costUsdMinor! * l.quantity, 0));
    expect(["days", "ask_us"]).toContain(view.suggestedLeadTime.kind);
    expect((await listQuotesForStaff(handle.db, { status: "requested", q: "Quote Test greta" })).map((q) => q.number)).toContain(number);
  });

  it("refuses bad prices, freight and dates and writes nothing", async () => {
    const { id, number, lineIds } = await requestedQuote(buyer);
    const before = await snapshot(id);
    await refusedWith(pricing(number, { lines: [{ lineId: lineIds[0]!, unitPriceMinor: 0 }, atTier(lineIds)[1]!] }), "invalid", /above zero/);
    await refusedWith(pricing(number, { lines: [{ lineId: lineIds[0]!, unitPriceMinor: -5 }, atTier(lineIds)[1]!] }), "invalid", new RegExp(picks[0]!.sku));
    await refusedWith(pricing(number, { lines: atTier(lineIds), validUntil: dayFrom(new Date(), -1) }), "invalid", /past/);
    await refusedWith(pricing(number, { lines: atTier(lineIds), validUntil: "2026-02-30" }), "invalid");
    await refusedWith(pricing(number, { lines: atTier(lineIds), freightMinor: null }), "invalid", /freight/i);
    await refusedWith(pricing(number, { lines: atTier(lineIds), leadTimeDays: 0 }), "invalid", /lead time/);
    await refusedWith(pricing(number, { lines: atTier(lineIds).slice(0, 1) }), "invalid", /price/);
    // Below the producer's cost: refused without confirmation and a reason.
    const below = [{ lineId: lineIds[0]!, unitPriceMinor: 1 }, atTier(lineIds)[1]!];
    await refusedWith(pricing(number, { lines: below }), "invalid", /below the producer's cost/);
    await refusedWith(pricing(number, { lines: [{ ...below[0]!, confirmBelowCost: true, belowCostReason: "  " }, below[1]!] }), "invalid", /reason/);
    await refusedWith(pricing(number, { lines: [{ ...below[0]!, confirmBelowCost: false, belowCostReason: "Sample" }, below[1]!] }), "invalid", /confirm/);
    expect(await snapshot(id)).toEqual(before);

    const fob = await requestedQuote(buyer, "FOB");
    const fobBefore = await snapshot(fob.id);
    await refusedWith(pricing(fob.number, { lines: atTier(fob.lineIds), freightMinor: 10_000 }), "invalid", /CIF quotes only/);
    expect(await snapshot(fob.id)).toEqual(fobBefore);
    await pricing(fob.number, { lines: atTier(fob.lineIds), freightMinor: null });
    expect((await handle.db.select().from(quotes).where(eq(quotes.id, fob.id)))[0]).toMatchObject({ status: "priced", freightMinor: 0 });
  });

  it("prices below cost with confirmation and a reason, versions each re-pricing and refuses a stale save", async () => {
    const { id, number, lineIds } = await requestedQuote(buyer);
    const reason = "Sample run for a new customer";
    const first = await pricing(number, { lines: [{ lineId: lineIds[0]!, unitPriceMinor: 1, confirmBelowCost: true, belowCostReason: reason }, atTier(lineIds)[1]!] });
    expect(first.version).toBe(1);
    const subtotal = 1 * picks[0]!.quantity + picks[1]!.tierPriceMinor * picks[1]!.quantity;
    expect((await handle.db.select().from(quotes).where(eq(quotes.id, id)))[0]).toMatchObject({ status: "priced", version: 1, subtotalMinor: subtotal, freightMinor: 45_000, totalMinor: subtotal + 45_000, leadTimeDays: 60 });
    const lines = await handle.db.select().from(quoteLines).where(eq(quoteLines.quoteId, id)).orderBy(asc(quoteLines.id));
    expect(lines.map((l) => [l.unitPriceMinor, l.belowCostReason])).toEqual([[1, reason], [picks[1]!.tierPriceMinor, ""]]);

    await sendQuote(handle.db, { number, actor: { userId: staffId }, origin });
    const [sentMail] = await mailTo(buyer.email);
    expect(sentMail!.subject).toContain(number);
    expect(sentMail!.text).toContain(`${origin}/wholesale/quotes/${number}`);

    // Re-pricing a sent quote makes version 2, which must be sent again; version 1 stays as it was.
    const second = await pricing(number, { expectedVersion: 1, lines: atTier(lineIds), freightMinor: 50_000 });
    expect(second.version).toBe(2);
    expect((await handle.db.select().from(quotes).where(eq(quotes.id, id)))[0]).toMatchObject({ status: "priced", version: 2 });
    const stored = await handle.db.select().from(quoteVersions).where(eq(quoteVersions.quoteId, id)).orderBy(asc(quoteVersions.version));
    expect(stored.map((v) => [v.version, v.freightMinor])).toEqual([[1, 45_000], [2, 50_000]]);
    expect(stored[0]!.lines[0]).toMatchObject({ unitPriceMinor: 1, belowCostReason: reason, producerCostMinor: picks[0]!.producerPriceMinor });
    expect(stored[1]!.lines[0]!.belowCostReason).toBeUndefined();

    const before = await snapshot(id);
    await refusedWith(pricing(number, { expectedVersion: 1, lines: atTier(lineIds) }), "conflict", /version 2/);
    expect(await snapshot(id)).toEqual(before);
    // The importer sees only what was sent: version 1 until version 2 is sent.
    const seen = (await getQuoteForImporterByNumber(handle.db, { number, importerId: buyer.importerId }))!;
    expect(seen.quote.totalMinor).toBeNull();
    expect(seen.versions.map((v) => v.version)).toEqual([1]);
    expect(JSON.stringify(seen)).not.toMatch(/producerCost|belowCostReason|staffNotes|margin/);
    await sendQuote(handle.db, { number, actor: { userId: staffId }, origin });
    const again = (await getQuoteForImporterByNumber(handle.db, { number, importerId: buyer.importerId }))!;
    expect(again.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(again.quote.totalMinor).toBe(stored[1]!.totalMinor);
    expect(again.depositMinor).toBe(Math.ceil((stored[1]!.totalMinor * 40) / 100));
    expect(again.canAnswer).toBe(true);
  });

  const sentQuote = async (owner: Fixture = buyer) => {
    const created = await requestedQuote(owner);
    await pricing(created.number, { lines: atTier(created.lineIds) });
    await sendQuote(handle.db, { number: created.number, actor: { userId: staffId }, origin });
    return created;
  };

  it("refuses to send a quote that is not priced", async () => {
    const { id, number } = await requestedQuote(buyer);
    const before = await snapshot(id);
    await refusedWith(sendQuote(handle.db, { number, actor: { userId: staffId }, origin }), "conflict");
    expect(await snapshot(id)).toEqual(before);
  });

  it("emails the other side when the importer asks for changes, declines or writes, and when staff write", async () => {
    const { id, number } = await sentQuote();
    const staffBefore = (await mailTo(WHOLESALE_INBOX)).length;
    const before = await snapshot(id);
    await refusedWith(requestChanges(handle.db, { number, importerId: buyer.importerId, userId: buyer.userId, message: "   ", origin }), "invalid", /changed/);
    expect(await snapshot(id)).toEqual(before);

    await requestChanges(handle.db, { number, importerId: buyer.importerId, userId: buyer.userId, message: "Could the indigo come in 60 pieces?", origin });
    expect((await handle.db.select().from(quotes).where(eq(quotes.id, id)))[0]!.status).toBe("changes_requested");
    const [notice] = await mailTo(WHOLESALE_INBOX);
    expect(notice!.text).toContain("Could the indigo come in 60 pieces?");
    expect(notice!.text).toContain(`${origin}/admin/quotes/${number}`);

    await postQuoteMessage(handle.db, { number, party: "staff", userId: staffId, message: "Yes: we'll send a new version today.", origin });
    expect((await mailTo(buyer.email))[0]!.text).toContain("Yes: we'll send a new version today.");
    await postQuoteMessage(handle.db, { number, party: "importer", userId: buyer.userId, importerId: buyer.importerId, message: "Thank you!", origin });
    expect((await mailTo(WHOLESALE_INBOX))[0]!.text).toContain("Thank you!");
    expect((await mailTo(WHOLESALE_INBOX)).length).toBe(staffBefore + 2);
    const thread = await handle.db.select().from(quoteEvents).where(eq(quoteEvents.quoteId, id)).orderBy(asc(quoteEvents.id));
    expect(thread.map((e) => `${e.kind}:${e.party}`)).toEqual(["requested:importer", "priced:staff", "sent:staff", "changes_requested:importer", "message:staff", "message:importer"]);

    const declining = await sentQuote();
    await declineQuote(handle.db, { number: declining.number, importerId: buyer.importerId, userId: buyer.userId, message: "Not this season", origin });
    expect((await handle.db.select().from(quotes).where(eq(quotes.id, declining.id)))[0]!.status).toBe("declined");
    expect((await mailTo(WHOLESALE_INBOX))[0]!.subject).toContain(`declined quote ${declining.number}`);
    // Declined is final: no second answer.
    await refusedWith(requestChanges(handle.db, { number: declining.number, importerId: buyer.importerId, userId: buyer.userId, message: "Wait", origin }), "conflict");
  });

  it("never shows or lets another importer touch this quote", async () => {
    const { id, number } = await sentQuote();
    const before = await snapshot(id);
    expect(await getQuoteForImporterByNumber(handle.db, { number, importerId: other.importerId })).toBeNull();
    expect((await listQuotesForImporter(handle.db, { importerId: other.importerId })).map((q) => q.number)).not.toContain(number);
    expect((await listQuotesForImporter(handle.db, { importerId: buyer.importerId })).map((q) => q.number)).toContain(number);
    const as = { number, importerId: other.importerId, userId: other.userId, origin };
    await refusedWith(requestChanges(handle.db, { ...as, message: "Mine now" }), "not_found");
    await refusedWith(declineQuote(handle.db, as), "not_found");
    await refusedWith(postQuoteMessage(handle.db, { ...as, party: "importer", message: "Hello" }), "not_found");
    await refusedWith(renderProforma(handle.db, { number, importerId: other.importerId }), "not_found");
    await refusedWith(acceptQuote(handle.db, { quoteNumber: number, importerId: other.importerId, userId: other.userId, origin }), "not_found");
    expect(await snapshot(id)).toEqual(before);
  });

  it("expires a sent quote past its validity on its own and tells the importer", async () => {
    const { id, number } = await sentQuote();
    const validUntil = (await handle.db.select().from(quotes).where(eq(quotes.id, id)))[0]!.validUntil!;
    const dayAfter = new Date(Date.parse(`${validUntil}T12:00:00Z`) + DAY);
    // Not yet: the last valid day still counts.
    expect((await expireLapsedQuotes(handle.db, { now: new Date(Date.parse(`${validUntil}T23:00:00Z`)), origin })).expired).not.toContain(number);
    const result = await expireLapsedQuotes(handle.db, { now: dayAfter, origin });
    expect(result.expired).toContain(number);
    expect((await handle.db.select().from(quotes).where(eq(quotes.id, id)))[0]!.status).toBe("expired");
    const events = await handle.db.select().from(quoteEvents).where(and(eq(quoteEvents.quoteId, id), eq(quoteEvents.kind, "expired")));
    expect(events).toHaveLength(1);
    expect(events[0]!.party).toBe("system");
    expect((await mailTo(buyer.email))[0]!.subject).toBe(`Your Kriya quote ${number} has expired`);
    // Running again expires nothing twice.
    expect((await expireLapsedQuotes(handle.db, { now: dayAfter, number, origin })).expired).toEqual([]);
    await refusedWith(requestChanges(handle.db, { number, importerId: buyer.importerId, userId: buyer.userId, message: "Still?", origin, now: dayAfter }), "conflict");
  });

  it("makes a real proforma PDF named after the quote, only once it is priced", async () => {
    const requested = await requestedQuote(buyer);
    await refusedWith(renderProforma(handle.db, { number: requested.number }), "conflict");
    await refusedWith(renderProforma(handle.db, { number: "WQ-26-NOSUCHQQ" }), "not_found");
    await pricing(requested.number, { lines: atTier(requested.lineIds) });
    // Priced but not sent: staff may print it, the importer may not yet.
    await refusedWith(renderProforma(handle.db, { number: requested.number, importerId: buyer.importerId }), "conflict");
    const staffPdf = await renderProforma(handle.db, { number: requested.number, compress: false });
    expect(staffPdf.filename).toBe(`proforma-${requested.number}.pdf`);
    expect(staffPdf.body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(staffPdf.body.toString("latin1")).toContain(`(Proforma invoice ${requested.number})`);
    const text = pdfText(staffPdf.body);
    expect(text).toContain(requested.number);
    expect(text).toContain(picks[0]!.sku);
    expect(text).toContain("Deposit due on acceptance (40%)");
    await sendQuote(handle.db, { number: requested.number, actor: { userId: staffId }, origin });
    const importerPdf = await renderProforma(handle.db, { number: requested.number, importerId: buyer.importerId });
    expect(importerPdf.body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(importerPdf.body.toString("latin1")).toContain(`(Proforma invoice ${requested.number})`);
  });

  it("lists quotes for staff by status and by number or company", async () => {
    const { number } = await sentQuote(other);
    expect((await listQuotesForStaff(handle.db, { q: number.slice(-5) })).map((q) => q.number)).toEqual([number]);
    const sent = await listQuotesForStaff(handle.db, { status: "sent" });
    expect(sent.every((q) => q.status === "sent")).toBe(true);
    expect(sent.map((q) => q.number)).toContain(number);
    expect(await listQuotesForStaff(handle.db, { q: "%" })).toEqual(expect.any(Array));
    const ids = (await handle.db.select({ id: quotes.id }).from(quotes).where(inArray(quotes.importerId, [other.importerId]))).map((r) => r.id);
    expect(ids.length).toBeGreaterThan(0);
  });

  const cookieFor = async (userId: number) => (await writeSessionId((await createSession(handle.db, { userId })).id)).split(";")[0]!;
  const request = async (path: string, userId: number, body?: Record<string, string>) =>
    new Request(`http://localhost${path}`, { method: body ? "POST" : "GET", headers: { Cookie: await cookieFor(userId) }, body: body ? new URLSearchParams(body) : undefined });
  const statusOf = async (work: () => Promise<unknown>): Promise<number> => {
    try {
      const result = await work();
      if (result instanceof Response) return result.status;
      const init = (result as { init?: ResponseInit | null }).init;
      return init?.status ?? 200;
    } catch (error) {
      if (error instanceof Response) return error.status;
      throw error;
    }
  };

  it("answers through the routes with real statuses: 404 for someone else's quote, 4xx for bad input, a named inline PDF", async () => {
    const { id, number, lineIds } = await sentQuote();
    const path = `/wholesale/quotes/${number}`;
    const before = await snapshot(id);
    expect(await statusOf(async () => importerQuoteLoader({ request: await request(path, other.userId), params: { number }, context: {} }))).toBe(404);
    for (const intent of ["accept", "decline", "message", "request_changes"]) {
      expect(await statusOf(async () => importerQuoteAction({ request: await request(path, other.userId, { intent, message: "Hi" }), params: { number }, context: {} }))).toBe(404);
    }
    expect((await importerProformaLoader({ request: await request(`${path}/proforma.pdf`, other.userId), params: { number }, context: {} })).status).toBe(404);
    // Asking for changes needs a message; an unknown intent is a 400 too.
    expect(await statusOf(async () => importerQuoteAction({ request: await request(path, buyer.userId, { intent: "request_changes", message: " " }), params: { number }, context: {} }))).toBe(400);
    expect(await statusOf(async () => importerQuoteAction({ request: await request(path, buyer.userId, { intent: "steal" }), params: { number }, context: {} }))).toBe(400);
    // Staff: a zero price, a past validity date, and a stale version, each refused at a 4xx.
    const staffPath = `/admin/quotes/${number}`;
    const form = (overrides: Record<string, string>) => ({
      intent: "price",
      expectedVersion: "1",
      freight: "450.00",
      validUntil: dayFrom(new Date(), 20),
      leadTimeDays: "55",
      ...Object.fromEntries(lineIds.flatMap((lineId, i) => [[`lines[${i}].lineId`, String(lineId)], [`lines[${i}].price`, (picks[i]!.tierPriceMinor / 100).toFixed(2)]])),
      ...overrides,
    });
    const staffPost = async (body: Record<string, string>) => statusOf(async () => staffQuoteAction({ request: await request(staffPath, staffId, body), params: { number }, context: {} }));
    expect(await staffPost(form({ "lines[0].price": "0" }))).toBe(400);
    expect(await staffPost(form({ "lines[0].price": "abc" }))).toBe(400);
    expect(await staffPost(form({ validUntil: dayFrom(new Date(), -3) }))).toBe(400);
    expect(await staffPost(form({ expectedVersion: "0" }))).toBe(409);
    expect(await staffPost({ intent: "bogus" })).toBe(400);
    expect(await snapshot(id)).toEqual(before);
    expect(await staffPost(form({ "lines[0].price": "0.01" }))).toBe(400);
    expect(await staffPost(form({ "lines[0].price": "0.01", "lines[0].confirmBelowCost": "on", "lines[0].belowCostReason": "A sample" }))).toBe(302);
    expect((await handle.db.select().from(quotes).where(eq(quotes.id, id)))[0]).toMatchObject({ status: "priced", version: 2, leadTimeDays: 55 });
    expect(await statusOf(async () => staffQuoteLoader({ request: await request(staffPath, staffId), params: { number }, context: {} }))).toBe(200);
    // The importer may not open the back office.
    expect(await statusOf(async () => staffQuoteLoader({ request: await request(staffPath, buyer.userId), params: { number }, context: {} }))).toBe(403);
    const pdf = await staffProformaLoader({ request: await request(`${staffPath}/proforma.pdf`, staffId), params: { number }, context: {} });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    expect(pdf.headers.get("Content-Disposition")).toBe(`inline; filename="proforma-${number}.pdf"`);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    // Version 2 is not sent yet, so the importer's PDF waits: a 409.
    expect((await importerProformaLoader({ request: await request(`${path}/proforma.pdf`, buyer.userId), params: { number }, context: {} })).status).toBe(409);
  });

  it("accepts through the importer's page into an order, and refuses an accept after expiry with a 409", async () => {
    const { number } = await sentQuote();
    const path = `/wholesale/quotes/${number}`;
    const accepted = (await importerQuoteAction({ request: await request(path, buyer.userId, { intent: "accept" }), params: { number }, context: {} })) as Response;
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("Location")).toMatch(/^\/wholesale\/orders\/WO-\d{2}-[A-Z0-9]{8}$/);
    expect((await handle.db.select().from(quotes).where(eq(quotes.number, number)))[0]!.status).toBe("accepted");

    const lapsed = await sentQuote();
    await handle.db.update(quotes).set({ validUntil: dayFrom(new Date(), -1) }).where(eq(quotes.id, lapsed.id));
    const before = await snapshot(lapsed.id);
    expect(await statusOf(async () => importerQuoteAction({ request: await request(`/wholesale/quotes/${lapsed.number}`, buyer.userId, { intent: "accept" }), params: { number: lapsed.number }, context: {} }))).toBe(409);
    expect(await snapshot(lapsed.id)).toEqual(before);
    // Opening the page expires it there and then, so it never shows as acceptable.
    const page = (await importerQuoteLoader({ request: await request(`/wholesale/quotes/${lapsed.number}`, buyer.userId), params: { number: lapsed.number }, context: {} })) as unknown as { data: { quote: { status: string }; canAnswer: boolean } };
    expect(page.data.quote.status).toBe("expired");
    expect(page.data.canAnswer).toBe(false);
  });
});
