import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { auditLog, users } from "../../db/schema";
import { AUDIT_PAGE_SIZE, type AuditLogQuery } from "~/domain/platform/audit-log-query";
import { listAuditEntries, listAuditFilterOptions } from "~/models/platform/audit.server";
import { writableBackends } from "../support/db";

const HOUR = 3_600_000;
const jan1 = Date.parse("2026-01-01T00:00:00Z");

describe.each(writableBackends())("the audit log's filters and pages on $name", ({ open }) => {
  let handle: DbHandle;
  let staffId: number;
  let adminId: number;
  const list = (query: Partial<AuditLogQuery>) => listAuditEntries(handle.db, { query: { page: 1, ...query } });

  beforeAll(async () => {
    handle = await open();
    const [staff] = await handle.db.select({ id: users.id }).from(users).where(eq(users.email, "staff@kriya.example"));
    const [admin] = await handle.db.select({ id: users.id }).from(users).where(eq(users.email, "admin@kriya.example"));
    staffId = staff!.id;
    adminId = admin!.id;
    // 120 stock counts by staff, one an hour from 1 January 2026 00:00 UTC (so 24 a day for five days) …
    await handle.db.insert(auditLog).values(
      Array.from({ length: 120 }, (_, i) => ({
        userId: staffId,
        action: "adjust",
        entityType: "test_widget",
        entityId: `w${i}`,
        changes: { onHand: { from: i, to: i + 1 } },
        createdAt: new Date(jan1 + i * HOUR),
      })),
    );
    // … and a few edits by the admin just either side of midnight, plus one nobody is named for.
    await handle.db.insert(auditLog).values([
      { userId: adminId, action: "update", entityType: "test_gadget", entityId: "g1", createdAt: new Date("2026-01-02T23:59:59.999Z") },
      { userId: adminId, action: "update", entityType: "test_gadget", entityId: "g2", createdAt: new Date("2026-01-03T00:00:00.000Z") },
      { userId: adminId, action: "update", entityType: "test_gadget", entityId: "g3", createdAt: new Date("2026-01-03T23:59:59.999Z") },
      { userId: null, action: "update", entityType: "test_gadget", entityId: "g4", createdAt: new Date("2026-02-01T12:00:00Z") },
    ]);
  });
  afterAll(async () => {
    await handle.close();
  });

  it("pages 50 entries at a time, newest first, with no entry on two pages", async () => {
    const pages = await Promise.all([1, 2, 3, 4].map((page) => list({ entityType: "test_widget", page })));
    expect(pages.map((p) => p.entries.length)).toEqual([AUDIT_PAGE_SIZE, AUDIT_PAGE_SIZE, 20, 0]);
    expect(pages.map((p) => [p.total, p.pageCount])).toEqual(Array(4).fill([120, 3]));
    const ids = pages.flatMap((p) => p.entries.map((e) => e.id));
    expect(new Set(ids).size).toBe(120);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(pages[0]!.entries[0]).toMatchObject({ entityId: "w119", action: "adjust", userName: "Dewi Lestari", userEmail: "staff@kriya.example", changes: { onHand: { from: 119, to: 120 } } });
    expect(pages[2]!.entries.at(-1)).toMatchObject({ entityId: "w0" });
  });

  it("filters by what changed and by who", async () => {
    const gadgets = await list({ entityType: "test_gadget" });
    expect(gadgets.entries.map((e) => e.entityId)).toEqual(["g4", "g3", "g2", "g1"]);
    expect((await list({ entityType: "test_gadget", userId: adminId })).entries.map((e) => e.entityId)).toEqual(["g3", "g2", "g1"]);
    expect(await list({ entityType: "test_gadget", userId: staffId })).toEqual({ entries: [], total: 0, pageCount: 1 });
    const byStaff = await list({ userId: staffId });
    expect(byStaff.total).toBeGreaterThanOrEqual(120);
    expect(byStaff.entries.every((e) => e.userId === staffId)).toBe(true);
  });

  it("includes both ends of a range of UTC days, and nothing either side", async () => {
    const day2 = await list({ entityType: "test_widget", from: "2026-01-02", to: "2026-01-02" });
    expect(day2.total).toBe(24);
    expect(day2.entries.map((e) => e.entityId)).toEqual(Array.from({ length: 24 }, (_, i) => `w${47 - i}`));
    expect((await list({ entityType: "test_gadget", from: "2026-01-03", to: "2026-01-03" })).entries.map((e) => e.entityId)).toEqual(["g3", "g2"]);
    expect((await list({ entityType: "test_gadget", to: "2026-01-02" })).entries.map((e) => e.entityId)).toEqual(["g1"]);
    expect((await list({ entityType: "test_gadget", from: "2026-01-04" })).entries.map((e) => e.entityId)).toEqual(["g4"]);
    expect((await list({ entityType: "test_widget", from: "2026-01-05" })).total).toBe(24);
    const combined = await list({ entityType: "test_widget", userId: staffId, from: "2026-01-01", to: "2026-01-03", page: 2 });
    expect([combined.total, combined.pageCount, combined.entries.length]).toEqual([72, 2, 22]);
  });

  it("offers every kind of record and every person found in the log, once each", async () => {
    const options = await listAuditFilterOptions(handle.db);
    expect(options.entityTypes).toEqual(expect.arrayContaining(["test_gadget", "test_widget"]));
    expect(new Set(options.entityTypes).size).toBe(options.entityTypes.length);
    expect(options.people).toEqual(
      expect.arrayContaining([
        { id: adminId, name: "Ratna Sari", email: "admin@kriya.example" },
        { id: staffId, name: "Dewi Lestari", email: "staff@kriya.example" },
      ]),
    );
    expect(new Set(options.people.map((p) => p.id)).size).toBe(options.people.length);
  });
});
