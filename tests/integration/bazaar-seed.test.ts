import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { dayCloses, events, posSales, posSetAsideSales, reconciliationTasks, stockLevels, stockMovements, stockTransferLines, stockTransfers, turnoverEntries } from "../../db/schema";
import { getDayCloseSheet } from "~/models/bazaar/day-close.server";
import { backends } from "../support/db";

/** The sample data shows a whole bazaar (issue 12.6): a past event from first box to last return, and one to come. */
describe.each(backends())("the seeded bazaar on $name", ({ open }) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await open();
  });
  afterAll(async () => {
    await handle?.close();
  });

  const eventBySlug = async (slug: string) => {
    const [event] = await handle.db.select().from(events).where(eq(events.slug, slug));
    if (!event) throw new Error(`no seeded event ${slug}`);
    return event;
  };

  it("closed World Fair Trade Day with every day closed across both tills, and nothing blocking the closes", async () => {
    const event = await eventBySlug("world-fair-trade-day-2026");
    expect(event.status).toBe("closed");
    const closes = await handle.db.select().from(dayCloses).where(eq(dayCloses.eventId, event.id)).orderBy(asc(dayCloses.businessDate));
    expect(closes.map((c) => c.businessDate)).toEqual(["2026-05-09", "2026-05-10"]);
    for (const close of closes) {
      const [cash] = await handle.db
        .select({ total: sql<string>`coalesce(sum(${posSales.totalMinor}), 0)` })
        .from(posSales)
        .where(and(eq(posSales.eventId, event.id), eq(posSales.businessDate, close.businessDate), eq(posSales.paymentMethod, "cash")));
      expect(close.expectedCashMinor).toBe(close.openingFloatMinor + Number(cash!.total));
      expect(close.overrideReason).toBeNull();
      const sheet = await getDayCloseSheet(handle.db, { eventId: event.id, businessDate: close.businessDate });
      expect(sheet.blocked).toBe(false);
    }
    // The second day was short, and says why.
    expect(closes[1]!.countedCashMinor).toBeLessThan(closes[1]!.expectedCashMinor);
    expect(closes[1]!.notes).not.toBe("");
    const methods = await handle.db.selectDistinct({ method: posSales.paymentMethod }).from(posSales).where(eq(posSales.eventId, event.id));
    expect(new Set(methods.map((m) => m.method))).toEqual(new Set(["cash", "qris", "card", "transfer"]));
  });

  it("counts every sale as bazaar turnover, split by producer, and the sum matches the sales", async () => {
    const event = await eventBySlug("world-fair-trade-day-2026");
    const [sales] = await handle.db.select({ usd: sql<string>`sum(${posSales.totalUsdMinor})`, n: sql<string>`count(*)` }).from(posSales).where(eq(posSales.eventId, event.id));
    const [turnover] = await handle.db
      .select({ usd: sql<string>`sum(${turnoverEntries.usdMinor})` })
      .from(turnoverEntries)
      .where(and(eq(turnoverEntries.channel, "bazaar"), sql`${turnoverEntries.sourceId} in (select client_sale_id from pos_sales where event_id = ${event.id})`));
    expect(Number(sales!.n)).toBeGreaterThan(20);
    expect(Number(turnover!.usd)).toBe(Number(sales!.usd));
  });

  it("leaves a reconciliation task open, one resolved, a QRIS sale to verify and a set-aside sale", async () => {
    const event = await eventBySlug("world-fair-trade-day-2026");
    const tasks = await handle.db.select({ status: reconciliationTasks.status }).from(reconciliationTasks).where(eq(reconciliationTasks.eventId, event.id));
    expect(tasks.map((t) => t.status).sort()).toEqual(["open", "resolved"]);
    const toVerify = await handle.db.select({ id: posSales.id }).from(posSales).where(and(eq(posSales.eventId, event.id), eq(posSales.paymentMethod, "qris"), isNull(posSales.verifiedAt)));
    expect(toVerify).toHaveLength(1);
    const setAside = await handle.db.select({ reason: posSetAsideSales.reason }).from(posSetAsideSales).where(eq(posSetAsideSales.eventId, event.id));
    expect(setAside).toHaveLength(1);
    expect(setAside[0]!.reason).toMatch(/piece/i);
  });

  it("sent what remained back to the warehouse, so the event holds nothing but its unexplained shortfall", async () => {
    const event = await eventBySlug("world-fair-trade-day-2026");
    const transfers = await handle.db.select({ direction: stockTransfers.direction, status: stockTransfers.status }).from(stockTransfers).where(eq(stockTransfers.eventId, event.id)).orderBy(asc(stockTransfers.id));
    expect(transfers).toEqual([
      { direction: "to_event", status: "received" },
      { direction: "to_warehouse", status: "received" },
    ]);
    const levels = await handle.db.select({ onHand: stockLevels.onHand }).from(stockLevels).where(eq(stockLevels.locationId, event.locationId));
    expect(levels.filter((l) => l.onHand > 0)).toEqual([]);
    expect(levels.filter((l) => l.onHand < 0)).toHaveLength(1);
    // The one difference on the way there has its reason.
    const differences = await handle.db
      .select({ reason: stockTransferLines.differenceReason })
      .from(stockTransferLines)
      .innerJoin(stockTransfers, eq(stockTransfers.id, stockTransferLines.transferId))
      .where(and(eq(stockTransfers.eventId, event.id), sql`${stockTransferLines.quantityReceived} <> ${stockTransferLines.quantitySent}`));
    expect(differences).toHaveLength(1);
    expect(differences[0]!.reason).not.toBe("");
  });

  it("has an upcoming bazaar with stock received and a second box on the road", async () => {
    const event = await eventBySlug("bazaar-akhir-tahun-kota-kasablanka");
    expect(event.status).toBe("planned");
    expect(event.startsOn > new Date().toISOString().slice(0, 10)).toBe(true);
    const transfers = await handle.db.select({ status: stockTransfers.status }).from(stockTransfers).where(eq(stockTransfers.eventId, event.id)).orderBy(asc(stockTransfers.id));
    expect(transfers.map((t) => t.status)).toEqual(["received", "sent"]);
    const [held] = await handle.db.select({ pieces: sql<string>`sum(${stockLevels.onHand})` }).from(stockLevels).where(eq(stockLevels.locationId, event.locationId));
    const [arrived] = await handle.db
      .select({ pieces: sql<string>`sum(${stockMovements.onHandDelta})` })
      .from(stockMovements)
      .where(and(eq(stockMovements.locationId, event.locationId), eq(stockMovements.kind, "transfer_in")));
    expect(Number(held!.pieces)).toBeGreaterThan(0);
    expect(Number(held!.pieces)).toBe(Number(arrived!.pieces));
    expect(event.qrisPayload).toMatch(/^000201.*6304[0-9A-F]{4}$/);
  });
});
