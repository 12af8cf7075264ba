import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { auditLog, events, locations, stockLevels, stockMovements, stockTransferLines, stockTransfers, users } from "../../db/schema";
import { seedUsers } from "../../db/seed/data/reference";
import type { Actor } from "~/models/platform/audit.server";
import { createEvent, listEvents, setEventStatus } from "~/models/bazaar/events.server";
import { receiveTransfer, returnRemainingStock, sendTransfer } from "~/models/bazaar/transfers.server";
import { findOnlineLocationId, recordMovements } from "~/models/stock/ledger.server";
import { loader as eventsLoader } from "~/routes/admin+/events._index";
import { action as newEventAction, loader as newEventLoader } from "~/routes/admin+/events.new";
import { action as sendAction } from "~/routes/admin+/events.$id.transfers.new";
import { action as receiveAction, loader as transferLoader } from "~/routes/admin+/events.$id.transfers.$transferId";
import { loader as tagsLoader } from "~/routes/admin+/events.$id_.tags";
import { action as overviewAction } from "~/routes/admin+/events.$id._index";
import { loader as closeLoader } from "~/routes/admin+/events.$id.close";
import { jakartaDate } from "~/domain/bazaar/business-date";
import { qrCodeSvg } from "~/utils/qr-code.server";
import { loader as packingLoader } from "~/routes/admin+/events.$id.transfers.$transferId_.packing-list";
import { serveAppFrom, writableBackends } from "../support/db";
import { refusalOf, sessionCookie, thrownResponse } from "../support/outcomes";

const fields = (overrides: Partial<Parameters<typeof createEvent>[1]["fields"]> = {}) => ({
  name: "Bazaar Kriya Kemang",
  venue: "Kemang Village",
  city: "Jakarta",
  startsOn: "2026-12-12",
  endsOn: "2026-12-13",
  openingFloatMinor: 50_000_000,
  qrisMerchantName: "KRIYA NUSANTARA",
  qrisPayload: "00020101021126570011ID.DANA.WWW",
  ...overrides,
});

describe.each(writableBackends())("bazaar events and transfers on $name", ({ name, open }) => {
  let handle: DbHandle;
  let restoreAppDb: () => void;
  let actor: Actor;
  let bazaarId: number;
  let importerId: number;
  let warehouseId: number;
  let slugCount = 0;

  beforeAll(async () => {
    handle = await open();
    restoreAppDb = serveAppFrom(handle);
    const idOf = async (role: string) => {
      const email = seedUsers.find((u) => u.role === role)!.email;
      return (await handle.db.select({ id: users.id }).from(users).where(eq(users.email, email)))[0]!.id;
    };
    actor = { userId: await idOf("staff"), ip: "203.0.113.7" };
    bazaarId = await idOf("bazaar");
    importerId = await idOf("importer");
    warehouseId = await findOnlineLocationId(handle.db);
  });
  afterAll(async () => {
    restoreAppDb();
    await handle.close();
  });

  const newEvent = async (overrides: Partial<ReturnType<typeof fields>> = {}) => {
    slugCount += 1;
    return createEvent(handle.db, { fields: fields(overrides), slug: `kemang-test-${slugCount}`, actor });
  };
  const locationOf = async (eventId: number) => (await handle.db.select({ id: events.locationId }).from(events).where(eq(events.id, eventId)))[0]!.id;
  const onHand = async (variantId: number, locationId: number) =>
    (await handle.db.select({ onHand: stockLevels.onHand }).from(stockLevels).where(and(eq(stockLevels.variantId, variantId), eq(stockLevels.locationId, locationId))))[0]?.onHand ?? 0;
  const counts = async () => {
    const [transfers, lines, movements, eventCount, locationCount] = await Promise.all([handle.db.$count(stockTransfers), handle.db.$count(stockTransferLines), handle.db.$count(stockMovements), handle.db.$count(events), handle.db.$count(locations)]);
    return { transfers, lines, movements, events: eventCount, locations: locationCount };
  };
  /** Warehouse pieces with free stock, most first. */
  const freePieces = async () =>
    handle.db
      .select({ variantId: stockLevels.variantId, free: sql<number>`(${stockLevels.onHand} - ${stockLevels.reserved})::int` })
      .from(stockLevels)
      .where(and(eq(stockLevels.locationId, warehouseId), sql`${stockLevels.onHand} - ${stockLevels.reserved} >= 3`))
      .orderBy(sql`${stockLevels.onHand} - ${stockLevels.reserved} desc`, stockLevels.variantId);
  let pieceCursor = 0;
  /** A piece no other test here has touched, with at least three free at the warehouse. */
  const freshPiece = async () => {
    const pieces = await freePieces();
    const piece = pieces[pieceCursor++];
    if (!piece) throw new Error("The seed has run out of warehouse stock for these tests");
    return piece;
  };

  it("creates an event with its own event location, and refuses a web address already taken", async () => {
    const before = await counts();
    const created = await newEvent();
    const [location] = await handle.db.select().from(locations).where(eq(locations.id, await locationOf(created.id)));
    expect(location).toMatchObject({ kind: "event", code: `EV-KEMANG-TEST-${slugCount}`, name: "Bazaar Kriya Kemang", sellsOnline: false });
    const refusal = await refusalOf(() => createEvent(handle.db, { fields: fields(), slug: created.slug, actor }));
    expect(refusal).toMatchObject({ kind: "conflict", field: "slug" });
    expect(await counts()).toMatchObject({ events: before.events + 1, locations: before.locations + 1 });
    const [audit] = await handle.db.select().from(auditLog).where(and(eq(auditLog.entityType, "event"), eq(auditLog.entityId, String(created.id))));
    expect(audit?.action).toBe("create");
  });

  it("sends stock off the warehouse onto the road, and receives what arrived with the difference's reason", async () => {
    const event = await newEvent();
    const eventLocation = await locationOf(event.id);
    const [a, b] = [await freshPiece(), await freshPiece()];
    const warehouseBefore = [await onHand(a.variantId, warehouseId), await onHand(b.variantId, warehouseId)];

    const sent = await sendTransfer(handle.db, { eventId: event.id, direction: "to_event", lines: [{ variantId: a.variantId, quantity: 3 }, { variantId: b.variantId, quantity: 2 }], note: "Van 1", actor });
    expect(sent.code).toMatch(/^TR-\d{2}-[2-9A-HJ-NP-Z]{8}$/);
    expect(await onHand(a.variantId, warehouseId)).toBe(warehouseBefore[0]! - 3);
    expect(await onHand(b.variantId, warehouseId)).toBe(warehouseBefore[1]! - 2);
    expect(await onHand(a.variantId, eventLocation)).toBe(0);
    const outs = await handle.db.select().from(stockMovements).where(eq(stockMovements.transferId, sent.id));
    expect(outs.map((m) => [m.kind, m.locationId, m.onHandDelta]).sort()).toEqual([["transfer_out", warehouseId, -2], ["transfer_out", warehouseId, -3]].sort());

    const noReason = await refusalOf(() => receiveTransfer(handle.db, { eventId: event.id, transferId: sent.id, lines: [{ variantId: a.variantId, quantityReceived: 2, reason: "" }, { variantId: b.variantId, quantityReceived: 2, reason: "" }], actor }));
    expect(noReason.kind).toBe("invalid");
    expect(noReason.message).toMatch(/Say why 1 of/);
    const tooMany = await refusalOf(() => receiveTransfer(handle.db, { eventId: event.id, transferId: sent.id, lines: [{ variantId: a.variantId, quantityReceived: 4, reason: "extra" }, { variantId: b.variantId, quantityReceived: 2, reason: "" }], actor }));
    expect(tooMany.kind).toBe("invalid");
    expect(await handle.db.select().from(stockMovements).where(and(eq(stockMovements.transferId, sent.id), eq(stockMovements.kind, "transfer_in")))).toEqual([]);

    await receiveTransfer(handle.db, { eventId: event.id, transferId: sent.id, lines: [{ variantId: a.variantId, quantityReceived: 2, reason: "One cracked on the toll road" }, { variantId: b.variantId, quantityReceived: 2, reason: "" }], actor: { userId: bazaarId } });
    expect(await onHand(a.variantId, eventLocation)).toBe(2);
    expect(await onHand(b.variantId, eventLocation)).toBe(2);
    const ins = await handle.db.select().from(stockMovements).where(and(eq(stockMovements.transferId, sent.id), eq(stockMovements.kind, "transfer_in")));
    expect(ins.map((m) => [m.variantId, m.locationId, m.onHandDelta]).sort()).toEqual([[a.variantId, eventLocation, 2], [b.variantId, eventLocation, 2]].sort());
    const lines = await handle.db.select().from(stockTransferLines).where(eq(stockTransferLines.transferId, sent.id));
    expect(lines.find((l) => l.variantId === a.variantId)).toMatchObject({ quantitySent: 3, quantityReceived: 2, differenceReason: "One cracked on the toll road" });
    expect(lines.find((l) => l.variantId === b.variantId)).toMatchObject({ quantitySent: 2, quantityReceived: 2, differenceReason: null });
    const [transfer] = await handle.db.select().from(stockTransfers).where(eq(stockTransfers.id, sent.id));
    expect(transfer).toMatchObject({ status: "received", receivedBy: bazaarId });

    // Receiving again is refused and writes nothing.
    const before = await counts();
    const again = await refusalOf(() => receiveTransfer(handle.db, { eventId: event.id, transferId: sent.id, lines: [{ variantId: a.variantId, quantityReceived: 3, reason: "" }, { variantId: b.variantId, quantityReceived: 2, reason: "" }], actor }));
    expect(again.kind).toBe("conflict");
    expect(await counts()).toEqual(before);
    expect(await onHand(a.variantId, eventLocation)).toBe(2);

    const { current } = await listEvents(handle.db, { now: new Date("2026-12-01T05:00:00Z") });
    expect(current.find((e) => e.id === event.id)).toMatchObject({ pieces: 4, openTransfers: 0, salesTotalMinor: 0 });
  });

  it("refuses to send more than the warehouse has free, naming the piece, and writes nothing", async () => {
    const event = await newEvent();
    const [a, b] = [await freshPiece(), await freshPiece()];
    const before = await counts();
    const refusal = await refusalOf(() => sendTransfer(handle.db, { eventId: event.id, direction: "to_event", lines: [{ variantId: a.variantId, quantity: 1 }, { variantId: b.variantId, quantity: b.free + 1 }], note: "", actor }));
    expect(refusal.kind).toBe("conflict");
    expect(refusal.message).toMatch(new RegExp(`Only ${b.free} left of .+ at the warehouse`));
    expect(await counts()).toEqual(before);
  });

  it("lets one of two sends of the last piece win", async () => {
    const [first, second] = [await newEvent(), await newEvent()];
    const piece = await freshPiece();
    // Leave exactly one free at the warehouse, through the ledger.
    await recordMovements(handle.db, { movements: [{ variantId: piece.variantId, locationId: warehouseId, kind: "adjustment", quantity: -(piece.free - 1), reason: "Test: leave one", userId: actor.userId }] });
    const send = (eventId: number) => sendTransfer(handle.db, { eventId, direction: "to_event", lines: [{ variantId: piece.variantId, quantity: 1 }], note: "", actor });
    // PostgreSQL runs both at once (the level's row lock decides); PGlite has one connection, so one after the other.
    const outcomes = name === "postgres" ? await Promise.allSettled([send(first.id), send(second.id)]) : [await Promise.allSettled([send(first.id)]), await Promise.allSettled([send(second.id)])].flat();
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const rejected = outcomes.find((o) => o.status === "rejected");
    expect(rejected?.status === "rejected" && rejected.reason).toMatchObject({ kind: "conflict" });
    expect(await onHand(piece.variantId, warehouseId)).toBe(0);
    const sends = await handle.db.select({ id: stockTransfers.id }).from(stockTransfers).where(sql`${stockTransfers.eventId} in (${first.id}, ${second.id})`);
    expect(sends).toHaveLength(1);
  });

  it("sends what remains back once the event is over, and refuses before or when nothing is left", async () => {
    const event = await newEvent({ startsOn: "2026-11-20", endsOn: "2026-11-21" });
    const eventLocation = await locationOf(event.id);
    const piece = await freshPiece();
    const sent = await sendTransfer(handle.db, { eventId: event.id, direction: "to_event", lines: [{ variantId: piece.variantId, quantity: 3 }], note: "", actor });
    await receiveTransfer(handle.db, { eventId: event.id, transferId: sent.id, lines: [{ variantId: piece.variantId, quantityReceived: 3, reason: "" }], actor });
    const early = await refusalOf(() => returnRemainingStock(handle.db, { eventId: event.id, actor, now: new Date("2026-11-21T10:00:00Z") }));
    expect(early.kind).toBe("conflict");

    const warehouseBefore = await onHand(piece.variantId, warehouseId);
    const back = await returnRemainingStock(handle.db, { eventId: event.id, actor, now: new Date("2026-11-22T03:00:00Z") });
    expect(await onHand(piece.variantId, eventLocation)).toBe(0);
    const [transfer] = await handle.db.select().from(stockTransfers).where(eq(stockTransfers.id, back.id));
    expect(transfer).toMatchObject({ direction: "to_warehouse", fromLocationId: eventLocation, toLocationId: warehouseId, status: "sent" });
    await receiveTransfer(handle.db, { eventId: event.id, transferId: back.id, lines: [{ variantId: piece.variantId, quantityReceived: 3, reason: "" }], actor });
    expect(await onHand(piece.variantId, warehouseId)).toBe(warehouseBefore + 3);

    expect((await refusalOf(() => returnRemainingStock(handle.db, { eventId: event.id, actor, now: new Date("2026-11-23T03:00:00Z") }))).message).toMatch(/Nothing is left/);
  });

  it("moves status planned → open → closed, refuses going back, and sends no stock to a closed event", async () => {
    const event = await newEvent();
    await setEventStatus(handle.db, { id: event.id, status: "open", actor });
    expect((await refusalOf(() => setEventStatus(handle.db, { id: event.id, status: "planned", actor }))).kind).toBe("conflict");
    await setEventStatus(handle.db, { id: event.id, status: "closed", actor });
    const piece = await freshPiece();
    const before = await counts();
    expect((await refusalOf(() => sendTransfer(handle.db, { eventId: event.id, direction: "to_event", lines: [{ variantId: piece.variantId, quantity: 1 }], note: "", actor }))).message).toMatch(/closed/);
    expect(await counts()).toEqual(before);
  });

  describe("through the back-office pages", () => {
    const request = async (path: string, userId: number | null, body?: Record<string, string>) =>
      new Request(`http://localhost${path}`, {
        method: body ? "POST" : "GET",
        body: body ? new URLSearchParams(body) : undefined,
        headers: userId === null ? {} : { Cookie: await sessionCookie(handle.db, userId) },
      });
    type ActionOutcome = Response | { data: { message?: string }; init: ResponseInit | null };
    const statusOf = (result: unknown) => (result instanceof Response ? result.status : (result as Exclude<ActionOutcome, Response>).init?.status);
    const context = { clientIp: "203.0.113.7" };

    it("lets the bazaar role see events and receive a transfer, but not create events or send stock; an importer gets a 403", async () => {
      const event = await newEvent();
      const piece = await freshPiece();
      const params = { id: String(event.id) };
      const page = await eventsLoader({ request: await request("/admin/events", bazaarId), params: {}, context });
      expect(page.mayCreate).toBe(false);
      expect(page.current.some((e) => e.id === event.id)).toBe(true);

      expect((await thrownResponse(async () => newEventLoader({ request: await request("/admin/events/new", bazaarId), params: {}, context }))).status).toBe(403);
      const before = await counts();
      expect((await thrownResponse(async () => newEventAction({ request: await request("/admin/events/new", bazaarId, { intent: "save", name: "Mine", venue: "v", city: "Jakarta", startsOn: "2026-12-20", endsOn: "2026-12-20" }), params: {}, context }))).status).toBe(403);
      expect((await thrownResponse(async () => sendAction({ request: await request(`/admin/events/${event.id}/transfers/new`, bazaarId, { intent: "send", "lines[0].variantId": String(piece.variantId), "lines[0].quantity": "1" }), params, context }))).status).toBe(403);
      expect(await counts()).toEqual(before);
      expect((await thrownResponse(async () => eventsLoader({ request: await request("/admin/events", importerId), params: {}, context }))).status).toBe(403);
      const anonymous = await thrownResponse(async () => eventsLoader({ request: await request("/admin/events", null), params: {}, context }));
      expect(anonymous.status).toBe(302);
      expect(anonymous.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);

      // Staff send; the bazaar role receives.
      const sent = (await sendAction({ request: await request(`/admin/events/${event.id}/transfers/new`, actor.userId, { intent: "send", "lines[0].variantId": String(piece.variantId), "lines[0].quantity": "2", note: "Box A" }), params, context })) as ActionOutcome;
      expect(statusOf(sent)).toBe(302);
      const [transfer] = await handle.db.select({ id: stockTransfers.id }).from(stockTransfers).where(eq(stockTransfers.eventId, event.id));
      const transferParams = { ...params, transferId: String(transfer!.id) };
      const view = await transferLoader({ request: await request(`/admin/events/${event.id}/transfers/${transfer!.id}`, bazaarId), params: transferParams, context });
      expect(view.lines).toHaveLength(1);
      const packing = await packingLoader({ request: await request(`/admin/events/${event.id}/transfers/${transfer!.id}/packing-list`, bazaarId), params: transferParams, context });
      expect(packing.qr).toContain("<svg");
      expect((await thrownResponse(async () => transferLoader({ request: await request(`/admin/events/${event.id}/transfers/${transfer!.id}`, importerId), params: transferParams, context }))).status).toBe(403);

      const received = (await receiveAction({ request: await request(`/admin/events/${event.id}/transfers/${transfer!.id}`, bazaarId, { intent: "receive", "lines[0].variantId": String(piece.variantId), "lines[0].quantityReceived": "1", "lines[0].reason": "Left in the van" }), params: transferParams, context })) as ActionOutcome;
      expect(statusOf(received)).toBe(302);
      expect(await onHand(piece.variantId, await locationOf(event.id))).toBe(1);

      const tags = await tagsLoader({ request: await request(`/admin/events/${event.id}/tags`, bazaarId), params, context });
      expect(tags.tags).toHaveLength(1);
      expect(tags.tags[0]!.price).toMatch(/^Rp\s?[\d.]+$/);
      expect(tags.qrs[tags.tags[0]!.slug]).toContain("<svg");
    });

    it("sends everything still at the event back through the overview's return, once, and only after the last day; the close page then links it", async () => {
      const today = new Date();
      const inDays = (n: number) => jakartaDate(new Date(today.getTime() + n * 86_400_000));
      const event = await newEvent({ startsOn: inDays(2), endsOn: inDays(3) });
      const params = { id: String(event.id) };
      const [a, b] = [await freshPiece(), await freshPiece()];
      const sent = await sendTransfer(handle.db, { eventId: event.id, direction: "to_event", lines: [{ variantId: a.variantId, quantity: 3 }, { variantId: b.variantId, quantity: 2 }], note: "", actor });
      await receiveTransfer(handle.db, { eventId: event.id, transferId: sent.id, lines: [{ variantId: a.variantId, quantityReceived: 3, reason: "" }, { variantId: b.variantId, quantityReceived: 2, reason: "" }], actor });
      const giveBack = async (userId = actor.userId, eventParams = params) => (await overviewAction({ request: await request(`/admin/events/${eventParams.id}`, userId, { intent: "return" }), params: eventParams, context })) as ActionOutcome;
      const messageOf = (result: ActionOutcome) => (result instanceof Response ? "" : (result.data.message ?? ""));
      const returnsOf = async () => (await closeLoader({ request: await request(`/admin/events/${event.id}/close`, bazaarId), params, context })).returns;

      // Before its last day is over, and while it is not closed: refused, clearly, and nothing moves.
      const before = await counts();
      const early = await giveBack();
      expect(statusOf(early)).toBe(409);
      expect(messageOf(early)).toBe("Stock goes back once the event is closed or its last day is over.");
      expect(await counts()).toEqual(before);
      expect(await returnsOf()).toEqual({ remaining: 5, lastReturn: null });
      // Only staff send stock back.
      expect((await thrownResponse(() => giveBack(bazaarId))).status).toBe(403);

      await setEventStatus(handle.db, { id: event.id, status: "open", actor });
      await setEventStatus(handle.db, { id: event.id, status: "closed", actor });
      const warehouseBefore = [await onHand(a.variantId, warehouseId), await onHand(b.variantId, warehouseId)];
      const back = await giveBack();
      expect(statusOf(back)).toBe(302);
      const [transfer] = await handle.db.select().from(stockTransfers).where(and(eq(stockTransfers.eventId, event.id), eq(stockTransfers.direction, "to_warehouse")));
      expect((back as Response).headers.get("Location")).toBe(`/admin/events/${event.id}/transfers/${transfer!.id}`);
      expect(transfer).toMatchObject({ status: "sent", fromLocationId: await locationOf(event.id), toLocationId: warehouseId });
      const lines = await handle.db.select({ variantId: stockTransferLines.variantId, quantity: stockTransferLines.quantitySent }).from(stockTransferLines).where(eq(stockTransferLines.transferId, transfer!.id));
      expect(lines.sort((x, y) => x.variantId - y.variantId)).toEqual([{ variantId: a.variantId, quantity: 3 }, { variantId: b.variantId, quantity: 2 }].sort((x, y) => x.variantId - y.variantId));
      expect([await onHand(a.variantId, await locationOf(event.id)), await onHand(b.variantId, await locationOf(event.id))]).toEqual([0, 0]);
      expect(await returnsOf()).toEqual({ remaining: 0, lastReturn: { id: transfer!.id, code: transfer!.code, status: "sent" } });

      // A second return finds nothing: refused, and no second transfer.
      const twice = await giveBack();
      expect(statusOf(twice)).toBe(409);
      expect(messageOf(twice)).toBe("Nothing is left at the event to send back.");
      expect(await handle.db.$count(stockTransfers, and(eq(stockTransfers.eventId, event.id), eq(stockTransfers.direction, "to_warehouse")))).toBe(1);

      await receiveTransfer(handle.db, { eventId: event.id, transferId: transfer!.id, lines: lines.map((l) => ({ variantId: l.variantId, quantityReceived: l.quantity, reason: "" })), actor });
      expect([await onHand(a.variantId, warehouseId), await onHand(b.variantId, warehouseId)]).toEqual([warehouseBefore[0]! + 3, warehouseBefore[1]! + 2]);
      expect((await returnsOf()).lastReturn?.status).toBe("received");

      // An event that never had stock has nothing to send.
      const empty = await newEvent();
      await setEventStatus(handle.db, { id: empty.id, status: "closed", actor });
      const none = await giveBack(actor.userId, { id: String(empty.id) });
      expect(statusOf(none)).toBe(409);
      expect(messageOf(none)).toBe("Nothing is left at the event to send back.");
    });

    it("draws each tag's QR code for its product page at PUBLIC_URL, whatever host the request came in on", async () => {
      const previous = process.env.PUBLIC_URL;
      process.env.PUBLIC_URL = "https://shop.kriya.example";
      try {
        const event = await newEvent();
        const piece = await freshPiece();
        const sent = await sendTransfer(handle.db, { eventId: event.id, direction: "to_event", lines: [{ variantId: piece.variantId, quantity: 2 }], note: "", actor });
        await receiveTransfer(handle.db, { eventId: event.id, transferId: sent.id, lines: [{ variantId: piece.variantId, quantityReceived: 2, reason: "" }], actor });
        const spoofed = await request(`/admin/events/${event.id}/tags`, bazaarId);
        spoofed.headers.set("Host", "evil.example");
        spoofed.headers.set("X-Forwarded-Host", "evil.example");
        const tags = await tagsLoader({ request: spoofed, params: { id: String(event.id) }, context });
        expect(tags.tags).toHaveLength(2);
        const tag = tags.tags[0]!;
        expect(tag.link).toBe(`https://shop.kriya.example/products/${tag.slug}`);
        expect(tag.slug).toMatch(/^[a-z0-9-]+$/);
        // The same library drawing the same address draws the same code: the SVG holds exactly this URL.
        expect(tags.qrs[tag.slug]).toBe(await qrCodeSvg(tag.link));
        expect(tags.qrs[tag.slug]).not.toBe(await qrCodeSvg(`http://evil.example/products/${tag.slug}`));
      } finally {
        if (previous === undefined) delete process.env.PUBLIC_URL;
        else process.env.PUBLIC_URL = previous;
      }
    });

    it("answers bad input with a 4xx and writes nothing", async () => {
      const event = await newEvent();
      const piece = await freshPiece();
      const params = { id: String(event.id) };
      const before = await counts();
      const backwards = (await newEventAction({ request: await request("/admin/events/new", actor.userId, { intent: "save", name: "Backwards", venue: "Senayan", city: "Jakarta", startsOn: "2026-12-20", endsOn: "2026-12-19" }), params: {}, context })) as ActionOutcome;
      expect(statusOf(backwards)).toBe(400);
      const badFloat = (await newEventAction({ request: await request("/admin/events/new", actor.userId, { intent: "save", name: "Float", venue: "Senayan", city: "Jakarta", startsOn: "2026-12-20", endsOn: "2026-12-20", openingFloat: "-500.000" }), params: {}, context })) as ActionOutcome;
      expect(statusOf(badFloat)).toBe(400);
      const send = async (body: Record<string, string>, eventParams = params) => (await sendAction({ request: await request(`/admin/events/${eventParams.id}/transfers/new`, actor.userId, { intent: "send", ...body }), params: eventParams, context })) as ActionOutcome;
      expect(statusOf(await send({ "lines[0].variantId": "99999999999", "lines[0].quantity": "1" }))).toBe(400);
      expect(statusOf(await send({ "lines[0].variantId": "2147483646", "lines[0].quantity": "1" }))).toBe(404);
      expect(statusOf(await send({ "lines[0].variantId": String(piece.variantId), "lines[0].quantity": "-2" }))).toBe(400);
      expect(statusOf(await send({ "lines[0].variantId": String(piece.variantId), "lines[0].quantity": "1.5" }))).toBe(400);
      expect(statusOf(await send({ "lines[0].variantId": String(piece.variantId), "lines[0].quantity": "0" }))).toBe(400);
      expect(statusOf(await send({ "lines[0].variantId": String(piece.variantId), "lines[0].quantity": String(piece.free + 1) }))).toBe(409);
      expect((await thrownResponse(() => send({ "lines[0].variantId": String(piece.variantId), "lines[0].quantity": "1" }, { id: "99999999999" }))).status).toBe(404);
      expect((await thrownResponse(() => send({ "lines[0].variantId": String(piece.variantId), "lines[0].quantity": "1" }, { id: "2147483000" }))).status).toBe(404);
      expect((await thrownResponse(async () => sendAction({ request: await request(`/admin/events/${event.id}/transfers/new`, actor.userId, { intent: "steal" }), params, context }))).status).toBe(400);
      const receive = async (transferId: string) => (await receiveAction({ request: await request(`/admin/events/${event.id}/transfers/${transferId}`, bazaarId, { intent: "receive", "lines[0].variantId": String(piece.variantId), "lines[0].quantityReceived": "1" }), params: { ...params, transferId }, context })) as ActionOutcome;
      expect(statusOf(await receive("999999999"))).toBe(404);
      expect((await thrownResponse(() => receive("99999999999"))).status).toBe(404);
      expect(await counts()).toEqual(before);
    });
  });
});
