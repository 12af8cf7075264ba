import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { and, count, eq, inArray, sum } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, projectRoot, type DbHandle } from "../../db/client.server";
import { exchangeRates, posDevices, posSaleLines, posSales, posSetAsideSales, reconciliationTasks, stockLevels, stockMovements, turnoverEntries, users } from "../../db/schema";
import { seedUsers } from "../../db/seed/data/reference";
import { convertToUsd, formatMoney, money } from "~/domain/money/money";
import { isRefusal } from "~/domain/platform/refusal";
import { recordSyncBatch } from "~/models/bazaar/pos-sync.server";
import { writableBackends } from "../support/db";
import { testDataDir, testDatabaseUrl } from "../support/paths";
import { createSyncFixture, makeTill, type SyncFixture } from "../support/pos-sync";

const now = new Date("2026-12-01T06:00:00Z");

describe.each(writableBackends())("POS sync on $name", ({ open }) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await open();
  });
  afterAll(async () => {
    await handle.close();
  });

  const sync = (fixture: SyncFixture, batch: ReturnType<ReturnType<typeof makeTill>["batch"]>) => recordSyncBatch(handle.db, { batch, user: { id: fixture.userId }, now });

  /** Everything a sale writes, for one event: what a replay must leave unchanged. */
  async function footprint(fixture: SyncFixture) {
    const db = handle.db;
    const sales = await db.select({ id: posSales.id, clientSaleId: posSales.clientSaleId }).from(posSales).where(eq(posSales.eventId, fixture.eventId));
    const ids = sales.map((s) => s.id);
    const ulids = sales.map((s) => s.clientSaleId);
    const [lines] = ids.length ? await db.select({ n: count() }).from(posSaleLines).where(inArray(posSaleLines.saleId, ids)) : [{ n: 0 }];
    const [moves] = await db.select({ n: count(), quantity: sum(stockMovements.onHandDelta).mapWith(Number) }).from(stockMovements).where(and(eq(stockMovements.locationId, fixture.locationId), eq(stockMovements.kind, "sale")));
    const [turnover] = ulids.length ? await db.select({ n: count() }).from(turnoverEntries).where(and(eq(turnoverEntries.channel, "bazaar"), inArray(turnoverEntries.sourceId, ulids))) : [{ n: 0 }];
    const [setAside] = await db.select({ n: count() }).from(posSetAsideSales).where(eq(posSetAsideSales.eventId, fixture.eventId));
    return { sales: sales.length, lines: lines!.n, movements: moves!.n, soldQuantity: -(moves!.quantity ?? 0), turnover: turnover!.n, setAside: setAside!.n };
  }

  const onHand = async (fixture: SyncFixture, variantId: number) =>
    (await handle.db.select({ onHand: stockLevels.onHand }).from(stockLevels).where(and(eq(stockLevels.variantId, variantId), eq(stockLevels.locationId, fixture.locationId))))[0]?.onHand;

  it("records each sale of the same outbox once, however often it is replayed", async () => {
    const fixture = await createSyncFixture(handle.db);
    const till = makeTill(fixture);
    const [a, b, c] = fixture.pieces;
    const sales = [
      till.sale(),
      till.sale({ paymentMethod: "qris", lines: [{ variantId: a!.variantId, quantity: 2, unitPriceMinor: a!.priceMinor }, { variantId: c!.variantId, quantity: 1, unitPriceMinor: c!.priceMinor }] }),
      till.sale({ paymentMethod: "card", lines: [{ variantId: b!.variantId, quantity: 3, unitPriceMinor: b!.priceMinor }] }),
      till.sale({ paymentMethod: "transfer" }),
    ];
    const first = await sync(fixture, till.batch(sales));
    expect(first).toMatchObject({ recorded: 4, duplicates: 0, setAside: 0 });
    expect(first.outcomes.map((o) => o.clientSaleId)).toEqual(sales.map((s) => s.clientSaleId));
    const after = await footprint(fixture);
    expect(after).toEqual({ sales: 4, lines: 5, movements: 5, soldQuantity: 8, turnover: 5, setAside: 0 });

    for (let replay = 0; replay < 3; replay++) {
      const again = await sync(fixture, till.batch(sales));
      expect(again).toMatchObject({ recorded: 0, duplicates: 4, setAside: 0 });
      expect(again.outcomes.every((o) => o.status === "duplicate")).toBe(true);
    }
    expect(await footprint(fixture)).toEqual(after);
    expect(await onHand(fixture, a!.variantId)).toBe(50 - 4);
  });

  it("records each sale once when the same outbox arrives three times at the same moment", async () => {
    const fixture = await createSyncFixture(handle.db);
    const till = makeTill(fixture);
    const sales = Array.from({ length: 6 }, () => till.sale());
    const results = await Promise.all([1, 2, 3].map(() => sync(fixture, till.batch(sales))));
    expect(results.reduce((n, r) => n + r.recorded, 0)).toBe(6);
    expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(12);
    expect(await footprint(fixture)).toEqual({ sales: 6, lines: 6, movements: 6, soldQuantity: 6, turnover: 6, setAside: 0 });
  });

  it("records both sales when two tills sell the last piece offline, and opens one reconciliation task", async () => {
    const fixture = await createSyncFixture(handle.db, { stock: 1 });
    const piece = fixture.pieces[2]!;
    const lines = [{ variantId: piece.variantId, quantity: 1, unitPriceMinor: piece.priceMinor }];
    const left = makeTill(fixture, "Left");
    const right = makeTill(fixture, "Right");
    const [fromLeft, fromRight] = await Promise.all([sync(fixture, left.batch([left.sale({ lines })])), sync(fixture, right.batch([right.sale({ lines })]))]);
    expect(fromLeft.recorded + fromRight.recorded).toBe(2);
    const shortfalls = [...fromLeft.outcomes, ...fromRight.outcomes].map((o) => o.status === "recorded" && o.shortfall);
    expect(shortfalls.sort()).toEqual([false, true]);
    expect(await onHand(fixture, piece.variantId)).toBe(-1);
    const tasks = await handle.db.select().from(reconciliationTasks).where(eq(reconciliationTasks.eventId, fixture.eventId));
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ variantId: piece.variantId, shortfall: 1, status: "open" });
  });

  it("sets a bad sale aside with its reason and records the others around it, once", async () => {
    const fixture = await createSyncFixture(handle.db);
    const till = makeTill(fixture);
    const piece = fixture.pieces[0]!;
    const good = () => till.sale();
    const unknownVariant = till.sale({ lines: [{ variantId: 2_000_000_000, quantity: 1, unitPriceMinor: 10_000_000 }] });
    const negative = { ...till.sale(), lines: [{ variantId: piece.variantId, quantity: -1, unitPriceMinor: piece.priceMinor }], totalMinor: -piece.priceMinor };
    const shortCash = { ...till.sale(), tenderedMinor: 1_000_000, changeMinor: 0 };
    const notUlid = { ...till.sale(), clientSaleId: "sale-42" };
    const badTotal = { ...till.sale(), totalMinor: piece.priceMinor + 1, tenderedMinor: piece.priceMinor + 1, changeMinor: 0 };
    const sales = [good(), unknownVariant, good(), negative, shortCash, notUlid, badTotal, null, good()];
    const result = await sync(fixture, till.batch(sales));
    expect(result).toMatchObject({ recorded: 3, duplicates: 0, setAside: 6 });
    expect(result.outcomes.map((o) => o.status)).toEqual(["recorded", "set_aside", "recorded", "set_aside", "set_aside", "set_aside", "set_aside", "set_aside", "recorded"]);
    const reasons = result.outcomes.map((o) => (o.status === "set_aside" ? o.reason : ""));
    expect(reasons[1]).toMatch(/Unknown piece \(variant 2000000000\)/);
    expect(reasons[3]).toMatch(/^lines\.0\.quantity: A quantity must be at least 1/);
    expect(reasons[4]).toBe("tenderedMinor: Cash tendered is less than the total");
    expect(reasons[5]).toBe("clientSaleId: The sale id is not a ULID");
    expect(reasons[6]).toBe("totalMinor: The total is not the sum of the lines");
    expect(reasons[7]).toBe("The sale could not be read: it is not a JSON object");
    expect(result.outcomes[5]!.clientSaleId).toBe("sale-42");

    const stored = await handle.db.select().from(posSetAsideSales).where(eq(posSetAsideSales.eventId, fixture.eventId));
    expect(stored).toHaveLength(6);
    const notUlidRow = stored.find((r) => r.clientSaleId === "sale-42")!;
    expect(notUlidRow).toMatchObject({ deviceId: till.deviceId, deviceSeq: notUlid.deviceSeq, reason: "clientSaleId: The sale id is not a ULID", userId: fixture.userId });
    expect(notUlidRow.payload).toEqual(notUlid);

    // Synced again (keys in another order, as another build of the till might send them): still one row each.
    const reordered = sales.map((s) => (s && typeof s === "object" ? Object.fromEntries(Object.entries(s).reverse()) : s));
    const again = await sync(fixture, till.batch(reordered));
    expect(again).toMatchObject({ recorded: 0, duplicates: 3, setAside: 6 });
    expect(await footprint(fixture)).toMatchObject({ sales: 3, setAside: 6 });
  });

  it("tells the till which of its own numbers never arrived, counting set-aside numbers as arrived, the same on every replay", async () => {
    const fixture = await createSyncFixture(handle.db);
    const till = makeTill(fixture);
    const other = makeTill(fixture);
    const [s1, s2, s3, s4, s5, s6, s7] = Array.from({ length: 7 }, () => till.sale());
    // Number 4 is a bad sale (set aside, so it did arrive); 2, 5 and 6 never come.
    const bad4 = { ...s4!, totalMinor: s4!.totalMinor + 1 };
    const first = await sync(fixture, till.batch([s1, s3, bad4]));
    expect(first.gaps).toEqual({ missing: [2], missingCount: 1 });
    const second = await sync(fixture, till.batch([s7]));
    expect(second).toMatchObject({ recorded: 1, gaps: { missing: [2, 5, 6], missingCount: 3 } });
    for (let replay = 0; replay < 2; replay++) expect((await sync(fixture, till.batch([s1, s3, bad4, s7]))).gaps).toEqual(second.gaps);
    // Another till's numbers are its own: it has no gap, and this till's gap closes as the numbers arrive.
    expect((await sync(fixture, other.batch([other.sale(), other.sale()]))).gaps).toEqual({ missing: [], missingCount: 0 });
    expect((await sync(fixture, till.batch([s2, s5, s6]))).gaps).toEqual({ missing: [], missingCount: 0 });
  });

  it("keeps the answer small for a till that skipped a billion numbers: the lowest fifty listed, the count exact", async () => {
    const fixture = await createSyncFixture(handle.db);
    const till = makeTill(fixture);
    const result = await sync(fixture, till.batch([till.sale(), { ...till.sale(), deviceSeq: 1_000_000_000 }]));
    expect(result.gaps.missing).toEqual(Array.from({ length: 50 }, (_, n) => n + 2));
    expect(result.gaps.missingCount).toBe(1_000_000_000 - 2);
    expect(JSON.stringify(result.gaps).length).toBeLessThan(400);
  });

  it("sets aside a sale whose sequence number another sale of the same till already used", async () => {
    const fixture = await createSyncFixture(handle.db);
    const till = makeTill(fixture);
    const first = till.sale();
    const reused = { ...till.sale(), deviceSeq: first.deviceSeq };
    const result = await sync(fixture, till.batch([first, reused]));
    expect(result.outcomes[0]).toMatchObject({ status: "recorded" });
    expect(result.outcomes[1]).toEqual({ clientSaleId: reused.clientSaleId, status: "set_aside", reason: `deviceSeq: Sequence number 1 of this till is already used by another sale (${first.clientSaleId})` });
    expect(await footprint(fixture)).toMatchObject({ sales: 1, movements: 1, turnover: 1, setAside: 1 });
    // Another till may use the same number: sequences are per device.
    const other = makeTill(fixture);
    expect(await sync(fixture, other.batch([other.sale()]))).toMatchObject({ recorded: 1 });
  });

  it("answers duplicate only to the same till resending the same sale; another sale under a used id is set aside", async () => {
    const fixture = await createSyncFixture(handle.db);
    const till = makeTill(fixture);
    const other = makeTill(fixture);
    const first = till.sale();
    expect(await sync(fixture, till.batch([first]))).toMatchObject({ recorded: 1 });
    const c = fixture.pieces[2]!;
    const fromOther = { ...other.sale(), clientSaleId: first.clientSaleId };
    const otherLines = { ...till.sale({ paymentMethod: "card", lines: [{ variantId: c.variantId, quantity: 1, unitPriceMinor: c.priceMinor }] }), clientSaleId: first.clientSaleId, deviceSeq: first.deviceSeq };
    const otherSeq = { ...till.sale(), clientSaleId: first.clientSaleId };
    const result = await sync(fixture, till.batch([otherLines, otherSeq, first]));
    expect(result.outcomes).toEqual([
      { clientSaleId: first.clientSaleId, status: "set_aside", reason: `clientSaleId: This sale id is already used by another sale (number 1 of this till, ${formatMoney(money(first.totalMinor, "IDR"))})` },
      { clientSaleId: first.clientSaleId, status: "set_aside", reason: `clientSaleId: This sale id is already used by another sale (number 1 of this till, ${formatMoney(money(first.totalMinor, "IDR"))})` },
      { clientSaleId: first.clientSaleId, status: "duplicate" },
    ]);
    const stolen = await sync(fixture, other.batch([fromOther]));
    expect(stolen.outcomes).toEqual([{ clientSaleId: first.clientSaleId, status: "set_aside", reason: "clientSaleId: This sale id is already used by another sale (rung up on another till)" }]);
    expect(await footprint(fixture)).toMatchObject({ sales: 1, movements: 1, turnover: 1, setAside: 3 });
    const [kept] = await handle.db.select({ payload: posSetAsideSales.payload }).from(posSetAsideSales).where(eq(posSetAsideSales.deviceId, other.deviceId));
    expect(kept!.payload).toEqual(fromOther);
  });

  it("sets aside a sale timed more than a day ahead of the server's clock", async () => {
    const fixture = await createSyncFixture(handle.db);
    const till = makeTill(fixture);
    const result = await sync(fixture, till.batch([till.sale({ soldAt: "2026-12-02T06:00:01Z" }), till.sale({ soldAt: "2026-12-02T05:59:00Z" })]));
    expect(result.outcomes.map((o) => o.status)).toEqual(["set_aside", "recorded"]);
    expect(result.outcomes[0]).toMatchObject({ reason: expect.stringMatching(/more than a day in the future/) });
  });

  it("sets aside a sale timed before 2020 by a till whose clock was reset", async () => {
    const fixture = await createSyncFixture(handle.db);
    const till = makeTill(fixture);
    const sales = [till.sale({ soldAt: "1970-01-01T00:00:05Z" }), till.sale({ soldAt: "0001-01-01T00:00:00Z" }), till.sale({ soldAt: "2019-12-31T23:59:59Z" }), till.sale({ soldAt: "2020-01-01T00:00:00Z" })];
    const result = await sync(fixture, till.batch(sales));
    expect(result.outcomes.map((o) => o.status)).toEqual(["set_aside", "set_aside", "set_aside", "recorded"]);
    expect(result.outcomes[0]).toMatchObject({ reason: "soldAt: The till's clock looks wrong: it timed the sale 1970-01-01T00:00:05Z, before 2020; set its date and time" });
    expect(result.outcomes[1]).toMatchObject({ reason: expect.stringMatching(/^soldAt: The till's clock looks wrong: /) });
  });

  it("writes bazaar turnover per producer group in US cents at the server's stored rate", async () => {
    const fixture = await createSyncFixture(handle.db);
    const till = makeTill(fixture);
    const [a, b, c] = fixture.pieces;
    const sale = till.sale({
      paymentMethod: "card",
      lines: [
        { variantId: a!.variantId, quantity: 1, unitPriceMinor: 15_000_000 },
        { variantId: b!.variantId, quantity: 2, unitPriceMinor: 8_500_000 },
        { variantId: c!.variantId, quantity: 1, unitPriceMinor: 22_500_001 },
      ],
    });
    const result = await sync(fixture, till.batch([sale]));
    expect(result.recorded).toBe(1);
    const [rate] = await handle.db.select({ perUsdMicros: exchangeRates.perUsdMicros }).from(exchangeRates).where(eq(exchangeRates.currency, "IDR"));
    const [row] = await handle.db.select().from(posSales).where(eq(posSales.clientSaleId, sale.clientSaleId));
    const usd = convertToUsd(money(sale.totalMinor, "IDR"), rate!.perUsdMicros).amountMinor;
    expect(row).toMatchObject({ rateMicros: rate!.perUsdMicros, totalUsdMinor: usd, totalMinor: 54_500_001, businessDate: "2026-12-01", offline: true });
    const entries = await handle.db.select().from(turnoverEntries).where(and(eq(turnoverEntries.channel, "bazaar"), eq(turnoverEntries.sourceId, sale.clientSaleId)));
    expect(entries.map((e) => e.producerId).sort()).toEqual([a!.producerId, c!.producerId].sort());
    const byGroup = new Map(entries.map((e) => [e.producerId, e]));
    expect(byGroup.get(a!.producerId)).toMatchObject({ kind: "sale", currency: "IDR", amountMinor: 32_000_000, rateMicros: rate!.perUsdMicros });
    expect(byGroup.get(c!.producerId)).toMatchObject({ amountMinor: 22_500_001 });
    expect(entries.reduce((n, e) => n + e.usdMinor, 0)).toBe(usd);
    expect(entries.every((e) => e.occurredAt.toISOString() === sale.soldAt)).toBe(true);
  });

  it("leaves every QRIS sale to verify, whatever the till says, and keeps the till's report", async () => {
    const fixture = await createSyncFixture(handle.db);
    const till = makeTill(fixture);
    const online = till.sale({ paymentMethod: "qris", offline: false });
    const offline = till.sale({ paymentMethod: "qris", offline: true });
    await sync(fixture, till.batch([online, offline], 5));
    const rows = await handle.db.select({ id: posSales.clientSaleId, verifiedAt: posSales.verifiedAt, verifiedBy: posSales.verifiedBy, reference: posSales.paymentReference, offline: posSales.offline }).from(posSales).where(eq(posSales.eventId, fixture.eventId));
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(online.clientSaleId)).toEqual({ id: online.clientSaleId, verifiedAt: null, verifiedBy: null, reference: online.paymentReference, offline: false });
    expect(byId.get(offline.clientSaleId)).toEqual({ id: offline.clientSaleId, verifiedAt: null, verifiedBy: null, reference: offline.paymentReference, offline: true });

    const [device] = await handle.db.select().from(posDevices).where(eq(posDevices.id, till.deviceId));
    expect(device).toMatchObject({ eventId: fixture.eventId, userId: fixture.userId, label: "Tablet", issuedSeq: 2, pendingCount: 5, lastSyncAt: now });
    // The close shows what the device said last, even a smaller number (a till reset, a batch that arrived late).
    await sync(fixture, { ...till.batch([]), issuedSeq: 1, pendingCount: 0 });
    const [later] = await handle.db.select().from(posDevices).where(eq(posDevices.id, till.deviceId));
    expect(later).toMatchObject({ issuedSeq: 1, pendingCount: 0 });
  });

  it("refuses a till user reporting for a till someone else registered, and lets a supervisor sync it without taking it over", async () => {
    const fixture = await createSyncFixture(handle.db);
    const till = makeTill(fixture);
    await sync(fixture, till.batch([till.sale()], 3));
    const [staff] = await handle.db.select({ id: users.id }).from(users).where(eq(users.email, seedUsers.find((u) => u.role === "staff")!.email));
    const other = await createSyncFixture(handle.db);
    const takeover = { ...till.batch([till.sale()]), eventId: other.eventId, issuedSeq: 1_000_000_000, pendingCount: 1_000_000_000 };
    const error = await recordSyncBatch(handle.db, { batch: takeover, user: { id: staff!.id }, now }).catch((e: unknown) => e);
    expect(isRefusal(error, "conflict")).toBe(true);
    expect((error as Error).message).toBe("This till is registered to someone else; sign in as them or reset the till");
    const [device] = await handle.db.select().from(posDevices).where(eq(posDevices.id, till.deviceId));
    expect(device).toMatchObject({ eventId: fixture.eventId, userId: fixture.userId, issuedSeq: 1, pendingCount: 3 });
    expect(await footprint(fixture)).toMatchObject({ sales: 1, setAside: 0 });
    expect(await footprint(other)).toMatchObject({ sales: 0, setAside: 0 });

    const rescued = await recordSyncBatch(handle.db, { batch: till.batch([till.sale()], 1), user: { id: staff!.id, supervisor: true }, now });
    expect(rescued.recorded).toBe(1);
    const [after] = await handle.db.select().from(posDevices).where(eq(posDevices.id, till.deviceId));
    expect(after).toMatchObject({ userId: fixture.userId, issuedSeq: 3, pendingCount: 1 });

    // Its owner may move it to another event.
    const moved = makeTill(other);
    expect(await sync(other, { ...moved.batch([]), deviceId: till.deviceId, issuedSeq: 3, pendingCount: 0 })).toMatchObject({ recorded: 0 });
    expect((await handle.db.select({ eventId: posDevices.eventId }).from(posDevices).where(eq(posDevices.id, till.deviceId)))[0]!.eventId).toBe(other.eventId);
  });

  it("believes a till's issued number only as far as the sales it has sent, says wait, and sends now", async () => {
    const fixture = await createSyncFixture(handle.db);
    const till = makeTill(fixture);
    const issued = async () => (await handle.db.select({ issuedSeq: posDevices.issuedSeq, pendingCount: posDevices.pendingCount }).from(posDevices).where(eq(posDevices.id, till.deviceId)))[0];
    await sync(fixture, { ...till.batch([till.sale(), till.sale()]), issuedSeq: 1_000_000_000 });
    expect(await issued()).toEqual({ issuedSeq: 2, pendingCount: 0 });
    const setAside = { ...till.sale(), clientSaleId: "not-a-ulid" };
    await sync(fixture, { ...till.batch([setAside]), issuedSeq: 1_000_000_000, pendingCount: 4 });
    expect(await issued()).toEqual({ issuedSeq: 2 + 4 + 1, pendingCount: 4 });
    // A set-aside sale's number counts as seen too.
    await sync(fixture, { ...till.batch([]), issuedSeq: 1_000_000_000, pendingCount: 0 });
    expect(await issued()).toEqual({ issuedSeq: 3, pendingCount: 0 });
    await sync(fixture, { ...till.batch([]), pendingCount: 1_000_000_000 });
    expect(await issued()).toEqual({ issuedSeq: 3, pendingCount: 1_000_000_000 });
  });

  it("refuses a batch for an unknown event and records nothing of it", async () => {
    const fixture = await createSyncFixture(handle.db);
    const till = makeTill(fixture);
    const batch = { ...till.batch([till.sale()]), eventId: 2_000_000_000 };
    const error = await recordSyncBatch(handle.db, { batch, user: { id: fixture.userId }, now }).catch((e: unknown) => e);
    expect(isRefusal(error, "not_found")).toBe(true);
    const [device] = await handle.db.select({ n: count() }).from(posDevices).where(eq(posDevices.id, till.deviceId));
    expect(device!.n).toBe(0);
    expect(await footprint(fixture)).toMatchObject({ sales: 0, setAside: 0 });
  });

  it("fails the whole request on a lost connection instead of setting the sale aside, so the device retries it", async () => {
    const fixture = await createSyncFixture(handle.db);
    const till = makeTill(fixture);
    const lost = [Object.assign(new Error("write ECONNRESET"), { code: "ECONNRESET" }), Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" })];
    for (const failure of lost) {
      const dropping = new Proxy(handle.db, { get: (db, key) => (key === "transaction" ? () => Promise.reject(failure) : Reflect.get(db, key)) });
      await expect(recordSyncBatch(dropping, { batch: till.batch([till.sale()]), user: { id: fixture.userId }, now })).rejects.toBe(failure);
    }
    expect(await footprint(fixture)).toMatchObject({ sales: 0, setAside: 0 });
  });

  it("sets aside a sale nested thousands of levels deep and records the good sales after it", async () => {
    const fixture = await createSyncFixture(handle.db);
    const till = makeTill(fixture);
    const nested = (levels: number) => {
      let value: unknown = [];
      for (let i = 0; i < levels; i++) value = [value];
      return value;
    };
    const deepNote = { ...till.sale(), note: nested(200_000) };
    const sales = [nested(6000), deepNote, till.sale(), till.sale()];
    const result = await sync(fixture, till.batch(sales));
    expect(result.outcomes.map((o) => o.status)).toEqual(["set_aside", "set_aside", "recorded", "recorded"]);
    expect(result.outcomes[0]).toEqual({ clientSaleId: null, status: "set_aside", reason: "The sale could not be read: nested too deeply" });
    expect(result.outcomes[1]).toMatchObject({ clientSaleId: deepNote.clientSaleId, reason: "The sale could not be read: nested too deeply" });
    const stored = await handle.db.select({ payload: posSetAsideSales.payload, seq: posSetAsideSales.deviceSeq }).from(posSetAsideSales).where(eq(posSetAsideSales.deviceId, till.deviceId));
    expect(stored).toHaveLength(2);
    const kept = stored.find((r) => r.seq === deepNote.deviceSeq)!.payload as { note: unknown };
    let depth = 1;
    for (let v = kept.note; Array.isArray(v); v = v[0]) depth++;
    expect(depth).toBeLessThanOrEqual(17);
    expect(JSON.stringify(kept.note)).toContain('"[too deep]"');
    // The till resends the whole outbox: the set-aside rows stay one each.
    expect(await sync(fixture, till.batch(sales))).toMatchObject({ recorded: 0, duplicates: 2, setAside: 2 });
    expect(await footprint(fixture)).toMatchObject({ sales: 2, setAside: 2 });
  });

  it("stores a set-aside sale as large as the sync takes, whole", async () => {
    const fixture = await createSyncFixture(handle.db);
    const till = makeTill(fixture);
    const big = { ...till.sale(), clientSaleId: "not-a-ulid", note: "batik ".repeat(250_000), extra: Array.from({ length: 50_000 }, (_, i) => ({ i })) };
    expect(JSON.stringify(big).length).toBeGreaterThan(1.5 * 1024 * 1024);
    const result = await sync(fixture, till.batch([big, till.sale()]));
    expect(result.outcomes.map((o) => o.status)).toEqual(["set_aside", "recorded"]);
    const [row] = await handle.db.select({ payload: posSetAsideSales.payload }).from(posSetAsideSales).where(eq(posSetAsideSales.deviceId, till.deviceId));
    expect(row!.payload).toEqual(big);
  });

  it("keeps a set-aside payload the database could not store as sent", async () => {
    const fixture = await createSyncFixture(handle.db);
    const till = makeTill(fixture);
    const odd = { ...till.sale(), clientSaleId: "bad\u0000id", note: "lone \ud800 surrogate" };
    const result = await sync(fixture, till.batch([odd]));
    expect(result.outcomes[0]).toMatchObject({ status: "set_aside", clientSaleId: null });
    const [row] = await handle.db.select({ payload: posSetAsideSales.payload }).from(posSetAsideSales).where(eq(posSetAsideSales.deviceId, till.deviceId));
    expect(row!.payload).toMatchObject({ clientSaleId: "bad\ufffdid", note: "lone \ufffd surrogate" });
  });
});

/** Where a killed server's data lives: a PGlite directory on disk, or a PostgreSQL database of its own. */
type DurableStore = { name: string; target: string; open: () => DbHandle; drop: () => Promise<void> };

async function durableStores(): Promise<DurableStore[]> {
  const dir = await mkdtemp(path.join(testDataDir, "pos-kill-"));
  const seeded = createDb({ dataDir: dir, loadDataDir: new Blob([new Uint8Array(await readFile(inject("pgliteSnapshot")))]) });
  await seeded.pglite!.waitReady;
  await seeded.close();
  const stores: DurableStore[] = [{ name: "pglite", target: dir, open: () => createDb({ dataDir: dir }), drop: () => rm(dir, { recursive: true, force: true }) }];
  const adminUrl = inject("postgresAdminUrl");
  const template = inject("postgresTemplate");
  if (adminUrl && template) {
    const name = `${template.replace(/_tpl$/, "")}_kill${randomBytes(3).toString("hex")}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    const url = testDatabaseUrl(adminUrl, name);
    stores.push({
      name: "postgres",
      target: url,
      open: () => createDb({ url, max: 4 }),
      drop: async () => {
        await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.end();
      },
    });
  }
  return stores;
}

/** Starts the child sync server and SIGKILLs it as soon as it reports its first committed sales. */
function syncUntilKilled(target: string, batchesFile: string): Promise<{ signal: NodeJS.Signals | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(projectRoot, "tests/support/pos-sync-child.ts"), target, batchesFile], { cwd: projectRoot, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (/committed [1-9]/.test(output)) child.kill("SIGKILL");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("error", reject);
    child.on("exit", (_code, signal) => resolve({ signal, output }));
  });
}

describe("POS sync when the server is killed mid-sync", () => {
  let stores: DurableStore[] = [];
  beforeAll(async () => {
    stores = await durableStores();
  });
  afterAll(async () => {
    for (const store of stores) await store.drop();
  });

  it("records every sale exactly once after the device sends the whole outbox again", async () => {
    for (const store of stores) {
      const setup = store.open();
      const fixture = await createSyncFixture(setup.db, { stock: 40 });
      await setup.close();
      const till = makeTill(fixture);
      const [a, b, c] = fixture.pieces;
      const sales = Array.from({ length: 240 }, (_, i) =>
        till.sale({
          paymentMethod: (["cash", "qris", "card", "transfer"] as const)[i % 4],
          lines: i % 3 === 0 ? [{ variantId: a!.variantId, quantity: 1, unitPriceMinor: a!.priceMinor }, { variantId: c!.variantId, quantity: 2, unitPriceMinor: c!.priceMinor }] : [{ variantId: i % 2 ? b!.variantId : a!.variantId, quantity: 1, unitPriceMinor: i % 2 ? b!.priceMinor : a!.priceMinor }],
        }),
      );
      const batches = Array.from({ length: sales.length / 20 }, (_, i) => till.batch(sales.slice(i * 20, i * 20 + 20), sales.length - i * 20 - 20));
      const batchesFile = path.join(testDataDir, `pos-kill-${randomBytes(4).toString("hex")}.json`);
      await writeFile(batchesFile, JSON.stringify({ batches, userId: fixture.userId }));

      const killed = await syncUntilKilled(store.target, batchesFile);
      await rm(batchesFile, { force: true });
      expect(killed.signal, `${store.name}: ${killed.output}`).toBe("SIGKILL");

      const after = store.open();
      try {
        const [before] = await after.db.select({ n: count() }).from(posSales).where(eq(posSales.eventId, fixture.eventId));
        // The kill came after some sales committed and before the last of them.
        expect(before!.n, store.name).toBeGreaterThan(0);
        expect(before!.n, store.name).toBeLessThan(sales.length);

        let resent = { recorded: 0, duplicates: 0, setAside: 0 };
        for (const batch of batches) {
          const result = await recordSyncBatch(after.db, { batch, user: { id: fixture.userId } });
          resent = { recorded: resent.recorded + result.recorded, duplicates: resent.duplicates + result.duplicates, setAside: resent.setAside + result.setAside };
        }
        expect(resent, store.name).toEqual({ recorded: sales.length - before!.n, duplicates: before!.n, setAside: 0 });

        const recorded = await after.db.select({ clientSaleId: posSales.clientSaleId, id: posSales.id }).from(posSales).where(eq(posSales.eventId, fixture.eventId));
        expect(new Set(recorded.map((s) => s.clientSaleId))).toEqual(new Set(sales.map((s) => s.clientSaleId)));
        const soldOf = (variantId: number) => sales.flatMap((s) => s.lines).filter((l) => l.variantId === variantId).reduce((n, l) => n + l.quantity, 0);
        const [moves] = await after.db.select({ delta: sum(stockMovements.onHandDelta).mapWith(Number) }).from(stockMovements).where(and(eq(stockMovements.locationId, fixture.locationId), eq(stockMovements.kind, "sale")));
        expect(moves!.delta).toBe(-(soldOf(a!.variantId) + soldOf(b!.variantId) + soldOf(c!.variantId)));
        const [lines] = await after.db.select({ n: count() }).from(posSaleLines).where(inArray(posSaleLines.saleId, recorded.map((s) => s.id)));
        expect(lines!.n).toBe(sales.reduce((n, s) => n + s.lines.length, 0));
        for (const piece of fixture.pieces) {
          const [level] = await after.db.select({ onHand: stockLevels.onHand }).from(stockLevels).where(and(eq(stockLevels.variantId, piece.variantId), eq(stockLevels.locationId, fixture.locationId)));
          expect(level!.onHand).toBe(40 - soldOf(piece.variantId));
          const [task] = await after.db.select({ shortfall: reconciliationTasks.shortfall }).from(reconciliationTasks).where(and(eq(reconciliationTasks.eventId, fixture.eventId), eq(reconciliationTasks.variantId, piece.variantId)));
          expect(task?.shortfall ?? 0).toBe(Math.max(0, soldOf(piece.variantId) - 40));
        }
        const turnover = await after.db.select({ usd: turnoverEntries.usdMinor, sourceId: turnoverEntries.sourceId }).from(turnoverEntries).where(and(eq(turnoverEntries.channel, "bazaar"), inArray(turnoverEntries.sourceId, sales.map((s) => s.clientSaleId))));
        expect(turnover).toHaveLength(sales.filter((_, i) => i % 3 !== 0).length + 2 * sales.filter((_, i) => i % 3 === 0).length);
        const [usd] = await after.db.select({ total: sum(posSales.totalUsdMinor).mapWith(Number) }).from(posSales).where(eq(posSales.eventId, fixture.eventId));
        expect(turnover.reduce((n, t) => n + t.usd, 0)).toBe(usd!.total);
      } finally {
        await after.close();
      }
    }
  }, 240_000);
});
