import { and, asc, eq, gte, sql } from "drizzle-orm";
import { monotonicFactory } from "ulid";
import type { Db } from "../client.server";
import * as s from "../schema";
import { IDR_DENOMINATIONS, type DenominationCount } from "../../app/domain/bazaar/close-of-day";
import { createEvent, setEventStatus } from "../../app/models/bazaar/events.server";
import { recordDayClose } from "../../app/models/bazaar/day-close.server";
import { recordSyncBatch } from "../../app/models/bazaar/pos-sync.server";
import { resolveTask, verifySales } from "../../app/models/bazaar/reconciliation.server";
import { receiveTransfer, returnRemainingStock, sendTransfer } from "../../app/models/bazaar/transfers.server";
import { bazaarEvents, pastSales, qrisPayload, type SeedSale } from "./data/bazaar";

/**
 * The bazaar sample (issue 12.6), written through the same models the back office and the till use, so every
 * ledger row, turnover entry and close is what real use would leave:
 * - World Fair Trade Day 2026 (May, closed): stock sent and received with one difference, two tills' sales over
 *   two days (one QRIS taken offline still to verify, one sale beyond stock with its reconciliation task, one bad
 *   sale set aside), both days closed, and what remained sent back and received at the warehouse;
 * - an upcoming bazaar (planned, dates relative to today) with stock received and a second box still on the road.
 * Runs inside the seed's transaction (each model's own transaction is then a savepoint).
 */

const HOUR = 3_600_000;
/** 09:00 in Jakarta is 02:00 UTC. */
const jakartaAt = (day: string, hour: number, minute = 0) => new Date(Date.parse(`${day}T00:00:00Z`) + (hour - 7) * HOUR + minute * 60_000);
const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 24 * HOUR).toISOString().slice(0, 10);

type Piece = { variantId: number; sku: string; priceMinor: number };

async function userId(db: Db, email: string) {
  const [row] = await db.select({ id: s.users.id }).from(s.users).where(eq(s.users.email, email));
  if (!row) throw new Error(`The seed needs the user ${email}`);
  return row.id;
}

/** Pieces the warehouse holds plenty of, in a stable order, so the sample is the same on every run. */
async function stockedPieces(db: Db, count: number): Promise<Piece[]> {
  const [warehouse] = await db.select({ id: s.locations.id }).from(s.locations).where(eq(s.locations.sellsOnline, true));
  const rows = await db
    .select({ variantId: s.variants.id, sku: s.variants.sku, priceMinor: s.variants.bazaarPriceMinor })
    .from(s.stockLevels)
    .innerJoin(s.variants, eq(s.variants.id, s.stockLevels.variantId))
    .where(and(eq(s.stockLevels.locationId, warehouse!.id), gte(sql`${s.stockLevels.onHand} - ${s.stockLevels.reserved}`, 12)))
    .orderBy(asc(s.variants.id))
    .limit(count);
  return rows;
}

/** Cash tendered the way buyers pay: the smallest note (or two) that covers the total. */
function tenderFor(totalMinor: number): number {
  const notes = IDR_DENOMINATIONS.filter((d) => d >= 1_000_000);
  const single = [...notes].reverse().find((d) => d >= totalMinor);
  if (single) return single;
  return Math.ceil(totalMinor / 10_000_000) * 10_000_000;
}

/** A drawer count that makes `amountMinor` from the largest notes down. */
function countFor(amountMinor: number): DenominationCount {
  const counted: DenominationCount = {};
  let left = amountMinor;
  for (const d of IDR_DENOMINATIONS) {
    const pieces = Math.floor(left / d);
    if (pieces > 0) counted[String(d)] = pieces;
    left -= pieces * d;
  }
  if (left !== 0) throw new Error(`Rp ${amountMinor / 100} cannot be counted in rupiah notes and coins`);
  return counted;
}

function saleBody(sale: SeedSale, day: string, pieces: Piece[], ids: { clientSaleId: string; deviceSeq: number }) {
  const lines = sale.lines.map(([index, quantity]) => ({ variantId: pieces[index]!.variantId, quantity, unitPriceMinor: pieces[index]!.priceMinor }));
  const totalMinor = lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0);
  const cash = sale.payment === "cash" ? (() => {
    const tenderedMinor = sale.exact ? totalMinor : tenderFor(totalMinor);
    return { tenderedMinor, changeMinor: tenderedMinor - totalMinor };
  })() : {};
  return {
    clientSaleId: ids.clientSaleId,
    deviceSeq: ids.deviceSeq,
    soldAt: jakartaAt(day, sale.hour, sale.minute).toISOString(),
    paymentMethod: sale.payment,
    paymentReference: sale.reference ?? "",
    offline: sale.offline ?? false,
    lines,
    totalMinor,
    ...cash,
    receiptPrinciple: ((ids.deviceSeq - 1) % 10) + 1,
  };
}

export async function seedBazaar(db: Db, { now }: { now: Date }) {
  const staff = { userId: await userId(db, "staff@kriya.example") };
  const bazaarUser = { id: await userId(db, "bazaar@kriya.example") };
  const pieces = await stockedPieces(db, 14);
  // A catalogue seeded with `productLimit` has too few pieces for the sample events: then there are none.
  if (pieces.length < 14) return;

  // World Fair Trade Day: the second Saturday of May, two days.
  const wftd = bazaarEvents.worldFairTradeDay;
  const past = await createEvent(db, { fields: { ...wftd.fields, qrisPayload: qrisPayload(wftd.fields.qrisMerchantName) }, slug: wftd.slug, actor: staff });
  const firstDay = wftd.fields.startsOn;
  const sent = await sendTransfer(db, {
    eventId: past.id,
    direction: "to_event",
    lines: wftd.sent.map(([index, quantity]) => ({ variantId: pieces[index]!.variantId, quantity })),
    note: "Two boxes in the van, packed by Dewi",
    actor: staff,
    now: jakartaAt(addDays(firstDay, -2), 14),
  });
  await receiveTransfer(db, {
    eventId: past.id,
    transferId: sent.id,
    lines: wftd.sent.map(([index, quantity]) => {
      const broken = index === wftd.brokenOnTheRoad;
      return { variantId: pieces[index]!.variantId, quantityReceived: broken ? quantity - 1 : quantity, reason: broken ? "One arrived cracked; kept at the stall for the group to see" : "" };
    }),
    actor: { userId: bazaarUser.id },
    now: jakartaAt(firstDay, 7, 30),
  });
  await setEventStatus(db, { id: past.id, status: "open", actor: staff });

  // Two tills, numbering their own sales; each syncs its day in one batch, as after a day with poor signal.
  const nextUlid = monotonicFactory();
  const tills = new Map<string, { seq: number; label: string }>();
  for (const day of [firstDay, wftd.fields.endsOn]) {
    for (const deviceId of ["seed-till-wftd-a", "seed-till-wftd-b"]) {
      const till = tills.get(deviceId) ?? { seq: 0, label: deviceId.endsWith("a") ? "Kasir 1" : "Kasir 2" };
      tills.set(deviceId, till);
      const sales = pastSales.filter((sale) => sale.day === (day === firstDay ? "first" : "last") && sale.till === deviceId.slice(-1));
      const bodies = sales.map((sale) => {
        till.seq += 1;
        return saleBody(sale, day, pieces, { clientSaleId: nextUlid(jakartaAt(day, sale.hour, sale.minute).getTime()), deviceSeq: till.seq });
      });
      // One sale rung up by a till that had a piece's id wrong: set aside whole with its reason.
      if (day === wftd.fields.endsOn && deviceId.endsWith("b")) {
        till.seq += 1;
        const soldAt = jakartaAt(day, 17, 50);
        bodies.push({ clientSaleId: nextUlid(soldAt.getTime()), deviceSeq: till.seq, soldAt: soldAt.toISOString(), paymentMethod: "card", paymentReference: "EDC 508812", offline: true, lines: [{ variantId: 2_000_000_000, quantity: 1, unitPriceMinor: 5_000_000 }], totalMinor: 5_000_000, receiptPrinciple: ((till.seq - 1) % 10) + 1 });
      }
      await recordSyncBatch(db, { batch: { deviceId, deviceLabel: till.label, eventId: past.id, issuedSeq: till.seq, pendingCount: 0, sales: bodies }, user: bazaarUser, now });
    }
  }

  // Staff matched the QRIS payments on the merchant statement, all but the last one.
  const toVerify = await db
    .select({ id: s.posSales.id })
    .from(s.posSales)
    .where(and(eq(s.posSales.eventId, past.id), eq(s.posSales.paymentMethod, "qris"), sql`${s.posSales.verifiedAt} is null`))
    .orderBy(asc(s.posSales.soldAt));
  if (toVerify.length > 1) await verifySales(db, { eventId: past.id, saleIds: toVerify.slice(0, -1).map((r) => r.id), actor: staff, now: jakartaAt(addDays(wftd.fields.endsOn, 2), 10) });

  // Both days closed; the second was Rp 2.000 short.
  for (const [index, day] of [firstDay, wftd.fields.endsOn].entries()) {
    const cash = await db
      .select({ total: sql<string>`coalesce(sum(${s.posSales.totalMinor}), 0)` })
      .from(s.posSales)
      .where(and(eq(s.posSales.eventId, past.id), eq(s.posSales.businessDate, day), eq(s.posSales.paymentMethod, "cash")));
    const expected = wftd.fields.openingFloatMinor + Number(cash[0]!.total);
    const short = index === 1 ? 200_000 : 0;
    await recordDayClose(db, {
      eventId: past.id,
      businessDate: day,
      openingFloatMinor: wftd.fields.openingFloatMinor,
      counted: countFor(expected - short),
      notes: short ? "Rp 2.000 short: change for a Rp 100.000 note was given twice in the evening rush" : "",
      actor: { userId: bazaarUser.id },
      actorRole: "bazaar",
      now: jakartaAt(day, 20),
    });
  }

  // The piece sold beyond what the stall held: the first task is resolved by a recount, a second stays open.
  const tasks = await db.select({ id: s.reconciliationTasks.id }).from(s.reconciliationTasks).where(eq(s.reconciliationTasks.eventId, past.id)).orderBy(asc(s.reconciliationTasks.id));
  if (tasks.length > 1) {
    await resolveTask(db, { eventId: past.id, taskId: tasks[0]!.id, resolution: "Two were on the display table and never scanned into the box count; written off against the send", writeOff: true, actor: staff, now: jakartaAt(addDays(wftd.fields.endsOn, 2), 11) });
  }
  await setEventStatus(db, { id: past.id, status: "closed", actor: staff });
  const back = await returnRemainingStock(db, { eventId: past.id, note: "What remained after World Fair Trade Day", actor: staff, now: jakartaAt(addDays(wftd.fields.endsOn, 1), 10) });
  const backLines = await db.select({ variantId: s.stockTransferLines.variantId, quantitySent: s.stockTransferLines.quantitySent }).from(s.stockTransferLines).where(eq(s.stockTransferLines.transferId, back.id));
  await receiveTransfer(db, { eventId: past.id, transferId: back.id, lines: backLines.map((l) => ({ variantId: l.variantId, quantityReceived: l.quantitySent, reason: "" })), actor: staff, now: jakartaAt(addDays(wftd.fields.endsOn, 2), 9) });

  // The upcoming bazaar, eleven days from today, so the sample stays current.
  const upcoming = bazaarEvents.upcoming;
  const today = now.toISOString().slice(0, 10);
  const startsOn = addDays(today, upcoming.startsInDays);
  const next = await createEvent(db, {
    fields: { ...upcoming.fields, startsOn, endsOn: addDays(startsOn, upcoming.days - 1), qrisPayload: qrisPayload(upcoming.fields.qrisMerchantName) },
    slug: upcoming.slug,
    actor: staff,
  });
  const firstBox = await sendTransfer(db, { eventId: next.id, direction: "to_event", lines: upcoming.sent.map(([index, quantity]) => ({ variantId: pieces[index]!.variantId, quantity })), note: "Box 1 of 2", actor: staff, now: new Date(now.getTime() - 2 * 24 * HOUR) });
  await receiveTransfer(db, { eventId: next.id, transferId: firstBox.id, lines: upcoming.sent.map(([index, quantity]) => ({ variantId: pieces[index]!.variantId, quantityReceived: quantity, reason: "" })), actor: { userId: bazaarUser.id }, now: new Date(now.getTime() - 24 * HOUR) });
  await sendTransfer(db, { eventId: next.id, direction: "to_event", lines: upcoming.onTheRoad.map(([index, quantity]) => ({ variantId: pieces[index]!.variantId, quantity })), note: "Box 2 of 2: the silver, in the locked case", actor: staff, now: new Date(now.getTime() - 3 * HOUR) });
}
