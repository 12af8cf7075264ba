import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { posDevices, posSales, posSetAsideSales, users } from "../../db/schema";
import { seedUsers } from "../../db/seed/data/reference";
import type { SyncResponse } from "~/domain/bazaar/sale-input";
import { createSession } from "~/models/platform/users.server";
import { action, loader } from "~/routes/_pos+/pos.sync";
import { writeSessionId } from "~/utils/session.server";
import { serveAppFrom, writableBackends } from "../support/db";
import { createSyncFixture, makeTill, type SyncFixture } from "../support/pos-sync";

type Role = (typeof seedUsers)[number]["role"];

describe.each(writableBackends())("POST /pos/sync on $name", ({ open }) => {
  let handle: DbHandle;
  let restoreAppDb: () => void;
  let fixture: SyncFixture;
  beforeAll(async () => {
    handle = await open();
    restoreAppDb = serveAppFrom(handle);
    fixture = await createSyncFixture(handle.db);
  });
  afterAll(async () => {
    restoreAppDb();
    await handle.close();
  });

  async function cookieFor(role: Role) {
    const [user] = await handle.db.select({ id: users.id }).from(users).where(eq(users.email, seedUsers.find((u) => u.role === role)!.email));
    return (await writeSessionId((await createSession(handle.db, { userId: user!.id })).id)).split(";")[0]!;
  }

  async function post(body: string, role: Role | null) {
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    if (role) headers.Cookie = await cookieFor(role);
    const response = (await action({ request: new Request("http://localhost/pos/sync", { method: "POST", body, headers }), params: {}, context: {} })) as Response;
    return { status: response.status, cacheControl: response.headers.get("Cache-Control"), body: (await response.json()) as SyncResponse & { error?: string } };
  }

  const salesOf = async (deviceId: string) => (await handle.db.select({ n: count() }).from(posSales).where(eq(posSales.deviceId, deviceId)))[0]!.n;

  it("answers an anonymous till 401 and an importer 403, in JSON, recording nothing", async () => {
    const till = makeTill(fixture);
    const body = JSON.stringify(till.batch([till.sale()]));
    const anonymous = await post(body, null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toMatch(/Sign in/);
    const importer = await post(body, "importer");
    expect(importer.status).toBe(403);
    expect(importer.body.error).toMatch(/may not use the till/);
    expect(await salesOf(till.deviceId)).toBe(0);
  });

  it("answers 400 to a body that is not a batch, or not JSON, and records nothing", async () => {
    const till = makeTill(fixture);
    const notJson = await post("{\"deviceId\": ", "bazaar");
    expect(notJson).toMatchObject({ status: 400, body: { error: "The sync request is not valid JSON." } });
    const noSales = await post(JSON.stringify({ ...till.batch([]), sales: "all of them" }), "bazaar");
    expect(noSales.status).toBe(400);
    expect(noSales.body.error).toMatch(/^The sync batch is not valid: sales: /);
    const badDevice = await post(JSON.stringify({ ...till.batch([till.sale()]), deviceId: "x" }), "bazaar");
    expect(badDevice.status).toBe(400);
    expect(badDevice.body.error).toMatch(/deviceId: A device id is 8–64/);
    expect(await salesOf(till.deviceId)).toBe(0);
    const [device] = await handle.db.select({ n: count() }).from(posDevices).where(eq(posDevices.id, till.deviceId));
    expect(device!.n).toBe(0);
  });

  it("answers 200 with each outcome to a clean batch from the bazaar role, and never lets it be cached", async () => {
    const till = makeTill(fixture);
    const sales = [till.sale(), till.sale({ paymentMethod: "qris" })];
    const response = await post(JSON.stringify(till.batch(sales)), "bazaar");
    expect(response.status).toBe(200);
    expect(response.cacheControl).toBe("no-store");
    expect(response.body).toMatchObject({ recorded: 2, duplicates: 0, setAside: 0 });
    expect(response.body.outcomes.map((o) => [o.clientSaleId, o.status])).toEqual(sales.map((s) => [s.clientSaleId, "recorded"]));
    const replay = await post(JSON.stringify(till.batch(sales)), "staff");
    expect(replay).toMatchObject({ status: 200, body: { recorded: 0, duplicates: 2 } });
  });

  it("answers 422 when a sale is set aside, and still records the good ones", async () => {
    const till = makeTill(fixture);
    const good = till.sale();
    const bad = { ...till.sale(), clientSaleId: "not-a-ulid" };
    const response = await post(JSON.stringify(till.batch([good, bad])), "admin");
    expect(response.status).toBe(422);
    expect(response.body.outcomes).toEqual([
      expect.objectContaining({ clientSaleId: good.clientSaleId, status: "recorded" }),
      { clientSaleId: "not-a-ulid", status: "set_aside", reason: "clientSaleId: The sale id is not a ULID" },
    ]);
    expect(await salesOf(till.deviceId)).toBe(1);
    const [setAside] = await handle.db.select({ n: count() }).from(posSetAsideSales).where(eq(posSetAsideSales.deviceId, till.deviceId));
    expect(setAside!.n).toBe(1);
  });

  it("answers 409 to a till user syncing a till registered to someone else, and lets staff sync it", async () => {
    const till = makeTill(fixture);
    const [staff] = await handle.db.select({ id: users.id }).from(users).where(eq(users.email, seedUsers.find((u) => u.role === "staff")!.email));
    await handle.db.insert(posDevices).values({ id: till.deviceId, eventId: fixture.eventId, userId: staff!.id, label: "Staff tablet", issuedSeq: 0, pendingCount: 0 });
    const taken = await post(JSON.stringify({ ...till.batch([till.sale()]), issuedSeq: 1_000_000_000, pendingCount: 1_000_000_000 }), "bazaar");
    expect(taken).toMatchObject({ status: 409, cacheControl: "no-store", body: { error: "This till is registered to someone else; sign in as them or reset the till" } });
    expect(await salesOf(till.deviceId)).toBe(0);
    expect((await handle.db.select().from(posDevices).where(eq(posDevices.id, till.deviceId)))[0]).toMatchObject({ userId: staff!.id, issuedSeq: 0, pendingCount: 0 });

    const mine = makeTill(fixture);
    expect((await post(JSON.stringify(mine.batch([mine.sale()])), "bazaar")).status).toBe(200);
    expect((await post(JSON.stringify(mine.batch([mine.sale()])), "admin")).status).toBe(200);
    expect(await salesOf(mine.deviceId)).toBe(2);
  });

  it("answers 404 for an event that does not exist, keeping the sales on the device", async () => {
    const till = makeTill(fixture);
    const response = await post(JSON.stringify({ ...till.batch([till.sale()]), eventId: 2_000_000_000 }), "bazaar");
    expect(response.status).toBe(404);
    expect(response.body.error).toMatch(/no such event/);
  });

  it("answers a GET with 405 JSON", async () => {
    const response = loader();
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toBe("POST");
  });
});
