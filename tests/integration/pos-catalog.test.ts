import { randomBytes } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { events, locations, users, variants } from "../../db/schema";
import { seedUsers } from "../../db/seed/data/reference";
import type { PosCatalog } from "~/models/bazaar/pos-catalog.server";
import { recordMovements } from "~/models/stock/ledger.server";
import { loader as catalogLoader } from "~/routes/_pos+/pos.catalog.$eventId";
import { loader as tillLoader } from "~/routes/_pos+/pos._index";
import { serveAppFrom, writableBackends } from "../support/db";
import { sessionCookie, thrownResponse } from "../support/outcomes";

type Status = "planned" | "open" | "closed";

describe.each(writableBackends())("the till's catalogue on $name", ({ open }) => {
  let handle: DbHandle;
  let restoreAppDb: () => void;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    handle = await open();
    restoreAppDb = serveAppFrom(handle);
    for (const seeded of seedUsers) {
      const [user] = await handle.db.select({ id: users.id }).from(users).where(eq(users.email, seeded.email));
      cookies[seeded.role] = await sessionCookie(handle.db, user!.id);
    }
  });
  afterAll(async () => {
    restoreAppDb();
    await handle.close();
  });

  /** An event with its own location holding `stock` of the first seeded pieces. */
  async function eventWith(status: Status, stock: number[]) {
    const slug = `till-test-${randomBytes(4).toString("hex")}`;
    const [location] = await handle.db.insert(locations).values({ code: slug.toUpperCase(), name: slug, kind: "event" }).returning({ id: locations.id });
    const [event] = await handle.db
      .insert(events)
      .values({ slug, name: `Bazar ${slug}`, venue: "Gedung Sarinah", startsOn: "2026-12-05", endsOn: "2026-12-06", status, locationId: location!.id, qrisPayload: "00020101021126570011ID.DANA.WWW", qrisMerchantName: "KRIYA NUSANTARA" })
      .returning({ id: events.id });
    const pieces = await handle.db.select({ id: variants.id, bazaarPriceMinor: variants.bazaarPriceMinor }).from(variants).orderBy(asc(variants.id)).limit(stock.length);
    await handle.db.transaction((tx) =>
      recordMovements(tx, { movements: pieces.map((piece, i) => ({ variantId: piece.id, locationId: location!.id, kind: "adjustment" as const, quantity: stock[i]!, reason: "Counted at the stall" })) }),
    );
    return { id: event!.id, name: `Bazar ${slug}`, pieces };
  }

  const get = (path: string, role?: string) => new Request(`http://localhost${path}`, { headers: role ? { Cookie: cookies[role]! } : {} });
  const catalog = (eventId: number | string, role?: string) => catalogLoader({ request: get(`/pos/catalog/${eventId}`, role), params: { eventId: String(eventId) }, context: {} });
  const answer = async (work: Promise<Response>) => {
    const response = await work.catch((error: unknown) => {
      if (error instanceof Response) return error;
      throw error;
    });
    return { status: response.status, cacheControl: response.headers.get("Cache-Control"), body: (await response.json()) as unknown };
  };

  it("gives the bazaar role every piece stocked at the event, with its bazaar price, stock, category and maker, never cached", async () => {
    const event = await eventWith("open", [4, 2, 1]);
    const { status, cacheControl, body } = await answer(catalog(event.id, "bazaar"));
    expect(status).toBe(200);
    expect(cacheControl).toBe("private, no-store");
    const { event: shown, pieces } = body as PosCatalog;
    expect(shown).toEqual({ id: event.id, name: event.name, venue: "Gedung Sarinah", startsOn: "2026-12-05", endsOn: "2026-12-06", status: "open", qrisPayload: "00020101021126570011ID.DANA.WWW", qrisMerchantName: "KRIYA NUSANTARA" });
    expect(pieces.map((p) => [p.variantId, p.onHand, p.bazaarPriceMinor]).sort((a, b) => a[0]! - b[0]!)).toEqual(event.pieces.map((p, i) => [p.id, [4, 2, 1][i], p.bazaarPriceMinor]));
    for (const piece of pieces) {
      expect(piece.sku).not.toBe("");
      expect(piece.productName).not.toBe("");
      expect(piece.category).not.toBe("");
      expect(piece.producerGroup).not.toBe("");
      expect(piece.currency).toBe("IDR");
      if (piece.photoUrl) expect(piece.photoUrl).toMatch(/^\/images\/[0-9a-f]+\/\d+\.webp$/);
    }
  });

  it("answers staff and admin too, an anonymous caller 401 JSON and an importer 403 JSON", async () => {
    const event = await eventWith("planned", [1]);
    expect((await answer(catalog(event.id, "staff"))).status).toBe(200);
    expect((await answer(catalog(event.id, "admin"))).status).toBe(200);
    expect(await answer(catalog(event.id))).toMatchObject({ status: 401, body: { message: expect.any(String) } });
    expect(await answer(catalog(event.id, "importer"))).toMatchObject({ status: 403, body: { message: expect.any(String) } });
  });

  it("is a 404 for a closed event, an unknown one and an id that is not one", async () => {
    const closed = await eventWith("closed", [1]);
    expect((await answer(catalog(closed.id, "bazaar"))).status).toBe(404);
    expect((await answer(catalog(2_000_000_000, "bazaar"))).status).toBe(404);
    expect((await answer(catalog("99999999999999999999", "bazaar"))).status).toBe(404);
    expect((await answer(catalog("abc", "bazaar"))).status).toBe(404);
  });

  it("opens the till page for the bazaar role with the open and planned events, and sends others away", async () => {
    const openEvent = await eventWith("open", [1]);
    const closed = await eventWith("closed", [1]);
    const page = (role?: string) => tillLoader({ request: get("/pos", role), params: {}, context: {} });
    const result = (await page("bazaar")) as unknown as { data: { events: { id: number }[]; user: { name: string; locale: string }; origin: string } };
    const ids = result.data.events.map((e) => e.id);
    expect(ids).toContain(openEvent.id);
    expect(ids).not.toContain(closed.id);
    expect(result.data.user).toEqual({ name: "Agus Pratama", locale: "id" });
    expect(result.data.origin).toMatch(/^https?:\/\//);

    const anonymous = await thrownResponse(() => page());
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toBe("/login?redirectTo=%2Fpos");
    expect((await thrownResponse(() => page("importer"))).status).toBe(403);
  });

  it("gives the till PUBLIC_URL's origin for its receipt QR codes, never the host the request names", async () => {
    const previous = process.env.PUBLIC_URL;
    process.env.PUBLIC_URL = "https://shop.kriya.example/ignored/path";
    try {
      const request = get("/pos", "bazaar");
      request.headers.set("Host", "evil.example");
      request.headers.set("X-Forwarded-Host", "evil.example");
      request.headers.set("X-Forwarded-Proto", "http");
      const result = (await tillLoader({ request, params: {}, context: {} })) as unknown as { data: { origin: string } };
      // The receipt's QR and printed link are `${origin}/receipt/<ULID>` (app/components/pos/receipt.tsx).
      expect(result.data.origin).toBe("https://shop.kriya.example");
    } finally {
      if (previous === undefined) delete process.env.PUBLIC_URL;
      else process.env.PUBLIC_URL = previous;
    }
  });
});
