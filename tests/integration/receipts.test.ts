import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { recordSyncBatch } from "~/models/bazaar/pos-sync.server";
import { loader } from "~/routes/_shop+/receipt.$id";
import { serveAppFrom, writableBackends } from "../support/db";
import { createSyncFixture, makeTill, type SyncFixture } from "../support/pos-sync";

describe.each(writableBackends())("the public receipt on $name", ({ open }) => {
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

  const load = (id: string) => loader({ request: new Request(`http://localhost/receipt/${id}`), params: { id }, context: {} });

  /** The status of the Response a loader throws. */
  async function thrownStatus(id: string) {
    try {
      await load(id);
    } catch (error) {
      if (error instanceof Response) return { status: error.status, body: (await error.json()) as { message: string } };
      throw error;
    }
    throw new Error("expected the loader to throw a Response");
  }

  it("shows what was bought, who made it and how it was paid, and never the payment reference", async () => {
    const till = makeTill(fixture);
    const [a, , c] = fixture.pieces;
    till.sale();
    till.sale();
    const sale = till.sale({ paymentMethod: "card", paymentReference: "EDC-SECRET-884201", lines: [{ variantId: a!.variantId, quantity: 2, unitPriceMinor: a!.priceMinor }, { variantId: c!.variantId, quantity: 1, unitPriceMinor: c!.priceMinor }] });
    expect((await recordSyncBatch(handle.db, { batch: till.batch([sale]), user: { id: fixture.userId } })).recorded).toBe(1);

    const { receipt } = await load(sale.clientSaleId);
    expect(receipt).toMatchObject({ clientSaleId: sale.clientSaleId, paymentMethod: "card", totalMinor: sale.totalMinor, currency: "IDR", receiptPrinciple: 3, soldAt: sale.soldAt });
    expect(receipt.event.name).toMatch(/^Pasar Kriya /);
    expect(receipt.lines.map((l) => [l.quantity, l.unitPriceMinor, l.lineTotalMinor])).toEqual([
      [2, a!.priceMinor, 2 * a!.priceMinor],
      [1, c!.priceMinor, c!.priceMinor],
    ]);
    for (const line of receipt.lines) {
      expect(line.producer.slug).toMatch(/^[a-z0-9-]+$/);
      expect(line.productSlug).toMatch(/^[a-z0-9-]+$/);
    }
    expect(new Set(receipt.lines.map((l) => l.producer.slug)).size).toBe(2);
    expect(receipt.lines.some((l) => l.image !== null)).toBe(true);
    expect(JSON.stringify(receipt)).not.toContain("EDC-SECRET");
    expect(JSON.stringify(receipt)).not.toContain(till.deviceId);

    // The QR code's id is upper case, but a hand-typed lower-case one is the same receipt.
    expect((await load(sale.clientSaleId.toLowerCase())).receipt.clientSaleId).toBe(sale.clientSaleId);
  });

  it("is a friendly 404 for a sale not synced yet, and for an id that is not a ULID", async () => {
    const till = makeTill(fixture);
    const unsynced = till.sale();
    for (const id of [unsynced.clientSaleId, "not-a-receipt", "8ZZZZZZZZZZZZZZZZZZZZZZZZZ", "%00", "x".repeat(5000)]) {
      expect(await thrownStatus(id)).toEqual({ status: 404, body: { message: "This receipt appears once the stall's till has synced." } });
    }
  });
});
