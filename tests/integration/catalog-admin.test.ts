import { and, eq, sql } from "drizzle-orm";
import sharp from "sharp";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { crc32 } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { auditLog, fieldVisitChecks, images, producerGroups, productSlugRedirects, products, users, variants, wholesalePriceTiers } from "../../db/schema";
import { fieldVisitInputSchema, producerInputSchema } from "~/domain/catalog/producer-input";
import { productInputSchema } from "~/domain/catalog/product-input";
import { processImage } from "~/models/catalog/images.server";
import { Refusal } from "~/domain/platform/refusal";
import { addFieldVisit, createProducer, deleteFieldVisit, deleteProducer, getProducerForEdit, updateProducer } from "~/models/catalog/producer-admin.server";
import {
  addProductImages,
  createProduct,
  deleteProduct,
  getProductForEdit,
  listProductsForAdmin,
  productFormValues,
  updateProduct,
  updateProductImage,
} from "~/models/catalog/product-admin.server";
import { recordMovements } from "~/models/stock/ledger.server";
import { LocalDiskStorage } from "~/utils/storage.server";
import { IMAGE_FORMATS, imageKey } from "~/utils/images";
import { uploadProductPhotos } from "~/routes/admin+/photo-upload.server";
import { Picture } from "~/components/ui/picture";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { writableBackends } from "../support/db";
import { placeOne } from "../support/retail";
import { form, parse, producerForm, productForm, variantFields } from "../support/admin-forms";


/** A real 1×1 PNG whose header is rewritten to claim another size (with a valid checksum). */
async function pngClaiming(width: number, height: number) {
  const png = Buffer.from(await sharp({ create: { width: 1, height: 1, channels: 3, background: "#000" } }).png().toBuffer());
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

describe.each(writableBackends())("back-office catalogue on $name", ({ open }) => {
  let handle: DbHandle;
  let staff: { userId: number; ip: string; canEditPayout: boolean };
  let categoryId: number;
  beforeAll(async () => {
    handle = await open();
    const [u] = await handle.db.select({ id: users.id }).from(users).where(eq(users.role, "staff"));
    staff = { userId: u!.id, ip: "203.0.113.5", canEditPayout: false };
    const [c] = await handle.db.execute(sql`select id from categories order by id limit 1`).then((r) => (Array.isArray(r) ? r : (r as { rows: { id: number }[] }).rows) as { id: number }[]);
    categoryId = c!.id;
  });
  afterAll(async () => {
    await handle.close();
  });

  it("creates a producer with a slug from its name, audits it, and hides payout fields from staff", async () => {
    const submission = parse(producerInputSchema(), producerForm({ payoutAccountNumber: "123-456" }));
    expect(submission.status).toBe("success");
    const created = await createProducer(handle.db, { input: submission.value as never, actor: staff });
    expect(created.slug).toBe("kelompok-anyaman-mendong");
    const [row] = await handle.db.select().from(producerGroups).where(eq(producerGroups.id, created.id));
    expect(row).toMatchObject({ crafts: ["mendong weaving", "sewing"], womenCount: 20, homeworkers: true, payoutAccountNumber: null });
    const [entry] = await handle.db.select().from(auditLog).where(and(eq(auditLog.entityType, "producer"), eq(auditLog.entityId, String(created.id))));
    expect(entry).toMatchObject({ action: "create", userId: staff.userId, ip: "203.0.113.5" });
  });

  it("rejects bad producer input with a message per field", () => {
    const tooManyWomen = parse(producerInputSchema(), producerForm({ womenCount: "30" }));
    expect(tooManyWomen.reply().error).toEqual({ womenCount: ["There can't be more women than members"] });
    const submission = parse(producerInputSchema(), producerForm({ latitude: "123", foundedYear: "2999", island: "Atlantis", name: "" }));
    expect(submission.status).toBe("error");
    const errors = submission.reply().error!;
    expect(errors["latitude"]).toEqual(["Latitude runs from -90 to 90"]);
    expect(errors["foundedYear"]).toEqual(["The founding year can't be in the future"]);
    expect(errors["island"]).toEqual(["Choose the island"]);
    expect(errors["name"]).toEqual(["Enter the group's name"]);
  });

  it("refuses a slug another producer has, and changes nothing", async () => {
    const [existing] = await handle.db.select({ id: producerGroups.id, slug: producerGroups.slug, name: producerGroups.name }).from(producerGroups).orderBy(producerGroups.id).limit(2);
    const submission = parse(producerInputSchema(), producerForm({ name: "Another group", slug: existing!.slug }));
    await expect(createProducer(handle.db, { input: submission.value as never, actor: staff })).rejects.toThrow(Refusal);
    expect(await handle.db.$count(producerGroups, eq(producerGroups.name, "Another group"))).toBe(0);
  });

  it("numbers the web address made from a name another group already has, when none was typed", async () => {
    const named = () => createProducer(handle.db, { input: parse(producerInputSchema(), producerForm({ name: "Kelompok Rotan Sejahtera" })).value as never, actor: staff });
    expect([(await named()).slug, (await named()).slug, (await named()).slug]).toEqual(["kelompok-rotan-sejahtera", "kelompok-rotan-sejahtera-2", "kelompok-rotan-sejahtera-3"]);
  });

  it("updates only what changed and records the difference; no change writes no audit entry", async () => {
    const [p] = await handle.db.select().from(producerGroups).where(eq(producerGroups.slug, "kelompok-anyaman-mendong"));
    const before = await handle.db.$count(auditLog);
    const same = await updateProducer(handle.db, { id: p!.id, input: parse(producerInputSchema(), producerForm()).value as never, actor: staff });
    expect(same.changed).toBe(false);
    expect(await handle.db.$count(auditLog)).toBe(before);
    const changed = await updateProducer(handle.db, { id: p!.id, input: parse(producerInputSchema(), producerForm({ memberCount: "25" })).value as never, actor: staff });
    expect(changed.changed).toBe(true);
    const [entry] = await handle.db.select().from(auditLog).orderBy(sql`${auditLog.id} desc`).limit(1);
    expect(entry!.changes).toEqual({ memberCount: { from: 22, to: 25 } });
  });

  it("records a field visit with all 10 principles, needs a note for each one not met, and can delete it", async () => {
    const [p] = await handle.db.select().from(producerGroups).where(eq(producerGroups.slug, "kelompok-anyaman-mendong"));
    const checks = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [
        [`checks[${i}].principle`, String(i + 1)],
        ...(i === 6 ? [] : [[`checks[${i}].met`, "on"]]),
      ]).flat(),
    );
    const noNote = parse(fieldVisitInputSchema(new Date("2026-11-23")), form({ visitedOn: "2026-11-20", visitor: "Sari", ...checks }));
    expect(noNote.status).toBe("error");
    expect(noNote.reply().error!["checks[6].note"]).toEqual(["Say what was not met"]);
    const future = parse(fieldVisitInputSchema(new Date("2026-11-23")), form({ visitedOn: "2026-12-01", visitor: "Sari", ...checks, "checks[6].note": "x" }));
    expect(future.reply().error!["visitedOn"]).toEqual(["A visit can't be in the future"]);

    const ok = parse(fieldVisitInputSchema(new Date("2026-11-23")), form({ visitedOn: "2026-11-20", visitor: "Sari", ...checks, "checks[6].note": "No first-aid kit at the weaving house" }));
    expect(ok.status).toBe("success");
    const visit = await addFieldVisit(handle.db, { producerId: p!.id, input: ok.value as never, actor: staff });
    expect(visit.met).toBe(9);
    const stored = await handle.db.select().from(fieldVisitChecks).where(eq(fieldVisitChecks.visitId, visit.id));
    expect(stored).toHaveLength(10);
    expect(stored.find((c) => c.principle === 7)).toMatchObject({ met: false, note: "No first-aid kit at the weaving house" });
    const edit = await getProducerForEdit(handle.db, { id: p!.id });
    expect(edit!.fieldVisits[0]!.checks).toHaveLength(10);
    await deleteFieldVisit(handle.db, { producerId: p!.id, visitId: visit.id, actor: staff });
    expect(await handle.db.$count(fieldVisitChecks, eq(fieldVisitChecks.visitId, visit.id))).toBe(0);
    await expect(deleteFieldVisit(handle.db, { producerId: p!.id, visitId: visit.id, actor: staff })).rejects.toThrow("already deleted");
  });

  it("creates a product with variants, prices in minor units, tiers and search words", async () => {
    const [p] = await handle.db.select().from(producerGroups).where(eq(producerGroups.slug, "kelompok-anyaman-mendong"));
    const submission = parse(productInputSchema, productForm(p!.id, categoryId, { materialIds: [] }));
    expect(submission.status).toBe("success");
    const created = await createProduct(handle.db, { input: submission.value as never, actor: staff });
    expect(created.slug).toBe("mendong-storage-basket");
    const [v] = await handle.db.select().from(variants).where(eq(variants.sku, "KR-MDG-BSK-S"));
    expect(v).toMatchObject({ retailPriceMinor: 3850, bazaarPriceMinor: 45_000_000, producerPriceMinor: 18_000_000, title: "Small", options: { size: "Small" } });
    const tiers = await handle.db.select().from(wholesalePriceTiers).where(eq(wholesalePriceTiers.variantId, v!.id)).orderBy(wholesalePriceTiers.minQuantity);
    expect(tiers.map((t) => [t.minQuantity, t.unitPriceMinor])).toEqual([[6, 2100], [48, 1850]]);
    const [row] = await handle.db.select({ keywords: products.searchKeywords }).from(products).where(eq(products.id, created.id));
    expect(row!.keywords).toContain("Kelompok Anyaman Mendong");
    // The form shows prices back as staff typed them.
    const values = productFormValues((await getProductForEdit(handle.db, { id: created.id }))!);
    expect(values.variants[0]).toMatchObject({ retailPrice: "38.50", bazaarPrice: "450000", producerPrice: "180000" });
    const list = await listProductsForAdmin(handle.db, { q: "kr-mdg-bsk", page: 1 });
    expect(list.rows.map((r) => r.id)).toEqual([created.id]);
  });

  it("rejects a negative price, a duplicate SKU in the form and a SKU another product has, changing nothing", async () => {
    const [p] = await handle.db.select().from(producerGroups).where(eq(producerGroups.slug, "kelompok-anyaman-mendong"));
    const negative = parse(productInputSchema, productForm(p!.id, categoryId, { title: "Negative", "variants[0].retailPrice": "-5.00" }));
    expect(negative.reply().error!["variants[0].retailPrice"]).toEqual(["The retail price must be more than zero"]);
    const twice = parse(
      productInputSchema,
      productForm(p!.id, categoryId, { title: "Twice", ...variantFields(1, { sku: "kr-mdg-bsk-s", retailPrice: "1", bazaarPrice: "1", producerPrice: "1", weightGrams: "1" }) }),
    );
    expect(twice.reply().error!["variants[1].sku"]).toEqual(["SKU KR-MDG-BSK-S is used twice on this product"]);
    const taken = parse(productInputSchema, productForm(p!.id, categoryId, { title: "Copycat basket" }));
    expect(taken.status).toBe("success");
    const error = await createProduct(handle.db, { input: taken.value as never, actor: staff }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Refusal);
    expect(error).toMatchObject({ kind: "conflict", field: "variants[0].sku" });
    expect((error as Refusal).message).toBe("SKU KR-MDG-BSK-S is already used by “Mendong Storage Basket”.");
    expect(await handle.db.$count(products, eq(products.title, "Copycat basket"))).toBe(0);
  });

  it("edits variants (add, change price, remove) and keeps the old address working after a rename", async () => {
    const [product] = await handle.db.select().from(products).where(eq(products.slug, "mendong-storage-basket"));
    const [v] = await handle.db.select().from(variants).where(eq(variants.sku, "KR-MDG-BSK-S"));
    const submission = parse(
      productInputSchema,
      productForm(product!.producerId, categoryId, {
        slug: "mendong-basket",
        "variants[0].id": String(v!.id),
        "variants[0].retailPrice": "40",
        ...variantFields(1, { sku: "KR-MDG-BSK-L", size: "Large", retailPrice: "52", bazaarPrice: "600000", producerPrice: "240000", weightGrams: "900", active: "on" }),
      }),
    );
    await updateProduct(handle.db, { id: product!.id, input: submission.value as never, actor: staff });
    const rows = await handle.db.select().from(variants).where(eq(variants.productId, product!.id)).orderBy(variants.position);
    expect(rows.map((r) => [r.sku, r.retailPriceMinor])).toEqual([["KR-MDG-BSK-S", 4000], ["KR-MDG-BSK-L", 5200]]);
    const [redirect] = await handle.db.select().from(productSlugRedirects).where(eq(productSlugRedirects.oldSlug, "mendong-storage-basket"));
    expect(redirect!.productId).toBe(product!.id);
    const [entry] = await handle.db.select().from(auditLog).where(eq(auditLog.entityType, "product")).orderBy(sql`${auditLog.id} desc`).limit(1);
    expect(entry!.changes).toMatchObject({ slug: { from: "mendong-storage-basket", to: "mendong-basket" }, variants: [{ sku: "KR-MDG-BSK-S", retailPriceMinor: { from: 3850, to: 4000 } }, { sku: "KR-MDG-BSK-L", added: true }] });

    // Removing the large variant again works while it has never been sold or stocked.
    const smallOnly = parse(productInputSchema, productForm(product!.producerId, categoryId, { slug: "mendong-basket", "variants[0].id": String(v!.id) }));
    await updateProduct(handle.db, { id: product!.id, input: smallOnly.value as never, actor: staff });
    expect(await handle.db.$count(variants, eq(variants.productId, product!.id))).toBe(1);
  });

  it("won't delete a variant or product that holds stock or was sold; it says what to do instead", async () => {
    const [product] = await handle.db.select().from(products).where(eq(products.slug, "mendong-basket"));
    const [v] = await handle.db.select().from(variants).where(eq(variants.productId, product!.id));
    const [warehouse] = await handle.db.execute(sql`select id from locations where sells_online`).then((r) => (Array.isArray(r) ? r : (r as { rows: { id: number }[] }).rows) as { id: number }[]);
    await handle.db.transaction((tx) => recordMovements(tx, { movements: [{ variantId: v!.id, locationId: warehouse!.id, kind: "receipt", quantity: 3, reason: "test" }] }));
    await expect(deleteProduct(handle.db, { id: product!.id, actor: staff })).rejects.toThrow(/Stock is still on hand for KR-MDG-BSK-S \(3\)/);
    await placeOne(handle.db, v!.id, 1);
    await handle.db.transaction((tx) => recordMovements(tx, { movements: [{ variantId: v!.id, locationId: warehouse!.id, kind: "adjustment", quantity: -2, reason: "test" }] }));
    // Sold and still holding a piece: the sale is the answer (archive it), not "count the stock out first".
    const error = await deleteProduct(handle.db, { id: product!.id, actor: staff }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Refusal);
    expect((error as Error).message).toMatch(/^This product has been sold, quoted or has batches, so it can't be deleted/);
    expect(await handle.db.$count(products, eq(products.id, product!.id))).toBe(1);
    // And its producer can't be deleted while it has products.
    await expect(deleteProducer(handle.db, { id: product!.producerId, actor: staff })).rejects.toThrow(/still has 1 product/);
  });

  it("deletes an unsold product and a producer without products", async () => {
    const [p] = await handle.db.select().from(producerGroups).where(eq(producerGroups.slug, "kelompok-anyaman-mendong"));
    const second = await createProducer(handle.db, { input: parse(producerInputSchema(), producerForm({ name: "Short-lived group" })).value as never, actor: staff });
    const made = await createProduct(handle.db, { input: parse(productInputSchema, productForm(second.id, categoryId, { title: "Short-lived", "variants[0].sku": "KR-TMP-01" })).value as never, actor: staff });
    await deleteProduct(handle.db, { id: made.id, actor: staff });
    await deleteProducer(handle.db, { id: second.id, actor: staff });
    expect(await handle.db.$count(producerGroups, eq(producerGroups.id, second.id))).toBe(0);
    expect(p).toBeDefined();
  });

  it("processes an uploaded photo into every size, keeps the original, and rejects non-images and huge files", async () => {
    const storage = new LocalDiskStorage(await mkdtemp(path.join(tmpdir(), "kriya-img-")));
    const jpeg = await sharp({ create: { width: 1000, height: 800, channels: 3, background: "#b4532a" } }).jpeg().toBuffer();
    const processed = await processImage(storage, jpeg);
    expect(processed.widths).toEqual([320, 640, 960]);
    expect(await storage.exists(`${processed.hash.slice(0, 2)}/${processed.hash}/original.jpg`)).toBe(true);
    await expect(processImage(storage, Buffer.from("%PDF-1.7 not a photo"))).rejects.toThrow(Refusal);
    await expect(processImage(storage, Buffer.alloc(11 * 1024 * 1024, 1))).rejects.toThrow("10 MB or smaller");
    // A small file that claims 20,000 × 20,000 pixels (a decompression bomb) is refused by its size, before decoding.
    await expect(processImage(storage, await pngClaiming(20_000, 20_000))).rejects.toThrow("That image is 20,000 × 20,000 pixels (400 megapixels); the largest accepted is 24 megapixels");
    // Staff uploads must be big enough for a phone; the seed's own art is not held to it.
    const tiny = await sharp({ create: { width: 320, height: 240, channels: 3, background: "#b4532a" } }).png().toBuffer();
    await expect(processImage(storage, tiny, { minSide: 600 })).rejects.toThrow("That image is only 320 × 240 pixels; product photos need at least 600 pixels");
    expect((await processImage(storage, tiny)).width).toBe(320);

    const [product] = await handle.db.select().from(products).where(eq(products.slug, "mendong-basket"));
    const [a, b] = await addProductImages(handle.db, { productId: product!.id, uploads: [{ processed, alt: "Front" }, { processed, alt: "Side" }], actor: staff });
    await updateProductImage(handle.db, { productId: product!.id, imageId: b!.id, change: { makeCover: true }, actor: staff });
    const order = await handle.db.select({ id: images.id }).from(images).where(eq(images.productId, product!.id)).orderBy(images.position);
    expect(order.map((i) => i.id)).toEqual([b!.id, a!.id]);
    await updateProductImage(handle.db, { productId: product!.id, imageId: a!.id, change: { remove: true }, actor: staff });
    expect(await handle.db.$count(images, eq(images.productId, product!.id))).toBe(1);
    await expect(updateProductImage(handle.db, { productId: product!.id + 1, imageId: b!.id, change: { remove: true }, actor: staff })).rejects.toThrow(Refusal);
  });

  it("accepts only real JPEG, PNG, WebP or AVIF photos, whatever type they are sent as", async () => {
    const storage = new LocalDiskStorage(await mkdtemp(path.join(tmpdir(), "kriya-img-")));
    const svg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="900"><script>alert(1)</script><rect width="1200" height="900" fill="#b4532a"/></svg>`);
    const refused = await processImage(storage, svg).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Refusal);
    expect((refused as Refusal).kind).toBe("unsupported");
    expect((refused as Error).message).toMatch(/not a JPEG, PNG, WebP or AVIF photo/);
    for (const other of [
      await sharp({ create: { width: 700, height: 700, channels: 3, background: "#123456" } }).gif().toBuffer(),
      await sharp({ create: { width: 700, height: 700, channels: 3, background: "#123456" } }).tiff().toBuffer(),
    ]) {
      await expect(processImage(storage, other)).rejects.toThrow(/not a JPEG, PNG, WebP or AVIF photo/);
    }
    // The real four pass, AVIF included (sharp reads it as HEIF holding AV1).
    const blank = () => sharp({ create: { width: 700, height: 600, channels: 3, background: "#2a6b53" } });
    for (const [bytes, ext] of [
      [await blank().jpeg().toBuffer(), "jpg"],
      [await blank().png().toBuffer(), "png"],
      [await blank().webp().toBuffer(), "webp"],
      [await blank().avif({ effort: 0 }).toBuffer(), "avif"],
    ] as const) {
      expect((await processImage(storage, bytes)).originalExt).toBe(ext);
    }

    // Through the upload endpoint's reader: an SVG sent as image/png is refused with a 415 and nothing is added.
    const before = await handle.db.$count(images);
    const body = new FormData();
    body.append("alt", "A basket");
    body.append("photos", new File([svg], "basket.png", { type: "image/png" }));
    const outcome = await uploadProductPhotos(new Request("http://localhost/admin/products/1/photos", { method: "POST", body }), 1, staff);
    expect(outcome).toMatchObject({ ok: false, status: 415 });
    expect(!outcome.ok && outcome.message).toMatch(/^basket\.png: That file is not a JPEG, PNG, WebP or AVIF photo/);
    expect(await handle.db.$count(images)).toBe(before);
  });

  it("refuses an image over 24 megapixels before decoding it, with a 413 that says the size", async () => {
    const storage = new LocalDiskStorage(await mkdtemp(path.join(tmpdir(), "kriya-img-")));
    const refused = await processImage(storage, await pngClaiming(6500, 4500)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Refusal);
    expect((refused as Refusal).kind).toBe("too_large");
    expect((refused as Error).message).toBe("That image is 6,500 × 4,500 pixels (29 megapixels); the largest accepted is 24 megapixels. Resize it and upload again.");
    // A real camera photo at the cap still goes through.
    const atCap = await sharp({ create: { width: 6000, height: 4000, channels: 3, background: "#b4532a" } }).jpeg().toBuffer();
    expect((await processImage(storage, atCap)).width).toBe(6000);
  });

  it("keeps a photo's aspect ratio in every rendition, upright, and in the <img> size", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "kriya-img-"));
    const storage = new LocalDiskStorage(dir);
    const landscape = await sharp({ create: { width: 1500, height: 1000, channels: 3, background: "#b4532a" } }).jpeg().toBuffer();
    // Stored sideways with EXIF orientation 6, as phones do: upright it is 1000 × 1500, portrait.
    const sideways = await sharp({ create: { width: 1500, height: 1000, channels: 3, background: "#2a6b53" } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    for (const [bytes, ratio] of [
      [landscape, 3 / 2],
      [sideways, 2 / 3],
    ] as const) {
      const processed = await processImage(storage, bytes);
      expect(processed.width / processed.height).toBeCloseTo(ratio, 5);
      expect(processed.widths.length).toBeGreaterThan(1);
      for (const w of processed.widths) {
        for (const format of IMAGE_FORMATS) {
          const meta = await sharp((await storage.get(imageKey(processed.hash, w, format)))!).metadata();
          expect(meta.width).toBe(w);
          expect(Math.abs(meta.height! - w / ratio)).toBeLessThanOrEqual(1);
        }
      }
      const html = renderToStaticMarkup(createElement(Picture, { image: { ...processed, alt: "A basket" }, sizes: "100vw" }));
      const [, width, height] = /width="(\d+)" height="(\d+)"/.exec(html)!;
      expect(Number(width) / Number(height)).toBeCloseTo(ratio, 2);
    }
  });
});
