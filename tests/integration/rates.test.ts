import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { auditLog, exchangeRates, users } from "../../db/schema";
import { formatRateMicros, parseRateMicros } from "~/domain/money";
import { listAuditEntries } from "~/models/audit.server";
import { updateExchangeRates } from "~/models/rates.server";
import { writableBackends } from "../support/db";

describe("rate text", () => {
  it("round-trips between what staff type and micros", () => {
    for (const text of ["0.92", "16250", "151.2", "1.234567"]) expect(formatRateMicros(parseRateMicros(text))).toBe(text);
  });
});

describe.each(writableBackends())("exchange rates and the audit log on $name", ({ open }) => {
  let handle: DbHandle;
  let staffId: number;
  beforeAll(async () => {
    handle = await open();
    const [staff] = await handle.db.select({ id: users.id }).from(users).where(eq(users.role, "staff"));
    staffId = staff!.id;
  });
  afterAll(async () => {
    await handle.close();
  });

  it("saves only changed rates, never USD, and audits who changed what", async () => {
    const changed = await updateExchangeRates(handle.db, { rates: { EUR: 930_000, GBP: 790_000, USD: 2_000_000 }, userId: staffId, ip: "203.0.113.9" });
    expect(changed).toEqual({ EUR: { from: 920_000, to: 930_000 } });
    const [eur] = await handle.db.select().from(exchangeRates).where(eq(exchangeRates.currency, "EUR"));
    expect(eur).toMatchObject({ perUsdMicros: 930_000, updatedBy: staffId });
    const [usd] = await handle.db.select().from(exchangeRates).where(eq(exchangeRates.currency, "USD"));
    expect(usd!.perUsdMicros).toBe(1_000_000);
    const [entry] = await listAuditEntries(handle.db, 1);
    expect(entry).toMatchObject({ action: "update", entityType: "exchange_rates", changes: { EUR: { from: 920_000, to: 930_000 } }, userEmail: "staff@kriya.example" });
  });

  it("writes no audit entry when nothing changed", async () => {
    const before = (await handle.db.select().from(auditLog)).length;
    expect(await updateExchangeRates(handle.db, { rates: { EUR: 930_000 }, userId: staffId })).toEqual({});
    expect((await handle.db.select().from(auditLog)).length).toBe(before);
  });

  it("refuses a rate of zero in the database itself", async () => {
    await expect(handle.db.update(exchangeRates).set({ perUsdMicros: 0 }).where(eq(exchangeRates.currency, "EUR"))).rejects.toThrow();
  });
});
