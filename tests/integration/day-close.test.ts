import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { auditLog, dayCloses, posSales, posSetAsideSales, reconciliationTasks, stockLevels, stockMovements, users } from "../../db/schema";
import { seedUsers } from "../../db/seed/data/reference";
import { jakartaDate } from "~/domain/bazaar/business-date";
import type { Actor } from "~/models/platform/audit.server";
import { getDayCloseSheet, listEventDays, recordDayClose, type RecordDayCloseInput } from "~/models/bazaar/day-close.server";
import { getEventSalesReport } from "~/models/bazaar/event-reports.server";
import { listQrisToVerify, listReconciliationTasks, listSetAsideSales, resolveSetAside, resolveTask, verifySales } from "~/models/bazaar/reconciliation.server";
import { recordMovements } from "~/models/stock/ledger.server";
import { action as closeAction, loader as closeLoader } from "~/routes/admin+/events.$id.close";
import { action as reconciliationAction } from "~/routes/admin+/events.$id.reconciliation";
import { loader as salesLoader } from "~/routes/admin+/events.$id.sales";
import { serveAppFrom, writableBackends } from "../support/db";
import { createEventFixture, insertSale, insertSetAside, newDeviceId, pickPieces, reportDevice } from "../support/bazaar";
import { refusalOf, sessionCookie, thrownResponse } from "../support/outcomes";

/** A three-day bazaar in May, closed from the morning after it ended. */
const days = ["2026-05-09", "2026-05-10", "2026-05-11"] as const;
const now = new Date("2026-05-12T03:00:00Z");
/** A Jakarta wall-clock time on an event day, as the instant it is. */
const wib = (day: string, time: string) => new Date(`${day}T${time}:00+07:00`);

describe.each(writableBackends())("close of day and event reports on $name", ({ open }) => {
  let handle: DbHandle;
  let restoreAppDb: () => void;
  let staff: Actor;
  let bazaar: Actor;
  let importerId: number;
  let pieces: Awaited<ReturnType<typeof pickPieces>>;
  beforeAll(async () => {
    handle = await open();
    restoreAppDb = serveAppFrom(handle);
    const idOf = async (role: string) => (await handle.db.select({ id: users.id }).from(users).where(eq(users.email, seedUsers.find((u) => u.role === role)!.email)))[0]!.id;
    staff = { userId: await idOf("staff"), ip: "203.0.113.9" };
    bazaar = { userId: await idOf("bazaar"), ip: "203.0.113.10" };
    importerId = await idOf("importer");
    pieces = await pickPieces(handle.db);
  });
  afterAll(async () => {
    restoreAppDb();
    await handle.close();
  });

  const closesOf = (eventId: number) => handle.db.select().from(dayCloses).where(eq(dayCloses.eventId, eventId));
  const close = (input: Partial<RecordDayCloseInput> & { eventId: number; businessDate: string }) =>
    recordDayClose(handle.db, { openingFloatMinor: 50_000_000, counted: {}, notes: "", actor: staff, actorRole: "staff", now, ...input });

  /** Four sales on the first day (one per method), one late on the first evening, one on the second day. */
  async function soldEvent() {
    const event = await createEventFixture(handle.db, { startsOn: days[0], endsOn: days[2], openingFloatMinor: 50_000_000 });
    const till = newDeviceId();
    const [a, b, c] = pieces;
    const sale = (deviceSeq: number, soldAt: Date, paymentMethod: "cash" | "qris" | "card" | "transfer", lines: { variantId: number; quantity: number; unitPriceMinor: number }[], extra = {}) =>
      insertSale(handle.db, { eventId: event.id, deviceId: till, deviceSeq, soldAt, paymentMethod, lines, ...extra });
    await sale(1, wib(days[0], "10:15"), "cash", [{ variantId: a.variantId, quantity: 1, unitPriceMinor: 15_000_000 }]);
    await sale(2, wib(days[0], "10:40"), "qris", [{ variantId: b.variantId, quantity: 2, unitPriceMinor: 7_500_000 }], { offline: true, paymentReference: "QR-778" });
    await sale(3, wib(days[0], "13:05"), "card", [{ variantId: a.variantId, quantity: 1, unitPriceMinor: 15_000_000 }, { variantId: c.variantId, quantity: 1, unitPriceMinor: 5_000_000 }]);
    await sale(4, wib(days[0], "13:55"), "transfer", [{ variantId: c.variantId, quantity: 1, unitPriceMinor: 5_000_000 }]);
    // 23:30 in Jakarta is still the first day, though it is already 16:30 UTC.
    await sale(5, wib(days[0], "23:30"), "cash", [{ variantId: c.variantId, quantity: 3, unitPriceMinor: 5_000_000 }]);
    // 06:30 in Jakarta on the second day is 23:30 UTC on the first: it belongs to the second day.
    await sale(6, wib(days[1], "06:30"), "cash", [{ variantId: b.variantId, quantity: 1, unitPriceMinor: 7_500_000 }]);
    await reportDevice(handle.db, { id: till, eventId: event.id, label: "Till 1", issuedSeq: 6, pendingCount: 0 });
    return { event, till };
  }

  it("adds the day's sales by payment method from the rows, across the Jakarta day, and records a balanced close", async () => {
    const { event } = await soldEvent();
    const sheet = await getDayCloseSheet(handle.db, { eventId: event.id, businessDate: days[0], now });
    expect(sheet.totals).toMatchObject({ saleCount: 5, cashSalesMinor: 30_000_000, qrisMinor: 15_000_000, cardMinor: 20_000_000, transferMinor: 5_000_000, totalMinor: 70_000_000, expectedCashMinor: 80_000_000 });
    expect(sheet.blocked).toBe(false);
    expect(sheet.devices).toEqual([expect.objectContaining({ label: "Till 1", missing: [], missingCount: 0, waiting: 0, highestSeen: 6 })]);
    expect(sheet.close).toBeNull();

    // Rp 800.000 in the drawer: seven Rp 100.000 notes, two Rp 50.000 notes.
    const done = await close({ eventId: event.id, businessDate: days[0], counted: { "10000000": 7, "5000000": 2 } });
    expect(done).toMatchObject({ differenceMinor: 0, overridden: false });
    const [row] = await closesOf(event.id);
    expect(row).toMatchObject({ businessDate: days[0], openingFloatMinor: 50_000_000, cashSalesMinor: 30_000_000, expectedCashMinor: 80_000_000, countedCashMinor: 80_000_000, qrisMinor: 15_000_000, cardMinor: 20_000_000, transferMinor: 5_000_000, saleCount: 5, denominations: { "10000000": 7, "5000000": 2 }, overrideReason: null, closedBy: staff.userId });
    const audit = await handle.db.select().from(auditLog).where(and(eq(auditLog.entityType, "day_close"), eq(auditLog.entityId, `${event.id}:${days[0]}`)));
    expect(audit).toEqual([expect.objectContaining({ action: "close_day", userId: staff.userId })]);

    // A second close of the same day is a conflict and writes nothing.
    expect((await refusalOf(() => close({ eventId: event.id, businessDate: days[0], counted: { "10000000": 8 } }))).kind).toBe("conflict");
    expect(await closesOf(event.id)).toHaveLength(1);

    // A sale of that day that syncs after the close is shown, not silently folded in.
    await insertSale(handle.db, { eventId: event.id, deviceId: newDeviceId(), deviceSeq: 1, soldAt: wib(days[0], "16:00"), paymentMethod: "cash", lines: [{ variantId: pieces[0].variantId, quantity: 1, unitPriceMinor: 15_000_000 }] });
    const after = await getDayCloseSheet(handle.db, { eventId: event.id, businessDate: days[0], now });
    expect(after.close).toMatchObject({ lateSaleCount: 1, lateTotalMinor: 15_000_000, differenceMinor: 0, closedByName: expect.any(String) });

    const list = await listEventDays(handle.db, { eventId: event.id, now });
    expect(list.days.map((d) => [d.businessDate, d.close?.differenceMinor ?? null, d.sales.count])).toEqual([[days[0], 0, 6], [days[1], null, 1], [days[2], null, 0]]);
    expect(list.allClosed).toBe(false);
  });

  it("a float other than the event's needs a note, so a typed-in float cannot hide missing cash", async () => {
    const { event } = await soldEvent();
    // Rp 300.000 of cash sales: with the float typed as 0 the drawer would read "even" with Rp 500.000 gone.
    const refusal = await refusalOf(() => close({ eventId: event.id, businessDate: days[0], openingFloatMinor: 0, counted: { "10000000": 3 } }));
    expect(refusal).toMatchObject({ kind: "invalid", field: "notes" });
    expect(refusal.message).toMatch(/Rp\s500\.000/);
    expect(await closesOf(event.id)).toHaveLength(0);
    await close({ eventId: event.id, businessDate: days[0], openingFloatMinor: 0, counted: { "10000000": 3 }, notes: "The float stayed in the office safe today" });
    expect(await closesOf(event.id)).toEqual([expect.objectContaining({ openingFloatMinor: 0, expectedCashMinor: 30_000_000, notes: "The float stayed in the office safe today" })]);
  });

  it("lists and closes a day with sales outside the event's days (a till's wrong clock, dates edited later)", async () => {
    const { event, till } = await soldEvent();
    await insertSale(handle.db, { eventId: event.id, deviceId: till, deviceSeq: 7, soldAt: wib("2026-05-07", "11:00"), paymentMethod: "cash", lines: [{ variantId: pieces[0].variantId, quantity: 1, unitPriceMinor: 15_000_000 }] });
    await reportDevice(handle.db, { id: till, eventId: event.id, label: "Till 1", issuedSeq: 7, pendingCount: 0 });
    const list = await listEventDays(handle.db, { eventId: event.id, now });
    expect(list.days.map((d) => [d.businessDate, d.outsideEvent])).toEqual([["2026-05-07", true], [days[0], false], [days[1], false], [days[2], false]]);
    const sheet = await getDayCloseSheet(handle.db, { eventId: event.id, businessDate: "2026-05-07", now });
    expect(sheet.totals).toMatchObject({ saleCount: 1, cashSalesMinor: 15_000_000 });
    await close({ eventId: event.id, businessDate: "2026-05-07", counted: { "10000000": 6, "5000000": 1 } });
    // A day with nothing on it outside the event is still not one of its days.
    expect((await refusalOf(() => getDayCloseSheet(handle.db, { eventId: event.id, businessDate: "2026-05-06", now }))).kind).toBe("invalid");
  });

  it("two tills closing the same day at once leave one close and a conflict", async () => {
    const { event } = await soldEvent();
    const counted = { "5000000": 11, "2000000": 1, "500000": 1 };
    const outcomes = await Promise.allSettled([close({ eventId: event.id, businessDate: days[1], counted }), close({ eventId: event.id, businessDate: days[1], counted, actor: bazaar, actorRole: "bazaar" })]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ kind: "conflict" });
    expect(await closesOf(event.id)).toHaveLength(1);
  });

  it("refuses a count that differs from the expected cash without a note, and records it with one", async () => {
    const { event } = await soldEvent();
    // Expected: Rp 500.000 float + Rp 75.000 cash = Rp 575.000; counted Rp 570.000.
    const counted = { "5000000": 11, "2000000": 1 };
    const refusal = await refusalOf(() => close({ eventId: event.id, businessDate: days[1], counted }));
    expect(refusal).toMatchObject({ kind: "invalid", field: "notes" });
    expect(await closesOf(event.id)).toHaveLength(0);
    const done = await close({ eventId: event.id, businessDate: days[1], counted, notes: "  Gave Rp 5.000 too much change at noon.  " });
    expect(done.differenceMinor).toBe(-500_000);
    expect((await closesOf(event.id))[0]).toMatchObject({ expectedCashMinor: 57_500_000, countedCashMinor: 57_000_000, notes: "Gave Rp 5.000 too much change at noon." });
  });

  it("blocks the close while a till misses numbers or holds sales; the till user cannot override, a supervisor can with a reason", async () => {
    const event = await createEventFixture(handle.db, { startsOn: days[0], endsOn: days[2] });
    const gappy = newDeviceId();
    const holding = newDeviceId();
    for (const seq of [1, 2, 4]) await insertSale(handle.db, { eventId: event.id, deviceId: gappy, deviceSeq: seq, soldAt: wib(days[0], `1${seq}:00`), paymentMethod: "card", lines: [{ variantId: pieces[0].variantId, quantity: 1, unitPriceMinor: 10_000_000 }] });
    await reportDevice(handle.db, { id: gappy, eventId: event.id, label: "Till A", issuedSeq: 4, pendingCount: 0 });
    await reportDevice(handle.db, { id: holding, eventId: event.id, label: "Till B", issuedSeq: 2, pendingCount: 2 });

    const sheet = await getDayCloseSheet(handle.db, { eventId: event.id, businessDate: days[0], now });
    expect(sheet.blocked).toBe(true);
    expect(sheet.devices.map((d) => [d.label, d.missing, d.waiting])).toEqual([["Till A", [3], 0], ["Till B", [], 2]]);

    const input = { eventId: event.id, businessDate: days[0], openingFloatMinor: 0 };
    expect(await refusalOf(() => close(input))).toMatchObject({ kind: "conflict", field: "overrideReason", message: expect.stringMatching(/Till A, Till B/) });
    expect((await refusalOf(() => close({ ...input, overrideReason: "Till B's tablet broke", actor: bazaar, actorRole: "bazaar" }))).kind).toBe("forbidden");
    expect((await refusalOf(() => close({ ...input, overrideReason: "   " }))).kind).toBe("conflict");
    expect(await closesOf(event.id)).toHaveLength(0);

    await close({ ...input, overrideReason: "Till B's tablet broke; its two sales are on paper", actor: staff, actorRole: "staff" });
    const [row] = await closesOf(event.id);
    expect(row).toMatchObject({ overrideReason: "Till B's tablet broke; its two sales are on paper", overriddenBy: staff.userId, saleCount: 3, cardMinor: 30_000_000 });
    expect(await handle.db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.entityType, "day_close"), eq(auditLog.entityId, `${event.id}:${days[0]}`)))).toEqual([{ action: "close_day_override" }]);

    // A set-aside sale used its number: once number 3 is known as set aside and Till B has synced, nothing blocks.
    await insertSetAside(handle.db, { eventId: event.id, deviceId: gappy, deviceSeq: 3, reason: "lines: Unknown piece (variant 999999)", payload: { deviceSeq: 3 } });
    await reportDevice(handle.db, { id: holding, eventId: event.id, label: "Till B", issuedSeq: 0, pendingCount: 0 });
    expect((await getDayCloseSheet(handle.db, { eventId: event.id, businessDate: days[1], now })).blocked).toBe(false);
    await close({ eventId: event.id, businessDate: days[1], openingFloatMinor: 0, actor: bazaar, actorRole: "bazaar" });
    expect((await closesOf(event.id)).find((c) => c.businessDate === days[1])).toMatchObject({ overrideReason: null, closedBy: bazaar.userId });
  });

  it("refuses a day outside the event, a day not yet come, and counts that are not notes or whole pieces", async () => {
    const { event } = await soldEvent();
    expect(await refusalOf(() => close({ eventId: event.id, businessDate: "2026-05-08" }))).toMatchObject({ kind: "invalid", field: "day" });
    expect(await refusalOf(() => close({ eventId: event.id, businessDate: days[2], now: new Date("2026-05-10T12:00:00Z") }))).toMatchObject({ kind: "invalid", message: expect.stringMatching(/not come yet/) });
    expect((await refusalOf(() => close({ eventId: event.id, businessDate: days[0], counted: { "7500000": 1 } }))).kind).toBe("invalid");
    expect((await refusalOf(() => close({ eventId: event.id, businessDate: days[0], counted: { "10000000": -2 } }))).kind).toBe("invalid");
    expect((await refusalOf(() => close({ eventId: event.id, businessDate: days[0], openingFloatMinor: -1 }))).kind).toBe("invalid");
    expect((await refusalOf(() => close({ eventId: 2_147_483_647, businessDate: days[0] }))).kind).toBe("not_found");
    expect(await closesOf(event.id)).toHaveLength(0);
  });

  it("reports sales by Jakarta hour, piece, producer group and payment method, for the event and for one day", async () => {
    const { event } = await soldEvent();
    const [a, b, c] = pieces;
    const whole = await getEventSalesReport(handle.db, { eventId: event.id });
    expect(whole).toMatchObject({ saleCount: 6, totalMinor: 77_500_000, pieceCount: 10 });
    expect(whole.byMethod).toEqual([
      { paymentMethod: "cash", count: 3, totalMinor: 37_500_000 },
      { paymentMethod: "qris", count: 1, totalMinor: 15_000_000 },
      { paymentMethod: "card", count: 1, totalMinor: 20_000_000 },
      { paymentMethod: "transfer", count: 1, totalMinor: 5_000_000 },
    ]);
    expect(whole.byHour).toEqual([
      { hour: 6, count: 1, totalMinor: 7_500_000 },
      { hour: 10, count: 2, totalMinor: 30_000_000 },
      { hour: 13, count: 2, totalMinor: 25_000_000 },
      { hour: 23, count: 1, totalMinor: 15_000_000 },
    ]);
    const byPiece = Object.fromEntries(whole.byProduct.map((p) => [p.variantId, [p.quantity, p.totalMinor]]));
    expect(byPiece).toEqual({ [a.variantId]: [2, 30_000_000], [b.variantId]: [3, 22_500_000], [c.variantId]: [5, 25_000_000] });
    expect(whole.byProducer.map((p) => [p.producerId, p.quantity, p.totalMinor])).toEqual([
      [a.producerId, 5, 52_500_000],
      [c.producerId, 5, 25_000_000],
    ]);

    const secondDay = await getEventSalesReport(handle.db, { eventId: event.id, day: days[1] });
    expect(secondDay).toMatchObject({ saleCount: 1, totalMinor: 7_500_000, pieceCount: 1, byHour: [{ hour: 6, count: 1, totalMinor: 7_500_000 }] });
    expect(secondDay.byProduct.map((p) => p.variantId)).toEqual([b.variantId]);
  });

  it("resolves a shortfall with a write-off through the ledger, and one without, each once", async () => {
    const event = await createEventFixture(handle.db, { startsOn: days[0], endsOn: days[2] });
    const [a, b] = pieces;
    const { id: saleId } = await insertSale(handle.db, { eventId: event.id, deviceId: newDeviceId(), deviceSeq: 1, soldAt: wib(days[0], "11:00"), paymentMethod: "cash", lines: [{ variantId: a.variantId, quantity: 2, unitPriceMinor: 1_000_000 }, { variantId: b.variantId, quantity: 1, unitPriceMinor: 1_000_000 }] });
    // The event had none of either: the ledger takes it below zero and opens a task per piece.
    await handle.db.transaction((tx) => recordMovements(tx, { movements: [a, b].map((p, i) => ({ kind: "sale" as const, quantity: i === 0 ? 2 : 1, fromReservation: false, variantId: p.variantId, locationId: event.locationId, posSaleId: saleId })) }));
    const tasks = await listReconciliationTasks(handle.db, { eventId: event.id });
    expect(tasks.map((t) => [t.sku, t.shortfall, t.status, t.onHand, t.saleId])).toEqual(expect.arrayContaining([[a.sku, 2, "open", -2, saleId], [b.sku, 1, "open", -1, saleId]]));
    const taskOf = (sku: string) => tasks.find((t) => t.sku === sku)!;
    const level = async (variantId: number) => (await handle.db.select({ onHand: stockLevels.onHand }).from(stockLevels).where(and(eq(stockLevels.variantId, variantId), eq(stockLevels.locationId, event.locationId))))[0]!.onHand;

    expect((await refusalOf(() => resolveTask(handle.db, { eventId: event.id, taskId: taskOf(a.sku).id, resolution: "  ", writeOff: true, actor: staff }))).kind).toBe("invalid");
    expect(await resolveTask(handle.db, { eventId: event.id, taskId: taskOf(a.sku).id, resolution: "Two scarves were never unpacked from the transfer", writeOff: true, actor: staff })).toMatchObject({ writtenOff: 2 });
    expect(await level(a.variantId)).toBe(0);
    const adjustments = await handle.db.select({ kind: stockMovements.kind, onHandDelta: stockMovements.onHandDelta, reason: stockMovements.reason }).from(stockMovements).where(and(eq(stockMovements.variantId, a.variantId), eq(stockMovements.locationId, event.locationId), eq(stockMovements.kind, "adjustment")));
    expect(adjustments).toEqual([{ kind: "adjustment", onHandDelta: 2, reason: "Reconciliation write-off: Two scarves were never unpacked from the transfer" }]);
    expect((await refusalOf(() => resolveTask(handle.db, { eventId: event.id, taskId: taskOf(a.sku).id, resolution: "again", writeOff: true, actor: staff }))).kind).toBe("conflict");
    expect(await level(a.variantId)).toBe(0);

    await resolveTask(handle.db, { eventId: event.id, taskId: taskOf(b.sku).id, resolution: "Counted in with the next transfer", writeOff: false, actor: staff });
    expect(await level(b.variantId)).toBe(-1);
    expect((await handle.db.select().from(reconciliationTasks).where(eq(reconciliationTasks.eventId, event.id))).map((t) => [t.status, t.resolvedBy])).toEqual([["resolved", staff.userId], ["resolved", staff.userId]]);
    // Another event's task is not this event's to resolve.
    const other = await createEventFixture(handle.db, { startsOn: days[0], endsOn: days[0] });
    expect((await refusalOf(() => resolveTask(handle.db, { eventId: other.id, taskId: taskOf(b.sku).id, resolution: "x", writeOff: false, actor: staff }))).kind).toBe("not_found");
  });

  it("lists QRIS sales still to verify and marks them verified once; set-aside sales are listed with their payload and resolved once", async () => {
    const { event, till } = await soldEvent();
    const toVerify = await listQrisToVerify(handle.db, { eventId: event.id });
    expect(toVerify).toEqual([expect.objectContaining({ totalMinor: 15_000_000, paymentReference: "QR-778", deviceLabel: "Till 1", deviceSeq: 2 })]);
    const other = await soldEvent();
    const otherQris = (await listQrisToVerify(handle.db, { eventId: other.event.id }))[0]!.id;
    expect((await refusalOf(() => verifySales(handle.db, { eventId: event.id, saleIds: [toVerify[0]!.id, otherQris], actor: staff }))).kind).toBe("not_found");
    expect((await refusalOf(() => verifySales(handle.db, { eventId: event.id, saleIds: [], actor: staff }))).kind).toBe("invalid");
    expect(await verifySales(handle.db, { eventId: event.id, saleIds: [toVerify[0]!.id], actor: staff })).toEqual({ verified: 1 });
    expect((await handle.db.select({ verifiedBy: posSales.verifiedBy }).from(posSales).where(eq(posSales.id, toVerify[0]!.id)))[0]!.verifiedBy).toBe(staff.userId);
    expect(await listQrisToVerify(handle.db, { eventId: event.id })).toEqual([]);
    expect((await refusalOf(() => verifySales(handle.db, { eventId: event.id, saleIds: [toVerify[0]!.id], actor: staff }))).kind).toBe("conflict");

    const id = await insertSetAside(handle.db, { eventId: event.id, deviceId: till, deviceSeq: 7, reason: "tenderedMinor: Cash tendered is less than the total", payload: { deviceSeq: 7, totalMinor: 100, tenderedMinor: 50 } });
    const [listed] = await listSetAsideSales(handle.db, { eventId: event.id });
    expect(listed).toMatchObject({ id, deviceLabel: "Till 1", deviceSeq: 7, reason: "tenderedMinor: Cash tendered is less than the total", resolvedAt: null });
    expect(listed!.payloadText).toContain('"tenderedMinor": 50');
    await resolveSetAside(handle.db, { eventId: event.id, id, resolution: "Rung up again by hand", actor: staff });
    expect((await handle.db.select().from(posSetAsideSales).where(eq(posSetAsideSales.id, id)))[0]).toMatchObject({ resolution: "Rung up again by hand", resolvedBy: staff.userId });
    expect((await refusalOf(() => resolveSetAside(handle.db, { eventId: event.id, id, resolution: "again", actor: staff }))).kind).toBe("conflict");
  });

  describe("through the pages", () => {
    type Result = Response | { data: { message: string; fields: Record<string, string> }; init: ResponseInit | null };
    const statusOf = (result: Result) => (result instanceof Response ? result.status : result.init?.status);
    const today = jakartaDate(new Date());
    const shift = (daysFromToday: number) => jakartaDate(new Date(Date.now() + daysFromToday * 86_400_000));

    /** An event on now: yesterday to tomorrow, with one cash sale yesterday. */
    async function currentEvent() {
      const event = await createEventFixture(handle.db, { startsOn: shift(-1), endsOn: shift(1), openingFloatMinor: 20_000_000 });
      const till = newDeviceId();
      await insertSale(handle.db, { eventId: event.id, deviceId: till, deviceSeq: 1, soldAt: new Date(Date.now() - 86_400_000), paymentMethod: "cash", lines: [{ variantId: pieces[0].variantId, quantity: 1, unitPriceMinor: 10_000_000 }] });
      return { event, till };
    }
    const post = async (path: string, run: typeof closeAction | typeof reconciliationAction, eventId: number, userId: number, body: Record<string, string | string[]>) => {
      const form = new URLSearchParams();
      for (const [k, v] of Object.entries(body)) for (const value of Array.isArray(v) ? v : [v]) form.append(k, value);
      return (await run({ request: new Request(`http://localhost/admin/events/${eventId}/${path}`, { method: "POST", body: form, headers: { Cookie: await sessionCookie(handle.db, userId) } }), params: { id: String(eventId) }, context: { clientIp: "203.0.113.9" } })) as unknown as Result;
    };
    const postClose = (eventId: number, userId: number, body: Record<string, string>) => post("close", closeAction, eventId, userId, { intent: "close", openingFloat: "200.000", ...body });
    const get = async (run: typeof closeLoader | typeof salesLoader, path: string, eventId: number, userId?: number) =>
      run({ request: new Request(`http://localhost/admin/events/${eventId}/${path}`, { headers: userId ? { Cookie: await sessionCookie(handle.db, userId) } : {} }), params: { id: String(eventId) }, context: {} });

    it("answers bad input with a 4xx and writes nothing, and lets the till user close a clean day", async () => {
      const { event } = await currentEvent();
      const yesterday = shift(-1);
      const bad: [Record<string, string>, number][] = [
        [{ day: yesterday, count_10000000: "-1" }, 400],
        [{ day: yesterday, count_10000000: "1.5" }, 400],
        [{ day: yesterday, count_7500000: "1" }, 400],
        [{ day: yesterday, openingFloat: "-5" }, 400],
        [{ day: yesterday, openingFloat: "lots" }, 400],
        [{ day: "2026-02-30" }, 400],
        [{ day: "yesterday" }, 400],
        [{ day: shift(-5) }, 400],
        [{ day: shift(1) }, 400],
        // Expected Rp 300.000 (float Rp 200.000 + Rp 100.000 cash); Rp 100.000 counted and no note.
        [{ day: yesterday, count_10000000: "1" }, 400],
      ];
      for (const [body, status] of bad) expect([body, statusOf(await postClose(event.id, bazaar.userId, body))]).toEqual([body, status]);
      expect(await thrownResponse(() => postClose(event.id, bazaar.userId, { intent: "explode", day: yesterday }))).toHaveProperty("status", 400);
      expect(await thrownResponse(() => post("close", closeAction, 2_147_483_648, staff.userId, { intent: "close", day: yesterday }))).toHaveProperty("status", 404);
      expect(await closesOf(event.id)).toHaveLength(0);

      const ok = await postClose(event.id, bazaar.userId, { day: yesterday, count_10000000: "3" });
      expect(statusOf(ok)).toBe(302);
      expect(await closesOf(event.id)).toEqual([expect.objectContaining({ businessDate: yesterday, countedCashMinor: 30_000_000, expectedCashMinor: 30_000_000, closedBy: bazaar.userId })]);
      expect(statusOf(await postClose(event.id, staff.userId, { day: yesterday, count_10000000: "3" }))).toBe(409);
      expect(await closesOf(event.id)).toHaveLength(1);
    });

    it("refuses the till user's override with a 403 and takes a supervisor's", async () => {
      const { event, till } = await currentEvent();
      await reportDevice(handle.db, { id: till, eventId: event.id, label: "Till 1", issuedSeq: 3, pendingCount: 2 });
      const body = { day: today, count_10000000: "2", overrideReason: "The till's battery died with two sales on it" };
      expect(statusOf(await postClose(event.id, bazaar.userId, { day: today }))).toBe(409);
      expect(statusOf(await postClose(event.id, bazaar.userId, body))).toBe(403);
      expect(await closesOf(event.id)).toHaveLength(0);
      expect(statusOf(await postClose(event.id, staff.userId, body))).toBe(302);
      expect(await closesOf(event.id)).toEqual([expect.objectContaining({ overrideReason: body.overrideReason, overriddenBy: staff.userId })]);
    });

    it("checks the role and the day filter on every page, and only staff settle reconciliation", async () => {
      const { event } = await currentEvent();
      expect((await thrownResponse(() => get(closeLoader, "close", event.id))).status).toBe(302);
      expect((await thrownResponse(() => get(closeLoader, "close", event.id, importerId))).status).toBe(403);
      expect((await thrownResponse(() => get(salesLoader, "sales", event.id, importerId))).status).toBe(403);
      expect((await thrownResponse(() => get(salesLoader, "sales?day=2026-13-01", event.id, staff.userId))).status).toBe(400);
      expect((await thrownResponse(() => get(closeLoader, "close?day=2026-02-30", event.id, staff.userId))).status).toBe(400);
      expect((await thrownResponse(() => get(closeLoader, `close?day=${shift(-9)}`, event.id, staff.userId))).status).toBe(400);
      const page = (await get(closeLoader, `close?day=${shift(-1)}`, event.id, bazaar.userId)) as { sheet: { totals: { cashSalesMinor: number } }; supervisor: boolean; floatInput: string };
      expect(page).toMatchObject({ sheet: { totals: { cashSalesMinor: 10_000_000 } }, supervisor: false, floatInput: "200000" });
      const sales = (await get(salesLoader, `sales?day=${shift(-1)}`, event.id, bazaar.userId)) as { report: { saleCount: number } };
      expect(sales.report.saleCount).toBe(1);

      const qris = await insertSale(handle.db, { eventId: event.id, deviceId: newDeviceId(), deviceSeq: 1, soldAt: new Date(), paymentMethod: "qris", offline: true, lines: [{ variantId: pieces[1].variantId, quantity: 1, unitPriceMinor: 5_000_000 }] });
      expect((await thrownResponse(() => post("reconciliation", reconciliationAction, event.id, bazaar.userId, { intent: "verify-qris", saleIds: [String(qris.id)] }))).status).toBe(403);
      expect(statusOf(await post("reconciliation", reconciliationAction, event.id, staff.userId, { intent: "verify-qris", saleIds: ["2147483648"] }))).toBe(400);
      expect(statusOf(await post("reconciliation", reconciliationAction, event.id, staff.userId, { intent: "resolve-task", taskId: "2147483647", resolution: "x" }))).toBe(404);
      expect(statusOf(await post("reconciliation", reconciliationAction, event.id, staff.userId, { intent: "resolve-set-aside", setAsideId: "1", resolution: "" }))).toBe(400);
      expect((await handle.db.select({ verifiedAt: posSales.verifiedAt }).from(posSales).where(eq(posSales.id, qris.id)))[0]!.verifiedAt).toBeNull();
      expect(statusOf(await post("reconciliation", reconciliationAction, event.id, staff.userId, { intent: "verify-qris", saleIds: [String(qris.id)] }))).toBe(302);
      expect((await handle.db.select({ verifiedBy: posSales.verifiedBy }).from(posSales).where(eq(posSales.id, qris.id)))[0]!.verifiedBy).toBe(staff.userId);
    });
  });
});
