import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { auditLog, exchangeRates, users } from "../../db/schema";
import { formatRateMicros, parseRateMicros } from "~/domain/money/money";
import { Refusal } from "~/domain/platform/refusal";
import { listAuditEntries } from "~/models/platform/audit.server";
import { updateExchangeRates } from "~/models/payments/rates.server";
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
  const currentRates = async () => Object.fromEntries((await handle.db.select().from(exchangeRates)).map((r) => [r.currency, r.perUsdMicros]));

  it("saves only changed rates, never USD, and audits who changed what", async () => {
    const result = await updateExchangeRates(handle.db, { rates: { EUR: 930_000, GBP: 790_000, USD: 2_000_000 }, userId: staffId, ip: "203.0.113.9" });
    expect(result).toEqual({ status: "saved", changed: { EUR: { from: 920_000, to: 930_000 } } });
    const [eur] = await handle.db.select().from(exchangeRates).where(eq(exchangeRates.currency, "EUR"));
    expect(eur).toMatchObject({ perUsdMicros: 930_000, updatedBy: staffId });
    const [usd] = await handle.db.select().from(exchangeRates).where(eq(exchangeRates.currency, "USD"));
    expect(usd!.perUsdMicros).toBe(1_000_000);
    const [entry] = (await listAuditEntries(handle.db, { query: { page: 1 }, pageSize: 1 })).entries;
    expect(entry).toMatchObject({ action: "update", entityType: "exchange_rates", changes: { EUR: { from: 920_000, to: 930_000 } }, userEmail: "staff@kriya.example" });
  });

  it("writes no audit entry when nothing changed", async () => {
    const before = (await handle.db.select().from(auditLog)).length;
    expect(await updateExchangeRates(handle.db, { rates: { EUR: 930_000 }, userId: staffId })).toEqual({ status: "saved", changed: {} });
    expect((await handle.db.select().from(auditLog)).length).toBe(before);
  });

  it("holds back every change while one moves more than 20% unconfirmed, then saves it once confirmed", async () => {
    const before = await currentRates();
    const auditsBefore = await handle.db.$count(auditLog);
    // The QA case: "16,250" once saved as 16.25 rupiah. Even in range, a 94% fall needs a tick first.
    const rates = { IDR: 1_625_000_000, GBP: 800_000 };
    const held = await updateExchangeRates(handle.db, { rates, userId: staffId });
    expect(held).toEqual({ status: "needs-confirmation", changes: [{ currency: "IDR", from: 16_250_000_000, to: 1_625_000_000, percent: "-90%", needsConfirmation: true }] });
    expect(await currentRates()).toEqual(before);
    expect(await handle.db.$count(auditLog)).toBe(auditsBefore);

    // A tick for a different rate (or from a different starting rate) confirms nothing.
    for (const confirmed of [["IDR:16250000000:1600000000"], ["IDR:16000000000:1625000000"], ["EUR:920000:1625000000"]]) {
      expect(await updateExchangeRates(handle.db, { rates, confirmed, userId: staffId })).toMatchObject({ status: "needs-confirmation" });
    }
    expect(await currentRates()).toEqual(before);

    const saved = await updateExchangeRates(handle.db, { rates, confirmed: ["IDR:16250000000:1625000000"], userId: staffId });
    expect(saved).toEqual({ status: "saved", changed: { IDR: { from: 16_250_000_000, to: 1_625_000_000 }, GBP: { from: 790_000, to: 800_000 } } });
    expect(await currentRates()).toMatchObject({ IDR: 1_625_000_000, GBP: 800_000 });

    // Moving back is just as big a change, and is confirmed the same way.
    const back = await updateExchangeRates(handle.db, { rates: { IDR: 16_250_000_000 }, userId: staffId });
    expect(back).toMatchObject({ status: "needs-confirmation", changes: [{ percent: "+900%" }] });
    expect(await updateExchangeRates(handle.db, { rates: { IDR: 16_250_000_000 }, confirmed: ["IDR:1625000000:16250000000"], userId: staffId })).toMatchObject({ status: "saved" });
  });

  it("refuses an absurd rate with a 400 on its field and writes nothing, even confirmed", async () => {
    const before = await currentRates();
    for (const [currency, micros] of [["EUR", 999_999_999_000_000], ["IDR", 16_250_000], ["JPY", 0], ["GBP", -790_000]] as const) {
      const attempt = updateExchangeRates(handle.db, { rates: { GBP: 800_000, [currency]: micros }, confirmed: [`${currency}:${before[currency]}:${micros}`], userId: staffId });
      await expect(attempt).rejects.toThrow(Refusal);
      await expect(attempt).rejects.toMatchObject({ field: currency, kind: "invalid", message: expect.stringMatching(new RegExp(`^The ${currency} rate must be from`)) });
    }
    expect(await currentRates()).toEqual(before);
  });

  it("refuses a rate of zero in the database itself", async () => {
    await expect(handle.db.update(exchangeRates).set({ perUsdMicros: 0 }).where(eq(exchangeRates.currency, "EUR"))).rejects.toThrow();
  });
});
