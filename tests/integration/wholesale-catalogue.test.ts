import { and, asc, count, desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import {
  categories,
  emails,
  fieldVisits,
  importers,
  materials,
  outboxMessages,
  producerCapacities,
  producerGroups,
  productionOrderLines,
  productionOrders,
  productMaterials,
  products,
  quoteEvents,
  quoteLines,
  quotes,
  users,
  variants,
  wholesaleBasketLines,
  wholesaleOrders,
  wholesalePriceTiers,
} from "../../db/schema";
import { seedImporter } from "../../db/seed/data/reference";
import { isRefusal } from "~/domain/platform/refusal";
import { quoteNumberPattern } from "~/domain/platform/reference-code";
import { WHOLESALE_INBOX } from "~/domain/wholesale/importer-application";
import { parseWholesaleQuery, type WholesaleQuery } from "~/domain/wholesale/wholesale-query";
import { clearBasket, getBasket, setBasketQuantities } from "~/models/wholesale/basket.server";
import { getWholesaleFacets, getWholesaleProduct, leadTimeForLines, listWholesaleProducts } from "~/models/wholesale/catalogue.server";
import { requestQuote } from "~/models/wholesale/quote-request.server";
import { action as basketAction, loader as basketLoader } from "~/routes/_wholesale+/wholesale.basket";
import { action as productAction, loader as productLoader } from "~/routes/_wholesale+/wholesale.products.$slug";
import { loader as catalogueLoader } from "~/routes/_wholesale+/wholesale._index";
import { serveAppFrom, writableBackends } from "../support/db";
import { refusalOf, sessionCookie, thrownResponse } from "../support/outcomes";

const origin = "https://shop.kriya.example";
const ISLAND = "Pulau Uji";
const query = (params: Record<string, string | string[]> = {}): WholesaleQuery => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) for (const v of [value].flat()) search.append(key, v);
  const parsed = parseWholesaleQuery(search);
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  return parsed.query;
};

describe.each(writableBackends())("wholesale catalogue, basket and quote request on $name", ({ open }) => {
  let handle: DbHandle;
  let restoreAppDb: () => void;
  let nordlys: { id: number; userId: number };
  let other: { id: number; userId: number };
  let fixture: { producerId: number; tote: { id: number; slug: string }; bowl: { id: number; slug: string }; red: number; blue: number; retired: number; bowlVariant: number };

  beforeAll(async () => {
    handle = await open();
    // The routes reach the database through getDb(); point it at this test's database.
    restoreAppDb = serveAppFrom(handle);
    const db = handle.db;
    const [importer] = await db.select({ id: importers.id }).from(importers).where(eq(importers.contactEmail, seedImporter.contactEmail));
    const [user] = await db.select({ id: users.id }).from(users).where(eq(users.importerId, importer!.id));
    nordlys = { id: importer!.id, userId: user!.id };
    const [otherImporter] = await db
      .insert(importers)
      .values({ companyName: "Other Fair Imports", country: "DE", taxId: "DE 2", contactName: "Otto Other", contactEmail: "otto@other.example", status: "approved", approvedAt: new Date() })
      .returning({ id: importers.id });
    const [otherUser] = await db.insert(users).values({ email: "otto@other.example", name: "Otto Other", role: "importer", importerId: otherImporter!.id, passwordHash: "!" }).returning({ id: users.id });
    other = { id: otherImporter!.id, userId: otherUser!.id };

    // A group of our own, on an island of its own, so the numbers below don't move when the seed changes.
    const [category] = await db.select({ id: categories.id }).from(categories).orderBy(asc(categories.position)).limit(1);
    const [material] = await db.select({ id: materials.id, slug: materials.slug }).from(materials).orderBy(asc(materials.id)).limit(1);
    const [producer] = await db
      .insert(producerGroups)
      .values({ slug: "uji-weavers", name: "Uji Weavers", summary: "Pandan weavers on a test island.", story: "They weave pandan.", province: "Uji Province", regency: "Uji Regency", village: "Desa Uji", island: ISLAND, latitude: -7, longitude: 110, crafts: ["pandan weaving", "pottery"], foundedYear: 2001, memberCount: 20, womenCount: 16 })
      .returning({ id: producerGroups.id });
    const producerId = producer!.id;
    await db.insert(producerCapacities).values({ producerId, craft: "pandan weaving", unitsPerWeek: 30 });
    await db.insert(fieldVisits).values({ producerId, visitedOn: "2026-05-02", visitor: "Test Visitor" });
    const base = { summary: "A test piece.", description: "Made for the tests.", categoryId: category!.id, producerId, searchKeywords: "uji" };
    const [tote] = await db.insert(products).values({ ...base, slug: "uji-pandan-tote", title: "Uji Pandan Tote", craft: "pandan weaving" }).returning({ id: products.id, slug: products.slug });
    const [bowl] = await db.insert(products).values({ ...base, slug: "uji-clay-bowl", title: "Uji Clay Bowl", craft: "pottery" }).returning({ id: products.id, slug: products.slug });
    await db.insert(productMaterials).values({ productId: tote!.id, materialId: material!.id });
    const variant = { retailPriceMinor: 4000, bazaarPriceMinor: 40000000, producerPriceMinor: 15000000, weightGrams: 300 };
    // The red's minimum (24) is the product's: the blue alone would take 12. Both pack 6 to a carton.
    const [red, blue, retired] = await db
      .insert(variants)
      .values([
        { ...variant, productId: tote!.id, sku: "UJI-TOTE-RED", title: "Red", options: { colour: "Red" }, wholesaleMoq: 24, casePack: 6, position: 0 },
        { ...variant, productId: tote!.id, sku: "UJI-TOTE-BLUE", title: "Blue", options: { colour: "Blue" }, wholesaleMoq: 12, casePack: 6, position: 1 },
        { ...variant, productId: tote!.id, sku: "UJI-TOTE-OLD", title: "Retired", options: { colour: "Grey" }, wholesaleMoq: 100, casePack: 50, position: 2, active: false },
      ])
      .returning({ id: variants.id });
    const [bowlVariant] = await db.insert(variants).values({ ...variant, productId: bowl!.id, sku: "UJI-BOWL", wholesaleMoq: 10, casePack: 5 }).returning({ id: variants.id });
    await db.insert(wholesalePriceTiers).values([
      { variantId: red!.id, minQuantity: 24, unitPriceMinor: 1000 },
      { variantId: red!.id, minQuantity: 60, unitPriceMinor: 900 },
      { variantId: blue!.id, minQuantity: 24, unitPriceMinor: 1100 },
      { variantId: blue!.id, minQuantity: 60, unitPriceMinor: 950 },
      { variantId: retired!.id, minQuantity: 1, unitPriceMinor: 100 },
      { variantId: bowlVariant!.id, minQuantity: 10, unitPriceMinor: 2500 },
    ]);
    fixture = { producerId, tote: tote!, bowl: bowl!, red: red!.id, blue: blue!.id, retired: retired!.id, bowlVariant: bowlVariant!.id };
  });
  afterAll(async () => {
    restoreAppDb();
    await handle.close();
  });
  beforeEach(async () => {
    await handle.db.delete(wholesaleBasketLines);
  });

  /** What a refused request must leave untouched. */
  const footprint = async () => {
    const db = handle.db;
    const [q] = await db.select({ n: count() }).from(quotes);
    const [l] = await db.select({ n: count() }).from(quoteLines);
    const [e] = await db.select({ n: count() }).from(quoteEvents);
    const [m] = await db.select({ n: count() }).from(emails);
    const [o] = await db.select({ n: count() }).from(outboxMessages);
    const basket = await db.select({ variantId: wholesaleBasketLines.variantId, quantity: wholesaleBasketLines.quantity, importerId: wholesaleBasketLines.importerId }).from(wholesaleBasketLines).orderBy(wholesaleBasketLines.importerId, wholesaleBasketLines.variantId);
    return { quotes: q!.n, lines: l!.n, events: e!.n, emails: m!.n, outbox: o!.n, basket };
  };

  /** Books units of the tote's craft on an open (draft) production order, and more on a cancelled one that must not count. */
  const bookProduction = async (units: number) => {
    const db = handle.db;
    const stamp = Math.random().toString(36).slice(2, 8).toUpperCase();
    const booking = async (status: "draft" | "cancelled", suffix: string) => {
      const [quote] = await db.insert(quotes).values({ number: `WQ-TEST-${stamp}${suffix}`, importerId: other.id, incoterm: "FOB", status: "accepted" }).returning({ id: quotes.id });
      const [order] = await db.insert(wholesaleOrders).values({ number: `WO-TEST-${stamp}${suffix}`, quoteId: quote!.id, importerId: other.id, totalMinor: 100000, depositMinor: 50000 }).returning({ id: wholesaleOrders.id });
      const cancelled = status === "cancelled" ? { cancelledAt: new Date(), owedOnCancelMinor: 0 } : {};
      const [po] = await db
        .insert(productionOrders)
        .values({ number: `PO-TEST-${stamp}${suffix}`, wholesaleOrderId: order!.id, producerId: fixture.producerId, status, totalMinor: units * 15000000, advanceMinor: (units * 15000000) / 2, balanceMinor: (units * 15000000) / 2, ...cancelled })
        .returning({ id: productionOrders.id });
      await db.insert(productionOrderLines).values({ productionOrderId: po!.id, variantId: fixture.red, quantity: units, unitPriceMinor: 15000000, lineTotalMinor: units * 15000000 });
      return po!.id;
    };
    await booking("cancelled", "C");
    return booking("draft", "D");
  };

  it("lists the tote at product level: the strictest active variant's MOQ and case pack, the lowest tier, and a lead time from capacity", async () => {
    const listing = await listWholesaleProducts(handle.db, { query: query({ island: ISLAND, sort: "name" }) });
    expect(listing.items.map((p) => p.slug)).toEqual(["uji-clay-bowl", "uji-pandan-tote"]);
    const tote = listing.items.find((p) => p.slug === "uji-pandan-tote")!;
    // The retired variant (MOQ 100, cartons of 50, US$1) is not offered and changes nothing.
    expect(tote).toMatchObject({ moq: 24, casePack: 6, variantCount: 2, smallestOrder: 24, fromPriceMinor: 900, currency: "USD", producerName: "Uji Weavers", village: "Desa Uji", island: ISLAND });
    expect(tote.tiers).toEqual([
      { minQuantity: 24, unitPriceMinor: 1000 },
      { minQuantity: 60, unitPriceMinor: 900 },
    ]);
    expect(tote.latestVisit).toEqual({ visitedOn: "2026-05-02", met: 0, total: 10 });
    // 24 pieces at 30 a week: one week, then 5 days of QC and 7 to consolidate.
    expect(tote.leadTime).toMatchObject({ kind: "days", days: 19 });
    const bowl = listing.items.find((p) => p.slug === "uji-clay-bowl")!;
    expect(bowl).toMatchObject({ moq: 10, casePack: 5, smallestOrder: 10, variantCount: 1 });
    expect(bowl.leadTime.kind).toBe("ask_us");
    expect(bowl.leadTime.explanation).toMatch(/Ask us.*Uji Weavers \(pottery\)/);
  });

  it("lengthens the lead time by the work booked on the group's open production orders for that craft", async () => {
    const before = await getWholesaleProduct(handle.db, { slug: "uji-pandan-tote" });
    expect(before!.leadTime).toMatchObject({ kind: "days", days: 19 });
    const productionOrderId = await bookProduction(60);
    try {
      // 60 booked + 24 asked at 30 a week: three weeks (the cancelled order's 60 don't count).
      const after = await getWholesaleProduct(handle.db, { slug: "uji-pandan-tote" });
      expect(after!.leadTime).toMatchObject({ kind: "days", days: 3 * 7 + 12 });
      expect(after!.leadTime.explanation).toContain("60 already booked");
      const [card] = (await listWholesaleProducts(handle.db, { query: query({ island: ISLAND, q: "tote" }) })).items;
      expect(card!.leadTime).toMatchObject({ days: 33 });
      // The basket's lead time adds its own units: 60 booked + 36 asked is four weeks.
      expect(await leadTimeForLines(handle.db, { lines: [{ variantId: fixture.red, quantity: 30 }, { variantId: fixture.blue, quantity: 6 }] })).toMatchObject({ kind: "days", days: 40 });
    } finally {
      await handle.db.update(productionOrders).set({ status: "cancelled", cancelledAt: new Date(), owedOnCancelMinor: 0 }).where(eq(productionOrders.id, productionOrderId));
    }
    expect((await getWholesaleProduct(handle.db, { slug: "uji-pandan-tote" }))!.leadTime).toMatchObject({ days: 19 });
  });

  it("says ask us for a basket that includes a craft without recorded capacity, and nothing without pieces", async () => {
    const combined = await leadTimeForLines(handle.db, { lines: [{ variantId: fixture.red, quantity: 24 }, { variantId: fixture.bowlVariant, quantity: 10 }] });
    expect(combined.kind).toBe("ask_us");
    expect(combined.explanation).toContain("pottery");
    expect((await leadTimeForLines(handle.db, { lines: [] })).kind).toBe("ask_us");
  });

  it("filters like the shop: search text, category, producer group, material and island, with the facets to choose from", async () => {
    const db = handle.db;
    const slugs = async (params: Record<string, string | string[]>) => (await listWholesaleProducts(db, { query: query(params) })).items.map((p) => p.slug).sort();
    expect(await slugs({ q: "pandan tote" })).toEqual(["uji-pandan-tote"]);
    // A typo falls back to close spellings, as in the shop.
    const typo = await listWholesaleProducts(db, { query: query({ q: "pandan totte", island: ISLAND }) });
    expect([typo.fuzzy, typo.items.map((p) => p.slug)]).toEqual([true, ["uji-pandan-tote"]]);
    expect(await slugs({ producer: "uji-weavers" })).toEqual(["uji-clay-bowl", "uji-pandan-tote"]);
    const [material] = await db.select({ slug: materials.slug }).from(materials).orderBy(asc(materials.id)).limit(1);
    expect(await slugs({ island: ISLAND, material: material!.slug })).toEqual(["uji-pandan-tote"]);
    const [category] = await db.select({ slug: categories.slug }).from(categories).orderBy(asc(categories.position)).limit(1);
    const inCategory = await listWholesaleProducts(db, { query: query({ category: category!.slug }) });
    expect(inCategory.items.every((p) => p.categorySlug === category!.slug)).toBe(true);
    expect(inCategory.items.map((p) => p.slug)).toContain("uji-pandan-tote");
    expect(await slugs({ island: "Nowhere" })).toEqual([]);
    const all = await listWholesaleProducts(db, { query: query({ sort: "price-asc" }) });
    const prices = all.items.map((p) => p.fromPriceMinor).filter((p): p is number => p !== null);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    expect(all.total).toBeGreaterThan(2);
    const facets = await getWholesaleFacets(db);
    expect(facets.islands).toContain(ISLAND);
    expect(facets.producers.map((p) => p.slug)).toContain("uji-weavers");
    expect(parseWholesaleQuery(new URLSearchParams("sort=cheapest&page=0")).ok).toBe(false);
  });

  it("shows a product page with variants, tiers, MOQ and case pack, provenance and lead time; an unknown slug is null", async () => {
    const product = await getWholesaleProduct(handle.db, { slug: "uji-pandan-tote" });
    expect(product).toMatchObject({ title: "Uji Pandan Tote", moq: 24, casePack: 6, smallestOrder: 24 });
    expect(product!.variants.map((v) => [v.sku, v.tiers.map((t) => t.unitPriceMinor)])).toEqual([
      ["UJI-TOTE-RED", [1000, 900]],
      ["UJI-TOTE-BLUE", [1100, 950]],
    ]);
    expect(product!.producer).toMatchObject({ name: "Uji Weavers", village: "Desa Uji", memberCount: 20, womenCount: 16, crafts: ["pandan weaving", "pottery"] });
    expect(product!.producer.fieldVisits).toHaveLength(1);
    expect(await getWholesaleProduct(handle.db, { slug: "no-such-piece" })).toBeNull();
  });

  it("keeps a basket per importer: upserts, prices each variant by the product's total across colours, and removes at zero", async () => {
    const db = handle.db;
    await setBasketQuantities(db, { importerId: nordlys.id, quantities: [{ variantId: fixture.red, quantity: 18 }, { variantId: fixture.blue, quantity: 6 }] });
    let basket = await getBasket(db, { importerId: nordlys.id });
    // The blue alone (6) reaches no tier; mixed with the red the product's 24 picks each variant's 24-tier.
    expect(basket.lines.map((l) => [l.sku, l.quantity, l.unitPriceMinor])).toEqual([
      ["UJI-TOTE-RED", 18, 1000],
      ["UJI-TOTE-BLUE", 6, 1100],
    ]);
    expect(basket.problems).toEqual([]);
    expect(basket).toMatchObject({ pieceCount: 24, subtotalMinor: 18 * 1000 + 6 * 1100, currency: "USD" });
    expect(basket.products[0]).toMatchObject({ productId: fixture.tote.id, totalQuantity: 24, moq: 24, casePack: 6, problem: null });
    expect(basket.leadTime).toMatchObject({ kind: "days", days: 19 });

    // Replacing a quantity reaches the 60-tier for both colours.
    await setBasketQuantities(db, { importerId: nordlys.id, quantities: [{ variantId: fixture.red, quantity: 54 }] });
    basket = await getBasket(db, { importerId: nordlys.id });
    expect(basket.lines.map((l) => [l.quantity, l.unitPriceMinor])).toEqual([
      [54, 900],
      [6, 950],
    ]);

    await setBasketQuantities(db, { importerId: nordlys.id, quantities: [{ variantId: fixture.blue, quantity: 0 }, { variantId: fixture.bowlVariant, quantity: 7 }] });
    basket = await getBasket(db, { importerId: nordlys.id });
    expect(basket.lines.map((l) => l.sku)).toEqual(["UJI-TOTE-RED", "UJI-BOWL"]);
    // Problems are hints in the basket: the tote's 54 is 9 cartons, the bowl's 7 is below its 10.
    expect(basket.products.map((p) => p.problem)).toEqual([null, "Order at least 10 pieces: you have 7"]);

    await clearBasket(db, { importerId: nordlys.id });
    expect((await getBasket(db, { importerId: nordlys.id })).lines).toEqual([]);
  });

  it("refuses unknown, retired and out-of-range basket quantities and writes nothing", async () => {
    const db = handle.db;
    await setBasketQuantities(db, { importerId: nordlys.id, quantities: [{ variantId: fixture.red, quantity: 24 }] });
    const before = await footprint();
    const cases: [string, number, number][] = [
      ["not_found", 999_999_999, 6],
      ["not_found", fixture.retired, 50],
      ["invalid", fixture.red, 100_001],
      ["invalid", fixture.red, -1],
      ["invalid", fixture.red, 1.5],
    ];
    for (const [kind, variantId, quantity] of cases) {
      // Mixed with a valid change, so a refusal must roll the valid part back too.
      const refusal = await refusalOf(() => setBasketQuantities(db, { importerId: nordlys.id, quantities: [{ variantId: fixture.blue, quantity: 6 }, { variantId, quantity }] }));
      expect(refusal.kind, `${variantId} × ${quantity}`).toBe(kind);
    }
    expect(await footprint()).toEqual(before);
  });

  it("sends the basket as a quote request: the quote, unpriced lines, the first event, both emails, and an empty basket", async () => {
    const db = handle.db;
    await setBasketQuantities(db, { importerId: nordlys.id, quantities: [{ variantId: fixture.red, quantity: 18 }, { variantId: fixture.blue, quantity: 6 }] });
    const before = await footprint();
    const { number } = await requestQuote(db, { importerId: nordlys.id, userId: nordlys.userId, incoterm: "CIF", destinationPort: "  Oslo ", notes: "Please pack the blue ones together.", origin });
    expect(number).toMatch(quoteNumberPattern);
    const [quote] = await db.select().from(quotes).where(eq(quotes.number, number));
    expect(quote).toMatchObject({ importerId: nordlys.id, status: "requested", version: 1, currency: "USD", incoterm: "CIF", destinationPort: "Oslo", importerNotes: "Please pack the blue ones together.", totalMinor: null });
    const lines = await db.select().from(quoteLines).where(eq(quoteLines.quoteId, quote!.id)).orderBy(asc(quoteLines.variantId));
    expect(lines.map((l) => [l.variantId, l.quantity, l.unitPriceMinor])).toEqual([
      [fixture.red, 18, null],
      [fixture.blue, 6, null],
    ]);
    const events = await db.select().from(quoteEvents).where(eq(quoteEvents.quoteId, quote!.id));
    expect(events).toEqual([expect.objectContaining({ kind: "requested", party: "importer", userId: nordlys.userId, version: 1 })]);

    const mail = await db.select().from(emails).orderBy(desc(emails.id)).limit(2);
    const staff = mail.find((m) => m.to === WHOLESALE_INBOX)!;
    const ack = mail.find((m) => m.to === seedImporter.contactEmail)!;
    expect(staff.subject).toContain(number);
    expect(staff.text).toContain(`${origin}/admin/quotes/${number}`);
    expect(staff.text).toContain("CIF Oslo");
    expect(staff.text).toContain("18 × Uji Pandan Tote (Red)");
    expect(ack.subject).toContain(number);
    expect(ack.text).toContain(`${origin}/wholesale/quotes/${number}`);
    expect(ack.html).toContain(`${origin}/wholesale/quotes/${number}`);
    const queued = await db.select().from(outboxMessages).where(sql`${outboxMessages.dedupeKey} in (${`email:${staff.id}`}, ${`email:${ack.id}`})`);
    expect(queued).toHaveLength(2);

    const after = await footprint();
    expect(after).toMatchObject({ quotes: before.quotes + 1, lines: before.lines + 2, events: before.events + 1, emails: before.emails + 2, outbox: before.outbox + 2 });
    expect(after.basket.filter((l) => l.importerId === nordlys.id)).toEqual([]);
  });

  it("refuses a request below the minimum, off the case pack, with an unknown incoterm, CIF without a port, or an empty basket, and writes nothing", async () => {
    const db = handle.db;
    const attempt = async (basket: [number, number][], terms: { incoterm: unknown; destinationPort?: unknown; notes?: string }) => {
      await db.delete(wholesaleBasketLines);
      if (basket.length) await setBasketQuantities(db, { importerId: nordlys.id, quantities: basket.map(([variantId, quantity]) => ({ variantId, quantity })) });
      const before = await footprint();
      const refusal = await refusalOf(() => requestQuote(db, { importerId: nordlys.id, userId: nordlys.userId, origin, ...terms }));
      expect(await footprint()).toEqual(before);
      return refusal;
    };
    const fob = { incoterm: "FOB" };
    const belowMinimum = await attempt([[fixture.red, 12], [fixture.blue, 6]], fob);
    expect(belowMinimum).toMatchObject({ kind: "invalid", message: "Uji Pandan Tote: Mix colours to reach 24 pieces: you have 18" });
    const offCarton = await attempt([[fixture.red, 20], [fixture.blue, 6]], fob);
    expect(offCarton.message).toBe("Uji Pandan Tote: Cartons hold 6: add 4 or remove 2");
    const both = await attempt([[fixture.red, 20], [fixture.blue, 6], [fixture.bowlVariant, 5]], fob);
    expect(both.message).toBe("2 products need a different quantity");
    expect(both.details.items).toEqual(["Uji Pandan Tote: Cartons hold 6: add 4 or remove 2", "Uji Clay Bowl: Order at least 10 pieces: you have 5"]);
    const ok: [number, number][] = [[fixture.red, 24]];
    expect(await attempt(ok, { incoterm: "EXW" })).toMatchObject({ kind: "invalid", field: "incoterm" });
    expect(await attempt(ok, { incoterm: "CIF", destinationPort: "  " })).toMatchObject({ kind: "invalid", field: "destinationPort", message: "Name the destination port for CIF" });
    expect(await attempt(ok, { incoterm: "CIF" })).toMatchObject({ kind: "invalid", field: "destinationPort" });
    expect(await attempt(ok, { ...fob, notes: "x".repeat(2001) })).toMatchObject({ kind: "invalid", field: "notes" });
    expect((await attempt([], fob)).message).toMatch(/basket is empty/);
  });

  it("sends a basket once when two requests race: one quote, and the other finds the basket empty", async () => {
    const db = handle.db;
    await setBasketQuantities(db, { importerId: nordlys.id, quantities: [{ variantId: fixture.red, quantity: 24 }] });
    const before = await footprint();
    const results = await Promise.allSettled([0, 1].map(() => requestQuote(db, { importerId: nordlys.id, userId: nordlys.userId, incoterm: "FOB", origin })));
    const sent = results.filter((r) => r.status === "fulfilled");
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    expect(sent).toHaveLength(1);
    expect(refused.map((e) => (isRefusal(e) ? e.message : String(e)))).toEqual([expect.stringMatching(/basket is empty/)]);
    const after = await footprint();
    expect([after.quotes - before.quotes, after.lines - before.lines, after.emails - before.emails]).toEqual([1, 1, 2]);
  });

  it("keeps each importer's basket its own: another importer neither sees, changes, empties nor sends it", async () => {
    const db = handle.db;
    await setBasketQuantities(db, { importerId: nordlys.id, quantities: [{ variantId: fixture.red, quantity: 24 }] });
    const mine = async () => (await getBasket(db, { importerId: nordlys.id })).lines.map((l) => [l.variantId, l.quantity]);
    expect((await getBasket(db, { importerId: other.id })).lines).toEqual([]);
    await setBasketQuantities(db, { importerId: other.id, quantities: [{ variantId: fixture.red, quantity: 0 }, { variantId: fixture.blue, quantity: 6 }] });
    await clearBasket(db, { importerId: other.id });
    expect(await refusalOf(() => requestQuote(db, { importerId: other.id, userId: other.userId, incoterm: "FOB", origin }))).toMatchObject({ kind: "invalid" });
    expect(await mine()).toEqual([[fixture.red, 24]]);
    const [{ n }] = (await db.select({ n: count() }).from(quotes).where(and(eq(quotes.importerId, other.id), sql`${quotes.number} not like 'WQ-TEST-%'`))) as [{ n: number }];
    expect(n).toBe(0);
  });

  describe("through the pages", () => {
    const cookieFor = (userId: number) => sessionCookie(handle.db, userId);
    const post = async (path: string, userId: number, body: Record<string, string>) =>
      new Request(`http://localhost${path}`, { method: "POST", body: new URLSearchParams(body), headers: { Cookie: await cookieFor(userId), "Content-Type": "application/x-www-form-urlencoded" } });
    const get = async (path: string, userId: number) => new Request(`http://localhost${path}`, { headers: { Cookie: await cookieFor(userId) } });
    type Reply = { data: { status?: string; error?: Record<string, string[]>; message?: string; fields?: Record<string, string>; items?: string[] }; init: ResponseInit | null };
    const statusOf = (result: unknown) => (result instanceof Response ? result.status : ((result as Reply).init?.status ?? 200));

    it("shows an approved importer the catalogue and a product with its basket state; unknown slugs and bad filters are 4xx", async () => {
      const page = (await catalogueLoader({ request: await get(`/wholesale?island=${encodeURIComponent(ISLAND)}`, nordlys.userId), params: {}, context: {} })) as { catalogue?: { listing: { items: { slug: string }[] } } };
      expect(page.catalogue?.listing.items.map((p) => p.slug).sort()).toEqual(["uji-clay-bowl", "uji-pandan-tote"]);
      expect((await thrownResponse(async () => catalogueLoader({ request: await get("/wholesale?sort=cheapest", nordlys.userId), params: {}, context: {} }))).status).toBe(400);
      expect((await thrownResponse(async () => productLoader({ request: await get("/wholesale/products/nope", nordlys.userId), params: { slug: "nope" }, context: {} }))).status).toBe(404);
      expect((await thrownResponse(async () => productLoader({ request: await get("/wholesale/products/Bad_Slug", nordlys.userId), params: { slug: "Bad_Slug" }, context: {} }))).status).toBe(404);
    });

    it("adds typed quantities from the product page, keeping a carton problem as a hint, and refuses bad input with a 400 that writes nothing", async () => {
      const slug = fixture.tote.slug;
      const body = (red: string, blue: string) => ({ "quantities[0].variantId": String(fixture.red), "quantities[0].quantity": red, "quantities[1].variantId": String(fixture.blue), "quantities[1].quantity": blue });
      const added = await productAction({ request: await post(`/wholesale/products/${slug}`, nordlys.userId, body("20", "")), params: { slug }, context: {} });
      expect(statusOf(added)).toBe(302);
      // Kept as typed (20 is off the carton of 6): the refusal comes when asking for the quote.
      expect((await getBasket(handle.db, { importerId: nordlys.id })).lines.map((l) => [l.variantId, l.quantity])).toEqual([[fixture.red, 20]]);
      const before = await footprint();
      for (const [red, blue] of [["abc", "6"], ["-6", "6"], ["2.5", "6"], ["100001", "6"]] as const) {
        const refused = (await productAction({ request: await post(`/wholesale/products/${slug}`, nordlys.userId, body(red, blue)), params: { slug }, context: {} })) as Reply;
        expect(statusOf(refused), red).toBe(400);
        expect(refused.data.error?.["quantities[0].quantity"]?.[0]).toBeTruthy();
      }
      // A variant of another product, posted on this product's page, is refused too.
      const foreign = await productAction({ request: await post(`/wholesale/products/${slug}`, nordlys.userId, { "quantities[0].variantId": String(fixture.bowlVariant), "quantities[0].quantity": "10" }), params: { slug }, context: {} });
      expect(statusOf(foreign)).toBe(400);
      expect(await footprint()).toEqual(before);
    });

    it("answers each refused quote request in the basket with its 4xx and the message on its field, and sends a good one to the quote page", async () => {
      await setBasketQuantities(handle.db, { importerId: nordlys.id, quantities: [{ variantId: fixture.red, quantity: 20 }, { variantId: fixture.blue, quantity: 6 }] });
      const before = await footprint();
      const ask = async (body: Record<string, string>) => basketAction({ request: await post("/wholesale/basket", nordlys.userId, { intent: "request", ...body }), params: {}, context: {} });
      const offCarton = (await ask({ incoterm: "FOB" })) as Reply;
      expect([statusOf(offCarton), offCarton.data.message]).toEqual([400, "Uji Pandan Tote: Cartons hold 6: add 4 or remove 2"]);
      await setBasketQuantities(handle.db, { importerId: nordlys.id, quantities: [{ variantId: fixture.red, quantity: 18 }] });
      const ready = await footprint();
      const noPort = (await ask({ incoterm: "CIF", destinationPort: "" })) as Reply;
      expect([statusOf(noPort), noPort.data.fields?.destinationPort]).toEqual([400, "Name the destination port for CIF"]);
      const unknown = (await ask({ incoterm: "DDP" })) as Reply;
      expect([statusOf(unknown), unknown.data.fields?.incoterm]).toEqual([400, "Choose FOB Jakarta or CIF to a named port"]);
      expect(statusOf(await basketAction({ request: await post("/wholesale/basket", nordlys.userId, { intent: "teleport" }), params: {}, context: {} }).catch((e: unknown) => e))).toBe(400);
      expect(await footprint()).toEqual(ready);
      expect(before.quotes).toBe(ready.quotes);

      const sent = await ask({ incoterm: "CIF", destinationPort: "Oslo", notes: "Hello" });
      expect(statusOf(sent)).toBe(302);
      const location = (sent as Response).headers.get("Location")!;
      expect(location).toMatch(/^\/wholesale\/quotes\/WQ-\d{2}-[A-Z0-9]{8}$/);
      const [quote] = await handle.db.select().from(quotes).where(eq(quotes.number, location.split("/").pop()!));
      expect(quote).toMatchObject({ importerId: nordlys.id, incoterm: "CIF", destinationPort: "Oslo", status: "requested" });
      const page = (await basketLoader({ request: await get("/wholesale/basket", nordlys.userId), params: {}, context: {} })) as unknown as Reply;
      expect((page.data as unknown as { basket: { lines: unknown[] } }).basket.lines).toEqual([]);
    });

    it("keeps the pages to approved importers: staff are refused, and one importer's remove never touches another's basket", async () => {
      await setBasketQuantities(handle.db, { importerId: nordlys.id, quantities: [{ variantId: fixture.red, quantity: 24 }] });
      const [staff] = await handle.db.select({ id: users.id }).from(users).where(eq(users.role, "staff")).limit(1);
      expect((await thrownResponse(async () => basketLoader({ request: await get("/wholesale/basket", staff!.id), params: {}, context: {} }))).status).toBe(403);
      const removed = await basketAction({ request: await post("/wholesale/basket", other.userId, { intent: "remove", variantId: String(fixture.red) }), params: {}, context: {} });
      expect(statusOf(removed)).toBe(302);
      expect((await getBasket(handle.db, { importerId: nordlys.id })).lines.map((l) => [l.variantId, l.quantity])).toEqual([[fixture.red, 24]]);
    });
  });
});
