import { parse } from "csv-parse/sync";
import { MAX_CSV_ROWS, productCsvColumns, type ProductCsvColumn } from "./product-csv-format";

/**
 * The product CSV: one row per variant; rows sharing a `product` handle (its web address) make one product.
 * Product columns are read from the first row of each product. Pure: no database, no IO.
 */
export { MAX_CSV_BYTES, MAX_CSV_ROWS, productCsvColumns, productCsvTemplate, type ProductCsvColumn } from "./product-csv-format";

const required: ProductCsvColumn[] = ["product", "title", "category", "producer", "sku", "retail_usd", "bazaar_idr", "producer_idr", "weight_g"];
/** Product columns are read from a product's first row only; variant columns from every row. */
const requiredOnFirstRow: ProductCsvColumn[] = ["title", "category", "producer"];
const requiredOnEveryRow: ProductCsvColumn[] = ["sku", "retail_usd", "bazaar_idr", "producer_idr", "weight_g"];

export type CsvRow = { line: number; values: Record<ProductCsvColumn, string> };
export type CsvProductGroup = { handle: string; firstLine: number; rows: CsvRow[] };
/** `column` is set when the problem is about one cell, so a later check of the same cell can stay quiet. */
export type CsvProblem = { line: number | null; message: string; column?: ProductCsvColumn };

/** Reads the text into rows, checking the header first; a broken file is one problem, not a crash. */
export function parseProductCsv(text: string): { groups: CsvProductGroup[]; problems: CsvProblem[] } {
  if (!text.trim()) return { groups: [], problems: [{ line: null, message: "The file is empty." }] };
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ""), { info: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? null;
    return { groups: [], problems: [{ line, message: `The file is not valid CSV: ${(error as Error).message.split(":")[0]}.` }] };
  }
  const [header, ...body] = records;
  const names = header!.record.map((h) => h.trim().toLowerCase().replace(/\s+/g, "_"));
  const problems: CsvProblem[] = [];
  const unknown = names.filter((n) => n && !(productCsvColumns as readonly string[]).includes(n));
  if (unknown.length) problems.push({ line: 1, message: `Unknown column${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}.` });
  const missing = required.filter((c) => !names.includes(c));
  if (missing.length) problems.push({ line: 1, message: `Missing column${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}.` });
  // Without a required column no row can be read; an unknown one is reported and its cells ignored, so the rows are still checked.
  if (missing.length) return { groups: [], problems };
  if (!body.length) return { groups: [], problems: [...problems, { line: null, message: "The file has a header but no rows." }] };
  if (body.length > MAX_CSV_ROWS) return { groups: [], problems: [{ line: null, message: `Import at most ${MAX_CSV_ROWS} rows at a time (this file has ${body.length}).` }] };

  const groups = new Map<string, CsvProductGroup>();
  for (const { record, info } of body) {
    const line = info.lines;
    if (record.length !== names.length) {
      const count = record.length > names.length ? `${record.length} columns but the header has ${names.length}` : `${record.length} of ${names.length} columns`;
      problems.push({ line, message: `Row ${line} has ${count}: check for a missing or extra comma, or a value with a comma that needs "quotes".` });
    }
    const values = Object.fromEntries(productCsvColumns.map((c) => [c, record[names.indexOf(c)]?.trim() ?? ""])) as Record<ProductCsvColumn, string>;
    const handle = values.product.toLowerCase();
    if (!handle) problems.push({ line, column: "product", message: "The product column is empty: give each product a web address, e.g. lidded-rattan-basket." });
    // A row without an address can't join a product, but its other cells are still checked on their own.
    const key = handle || `#${line}`;
    const group = groups.get(key) ?? { handle, firstLine: line, rows: [] };
    group.rows.push({ line, values });
    groups.set(key, group);
  }
  for (const group of groups.values()) problems.push(...checkCells(group));
  return { groups: [...groups.values()], problems };
}

/** What the product schema can't see: empty required cells (named as such) and yes/no cells that are neither. */
function checkCells(group: CsvProductGroup): CsvProblem[] {
  const problems: CsvProblem[] = [];
  group.rows.forEach(({ line, values }, i) => {
    const columns = i === 0 ? [...requiredOnFirstRow, ...requiredOnEveryRow] : requiredOnEveryRow;
    for (const column of columns) if (!values[column]) problems.push({ line, column, message: `${column}: empty, but every ${i === 0 && requiredOnFirstRow.includes(column) ? "product" : "row"} needs one.` });
    const flags: [ProductCsvColumn, string][] = i === 0 ? [["featured", "no"], ["active", "yes"]] : [["active", "yes"]];
    for (const [column, empty] of flags) {
      if (readYesNo(values[column]) === "invalid") {
        problems.push({ line, column, message: `${column}: “${values[column]}” is not yes or no. Use yes or no (or y/n, true/false, 1/0); empty means ${empty}.` });
      }
    }
  });
  return problems;
}

/** A yes/no cell: true, false, null when empty (the column's default applies), or "invalid". */
export function readYesNo(text: string): boolean | null | "invalid" {
  if (text === "") return null;
  if (/^(yes|y|true|1|on|x)$/i.test(text)) return true;
  if (/^(no|n|false|0|off)$/i.test(text)) return false;
  return "invalid";
}

const yes = (text: string, fallback: boolean) => {
  const value = readYesNo(text);
  return typeof value === "boolean" ? value : fallback;
};

/**
 * One product group as the product form would send it (field names and text values), so the CSV and the
 * form share one schema and one set of messages. Category, producer and material names are resolved first.
 */
export function groupToFormEntries(
  group: CsvProductGroup,
  resolved: { categoryId: string; producerId: string; materialIds: string[] },
  existingVariantIds: Map<string, number>,
): [string, string][] {
  const first = group.rows[0]!.values;
  const entries: [string, string][] = [
    ["slug", group.handle],
    ["title", first.title],
    ["summary", first.summary || first.title],
    ["description", first.description || first.summary || first.title],
    ["categoryId", resolved.categoryId],
    ["producerId", resolved.producerId],
    ["status", (first.status || "draft").toLowerCase()],
    ["technique", first.technique],
    ["lengthMm", first.length_mm],
    ["widthMm", first.width_mm],
    ["heightMm", first.height_mm],
    ["careNotes", first.care_notes],
    ["hsCode", first.hs_code],
    ...resolved.materialIds.map((id): [string, string] => ["materialIds", id]),
  ];
  if (yes(first.featured, false)) entries.push(["featured", "on"]);
  group.rows.forEach(({ values: v }, i) => {
    const p = `variants[${i}]`;
    const existing = existingVariantIds.get(v.sku.toUpperCase());
    if (existing) entries.push([`${p}.id`, String(existing)]);
    entries.push(
      [`${p}.sku`, v.sku],
      [`${p}.title`, v.variant_title],
      [`${p}.size`, v.size],
      [`${p}.colour`, v.colour],
      [`${p}.finish`, v.finish],
      [`${p}.retailPrice`, v.retail_usd],
      [`${p}.bazaarPrice`, v.bazaar_idr],
      [`${p}.producerPrice`, v.producer_idr],
      [`${p}.weightGrams`, v.weight_g],
      [`${p}.wholesaleMoq`, v.wholesale_moq],
      [`${p}.casePack`, v.case_pack],
    );
    if (yes(v.active, true)) entries.push([`${p}.active`, "on"]);
    parseTiers(v.tiers).forEach((t, j) => entries.push([`${p}.tiers[${j}].minQuantity`, t.minQuantity], [`${p}.tiers[${j}].unitPrice`, t.unitPrice]));
  });
  return entries;
}

/** "6:24.00;24:21.50" → tiers; a malformed pair keeps its text so the schema explains what is wrong. */
export function parseTiers(text: string) {
  if (!text.trim()) return [];
  return text.split(";").map((pair) => {
    const [minQuantity = "", unitPrice = ""] = pair.split(":").map((s) => s.trim());
    return { minQuantity, unitPrice };
  });
}

/** A schema error path like `variants[2].retailPrice` → the CSV line of that variant's row and its column. */
export function locateError(group: CsvProductGroup, path: string): { line: number; column: string } {
  const variant = /^variants\[(\d+)\]\.?(\w+)?/.exec(path);
  if (variant) {
    const row = group.rows[Number(variant[1])];
    const field = variant[2] ?? "sku";
    return { line: row?.line ?? group.firstLine, column: variantColumns[field] ?? field };
  }
  const field = path.replace(/\[.*$/, "");
  return { line: group.firstLine, column: productColumns[field] ?? field };
}

const variantColumns: Record<string, string> = {
  title: "variant_title",
  retailPrice: "retail_usd",
  bazaarPrice: "bazaar_idr",
  producerPrice: "producer_idr",
  weightGrams: "weight_g",
  wholesaleMoq: "wholesale_moq",
  casePack: "case_pack",
};
const productColumns: Record<string, string> = {
  slug: "product",
  categoryId: "category",
  producerId: "producer",
  materialIds: "materials",
  lengthMm: "length_mm",
  widthMm: "width_mm",
  heightMm: "height_mm",
  careNotes: "care_notes",
  hsCode: "hs_code",
  variants: "sku",
};
