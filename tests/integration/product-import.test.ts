import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { auditLog, products, users, variants, wholesalePriceTiers } from "../../db/schema";
import { productCsvColumns } from "~/domain/catalog/product-csv";
import { importProductsCsv } from "~/models/catalog/product-import.server";
import { writableBackends } from "../support/db";

const header = productCsvColumns.join(",");
type Row = Partial<Record<(typeof productCsvColumns)[number], string>>;
const base: Row = {
  product: "woven-pandan-pouch",
  title: "Woven Pandan Pouch",
  summary: "A zipped pouch woven from pandan leaf.",
  category: "Upcycled",
  producer: "bunga-tanjung",
  status: "active",
  materials: "pandan-leaf",
  sku: "KR-PDN-POUCH-S",
  variant_title: "Small",
  retail_usd: "18.00",
  bazaar_idr: "190.000",
  producer_idr: "75000",
  weight_g: "120",
  tiers: "12:9.50;48:8.75",
};
const csv = (...rows: Row[]) => [header, ...rows.map((r) => productCsvColumns.map((c) => JSON.stringify(r[c] ?? "")).join(","))].join("\n");

describe.each(writableBackends())("product CSV import on $name", ({ open }) => {
  let handle: DbHandle;
  let actor: { userId: number; ip: string };
  const countProducts = () => handle.db.$count(products);
  beforeAll(async () => {
    handle = await open();
    const [u] = await handle.db.select({ id: users.id }).from(users).where(eq(users.role, "staff"));
    actor = { userId: u!.id, ip: "198.51.100.7" };
  });
  afterAll(async () => {
    await handle.close();
  });

  it("previews without changing anything", async () => {
    const before = await countProducts();
    const report = await importProductsCsv(handle.db, { text: csv(base, { ...base, sku: "KR-PDN-POUCH-L", variant_title: "Large", retail_usd: "24" }), apply: false, actor });
    expect(report).toMatchObject({ applied: false, problems: [], products: [{ line: 2, handle: "woven-pandan-pouch", action: "create", variants: 2, ok: true }] });
    expect(await countProducts()).toBe(before);
    expect(await handle.db.$count(variants, eq(variants.sku, "KR-PDN-POUCH-S"))).toBe(0);
  });

  it("reports every broken row by line and column, and applies nothing", async () => {
    const before = await countProducts();
    const report = await importProductsCsv(handle.db, { text: csv(
        { ...base, product: "good-one", sku: "KR-GOOD-01" },
        { ...base, product: "bad-prices", sku: "KR-BAD-01", retail_usd: "-4", bazaar_idr: "abc" },
        { ...base, product: "bad-refs", sku: "KR-BAD-02", category: "Spaceships", producer: "nobody" },
        { ...base, product: "taken-sku", sku: "KR-NTB-003-NAT" },
        { ...base, product: "bad-tier", sku: "KR-BAD-03", tiers: "12:abc" },
      ), apply: true, actor });
    expect(report.applied).toBe(false);
    expect(report.problems).toEqual([
      { line: 3, message: "retail_usd: The retail price must be more than zero" },
      { line: 3, message: "bazaar_idr: Bazaar price: Enter whole rupiah, e.g. 150000 or 150.000" },
      { line: 4, message: expect.stringMatching(/^category: unknown “Spaceships”/) },
      { line: 4, message: expect.stringMatching(/^producer: unknown “nobody”/) },
      { line: 5, message: expect.stringMatching(/^sku: SKU KR-NTB-003-NAT is already used by “/) },
      { line: 6, message: "tiers: Tier price: Enter an amount like 24.50" },
    ]);
    expect(await countProducts()).toBe(before);
    expect(await handle.db.$count(products, eq(products.slug, "good-one"))).toBe(0);
  });

  it("reports every problem of a row at once, not only its unknown material", async () => {
    const report = await importProductsCsv(handle.db, { text: csv({ ...base, product: "qa-waves", sku: "KR-QA-WAVES", retail_usd: "99999999999999", bazaar_idr: "-1", status: "zzz", materials: "pandan-leaf;unobtainium" }), apply: false, actor });
    expect(report.problems).toEqual([
      { line: 2, message: "materials: unknown “unobtainium”." },
      { line: 2, message: "status: Choose draft, active or archived" },
      { line: 2, message: "retail_usd: Retail price: That amount is too large" },
      { line: 2, message: "bazaar_idr: The bazaar price must be more than zero" },
    ]);
  });

  it("refuses yes/no cells that are neither, a short row, and empty required cells, all in one preview", async () => {
    const before = await countProducts();
    const report = await importProductsCsv(handle.db, { text: [
        csv({ ...base, product: "qa-maybe", sku: "KR-QA-MAYBE", featured: "maybe", active: "perhaps" }, { ...base, product: "qa-blank", sku: "KR-QA-BLANK", category: "", weight_g: "" }),
        "qa-short,Short row,only",
        csv({ ...base, product: "qa-good", sku: "KR-QA-GOOD" }).split("\n")[1],
      ].join("\n"), apply: true, actor });
    expect(report.applied).toBe(false);
    expect(report.problems).toEqual([
      { line: 2, message: "featured: “maybe” is not yes or no. Use yes or no (or y/n, true/false, 1/0); empty means no." },
      { line: 2, message: "active: “perhaps” is not yes or no. Use yes or no (or y/n, true/false, 1/0); empty means yes." },
      { line: 3, message: "category: empty, but every product needs one." },
      { line: 3, message: "weight_g: empty, but every row needs one." },
      { line: 4, message: `Row 4 has 3 of ${productCsvColumns.length} columns: check for a missing or extra comma, or a value with a comma that needs "quotes".` },
      { line: 4, message: "category: empty, but every product needs one." },
      { line: 4, message: "producer: empty, but every product needs one." },
      { line: 4, message: "sku: empty, but every row needs one." },
      { line: 4, message: "retail_usd: empty, but every row needs one." },
      { line: 4, message: "bazaar_idr: empty, but every row needs one." },
      { line: 4, message: "producer_idr: empty, but every row needs one." },
      { line: 4, message: "weight_g: empty, but every row needs one." },
    ]);
    expect(await countProducts()).toBe(before);
    expect(await handle.db.$count(products, eq(products.slug, "qa-good"))).toBe(0);
  });

  it("applies a clean file in one go, and a second run updates instead of duplicating", async () => {
    const before = await countProducts();
    const file = csv(base, { ...base, sku: "KR-PDN-POUCH-L", variant_title: "Large", retail_usd: "24" }, { ...base, product: "pandan-placemat", title: "Pandan Placemat", sku: "KR-PDN-MAT", tiers: "" });
    const applied = await importProductsCsv(handle.db, { text: file, apply: true, actor });
    expect(applied).toMatchObject({ applied: true, problems: [] });
    expect(await countProducts()).toBe(before + 2);
    const [small] = await handle.db.select().from(variants).where(eq(variants.sku, "KR-PDN-POUCH-S"));
    expect(small).toMatchObject({ retailPriceMinor: 1800, bazaarPriceMinor: 19_000_000, producerPriceMinor: 7_500_000, title: "Small" });
    const tiers = await handle.db.select().from(wholesalePriceTiers).where(eq(wholesalePriceTiers.variantId, small!.id)).orderBy(wholesalePriceTiers.minQuantity);
    expect(tiers.map((t) => [t.minQuantity, t.unitPriceMinor])).toEqual([[12, 950], [48, 875]]);
    const [entry] = await handle.db.select().from(auditLog).where(eq(auditLog.entityType, "product_csv"));
    expect(entry).toMatchObject({ action: "import", changes: { created: 2, updated: 0 }, userId: actor.userId });

    // Re-importing only the small pouch with a new price updates it and keeps the large one.
    const again = await importProductsCsv(handle.db, { text: csv({ ...base, retail_usd: "19.50" }), apply: true, actor });
    expect(again.products).toMatchObject([{ action: "update" }]);
    expect(await countProducts()).toBe(before + 2);
    const pouch = await handle.db.select({ sku: variants.sku, price: variants.retailPriceMinor }).from(variants).innerJoin(products, eq(products.id, variants.productId)).where(eq(products.slug, "woven-pandan-pouch")).orderBy(sql`${variants.position}`);
    expect(pouch).toEqual([{ sku: "KR-PDN-POUCH-S", price: 1950 }, { sku: "KR-PDN-POUCH-L", price: 2400 }]);
  });

  it("reads clear yes/no cells as they say", async () => {
    const report = await importProductsCsv(handle.db, { text: csv({ ...base, product: "qa-flags", sku: "KR-QA-FLAGS", featured: "Y", active: "0", status: "draft" }), apply: true, actor });
    expect(report).toMatchObject({ applied: true, problems: [] });
    const [row] = await handle.db.select({ featured: products.featured, active: variants.active }).from(products).innerJoin(variants, eq(variants.productId, products.id)).where(eq(products.slug, "qa-flags"));
    expect(row).toEqual({ featured: true, active: false });
  });
});
