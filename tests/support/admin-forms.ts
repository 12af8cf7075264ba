import { parseWithZod } from "@conform-to/zod/v4";

/** Builds FormData the way the browser form sends it, then parses it exactly as the route does. */
export function form(entries: Record<string, string | string[]>) {
  const data = new FormData();
  for (const [key, value] of Object.entries(entries)) for (const v of Array.isArray(value) ? value : [value]) data.append(key, v);
  return data;
}
export const producerForm = (overrides: Record<string, string> = {}) =>
  form({
    name: "Kelompok Anyaman Mendong",
    summary: "Women weaving mendong grass mats in Tasikmalaya.",
    story: "Twenty-two women weave at home between harvests.",
    province: "West Java",
    regency: "Tasikmalaya",
    village: "Rajapolah",
    island: "Java",
    latitude: "-7.21",
    longitude: "108.19",
    crafts: "mendong weaving, sewing",
    foundedYear: "2004",
    memberCount: "22",
    womenCount: "20",
    homeworkers: "on",
    active: "on",
    ...overrides,
  });
export const variantFields = (i: number, v: Record<string, string>) => Object.fromEntries(Object.entries(v).map(([k, value]) => [`variants[${i}].${k}`, value]));
export const productForm = (producerId: number, categoryId: number, overrides: Record<string, string | string[]> = {}) =>
  form({
    title: "Mendong Storage Basket",
    summary: "A lidded basket woven from mendong grass.",
    description: "Woven by hand over three days.",
    categoryId: String(categoryId),
    producerId: String(producerId),
    status: "active",
    ...variantFields(0, { sku: "KR-MDG-BSK-S", size: "Small", retailPrice: "38.50", bazaarPrice: "Rp 450.000", producerPrice: "180000", weightGrams: "600", wholesaleMoq: "6", casePack: "6", active: "on" }),
    "variants[0].tiers[0].minQuantity": "6",
    "variants[0].tiers[0].unitPrice": "21.00",
    "variants[0].tiers[1].minQuantity": "48",
    "variants[0].tiers[1].unitPrice": "18.50",
    ...overrides,
  });

/** Parses as the route does; `value` is what the model receives. */
export function parse(schema: Parameters<typeof parseWithZod>[1]["schema"], data: FormData) {
  return parseWithZod(data, { schema }) as unknown as { status?: "success" | "error"; value: never; reply: () => { error?: Record<string, string[] | null> | null } };
}
