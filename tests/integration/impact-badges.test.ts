import { and, asc, eq, ne, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlCounter, type DbHandle } from "../../db/client.server";
import { orderLines, plantingRecords, producerGroups, products, survivalChecks, turnoverEntries, variants } from "../../db/schema";
import { orderTreeWords, producerTreeWords, productTreeWords, siteCounterWords } from "~/components/storefront/impact-badge";
import { getSiteContext } from "~/models/catalog/site.server";
import { getProducerTreeBadge, getRetailOrderTreeBadge, productTreeRate } from "~/models/impact/badges.server";
import { markOrderPaid, recordRefund } from "~/models/retail/orders.server";
import { clearCatalogCache } from "~/utils/catalog-cache.server";
import { queryRows } from "~/utils/db.server";
import { loader as productLoader } from "~/routes/_shop+/products.$slug";
import { loader as producerLoader } from "~/routes/_shop+/producers.$slug";
import { serveAppFrom, writableBackends } from "../support/db";
import { cartWith, orderInput } from "../support/retail";
import { placeOrder } from "~/models/retail/checkout.server";
import { seedRetail } from "../../db/seed/retail";

/** Runs `fn` and counts the SQL statements it sends. */
async function countStatements<T>(fn: () => Promise<T>) {
  const store = { count: 0, statements: [] as string[] };
  const result = await sqlCounter.run(store, fn);
  return { result, count: store.count };
}

const one = async <T,>(handle: DbHandle, query: ReturnType<typeof sql>) => (await queryRows<T>(handle.db, query))[0]!;

describe.each(writableBackends())("impact badges say what the ledger holds on $name", ({ open }) => {
  let handle: DbHandle;
  let restoreAppDb: () => void;
  beforeAll(async () => {
    handle = await open();
    restoreAppDb = serveAppFrom(handle);
    // Catalogue pages are cached per process: each database starts with its own reads.
    clearCatalogCache();
  });
  afterAll(async () => {
    restoreAppDb();
    await handle.close();
  });

  it("counts the site's trees funded, planted and verified alive from the ledger, in one statement", async () => {
    // A verified planting with two survival checks: the latest count is the one that counts.
    const [planting] = await handle.db
      .insert(plantingRecords)
      .values({ plantedOn: "2025-02-01", place: "Badge test grove", province: "Bali", latitude: -8.4, longitude: 115.2, treeCount: 40, species: "Mahogany", verifiedAt: new Date() })
      .returning({ id: plantingRecords.id });
    await handle.db.insert(survivalChecks).values([
      { plantingId: planting!.id, checkedOn: "2025-08-01", aliveCount: 37 },
      { plantingId: planting!.id, checkedOn: "2026-02-01", aliveCount: 33 },
    ]);
    const { result: site, count } = await countStatements(() => getSiteContext(handle.db));
    expect(count).toBe(1);

    const expected = await one<{ funded: string; planted: string; alive: string }>(
      handle,
      sql`select floor((select coalesce(sum(usd_minor), 0) from turnover_entries) / 150000.0)::bigint as funded,
        (select coalesce(sum(tree_count), 0) from planting_records) as planted,
        (select coalesce(sum(coalesce(latest.alive_count, p.tree_count)), 0) from planting_records p
          left join (select distinct on (planting_id) planting_id, alive_count from survival_checks order by planting_id, checked_on desc, id desc) latest
          on latest.planting_id = p.id where p.verified_at is not null) as alive`,
    );
    const root = { treesFunded: Math.floor(site.turnoverUsdCents / 150_000), treesPlanted: site.treesPlanted, treesVerifiedAlive: site.treesVerifiedAlive };
    expect(root).toEqual({ treesFunded: Number(expected.funded), treesPlanted: Number(expected.planted), treesVerifiedAlive: Number(expected.alive) });
    expect(root.treesVerifiedAlive).toBeGreaterThanOrEqual(33);
    expect(siteCounterWords(root)).toBe(`${root.treesFunded.toLocaleString("en-US")} trees funded by sales, ${root.treesPlanted.toLocaleString("en-US")} planted, ${root.treesVerifiedAlive.toLocaleString("en-US")} verified alive`);
  });

  it("gives an order the share of a tree its entries add up to, refunds included, and before payment what it will fund", async () => {
    // Pieces of two producer groups, so the order's entries are split.
    const [a] = await handle.db.select({ id: variants.id, producerId: products.producerId }).from(variants).innerJoin(products, eq(products.id, variants.productId)).where(sql`${variants.weightGrams} < 3000`).orderBy(asc(variants.id)).limit(1);
    const [b] = await handle.db.select({ id: variants.id }).from(variants).innerJoin(products, eq(products.id, variants.productId)).where(and(ne(products.producerId, a!.producerId), sql`${variants.weightGrams} < 3000`)).orderBy(asc(variants.id)).limit(1);
    const cartId = await cartWith(handle.db, [{ variantId: a!.id, quantity: 3 }, { variantId: b!.id, quantity: 2 }]);
    const order = await placeOrder(handle.db, orderInput(cartId));
    expect(new Set((await handle.db.select({ p: orderLines.producerId }).from(orderLines).where(eq(orderLines.orderId, order.id))).map((l) => l.p)).size).toBe(2);

    const totals = async () => {
      const row = await one<{ usd: string; subtotal: string; total: string; goods: string }>(
        handle,
        sql`select total_usd_minor as usd, subtotal_minor as subtotal, total_minor as total, round(total_usd_minor::numeric * subtotal_minor / total_minor) as goods from orders where id = ${order.id}`,
      );
      return { totalUsdMinor: Number(row.usd), subtotalMinor: Number(row.subtotal), totalMinor: Number(row.total), goodsUsd: Number(row.goods) };
    };
    const before = await totals();
    // Shipping is no handicraft: the badge counts the pieces only.
    expect(before.goodsUsd).toBeLessThan(before.totalUsdMinor);
    const pending = await getRetailOrderTreeBadge(handle.db, { orderId: order.id, status: "pending_payment", ...before });
    expect(pending).toEqual({ fundedUsdCents: null, refunded: false, oncePaid: { usdCents: before.goodsUsd, approximate: false } });
    expect(orderTreeWords(pending)[0]).toMatch(/^Once paid, this order will fund \d+\.\d{2} of a tree\.$/);

    await handle.db.transaction((tx) => markOrderPaid(tx, { orderId: order.id, payment: {} }));
    await handle.db.transaction((tx) => recordRefund(tx, { orderId: order.id, refundedMinor: Math.floor(order.totalMinor / 3) }));

    const badge = await getRetailOrderTreeBadge(handle.db, { orderId: order.id, status: "paid", ...before });
    const ledger = await one<{ usd: string; hundredths: string; entries: string }>(
      handle,
      sql`select sum(usd_minor) as usd, floor(sum(usd_minor) * 100 / 150000.0)::bigint as hundredths, count(*) as entries
        from turnover_entries where channel = 'retail' and source_id = ${order.id}`,
    );
    expect(Number(ledger.entries)).toBe(4);
    expect(badge).toEqual({ fundedUsdCents: Number(ledger.usd), refunded: true, oncePaid: null });
    expect(Number(ledger.usd)).toBeLessThan(before.goodsUsd);
    const share = Number(ledger.hundredths);
    expect(orderTreeWords(badge)).toEqual([`After its refund, this order funds ${share < 100 ? `${(share / 100).toFixed(2)} of a tree` : `${(share / 100).toFixed(2)} trees`}.`]);
  });

  it("says how many of a product must sell to plant a tree, from its lowest price in US cents at the stored rate", async () => {
    const [product] = await handle.db
      .select({ id: products.id, slug: products.slug })
      .from(products)
      .where(sql`(select count(*) from variants v where v.product_id = ${products.id} and v.active) >= 2`)
      .orderBy(asc(products.id))
      .limit(1);
    // One variant priced in euros, cheaper in dollars than the rest: it decides.
    const [cheapest] = await handle.db.select({ id: variants.id }).from(variants).where(and(eq(variants.productId, product!.id), eq(variants.active, true))).orderBy(asc(variants.id)).limit(1);
    await handle.db.update(variants).set({ retailCurrency: "EUR", retailPriceMinor: 1_234 }).where(eq(variants.id, cheapest!.id));

    const expected = await one<{ pieces: string; cents: string }>(
      handle,
      sql`select ceil(150000 / min(round(v.retail_price_minor * 1000000.0 / r.per_usd_micros)))::bigint as pieces, min(round(v.retail_price_minor * 1000000.0 / r.per_usd_micros)) as cents
        from variants v join exchange_rates r on r.currency = v.retail_currency where v.product_id = ${product!.id} and v.active`,
    );
    expect(Number(expected.cents)).toBe(Math.round((1_234 * 1_000_000) / 920_000));
    const { result: page, count } = await countStatements(async () =>
      (await productLoader({ request: new Request(`http://localhost/products/${product!.slug}`), params: { slug: product!.slug }, context: {} })).data,
    );
    expect(page.trees).toEqual({ piecesPerTree: Number(expected.pieces) });
    expect(productTreeWords(page.trees!.piecesPerTree)).toBe(`Every ${Number(expected.pieces).toLocaleString("en-US")} sold plants a tree.`);
    // The badge costs the product page at most one statement beside its own reads (the rates, when not cached).
    const { count: without } = await countStatements(async () => {
      const { getProductBySlug, listProducerProducts } = await import("~/models/catalog/catalog.server");
      const p = await getProductBySlug(handle.db, { slug: product!.slug });
      await listProducerProducts(handle.db, { producerId: p!.producer.id, excludeProductId: p!.id, limit: 4 });
    });
    expect(count - without).toBeLessThanOrEqual(1);

    expect(productTreeRate([{ retailPriceMinor: 150_000, retailCurrency: "USD" }], { USD: 1_000_000 })).toEqual({ piecesPerTree: 1 });
    expect(productTreeWords(1)).toBe("Each one sold plants a tree.");
  });

  it("gives every producer group the trees its entries funded, and lists where trees it funded were planted", async () => {
    const groups = await handle.db.select({ id: producerGroups.id, slug: producerGroups.slug }).from(producerGroups).orderBy(asc(producerGroups.id));
    // One group's bazaar takings of US$3,100.01 on top of its other sales: at least two whole trees.
    await handle.db.insert(turnoverEntries).values({ channel: "bazaar", sourceId: "badge-test-takings", producerId: groups[0]!.id, currency: "USD", amountMinor: 310_001, usdMinor: 310_001, occurredAt: new Date() });
    const expected = await queryRows<{ producer_id: number; trees: string; rest: string }>(
      handle.db,
      sql`select producer_id, floor(sum(usd_minor) / 150000.0)::bigint as trees, (sum(usd_minor) % 150000) as rest from turnover_entries where producer_id is not null group by producer_id`,
    );
    const byGroup = new Map(expected.map((e) => [e.producer_id, { treesFunded: Number(e.trees), towardsNextUsdCents: Number(e.rest) }]));
    let funding = 0;
    for (const group of groups) {
      const badge = await getProducerTreeBadge(handle.db, { producerId: group.id });
      const want = byGroup.get(group.id) ?? { treesFunded: 0, towardsNextUsdCents: 0 };
      expect({ id: group.id, treesFunded: badge.treesFunded, towardsNextUsdCents: badge.towardsNextUsdCents }).toEqual({ id: group.id, ...want });
      if (badge.treesFunded > 0) funding++;
      expect(producerTreeWords(badge)).toMatch(badge.treesFunded === 0 ? /^Sales of this group have not (yet funded a whole tree|funded a tree yet)/ : new RegExp(`^Sales of this group have funded ${badge.treesFunded.toLocaleString("en-US")} trees?[,.]`));
    }
    expect(funding).toBeGreaterThan(0);
    expect(byGroup.get(groups[0]!.id)!.treesFunded).toBeGreaterThanOrEqual(2);
    expect(producerTreeWords({ treesFunded: 0, towardsNextUsdCents: 0 })).toBe("Sales of this group have not funded a tree yet.");
    expect(producerTreeWords({ treesFunded: 0, towardsNextUsdCents: 81_234 })).toBe("Sales of this group have not yet funded a whole tree: US$812.34 of the US$1,500 for the first.");
    expect(producerTreeWords({ treesFunded: 1, towardsNextUsdCents: 0 })).toBe("Sales of this group have funded 1 tree.");
    expect(producerTreeWords({ treesFunded: 41, towardsNextUsdCents: 5 })).toBe("Sales of this group have funded 41 trees, and US$0.05 of the US$1,500 for the next.");

    const top = [...byGroup.entries()].sort((x, y) => y[1].treesFunded - x[1].treesFunded)[0]!;
    const slug = groups.find((g) => g.id === top[0])!.slug;
    const { data: page } = await producerLoader({ request: new Request(`http://localhost/producers/${slug}`), params: { slug }, context: {} });
    expect(page.trees.treesFunded).toBe(top[1].treesFunded);
    const planted = Number((await one<{ n: string }>(handle, sql`select coalesce(sum(tree_count), 0) as n from planting_records`)).n);
    for (const site of page.trees.sites) expect(site.trees).toBeGreaterThan(0);
    expect(page.trees.sites.reduce((sum, s) => sum + s.trees, 0)).toBeLessThanOrEqual(planted);
  });
  it("seeds paid retail orders whose pieces left through the stock ledger and whose turnover is their own", async () => {
    const before = Number((await one<{ n: string }>(handle, sql`select count(*) as n from orders where status in ('paid', 'refunded')`)).n);
    const existing = new Set((await queryRows<{ id: string }>(handle.db, sql`select id from orders`)).map((o) => o.id));
    await handle.db.transaction((tx) => seedRetail(tx, { now: new Date() }));
    const all = await queryRows<{ id: string; currency: string; total_usd_minor: string; goods_usd: string; refunded_minor: string; ledger_usd: string; refunds: string; producers: string }>(
      handle.db,
      sql`select o.id, o.currency, o.total_usd_minor, round(o.total_usd_minor::numeric * o.subtotal_minor / o.total_minor) as goods_usd, o.refunded_minor,
          (select coalesce(sum(t.usd_minor), 0) from turnover_entries t where t.channel = 'retail' and t.source_id = o.id::text) as ledger_usd,
          (select count(*) from turnover_entries t where t.channel = 'retail' and t.source_id = o.id::text and t.kind = 'refund') as refunds,
          (select count(distinct l.producer_id) from order_lines l where l.order_id = o.id) as producers
        from orders o where o.email like '%@example.%' and o.status <> 'pending_payment' and o.paid_at is not null`,
    );
    // The seed dates its orders over the last eight months, among the snapshot's own: this run's are the new ids.
    const seeded = all.filter((o) => !existing.has(o.id));
    expect(seeded).toHaveLength(12);
    expect(Number((await one<{ n: string }>(handle, sql`select count(*) as n from orders where status in ('paid', 'refunded')`)).n)).toBe(before + 12);
    expect(new Set(seeded.map((o) => o.currency))).toEqual(new Set(["USD", "EUR", "GBP", "AUD", "JPY"]));
    expect(seeded.filter((o) => Number(o.producers) > 1).length).toBeGreaterThanOrEqual(3);
    const refunded = seeded.filter((o) => Number(o.refunds) > 0);
    expect(refunded).toHaveLength(1);
    for (const order of seeded) {
      // The pieces count, not their shipping.
      if (Number(order.refunds) === 0) expect(Number(order.ledger_usd)).toBe(Number(order.goods_usd));
      else expect(Number(order.ledger_usd)).toBeLessThan(Number(order.goods_usd));
      expect(Number(order.goods_usd)).toBeLessThan(Number(order.total_usd_minor));
    }
    // Every level still equals the sum of its movements, and each sold piece left through a sale movement.
    const drift = await one<{ n: string }>(
      handle,
      sql`select count(*) as n from stock_levels l where (l.on_hand, l.reserved) <> (select coalesce(sum(m.on_hand_delta), 0), coalesce(sum(m.reserved_delta), 0) from stock_movements m where m.variant_id = l.variant_id and m.location_id = l.location_id)`,
    );
    expect(Number(drift.n)).toBe(0);
    const unsold = await one<{ n: string }>(
      handle,
      sql`select count(*) as n from order_lines ol where ol.order_id in (${sql.join(seeded.map((o) => sql`${o.id}::uuid`), sql`, `)})
        and ol.quantity <> (select coalesce(sum(-m.on_hand_delta), 0) from stock_movements m where m.order_id = ol.order_id and m.variant_id = ol.variant_id and m.kind = 'sale')`,
    );
    expect(Number(unsold.n)).toBe(0);
  });
});
