import { and, asc, desc, eq, ilike, inArray, lt, or, sql } from "drizzle-orm";
import type { Db, Executor } from "~db/client.server";
import {
  exchangeRates,
  importers,
  producerGroups,
  products,
  quoteEvents,
  quoteLines,
  quotes,
  quoteVersions,
  users,
  variants,
  wholesalePriceTiers,
  type QuoteVersionLine,
} from "~db/schema";
import { money } from "~/domain/money/money";
import { Refusal } from "~/domain/platform/refusal";
import { importerDeposit } from "~/domain/production/advance";
import { belowCostReason, lineMargin } from "~/domain/wholesale/margin";
import { quoteTotals, tierPriceLines, type PriceTier } from "~/domain/wholesale/quote-lines";
import { isDueToExpire, transitionQuote, validUntilSchema, type QuoteStatus } from "~/domain/wholesale/quote-status";
import { recordAudit, type Actor } from "~/models/platform/audit.server";
import { publicOrigin } from "~/utils/env.server";
import { leadTimeForLines } from "./catalogue.server";
import { queueImporterStepEmail, queueQuoteExpiredEmail, queueQuoteSentEmail, queueStaffMessageEmail, type QuoteMailFacts } from "./quote-emails.server";

/**
 * A quote after the importer sent it: staff price it (each save a new, frozen version), send it, and the
 * importer answers, with a thread both sides write on. Producer cost and margin are for staff only.
 */

const today = (now: Date) => now.toISOString().slice(0, 10);
const quoteNotFound = () => Refusal.notFound("We couldn't find that quote.");
const MESSAGE_MAX = 4000;

function requireMessage(message: string, what = "Write a message"): string {
  const text = message.trim();
  if (!text) throw Refusal.invalid(`${what}: it can't be empty`, { field: "message" });
  if (text.length > MESSAGE_MAX) throw Refusal.invalid(`Keep the message under ${MESSAGE_MAX.toLocaleString("en")} characters`, { field: "message" });
  return text;
}

function orThrow(next: QuoteStatus | Refusal): QuoteStatus {
  if (next instanceof Refusal) throw next;
  return next;
}

/** IDR per US$1 ×1e6 as stored by staff on the rates page; null until someone sets it. */
async function idrRate(db: Executor): Promise<number | null> {
  const [row] = await db.select({ perUsdMicros: exchangeRates.perUsdMicros }).from(exchangeRates).where(eq(exchangeRates.currency, "IDR"));
  return row?.perUsdMicros ?? null;
}

const facts = {
  number: quotes.number,
  companyName: importers.companyName,
  contactName: importers.contactName,
  contactEmail: importers.contactEmail,
};

/** Locks the quote (by number, and owner when given) and returns what a step needs. */
async function lockQuote(tx: Executor, { number, importerId }: { number: string; importerId?: number }) {
  const [row] = await tx
    .select({ quote: quotes, ...facts, depositPercent: importers.depositPercent })
    .from(quotes)
    .innerJoin(importers, eq(importers.id, quotes.importerId))
    .where(and(eq(quotes.number, number), importerId === undefined ? undefined : eq(quotes.importerId, importerId)))
    .for("update", { of: quotes });
  if (!row) throw quoteNotFound();
  const mail: QuoteMailFacts = { number: row.number, companyName: row.companyName, contactName: row.contactName, contactEmail: row.contactEmail };
  return { quote: row.quote, mail, depositPercent: row.depositPercent };
}

async function quoteLinesWithCost(db: Executor, quoteId: number) {
  return db
    .select({
      id: quoteLines.id,
      variantId: quoteLines.variantId,
      productId: variants.productId,
      quantity: quoteLines.quantity,
      unitPriceMinor: quoteLines.unitPriceMinor,
      belowCostReason: quoteLines.belowCostReason,
      note: quoteLines.note,
      sku: variants.sku,
      variantTitle: variants.title,
      productTitle: products.title,
      craft: products.craft,
      producerId: producerGroups.id,
      producerName: producerGroups.name,
      producerCostMinor: variants.producerPriceMinor,
      producerCurrency: variants.producerCurrency,
    })
    .from(quoteLines)
    .innerJoin(variants, eq(variants.id, quoteLines.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .innerJoin(producerGroups, eq(producerGroups.id, products.producerId))
    .where(eq(quoteLines.quoteId, quoteId))
    .orderBy(asc(quoteLines.id));
}

const lineTitle = (line: { productTitle: string; variantTitle: string }) => (line.variantTitle ? `${line.productTitle} (${line.variantTitle})` : line.productTitle);

async function tiersFor(db: Executor, variantIds: number[]): Promise<Map<number, PriceTier[]>> {
  const tiers = new Map<number, PriceTier[]>();
  if (variantIds.length === 0) return tiers;
  const rows = await db
    .select({ variantId: wholesalePriceTiers.variantId, minQuantity: wholesalePriceTiers.minQuantity, unitPriceMinor: wholesalePriceTiers.unitPriceMinor })
    .from(wholesalePriceTiers)
    .where(and(inArray(wholesalePriceTiers.variantId, variantIds), eq(wholesalePriceTiers.currency, "USD")));
  for (const row of rows) tiers.set(row.variantId, [...(tiers.get(row.variantId) ?? []), row]);
  return tiers;
}

async function threadOf(db: Executor, quoteId: number) {
  return db
    .select({ id: quoteEvents.id, kind: quoteEvents.kind, party: quoteEvents.party, version: quoteEvents.version, message: quoteEvents.message, createdAt: quoteEvents.createdAt, userName: users.name })
    .from(quoteEvents)
    .leftJoin(users, eq(users.id, quoteEvents.userId))
    .where(eq(quoteEvents.quoteId, quoteId))
    .orderBy(asc(quoteEvents.createdAt), asc(quoteEvents.id));
}

async function versionsOf(db: Executor, quoteId: number) {
  return db
    .select({
      version: quoteVersions.version,
      lines: quoteVersions.lines,
      currency: quoteVersions.currency,
      subtotalMinor: quoteVersions.subtotalMinor,
      freightMinor: quoteVersions.freightMinor,
      totalMinor: quoteVersions.totalMinor,
      validUntil: quoteVersions.validUntil,
      leadTimeDays: quoteVersions.leadTimeDays,
      createdAt: quoteVersions.createdAt,
    })
    .from(quoteVersions)
    .where(eq(quoteVersions.quoteId, quoteId))
    .orderBy(asc(quoteVersions.version));
}

/** The latest version staff saved (0 before the first pricing): the version a pricing form is opened at. */
async function pricedVersion(db: Executor, quoteId: number): Promise<number> {
  const [row] = await db.select({ version: sql<number | null>`max(${quoteVersions.version})` }).from(quoteVersions).where(eq(quoteVersions.quoteId, quoteId));
  return Number(row?.version ?? 0);
}

/** What both quote lists show of each quote. */
const listedQuote = {
  number: quotes.number,
  status: quotes.status,
  incoterm: quotes.incoterm,
  destinationPort: quotes.destinationPort,
  currency: quotes.currency,
  validUntil: quotes.validUntil,
  createdAt: quotes.createdAt,
  lineCount: sql<number>`(select count(*)::int from ${quoteLines} where ${quoteLines.quoteId} = ${quotes.id})`,
};

// ——— Staff ———

export async function listQuotesForStaff(db: Executor, { status, q }: { status?: QuoteStatus; q?: string } = {}) {
  const search = q?.trim();
  const pattern = search ? `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  return db
    .select({
      ...listedQuote,
      totalMinor: quotes.totalMinor,
      version: quotes.version,
      companyName: importers.companyName,
      country: importers.country,
    })
    .from(quotes)
    .innerJoin(importers, eq(importers.id, quotes.importerId))
    .where(and(status ? eq(quotes.status, status) : undefined, pattern ? or(ilike(quotes.number, pattern), ilike(importers.companyName, pattern)) : undefined))
    .orderBy(sql`case ${quotes.status} when 'requested' then 0 when 'changes_requested' then 1 when 'priced' then 2 when 'sent' then 3 else 4 end`, desc(quotes.createdAt), desc(quotes.id))
    .limit(200);
}

/**
 * Everything the pricing screen shows: each line's tier price (picked by the product's total), the producer's
 * cost in IDR and in USD at the stored rate, the margin per line and overall, the versions and the thread.
 */
export async function getQuoteForStaff(db: Executor, { number }: { number: string }) {
  const [row] = await db
    .select({ quote: quotes, importer: { id: importers.id, companyName: importers.companyName, country: importers.country, contactName: importers.contactName, contactEmail: importers.contactEmail, depositPercent: importers.depositPercent } })
    .from(quotes)
    .innerJoin(importers, eq(importers.id, quotes.importerId))
    .where(eq(quotes.number, number));
  if (!row) return null;
  const { quote, importer } = row;
  const [lines, perUsdMicros, versions, thread, openedAtVersion] = await Promise.all([
    quoteLinesWithCost(db, quote.id),
    idrRate(db),
    versionsOf(db, quote.id),
    threadOf(db, quote.id),
    pricedVersion(db, quote.id),
  ]);
  const tiered = tierPriceLines(lines, await tiersFor(db, lines.map((line) => line.variantId)));
  let revenue = 0;
  let cost = 0;
  const priced = lines.map((line, index) => {
    const tierPriceMinor = tiered[index]!.unitPriceMinor;
    const priceMinor = line.unitPriceMinor ?? tierPriceMinor;
    const producerCost = money(line.producerCostMinor, line.producerCurrency);
    const margin = perUsdMicros && priceMinor && priceMinor > 0 ? lineMargin({ unitPrice: money(priceMinor, "USD"), producerCost, perUsdMicros }) : null;
    if (margin && priceMinor) {
      revenue += priceMinor * line.quantity;
      cost += margin.costUsd.amountMinor * line.quantity;
    }
    return {
      ...line,
      title: lineTitle(line),
      tierPriceMinor,
      costUsdMinor: margin?.costUsd.amountMinor ?? null,
      marginMinor: margin?.margin.amountMinor ?? null,
      marginPercent: margin?.marginPercent ?? null,
      belowCost: margin?.belowCost ?? false,
    };
  });
  const overallMarginMinor = perUsdMicros && revenue > 0 ? revenue - cost : null;
  const suggested = await leadTimeForLines(db, { lines: lines.map(({ variantId, quantity }) => ({ variantId, quantity })) });
  return {
    quote,
    importer,
    lines: priced,
    perUsdMicros,
    margin: { revenueMinor: revenue, costMinor: cost, marginMinor: overallMarginMinor, marginPercent: overallMarginMinor !== null ? Math.round((overallMarginMinor * 1000) / revenue) / 10 : null },
    suggestedLeadTime: suggested,
    versions,
    thread,
    /** Send it back with the pricing form: a save from an older version is refused. */
    pricedVersion: openedAtVersion,
  };
}

export type PriceLineInput = { lineId: number; unitPriceMinor: number; confirmBelowCost?: boolean; belowCostReason?: string | null };

/**
 * Prices every line of the quote as a new version, in one transaction: the quote is locked, a save from a form
 * opened at an older version is refused, each price must be above zero and one below the producer's cost needs
 * confirmation and a reason; freight on CIF only, a validity date not in the past, a lead time in whole days.
 * Re-pricing a sent quote takes it back to priced: it must be sent again.
 */
export async function priceQuote(
  db: Db,
  input: {
    number: string;
    actor: Actor;
    expectedVersion: number;
    lines: readonly PriceLineInput[];
    freightMinor: number | null;
    validUntil: string;
    leadTimeDays: number;
    staffNotes: string;
    now?: Date;
  },
) {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const { quote } = await lockQuote(tx, { number: input.number });
    const current = await pricedVersion(tx, quote.id);
    if (input.expectedVersion !== current) {
      throw Refusal.conflict(`Someone saved version ${current} of this quote after you opened it, so your prices were not saved. Look at it again before saving.`, { details: { currentVersion: current } });
    }
    // A sent quote may be re-priced too: it becomes a new version that must be sent again.
    orThrow(transitionQuote({ status: quote.status === "sent" ? "priced" : quote.status, validUntil: quote.validUntil }, "price", today(now)));
    const validity = validUntilSchema(today(now)).safeParse(input.validUntil);
    if (!validity.success) throw Refusal.invalid(validity.error.issues[0]?.message ?? "Set a validity date", { field: "validUntil" });
    if (!Number.isSafeInteger(input.leadTimeDays) || input.leadTimeDays < 1 || input.leadTimeDays > 730) {
      throw Refusal.invalid("A lead time is a whole number of days, from 1 to 730", { field: "leadTimeDays" });
    }
    const staffNotes = input.staffNotes.trim();
    if (staffNotes.length > MESSAGE_MAX) throw Refusal.invalid("Keep the staff notes under 4,000 characters", { field: "staffNotes" });

    const lines = await quoteLinesWithCost(tx, quote.id);
    const byId = new Map(input.lines.map((line) => [line.lineId, line]));
    if (byId.size !== input.lines.length || input.lines.some((line) => !lines.some((l) => l.id === line.lineId))) throw Refusal.invalid("Those lines are not this quote's. Reload the page and try again.");
    const perUsdMicros = await idrRate(tx);
    if (!perUsdMicros) throw Refusal.conflict("Set the IDR exchange rate first (Back office › Rates): the producer cost is compared at the stored rate.");
    const frozen: QuoteVersionLine[] = lines.map((line) => {
      const priced = byId.get(line.id);
      const field = `price-${line.id}`;
      if (!priced) throw Refusal.invalid(`Give ${line.sku} a price`, { field });
      if (!Number.isSafeInteger(priced.unitPriceMinor) || priced.unitPriceMinor <= 0) throw Refusal.invalid(`${line.sku} (${lineTitle(line)}): a price must be above zero`, { field });
      const reason = belowCostReason({
        unitPrice: money(priced.unitPriceMinor, "USD"),
        producerCost: money(line.producerCostMinor, line.producerCurrency),
        perUsdMicros,
        confirmed: priced.confirmBelowCost,
        reason: priced.belowCostReason,
        field: `reason-${line.id}`,
      });
      return { variantId: line.variantId, sku: line.sku, title: lineTitle(line), quantity: line.quantity, unitPriceMinor: priced.unitPriceMinor, producerCostMinor: line.producerCostMinor, ...(reason ? { belowCostReason: reason } : {}) };
    });
    const totals = quoteTotals({ lines: frozen, incoterm: quote.incoterm, freightMinor: quote.incoterm === "CIF" ? input.freightMinor : (input.freightMinor ?? 0), currency: quote.currency });
    const version = current + 1;

    // Every line's price and reason in one statement, not one UPDATE per line.
    const priced = sql.join(
      lines.map((line, index) => sql`(${line.id}::integer, ${frozen[index]!.unitPriceMinor}::bigint, ${frozen[index]!.belowCostReason ?? ""}::text)`),
      sql`, `,
    );
    await tx.execute(
      sql`update ${quoteLines} set unit_price_minor = v.price, below_cost_reason = v.reason from (values ${priced}) as v(id, price, reason) where ${quoteLines.id} = v.id and ${quoteLines.quoteId} = ${quote.id}`,
    );
    await tx
      .update(quotes)
      .set({
        status: "priced",
        subtotalMinor: totals.subtotal.amountMinor,
        freightMinor: totals.freight.amountMinor,
        totalMinor: totals.total.amountMinor,
        validUntil: validity.data,
        leadTimeDays: input.leadTimeDays,
        staffNotes,
        pricedBy: input.actor.userId,
        version,
        updatedAt: now,
      })
      .where(eq(quotes.id, quote.id));
    await tx.insert(quoteVersions).values({
      quoteId: quote.id,
      version,
      lines: frozen,
      currency: quote.currency,
      subtotalMinor: totals.subtotal.amountMinor,
      freightMinor: totals.freight.amountMinor,
      totalMinor: totals.total.amountMinor,
      validUntil: validity.data,
      leadTimeDays: input.leadTimeDays,
      createdBy: input.actor.userId,
      createdAt: now,
    });
    await tx.insert(quoteEvents).values({ quoteId: quote.id, kind: "priced", party: "staff", userId: input.actor.userId, version, createdAt: now });
    await recordAudit(tx, {
      userId: input.actor.userId,
      action: "price",
      entityType: "quote",
      entityId: quote.number,
      changes: { version, status: { from: quote.status, to: "priced" }, totalMinor: totals.total.amountMinor, belowCost: frozen.filter((line) => line.belowCostReason).map((line) => line.sku) },
      ip: input.actor.ip,
    });
    return { number: quote.number, version, totalMinor: totals.total.amountMinor };
  });
}

/** Sends a priced quote to the importer: the `sent` step and an email with the total, validity and a link. */
export async function sendQuote(db: Db, { number, actor, origin, now = new Date() }: { number: string; actor: Actor; origin: string; now?: Date }) {
  return db.transaction(async (tx) => {
    const { quote, mail } = await lockQuote(tx, { number });
    const status = orThrow(transitionQuote(quote, "send", today(now)));
    if (quote.totalMinor === null || quote.leadTimeDays === null || quote.validUntil === null) throw Refusal.conflict("Price the quote before sending it");
    await tx.update(quotes).set({ status, sentAt: now, updatedAt: now }).where(eq(quotes.id, quote.id));
    await tx.insert(quoteEvents).values({ quoteId: quote.id, kind: "sent", party: "staff", userId: actor.userId, version: quote.version, createdAt: now });
    await queueQuoteSentEmail(tx, { facts: mail, origin, version: quote.version, totalMinor: quote.totalMinor, currency: quote.currency, validUntil: quote.validUntil, leadTimeDays: quote.leadTimeDays });
    await recordAudit(tx, { userId: actor.userId, action: "send", entityType: "quote", entityId: quote.number, changes: { version: quote.version, status: { from: quote.status, to: status } }, ip: actor.ip });
    return { number: quote.number, version: quote.version };
  });
}

// ——— Importer ———

/** The importer's own quotes, newest first. */
export async function listQuotesForImporter(db: Executor, { importerId }: { importerId: number }) {
  return db
    .select({
      ...listedQuote,
      // A total the importer has not been sent yet stays hidden.
      totalMinor: sql<number | null>`case when ${quotes.status} in ('sent', 'accepted', 'declined', 'expired') then ${quotes.totalMinor} end`.mapWith(Number),
    })
    .from(quotes)
    .where(eq(quotes.importerId, importerId))
    .orderBy(desc(quotes.createdAt), desc(quotes.id));
}

/** Statuses in which the quote's current version is one the importer was sent. */
const shownToImporter: readonly QuoteStatus[] = ["sent", "accepted", "declined", "expired"];

/**
 * The quote as its importer sees it, or null when it is not theirs (the route answers 404 either way): the
 * prices of the version they were sent, never the producer cost, the margin or staff notes.
 */
export async function getQuoteForImporterByNumber(db: Executor, { number, importerId }: { number: string; importerId: number }) {
  const [row] = await db
    .select({ quote: quotes, depositPercent: importers.depositPercent, companyName: importers.companyName })
    .from(quotes)
    .innerJoin(importers, eq(importers.id, quotes.importerId))
    .where(and(eq(quotes.number, number), eq(quotes.importerId, importerId)));
  if (!row) return null;
  const { quote } = row;
  const [lines, versions, thread] = await Promise.all([quoteLinesWithCost(db, quote.id), versionsOf(db, quote.id), threadOf(db, quote.id)]);
  const sentVersions = new Set(thread.filter((event) => event.kind === "sent").map((event) => event.version));
  const priced = shownToImporter.includes(quote.status);
  const total = priced && quote.totalMinor !== null ? quote.totalMinor : null;
  return {
    quote: {
      number: quote.number,
      status: quote.status,
      incoterm: quote.incoterm,
      destinationPort: quote.destinationPort,
      importerNotes: quote.importerNotes,
      currency: quote.currency,
      version: quote.version,
      subtotalMinor: priced ? quote.subtotalMinor : null,
      freightMinor: priced ? quote.freightMinor : null,
      totalMinor: total,
      validUntil: priced ? quote.validUntil : null,
      leadTimeDays: priced ? quote.leadTimeDays : null,
      createdAt: quote.createdAt,
      sentAt: quote.sentAt,
    },
    depositPercent: row.depositPercent,
    depositMinor: total !== null ? importerDeposit(money(total, quote.currency), row.depositPercent).amountMinor : null,
    lines: lines.map((line) => ({ id: line.id, sku: line.sku, title: lineTitle(line), producerName: line.producerName, quantity: line.quantity, unitPriceMinor: priced ? line.unitPriceMinor : null })),
    versions: versions
      .filter((version) => sentVersions.has(version.version))
      .map((version) => ({ ...version, lines: version.lines.map(({ variantId, sku, title, quantity, unitPriceMinor }) => ({ variantId, sku, title, quantity, unitPriceMinor })) })),
    // Staff's internal pricing steps are not the importer's business; what was sent to them is.
    thread: thread.filter((event) => event.kind !== "priced").map((event) => ({ ...event, userName: event.party === "staff" ? "Kriya export team" : event.userName })),
    canAnswer: quote.status === "sent" && quote.validUntil !== null && !isDueToExpire(quote, today(new Date())),
  };
}

type ImporterStep = { number: string; importerId: number; userId: number; origin: string; now?: Date };

/** The quote action each answer of the importer takes. */
const importerAnswers = { changes_requested: "request_changes", declined: "decline" } as const;

/** One importer answer to a sent quote, in one transaction: the step under the quote's lock, its event with the message, and staff's email. */
async function answerQuote(db: Db, { number, importerId, userId, origin, now }: Required<ImporterStep>, answer: keyof typeof importerAnswers, text: string) {
  return db.transaction(async (tx) => {
    const { quote, mail } = await lockQuote(tx, { number, importerId });
    const status = orThrow(transitionQuote(quote, importerAnswers[answer], today(now)));
    await tx.update(quotes).set({ status, respondedAt: now, updatedAt: now }).where(eq(quotes.id, quote.id));
    await tx.insert(quoteEvents).values({ quoteId: quote.id, kind: answer, party: "importer", userId, version: quote.version, message: text, createdAt: now });
    await queueImporterStepEmail(tx, { facts: mail, origin, step: answer, message: text });
    return { number: quote.number, status };
  });
}

/** The importer asks for changes to a sent quote, with a message saying which: it goes back to staff to re-price. */
export async function requestChanges(db: Db, { number, importerId, userId, message, origin, now = new Date() }: ImporterStep & { message: string }) {
  const text = requireMessage(message, "Say what you would like changed");
  return answerQuote(db, { number, importerId, userId, origin, now }, "changes_requested", text);
}

/** The importer declines a sent quote, with an optional word why. */
export async function declineQuote(db: Db, { number, importerId, userId, message = "", origin, now = new Date() }: ImporterStep & { message?: string }) {
  const text = message.trim();
  if (text.length > MESSAGE_MAX) throw Refusal.invalid("Keep the message under 4,000 characters", { field: "message" });
  return answerQuote(db, { number, importerId, userId, origin, now }, "declined", text);
}

/**
 * A message on the quote's thread from either side; the other side is emailed. An importer writes only on its
 * own quotes (someone else's is not found); staff writes are in the audit log.
 */
export async function postQuoteMessage(
  db: Db,
  { number, party, userId, importerId, message, origin, now = new Date(), ip }: { number: string; party: "importer" | "staff"; userId: number; importerId?: number; message: string; origin: string; now?: Date; ip?: string | null },
) {
  const text = requireMessage(message);
  if (party === "importer" && importerId === undefined) throw quoteNotFound();
  return db.transaction(async (tx) => {
    const { quote, mail } = await lockQuote(tx, { number, importerId: party === "importer" ? importerId : undefined });
    await tx.insert(quoteEvents).values({ quoteId: quote.id, kind: "message", party, userId, version: quote.version, message: text, createdAt: now });
    if (party === "importer") await queueImporterStepEmail(tx, { facts: mail, origin, step: "message", message: text });
    else {
      await queueStaffMessageEmail(tx, { facts: mail, origin, message: text });
      await recordAudit(tx, { userId, action: "message", entityType: "quote", entityId: quote.number, changes: { length: text.length }, ip: ip ?? null });
    }
    return { number: quote.number };
  });
}

// ——— Expiry ———

/**
 * Expires sent quotes whose validity has passed (all of them, or just `number`, which loaders use so a lapsed
 * quote never shows as acceptable between timer ticks) and tells each importer. One transaction per quote,
 * re-checked under its lock, so the timer and a page view can't expire one twice.
 */
export async function expireLapsedQuotes(db: Db, { now = new Date(), number, origin = publicOrigin() }: { now?: Date; number?: string; origin?: string }): Promise<{ expired: string[] }> {
  const day = today(now);
  const due = await db
    .select({ number: quotes.number })
    .from(quotes)
    .where(and(eq(quotes.status, "sent"), lt(quotes.validUntil, day), number ? eq(quotes.number, number) : undefined))
    .orderBy(asc(quotes.id))
    .limit(500);
  const expired: string[] = [];
  for (const candidate of due) {
    const done = await db.transaction(async (tx) => {
      const { quote, mail } = await lockQuote(tx, { number: candidate.number });
      if (!isDueToExpire(quote, day)) return false;
      const status = orThrow(transitionQuote(quote, "expire", day));
      await tx.update(quotes).set({ status, updatedAt: now }).where(eq(quotes.id, quote.id));
      await tx.insert(quoteEvents).values({ quoteId: quote.id, kind: "expired", party: "system", version: quote.version, message: `Valid until ${quote.validUntil}`, createdAt: now });
      await queueQuoteExpiredEmail(tx, { facts: mail, origin, validUntil: quote.validUntil! });
      return true;
    });
    if (done) expired.push(candidate.number);
  }
  return { expired };
}
