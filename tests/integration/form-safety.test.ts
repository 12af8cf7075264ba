import { randomUUID } from "node:crypto";
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle, Tx } from "../../db/client.server";
import { fieldVisits, formSubmissions, locations, producerGroups, products, stockMovements, users, variants } from "../../db/schema";
import { fieldVisitInputSchema, producerInputSchema } from "~/domain/catalog/producer-input";
import { productInputSchema } from "~/domain/catalog/product-input";
import { isStaleEdit, Refusal } from "~/domain/platform/refusal";
import { editVersion } from "~/models/platform/audit.server";
import { onceForKey } from "~/models/platform/form-submissions.server";
import { addFieldVisit, createProducer, updateProducer } from "~/models/catalog/producer-admin.server";
import { createProduct, updateProduct } from "~/models/catalog/product-admin.server";
import { adjustStock } from "~/models/stock/stock.server";
import { form, parse, producerForm, productForm } from "../support/admin-forms";
import { writableBackends } from "../support/db";
import { onlineStock, setOnlineStock, someVariant } from "../support/retail";

const allMet = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [[`checks[${i}].principle`, String(i + 1)], [`checks[${i}].met`, "on"]]).flat());

describe.each(writableBackends())("double submits and stale edit forms on $name", ({ open }) => {
  let handle: DbHandle;
  let staff: { userId: number; ip: string; canEditPayout: boolean };
  let admin: { userId: number; ip: string; canEditPayout: boolean };
  let adminName: string;
  let categoryId: number;
  let producerId: number;

  beforeAll(async () => {
    handle = await open();
    const [s] = await handle.db.select({ id: users.id }).from(users).where(eq(users.role, "staff"));
    const [a] = await handle.db.select({ id: users.id, name: users.name }).from(users).where(eq(users.role, "admin"));
    adminName = a!.name;
    staff = { userId: s!.id, ip: "203.0.113.9", canEditPayout: false };
    admin = { userId: a!.id, ip: "203.0.113.10", canEditPayout: true };
    const [c] = await handle.db.select({ id: products.categoryId, producerId: products.producerId }).from(products).limit(1);
    categoryId = c!.id;
    producerId = c!.producerId;
  });
  afterAll(async () => {
    await handle.close();
  });

  const key = (action: string, userId = staff.userId) => ({ key: randomUUID(), userId, action });
  const adjustOne = (variantId: number, locationId: number) => (tx: Tx) =>
    adjustStock(tx, { variantId, locationId, delta: 1, reason: "received", userId: staff.userId });
  const warehouseId = async () => (await handle.db.select({ id: locations.id }).from(locations).where(eq(locations.sellsOnline, true)))[0]!.id;

  it("adjusts stock once for one form key, however often the form is sent, and answers the repeats with the first outcome", async () => {
    const variant = await someVariant(handle.db, 40);
    await setOnlineStock(handle.db, variant.id, 7);
    const locationId = await warehouseId();
    const formKey = key("stock.adjust");
    const receipts = async () =>
      (await handle.db.select({ n: count() }).from(stockMovements).where(and(eq(stockMovements.variantId, variant.id), eq(stockMovements.kind, "receipt"))))[0]!.n;
    const receiptsBefore = await receipts();

    const first = await onceForKey(handle.db, { key: formKey, write: adjustOne(variant.id, locationId) });
    const again = await onceForKey(handle.db, { key: formKey, write: adjustOne(variant.id, locationId) });
    expect(first).toMatchObject({ repeated: false, outcome: { before: { onHand: 7 }, after: { onHand: 8 } } });
    expect(again).toEqual({ repeated: true, outcome: first.outcome });

    // A double click and a re-posting reload arrive together: still one movement.
    const raceKey = key("stock.adjust");
    const racing = await Promise.all(Array.from({ length: 5 }, () => onceForKey(handle.db, { key: raceKey, write: adjustOne(variant.id, locationId) })));
    expect(racing.filter((r) => !r.repeated)).toHaveLength(1);
    for (const r of racing) expect(r.outcome).toEqual(racing[0]!.outcome);
    expect((await onlineStock(handle.db, variant.id)).onHand).toBe(9);
    expect(await receipts()).toBe(receiptsBefore + 2);
  });

  it("leaves the key unused when the write is refused, so the corrected form can be sent with it", async () => {
    const variant = await someVariant(handle.db, 41);
    await setOnlineStock(handle.db, variant.id, 2);
    const locationId = await warehouseId();
    const formKey = key("stock.adjust");
    const tooMany = (tx: Tx) =>
      adjustStock(tx, { variantId: variant.id, locationId, delta: -5, reason: "damaged", userId: staff.userId });
    await expect(onceForKey(handle.db, { key: formKey, write: tooMany })).rejects.toThrow(/only 2 available/);
    expect(await handle.db.select().from(formSubmissions).where(eq(formSubmissions.key, formKey.key))).toHaveLength(0);
    expect((await onlineStock(handle.db, variant.id)).onHand).toBe(2);

    const fixed = await onceForKey(handle.db, { key: formKey, write: adjustOne(variant.id, locationId) });
    expect(fixed).toMatchObject({ repeated: false, outcome: { after: { onHand: 3 } } });
  });

  it("refuses a key that another person or another form already used", async () => {
    const variant = await someVariant(handle.db, 42);
    const locationId = await warehouseId();
    const formKey = key("stock.adjust");
    await onceForKey(handle.db, { key: formKey, write: adjustOne(variant.id, locationId) });
    const before = await onlineStock(handle.db, variant.id);
    for (const other of [{ ...formKey, userId: admin.userId }, { ...formKey, action: "product.create" }]) {
      const attempt = onceForKey(handle.db, { key: other, write: adjustOne(variant.id, locationId) });
      await expect(attempt).rejects.toBeInstanceOf(Refusal);
      await expect(attempt).rejects.toMatchObject({ kind: "conflict", message: expect.stringMatching(/already used/) });
    }
    expect(await onlineStock(handle.db, variant.id)).toEqual(before);
  });

  it("runs every write when no key is sent (a hand-made request)", async () => {
    const variant = await someVariant(handle.db, 43);
    await setOnlineStock(handle.db, variant.id, 0);
    const locationId = await warehouseId();
    await onceForKey(handle.db, { key: null, write: adjustOne(variant.id, locationId) });
    await onceForKey(handle.db, { key: null, write: adjustOne(variant.id, locationId) });
    expect((await onlineStock(handle.db, variant.id)).onHand).toBe(2);
  });

  it("creates one product, one producer group and one field visit for a form sent twice at once", async () => {
    const product = parse(productInputSchema, productForm(producerId, categoryId, { title: "Twice-clicked Basket", "variants[0].sku": "KR-TWICE-1" }));
    expect(product.status).toBe("success");
    const productKey = key("product.create");
    const products2 = await Promise.all([0, 1].map(() => onceForKey(handle.db, { key: productKey, write: (tx) => createProduct(tx, { input: product.value, actor: staff }) })));
    expect(products2[0]!.outcome.id).toBe(products2[1]!.outcome.id);
    expect(await handle.db.select().from(variants).where(eq(variants.sku, "KR-TWICE-1"))).toHaveLength(1);

    const producer = parse(producerInputSchema(), producerForm({ name: "Kelompok Dua Kali" }));
    const producerKey = key("producer.create");
    const groups = await Promise.all([0, 1].map(() => onceForKey(handle.db, { key: producerKey, write: (tx) => createProducer(tx, { input: producer.value, actor: staff }) })));
    expect(groups.map((g) => g.repeated).sort()).toEqual([false, true]);
    expect(await handle.db.select().from(producerGroups).where(eq(producerGroups.name, "Kelompok Dua Kali"))).toHaveLength(1);

    const visit = parse(fieldVisitInputSchema(new Date("2026-11-23")), form({ visitedOn: "2026-11-20", visitor: "Rina", ...allMet }));
    expect(visit.status).toBe("success");
    const visitKey = key(`producer.${groups[0]!.outcome.id}.visit`);
    const visits = await Promise.all([0, 1, 2].map(() => onceForKey(handle.db, { key: visitKey, write: (tx) => addFieldVisit(tx, { producerId: groups[0]!.outcome.id, input: visit.value, actor: staff }) })));
    expect(new Set(visits.map((v) => v.outcome.id)).size).toBe(1);
    expect(await handle.db.select().from(fieldVisits).where(eq(fieldVisits.producerId, groups[0]!.outcome.id))).toHaveLength(1);
  });

  it("refuses a product save made from a form opened before someone else's save, keeps theirs, and lets it be sent again on purpose", async () => {
    const created = await createProduct(handle.db, { input: parse(productInputSchema, productForm(producerId, categoryId, { title: "Contested Lamp", "variants[0].sku": "KR-STALE-1" })).value, actor: staff });
    const opened = await editVersion(handle.db, { entityType: "product", entityId: created.id });
    expect(opened).toBeGreaterThan(0);

    const theirs = parse(productInputSchema, productForm(producerId, categoryId, { title: "Contested Lamp (admin's title)", "variants[0].sku": "KR-STALE-1" })).value;
    await updateProduct(handle.db, { id: created.id, input: theirs, actor: admin, expectedVersion: opened });
    const afterTheirs = await editVersion(handle.db, { entityType: "product", entityId: created.id });
    expect(afterTheirs).toBeGreaterThan(opened);

    const mine = parse(productInputSchema, productForm(producerId, categoryId, { title: "Contested Lamp (staff's title)", "variants[0].sku": "KR-STALE-1" })).value;
    const stale = updateProduct(handle.db, { id: created.id, input: mine, actor: staff, expectedVersion: opened });
    await expect(stale).rejects.toSatisfy(isStaleEdit);
    await expect(stale).rejects.toMatchObject({ kind: "conflict", details: { currentVersion: afterTheirs }, message: expect.stringMatching(new RegExp(`^${adminName} saved this product at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC, after you opened it`)) });
    const [row] = await handle.db.select({ title: products.title }).from(products).where(eq(products.id, created.id));
    expect(row!.title).toBe("Contested Lamp (admin's title)");

    // Sent again with the version the refusal named, it overwrites deliberately.
    await updateProduct(handle.db, { id: created.id, input: mine, actor: staff, expectedVersion: afterTheirs });
    const [final] = await handle.db.select({ title: products.title }).from(products).where(eq(products.id, created.id));
    expect(final!.title).toBe("Contested Lamp (staff's title)");
  });

  it("lets exactly one of two saves from the same version through", async () => {
    const created = await createProduct(handle.db, { input: parse(productInputSchema, productForm(producerId, categoryId, { title: "Raced Tray", "variants[0].sku": "KR-RACE-1" })).value, actor: staff });
    const opened = await editVersion(handle.db, { entityType: "product", entityId: created.id });
    const save = (title: string, who: typeof staff) =>
      updateProduct(handle.db, { id: created.id, input: parse(productInputSchema, productForm(producerId, categoryId, { title, "variants[0].sku": "KR-RACE-1" })).value, actor: who, expectedVersion: opened });
    const results = await Promise.allSettled([save("Raced Tray A", staff), save("Raced Tray B", admin)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(isStaleEdit(refused.reason)).toBe(true);
  });

  it("refuses a stale producer save the same way, and does not count an unchanged save as an edit", async () => {
    const group = await createProducer(handle.db, { input: parse(producerInputSchema(), producerForm({ name: "Kelompok Versi" })).value, actor: staff });
    const opened = await editVersion(handle.db, { entityType: "producer", entityId: group.id });
    const unchanged = await updateProducer(handle.db, { id: group.id, input: parse(producerInputSchema(), producerForm({ name: "Kelompok Versi" })).value, actor: staff, expectedVersion: opened });
    expect(unchanged.changed).toBe(false);
    expect(await editVersion(handle.db, { entityType: "producer", entityId: group.id })).toBe(opened);

    await updateProducer(handle.db, { id: group.id, input: parse(producerInputSchema(), producerForm({ name: "Kelompok Versi", memberCount: "30" })).value, actor: admin, expectedVersion: opened });
    const stale = updateProducer(handle.db, { id: group.id, input: parse(producerInputSchema(), producerForm({ name: "Kelompok Versi", memberCount: "25" })).value, actor: staff, expectedVersion: opened });
    await expect(stale).rejects.toMatchObject({ kind: "conflict", message: expect.stringContaining("saved this producer group at") });
    const [row] = await handle.db.select({ memberCount: producerGroups.memberCount }).from(producerGroups).where(eq(producerGroups.id, group.id));
    expect(row!.memberCount).toBe(30);
  });
});
