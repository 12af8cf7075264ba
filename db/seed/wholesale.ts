import { createHash } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import type { Executor } from "../client.server";
import * as s from "../schema";
import type { QuoteVersionLine } from "../schema/wholesale";
import { money, parseRateMicros } from "../../app/domain/money/money";
import { formatReferenceCode } from "../../app/domain/platform/reference-code";
import { importerDeposit, splitAdvance } from "../../app/domain/production/advance";
import { owedOnCancellation } from "../../app/domain/production/status";
import { isBelowCost } from "../../app/domain/wholesale/margin";
import { checkQuoteLines, quoteLinesRefusal, quoteTotals, tierPriceLines, type PriceTier } from "../../app/domain/wholesale/quote-lines";
import { createUser } from "../../app/models/platform/users.server";
import { recordMovements } from "../../app/models/stock/ledger.server";
import { recordWholesaleTurnover } from "../../app/models/wholesale/wholesale-turnover.server";
import { exchangeRateData } from "./data/reference";
import { seedQuotes, seedWholesaleImporters, type SeedOrderPlan, type SeedQuoteLine, type SeedQuotePlan } from "./data/wholesale";

const DAY_MS = 86_400_000;
const USD_RATE_MICROS = 1_000_000;
const idrPerUsdMicros = parseRateMicros(exchangeRateData.find((r) => r.currency === "IDR")!.perUsd);

/** Fixed "random" bytes per label, so reference codes are the same on every run. */
const seedBytes = (label: string) => new Uint8Array(createHash("sha256").update(`kriya-seed:${label}`).digest());

type Clock = { at: (day: number, hour?: number) => Date; date: (day: number) => string; now: Date };

function clockFrom(now: Date): Clock {
  // Steps land at office hours in Jakarta (UTC+7) on their day, so a thread reads in order.
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const at = (day: number, hour = 3) => {
    const time = new Date(midnight + day * DAY_MS + hour * 3_600_000);
    return time > now ? new Date(now.getTime() - 60_000) : time;
  };
  const date = (day: number) => new Date(midnight + day * DAY_MS).toISOString().slice(0, 10);
  return { at, date, now };
}

type CatalogueVariant = {
  variantId: number;
  productId: number;
  producerId: number;
  producerSlug: string;
  sku: string;
  title: string;
  producerPriceMinor: number;
  moq: number;
  casePack: number;
  tiers: PriceTier[];
};

async function loadVariants(tx: Executor, skus: string[]): Promise<Map<string, CatalogueVariant>> {
  const rows = await tx
    .select({
      variantId: s.variants.id,
      productId: s.variants.productId,
      producerId: s.products.producerId,
      producerSlug: s.producerGroups.slug,
      sku: s.variants.sku,
      productTitle: s.products.title,
      variantTitle: s.variants.title,
      producerPriceMinor: s.variants.producerPriceMinor,
      moq: s.variants.wholesaleMoq,
      casePack: s.variants.casePack,
    })
    .from(s.variants)
    .innerJoin(s.products, eq(s.products.id, s.variants.productId))
    .innerJoin(s.producerGroups, eq(s.producerGroups.id, s.products.producerId))
    .where(inArray(s.variants.sku, skus));
  const tiers = await tx
    .select({ variantId: s.wholesalePriceTiers.variantId, minQuantity: s.wholesalePriceTiers.minQuantity, unitPriceMinor: s.wholesalePriceTiers.unitPriceMinor })
    .from(s.wholesalePriceTiers)
    .where(inArray(s.wholesalePriceTiers.variantId, rows.map((r) => r.variantId)));
  return new Map(
    rows.map((r) => [
      r.sku,
      {
        ...r,
        title: r.variantTitle ? `${r.productTitle} (${r.variantTitle})` : r.productTitle,
        tiers: tiers.filter((t) => t.variantId === r.variantId),
      },
    ]),
  );
}

/** Prices a version's lines the way staff start: tier prices by each product's total, or the agreed below-cost price. */
function priceLines(lines: SeedQuoteLine[], catalogue: Map<string, CatalogueVariant>, quoteKey: string): QuoteVersionLine[] {
  const variants = lines.map((line) => catalogue.get(line.sku)!);
  const refusal = quoteLinesRefusal(
    checkQuoteLines(
      lines.map((line, i) => ({ productId: variants[i]!.productId, variantId: variants[i]!.variantId, quantity: line.quantity })),
      [...new Map(variants.map((v) => [v.productId, { productId: v.productId, title: v.title, moq: v.moq, casePack: v.casePack }])).values()],
    ),
  );
  if (refusal) throw new Error(`Seed quote ${quoteKey}: ${refusal.message}`);
  const tiered = tierPriceLines(
    lines.map((line, i) => ({ productId: variants[i]!.productId, variantId: variants[i]!.variantId, quantity: line.quantity })),
    new Map(variants.map((v) => [v.variantId, v.tiers])),
  );
  return lines.map((line, i) => {
    const variant = variants[i]!;
    const unitPriceMinor = line.belowCost?.unitPriceMinor ?? tiered[i]!.unitPriceMinor;
    if (unitPriceMinor === null) throw new Error(`Seed quote ${quoteKey}: ${line.sku} has no tier for ${line.quantity}`);
    const below = isBelowCost(money(unitPriceMinor, "USD"), money(variant.producerPriceMinor, "IDR"), idrPerUsdMicros);
    if (below !== Boolean(line.belowCost)) throw new Error(`Seed quote ${quoteKey}: ${line.sku} is ${below ? "" : "not "}below cost at ${unitPriceMinor}`);
    return {
      variantId: variant.variantId,
      sku: variant.sku,
      title: variant.title,
      quantity: line.quantity,
      unitPriceMinor,
      producerCostMinor: variant.producerPriceMinor,
      ...(line.belowCost ? { belowCostReason: line.belowCost.reason } : {}),
    };
  });
}

type People = { staffId: number; adminId: number; importers: Map<string, { importerId: number; userId: number; depositPercent: number; companyName: string }> };

/** The approved importers with logins the quotes belong to: Nordlys (seeded before) and the two added here. */
async function seedImporters(tx: Executor, clock: Clock): Promise<People> {
  const [staff] = await tx.select({ id: s.users.id }).from(s.users).where(eq(s.users.email, "staff@kriya.example"));
  const [admin] = await tx.select({ id: s.users.id }).from(s.users).where(eq(s.users.email, "admin@kriya.example"));
  for (const entry of seedWholesaleImporters) {
    const [importer] = await tx
      .insert(s.importers)
      .values({ ...entry.importer, status: "approved", approvedAt: clock.at(-entry.approvedDaysAgo), approvedBy: admin!.id, createdAt: clock.at(-entry.approvedDaysAgo - 3) })
      .returning({ id: s.importers.id });
    await createUser(tx, { ...entry.user, role: "importer", importerId: importer!.id });
  }
  const rows = await tx
    .select({ email: s.users.email, userId: s.users.id, importerId: s.importers.id, depositPercent: s.importers.depositPercent, companyName: s.importers.companyName })
    .from(s.users)
    .innerJoin(s.importers, eq(s.importers.id, s.users.importerId))
    .where(eq(s.users.role, "importer"));
  return { staffId: staff!.id, adminId: admin!.id, importers: new Map(rows.map((r) => [r.email, r])) };
}

/**
 * Seeds quotes in every status with their threads and versions, and orders from the accepted ones with production
 * orders at every stage. Runs inside the seed's transaction. A catalogue seeded with `productLimit` lacks the
 * pieces these quotes name, so then only the importers are added.
 */
export async function seedWholesale(tx: Executor, options: { now: Date }) {
  const clock = clockFrom(options.now);
  const people = await seedImporters(tx, clock);
  const skus = [...new Set(seedQuotes.flatMap((q) => [...q.lines, ...q.steps.flatMap((step) => (step.kind === "priced" ? (step.lines ?? []) : []))].map((l) => l.sku)))];
  const catalogue = await loadVariants(tx, skus);
  if (catalogue.size < skus.length) return;
  const [warehouse] = await tx.select({ id: s.locations.id }).from(s.locations).where(eq(s.locations.sellsOnline, true));
  for (const plan of seedQuotes) {
    const quote = await seedQuote(tx, { plan, catalogue, people, clock });
    if (plan.order) await seedOrder(tx, { plan, order: plan.order, quote, catalogue, people, clock, warehouseId: warehouse!.id });
  }
}

type SeededQuote = { id: number; number: string; lines: QuoteVersionLine[]; totalMinor: number; acceptedDay: number };

async function seedQuote(tx: Executor, input: { plan: SeedQuotePlan; catalogue: Map<string, CatalogueVariant>; people: People; clock: Clock }): Promise<SeededQuote> {
  const { plan, catalogue, people, clock } = input;
  const owner = people.importers.get(plan.importerEmail);
  if (!owner) throw new Error(`Seed quote ${plan.key}: no importer login ${plan.importerEmail}`);
  const requested = plan.steps[0]!;
  const number = formatReferenceCode("WQ", seedBytes(`quote:${plan.key}`), clock.at(requested.day));

  // Each priced step is a version; the quote row carries the latest.
  let currentLines = plan.lines;
  const versions: (Omit<typeof s.quoteVersions.$inferInsert, "quoteId"> & { lines: QuoteVersionLine[]; validUntil: string; freightMinor: number })[] = [];
  const events: Omit<typeof s.quoteEvents.$inferInsert, "quoteId">[] = [];
  let sentDay: number | null = null;
  let respondedDay: number | null = null;
  let acceptedDay = 0;
  let status: (typeof s.quoteStatus.enumValues)[number] = "requested";
  plan.steps.forEach((step, index) => {
    const createdAt = clock.at(step.day, 2 + index);
    const version = Math.max(versions.length, 1);
    switch (step.kind) {
      case "requested":
        events.push({ kind: "requested", party: "importer", userId: owner.userId, version: 1, message: plan.importerNotes, createdAt });
        break;
      case "message":
        events.push({ kind: "message", party: step.party, userId: step.party === "staff" ? people.staffId : owner.userId, version, message: step.message, createdAt });
        break;
      case "priced": {
        currentLines = step.lines ?? currentLines;
        const lines = priceLines(currentLines, catalogue, plan.key);
        const totals = quoteTotals({ lines, incoterm: plan.incoterm, freightMinor: plan.incoterm === "CIF" ? step.freightMinor : 0 });
        versions.push({
          version: versions.length + 1,
          lines,
          subtotalMinor: totals.subtotal.amountMinor,
          freightMinor: totals.freight.amountMinor,
          totalMinor: totals.total.amountMinor,
          validUntil: clock.date(step.validUntilDay),
          leadTimeDays: step.leadTimeDays,
          createdBy: people.staffId,
          createdAt,
        });
        status = "priced";
        events.push({ kind: "priced", party: "staff", userId: people.staffId, version: versions.length, message: "", createdAt });
        break;
      }
      case "sent":
        sentDay = step.day;
        status = "sent";
        events.push({ kind: "sent", party: "staff", userId: people.staffId, version, message: "", createdAt });
        break;
      case "changes_requested":
      case "declined":
        respondedDay = step.day;
        status = step.kind;
        events.push({ kind: step.kind, party: "importer", userId: owner.userId, version, message: step.message, createdAt });
        break;
      case "accepted":
        respondedDay = step.day;
        acceptedDay = step.day;
        status = "accepted";
        events.push({ kind: "accepted", party: "importer", userId: owner.userId, version, message: "", createdAt });
        break;
      case "expired":
        status = "expired";
        events.push({ kind: "expired", party: "system", userId: null, version, message: `Valid until ${versions.at(-1)!.validUntil}; no answer came, so it expired on its own.`, createdAt });
        break;
    }
  });

  const latest = versions.at(-1);
  const lastStep = plan.steps.at(-1)!;
  const [row] = await tx
    .insert(s.quotes)
    .values({
      number,
      importerId: owner.importerId,
      status,
      incoterm: plan.incoterm,
      destinationPort: plan.incoterm === "CIF" ? plan.destinationPort! : null,
      importerNotes: plan.importerNotes,
      subtotalMinor: latest?.subtotalMinor ?? null,
      freightMinor: latest?.freightMinor ?? null,
      totalMinor: latest?.totalMinor ?? null,
      validUntil: latest?.validUntil ?? null,
      leadTimeDays: latest?.leadTimeDays ?? null,
      pricedBy: latest ? people.staffId : null,
      version: Math.max(versions.length, 1),
      sentAt: sentDay === null ? null : clock.at(sentDay, 4),
      respondedAt: respondedDay === null ? null : clock.at(respondedDay, 9),
      createdAt: clock.at(requested.day, 2),
      updatedAt: clock.at(lastStep.day, 9),
    })
    .returning({ id: s.quotes.id });
  const quoteId = row!.id;
  const pricedLines = latest?.lines ?? null;
  await tx.insert(s.quoteLines).values(
    currentLines.map((line, i) => ({
      quoteId,
      variantId: catalogue.get(line.sku)!.variantId,
      quantity: line.quantity,
      unitPriceMinor: pricedLines ? pricedLines[i]!.unitPriceMinor : null,
      belowCostReason: pricedLines?.[i]!.belowCostReason ?? "",
    })),
  );
  if (versions.length) await tx.insert(s.quoteVersions).values(versions.map((v) => ({ ...v, quoteId })));
  await tx.insert(s.quoteEvents).values(events.map((e) => ({ ...e, quoteId })));
  return { id: quoteId, number, lines: pricedLines ?? [], totalMinor: latest?.totalMinor ?? 0, acceptedDay };
}

async function seedOrder(
  tx: Executor,
  input: { plan: SeedQuotePlan; order: SeedOrderPlan; quote: SeededQuote; catalogue: Map<string, CatalogueVariant>; people: People; clock: Clock; warehouseId: number },
) {
  const { plan, order, quote, catalogue, people, clock } = input;
  const owner = people.importers.get(plan.importerEmail)!;
  const acceptedAt = clock.at(quote.acceptedDay, 9);
  const number = formatReferenceCode("WO", seedBytes(`order:${plan.key}`), acceptedAt);
  const deposit = importerDeposit(money(quote.totalMinor, "USD"), owner.depositPercent);
  const stripeSession = order.deposit?.method === "stripe" ? `cs_demo_seed_${Buffer.from(seedBytes(`session:${plan.key}`).subarray(0, 12)).toString("hex")}` : null;
  const [row] = await tx
    .insert(s.wholesaleOrders)
    .values({
      number,
      quoteId: quote.id,
      importerId: owner.importerId,
      status: order.status,
      totalMinor: quote.totalMinor,
      depositMinor: deposit.amountMinor,
      depositCheckoutSessionId: stripeSession,
      depositDemo: stripeSession !== null,
      createdAt: acceptedAt,
      updatedAt: order.deposit ? clock.at(order.deposit.day, 10) : acceptedAt,
    })
    .returning({ id: s.wholesaleOrders.id });
  const wholesaleOrderId = row!.id;
  await tx.insert(s.wholesaleOrderLines).values(quote.lines.map((l) => ({ wholesaleOrderId, variantId: l.variantId, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor })));
  if (order.deposit) {
    const receivedAt = clock.at(order.deposit.day, 10);
    const [payment] = await tx
      .insert(s.wholesalePayments)
      .values(
        order.deposit.method === "stripe"
          ? { wholesaleOrderId, kind: "deposit", method: "stripe", amountMinor: deposit.amountMinor, rateMicros: USD_RATE_MICROS, receivedAt, stripeCheckoutSessionId: stripeSession, stripePaymentIntentId: `pi_demo_seed_${stripeSession!.slice(-12)}`, createdAt: receivedAt }
          : { wholesaleOrderId, kind: "deposit", method: "bank_transfer", amountMinor: deposit.amountMinor, rateMicros: USD_RATE_MICROS, receivedAt, reference: order.deposit.reference, recordedBy: people.staffId, createdAt: receivedAt },
      )
      .returning({ id: s.wholesalePayments.id });
    // The deposit counts towards trees the way a live one does: split by the order's lines, dated when it arrived.
    await recordWholesaleTurnover(tx, { paymentId: payment!.id });
  }

  for (const production of order.production) {
    const lines = quote.lines.filter((l) => catalogue.get(l.sku)!.producerSlug === production.producer);
    if (!lines.length) throw new Error(`Seed order ${plan.key}: no lines made by ${production.producer}`);
    await seedProductionOrder(tx, { key: `${plan.key}:${production.producer}`, production, lines, wholesaleOrderId, producerId: catalogue.get(lines[0]!.sku)!.producerId, acceptedDay: quote.acceptedDay, quoteNumber: quote.number, people, clock, warehouseId: input.warehouseId });
  }
}

async function seedProductionOrder(
  tx: Executor,
  input: {
    key: string;
    production: SeedOrderPlan["production"][number];
    lines: QuoteVersionLine[];
    wholesaleOrderId: number;
    producerId: number;
    acceptedDay: number;
    quoteNumber: string;
    people: People;
    clock: Clock;
    warehouseId: number;
  },
) {
  const { key, production, lines, people, clock } = input;
  const createdAt = clock.at(input.acceptedDay, 9);
  const orderLines = lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity, unitPriceMinor: l.producerCostMinor, lineTotalMinor: l.producerCostMinor * l.quantity }));
  const total = money(orderLines.reduce((sum, l) => sum + l.lineTotalMinor, 0), "IDR");
  const { advance, balance } = splitAdvance(total);
  const number = formatReferenceCode("PO", seedBytes(`production:${key}`), createdAt);
  const [row] = await tx
    .insert(s.productionOrders)
    .values({
      number,
      wholesaleOrderId: input.wholesaleOrderId,
      producerId: input.producerId,
      status: "draft",
      totalMinor: total.amountMinor,
      advanceMinor: advance.amountMinor,
      balanceMinor: balance.amountMinor,
      dueOn: clock.date(production.dueDay),
      batchCode: formatReferenceCode("B", seedBytes(`batch:${key}`), createdAt, 6),
      createdAt,
    })
    .returning({ id: s.productionOrders.id });
  const productionOrderId = row!.id;
  await tx.insert(s.productionOrderLines).values(orderLines.map((l) => ({ ...l, productionOrderId })));

  const events: (typeof s.productionEvents.$inferInsert)[] = [{ productionOrderId, status: "draft", note: `Created when the importer accepted quote ${input.quoteNumber}.`, userId: null, createdAt }];
  const pieces = orderLines.reduce((sum, l) => sum + l.quantity, 0);
  const update: Partial<typeof s.productionOrders.$inferInsert> = {};
  const payout = (kind: "advance" | "balance", amountMinor: number, day: number, method: "bank_transfer" | "cash" = "bank_transfer", extra: { correctsPayoutId?: number; note?: string } = {}) =>
    tx
      .insert(s.payouts)
      .values({
        productionOrderId,
        kind,
        amountMinor,
        paidOn: clock.date(day),
        method,
        reference: method === "cash" ? `Signed receipt ${number}-${kind === "advance" ? "A" : "B"}` : `BRI ${kind.toUpperCase()} ${number.slice(-8)}${extra.correctsPayoutId ? "-C" : ""}`,
        recordedBy: people.staffId,
        note: extra.note ?? "",
        correctsPayoutId: extra.correctsPayoutId,
        createdAt: clock.at(day, 6),
      })
      .returning({ id: s.payouts.id });

  for (const [index, step] of production.steps.entries()) {
    const at = clock.at(step.day, 4 + index);
    let note = "";
    switch (step.status) {
      case "advance_paid": {
        const [advancePayout] = await payout("advance", advance.amountMinor, step.day, step.method);
        update.advancePayoutId = advancePayout!.id;
        note = "Half in advance, before production begins.";
        break;
      }
      case "in_production":
        update.startedAt ??= at;
        note = step.note ?? "Production started.";
        break;
      case "qc_failed":
      case "qc_passed": {
        const passed = step.status === "qc_passed" ? pieces : Math.floor(pieces * step.passedShare);
        await tx.insert(s.qcInspections).values({ productionOrderId, result: step.status === "qc_passed" ? "passed" : "failed", quantityInspected: pieces, quantityPassed: passed, notes: step.note ?? "", inspectedBy: people.staffId, inspectedAt: at });
        if (step.status === "qc_passed") update.qcPassedAt = at;
        note = `${passed} of ${pieces} pieces passed QC.${step.note ? ` ${step.note}` : ""}`;
        break;
      }
      case "balance_paid": {
        const fee = step.bankFeeMinor ?? 0;
        const [balancePayout] = await payout("balance", balance.amountMinor - fee, step.day);
        if (fee) {
          await payout("balance", fee, step.day + 1, "bank_transfer", { correctsPayoutId: balancePayout!.id, note: "The bank took its transfer fee from the balance; this pays the group the difference." });
        }
        note = "The balance, after QC passed.";
        break;
      }
      case "received":
        update.receivedAt = at;
        await recordMovements(tx, {
          movements: orderLines.map((l) => ({ variantId: l.variantId, locationId: input.warehouseId, kind: "receipt" as const, quantity: l.quantity, reason: `Received from production order ${number}`, productionOrderId, userId: people.staffId })),
        });
        note = "Received at the Jakarta warehouse.";
        break;
      case "cancelled": {
        const settlement = owedOnCancellation({ total, advancePaid: update.advancePayoutId ? advance : money(0, "IDR"), workDonePercent: step.workDonePercent });
        update.cancelledAt = at;
        update.cancelReason = step.reason;
        update.workDonePercent = step.workDonePercent;
        update.owedOnCancelMinor = settlement.owed.amountMinor;
        note = step.reason;
        break;
      }
    }
    events.push({ productionOrderId, status: step.status, note, userId: people.staffId, createdAt: at });
  }
  const last = production.steps.at(-1);
  if (last) {
    await tx
      .update(s.productionOrders)
      .set({ ...update, status: last.status, updatedAt: clock.at(last.day, 12) })
      .where(eq(s.productionOrders.id, productionOrderId));
  }
  await tx.insert(s.productionEvents).values(events);
}

