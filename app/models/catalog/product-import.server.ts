import { parseWithZod } from "@conform-to/zod/v4";
import { inArray } from "drizzle-orm";
import type { Db } from "~db/client.server";
import { categories, materials, producerGroups, products } from "~db/schema";
import { groupToFormEntries, locateError, parseProductCsv, type CsvProblem } from "~/domain/catalog/product-csv";
import { productInputSchema } from "~/domain/catalog/product-input";
import { recordAudit } from "~/models/platform/audit.server";
import { isRefusal } from "~/domain/platform/refusal";
import type { Actor } from "~/models/platform/audit.server";
import { createProduct, getProductForEdit, productFormValues, updateProduct } from "./product-admin.server";

export type ImportPlanRow = { line: number; handle: string; title: string; action: "create" | "update"; variants: number; ok: boolean };
export type ImportReport = { applied: boolean; products: ImportPlanRow[]; problems: CsvProblem[] };

/** Private control flow, not a refusal: rolls back a preview, or an import with problems, after every row was tried. */
class RollBack extends Error {}

function byNameOrSlug<T extends { id: number; slug: string; name: string }>(rows: T[]) {
  const map = new Map<string, T>();
  for (const r of rows) {
    map.set(r.slug.toLowerCase(), r);
    map.set(r.name.toLowerCase(), r);
  }
  return map;
}

/**
 * Checks a whole product CSV by really writing it inside one transaction, then rolls back (dry run) or
 * commits (apply). Apply commits only when every row is good: one broken row and nothing changes.
 * Rows whose product already exists update it; its variants not in the file are kept as they are.
 */
export async function importProductsCsv(db: Db, options: { text: string; apply: boolean; actor: Actor }): Promise<ImportReport> {
  const { groups, problems } = parseProductCsv(options.text);
  const plan: ImportPlanRow[] = [];
  if (!groups.length) return { applied: false, products: plan, problems: sortProblems(problems) };

  const [cats, producers, mats] = await Promise.all([
    db.select({ id: categories.id, slug: categories.slug, name: categories.name }).from(categories),
    db.select({ id: producerGroups.id, slug: producerGroups.slug, name: producerGroups.name }).from(producerGroups),
    db.select({ id: materials.id, slug: materials.slug, name: materials.name }).from(materials),
  ]);
  const catBy = byNameOrSlug(cats);
  const producerBy = byNameOrSlug(producers);
  const materialBy = byNameOrSlug(mats);

  try {
    await db.transaction(async (tx) => {
      const existing = await tx
        .select({ id: products.id, slug: products.slug })
        .from(products)
        .where(inArray(products.slug, groups.map((g) => g.handle)));
      const existingBySlug = new Map(existing.map((e) => [e.slug, e.id]));

      // Every check runs on every product, so one preview lists every problem; a product with any problem is not written.
      const reported = new Set(problems.filter((p) => p.column).map((p) => `${p.line}:${p.column}`));
      const linesWithProblems = new Set(problems.map((p) => p.line));
      for (const group of groups) {
        const first = group.rows[0]!.values;
        const before = problems.length;
        const refuse = (column: "category" | "producer" | "materials", message: string) => {
          problems.push({ line: group.firstLine, column, message: `${column}: ${message}` });
          reported.add(`${group.firstLine}:${column}`);
        };
        const category = catBy.get(first.category.toLowerCase());
        if (first.category && !category) refuse("category", `unknown “${first.category}”. Use one of: ${cats.map((c) => c.slug).join(", ")}.`);
        const producer = producerBy.get(first.producer.toLowerCase());
        if (first.producer && !producer) refuse("producer", `unknown “${first.producer}”. Use a producer group's web address or name.`);
        const materialNames = first.materials.split(/[;|]/).map((m) => m.trim()).filter(Boolean);
        const unknownMaterials = materialNames.filter((m) => !materialBy.get(m.toLowerCase()));
        if (unknownMaterials.length) refuse("materials", `unknown ${unknownMaterials.map((m) => `“${m}”`).join(", ")}.`);

        const productId = group.handle ? existingBySlug.get(group.handle) : undefined;
        const current = productId ? await getProductForEdit(tx, { id: productId }) : undefined;
        const variantIds = new Map((current?.variants ?? []).map((v) => [v.sku, v.id]));
        const row: ImportPlanRow = { line: group.firstLine, handle: group.handle, title: first.title, action: productId ? "update" : "create", variants: group.rows.length, ok: false };
        plan.push(row);

        const knownMaterialIds = materialNames.flatMap((m) => materialBy.get(m.toLowerCase())?.id ?? []).map(String);
        const entries = groupToFormEntries(group, { categoryId: category ? String(category.id) : "", producerId: producer ? String(producer.id) : "", materialIds: knownMaterialIds }, variantIds);
        // Variants of an existing product that the file doesn't mention stay as they are.
        const mentioned = new Set(group.rows.map((r) => r.values.sku.toUpperCase()));
        const kept = current ? productFormValues(current).variants.filter((v) => !mentioned.has(v.sku)) : [];
        const form = new FormData();
        for (const [k, v] of entries) form.append(k, v);
        kept.forEach((v, i) => appendVariant(form, group.rows.length + i, v));

        const submission = parseWithZod(form, { schema: productInputSchema });
        if (submission.status !== "success") {
          for (const [path, messages] of Object.entries(submission.reply().error ?? {})) {
            const at = locateError(group, path);
            // A cell already explained (empty, unknown, not yes or no) keeps its one, clearer message.
            if (reported.has(`${at.line}:${at.column}`)) continue;
            for (const message of messages ?? []) problems.push({ line: at.line, message: `${at.column}: ${message}` });
          }
        }
        if (submission.status !== "success" || problems.length > before || group.rows.some((r) => linesWithProblems.has(r.line))) continue;
        try {
          if (productId) await updateProduct(tx, { id: productId, input: submission.value, actor: options.actor });
          else await createProduct(tx, { input: submission.value, actor: options.actor });
          row.ok = true;
        } catch (error) {
          if (!isRefusal(error)) throw error;
          const at = error.field ? locateError(group, error.field) : { line: group.firstLine, column: "" };
          problems.push({ line: at.line, message: at.column ? `${at.column}: ${error.message}` : error.message });
        }
      }
      if (!options.apply || problems.length) throw new RollBack();
      await recordAudit(tx, {
        userId: options.actor.userId,
        action: "import",
        entityType: "product_csv",
        changes: { created: plan.filter((p) => p.action === "create").length, updated: plan.filter((p) => p.action === "update").length },
        ip: options.actor.ip,
      });
    });
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
    return { applied: false, products: plan, problems: sortProblems(problems) };
  }
  return { applied: true, products: plan, problems: [] };
}

function appendVariant(form: FormData, index: number, v: Record<string, unknown>) {
  for (const [key, value] of Object.entries(v)) {
    if (key === "tiers") {
      (value as { minQuantity: string; unitPrice: string }[]).forEach((t, j) => {
        form.append(`variants[${index}].tiers[${j}].minQuantity`, t.minQuantity);
        form.append(`variants[${index}].tiers[${j}].unitPrice`, t.unitPrice);
      });
    } else if (value !== undefined) form.append(`variants[${index}].${key}`, String(value));
  }
}

/** By line (a stable sort, so each row's problems keep the order they were found in), without the internal cell key. */
function sortProblems(problems: CsvProblem[]): CsvProblem[] {
  return [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)).map(({ line, message }) => ({ line, message }));
}

