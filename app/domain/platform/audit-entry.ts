/** How an audit entry reads on the audit page: the record's name, its back-office page, and its changes as text. */
import { formatMoney, formatRateMicros, isShopCurrency, money } from "~/domain/money/money";

const entityLabels: Record<string, string> = {
  product: "Product",
  product_image: "Product photo",
  product_csv: "Product CSV import",
  producer: "Producer group",
  field_visit: "Field visit",
  order: "Order",
  stock_level: "Stock level",
  exchange_rates: "Exchange rates",
  users: "User account",
  user: "User account",
};

const actionLabels: Record<string, string> = {
  create: "Created",
  update: "Updated",
  delete: "Deleted",
  adjust: "Adjusted",
  receive: "Received",
  pack: "Packed",
  ship: "Shipped",
  refund: "Refunded",
  import: "Imported",
  password_reset: "Password reset",
};

const acronyms: Record<string, string> = { id: "ID", sku: "SKU", skus: "SKUs", hs: "HS", usd: "USD", idr: "IDR", csv: "CSV", url: "URL", ip: "IP" };

/** "retailPriceMinor" → "Retail price minor", "producer_id" → "Producer ID", "EUR" stays "EUR". */
export function humanizeKey(key: string) {
  if (/^[A-Z0-9_]+$/.test(key) && /[A-Z]/.test(key)) return key;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((w) => acronyms[w.toLowerCase()] ?? w.toLowerCase());
  const text = words.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function entityTypeLabel(entityType: string) {
  return entityLabels[entityType] ?? humanizeKey(entityType);
}

export function auditActionLabel(action: string) {
  return actionLabels[action] ?? humanizeKey(action);
}

type EntryRef = { action: string; entityType: string; entityId: string | null; changes: Record<string, unknown> | null };

const wholeNumber = (value: unknown) => (typeof value === "number" && Number.isSafeInteger(value) && value > 0 ? value : typeof value === "string" && /^\d{1,9}$/.test(value) ? Number(value) : null);

/** The record's back-office page, or null where there is none (or the entry deleted it). */
export function auditEntityHref(entry: EntryRef): string | null {
  const id = entry.entityId;
  switch (entry.entityType) {
    case "product":
      return entry.action !== "delete" && wholeNumber(id) ? `/admin/products/${id}` : null;
    case "producer":
      return entry.action !== "delete" && wholeNumber(id) ? `/admin/producers/${id}` : null;
    case "order":
      return id && /^[A-Za-z0-9-]{1,40}$/.test(id) ? `/admin/orders/${encodeURIComponent(id)}` : null;
    case "stock_level": {
      const variantId = /^(\d{1,9}):\d{1,9}$/.exec(id ?? "")?.[1];
      return variantId ? `/admin/stock/${variantId}` : null;
    }
    case "field_visit": {
      const producerId = wholeNumber(entry.changes?.producerId);
      return producerId ? `/admin/producers/${producerId}` : null;
    }
    case "product_image": {
      const productId = wholeNumber(entry.changes?.productId);
      return productId ? `/admin/products/${productId}/photos` : null;
    }
    case "exchange_rates":
      return "/admin/rates";
    default:
      return null;
  }
}

/** "Product 12", "Order KR-26-AB12CD34", "Stock level KR-BSK-002-L at Jakarta warehouse". */
export function auditEntityName(entry: EntryRef) {
  const label = entityTypeLabel(entry.entityType);
  const sku = entry.changes?.sku;
  const location = entry.changes?.location;
  if (entry.entityType === "stock_level" && typeof sku === "string") return `${label} ${sku}${typeof location === "string" ? ` at ${location}` : ""}`;
  return entry.entityId ? `${label} ${entry.entityId}` : label;
}

export type AuditChange = { field: string; from: string; to: string } | { field: string; value: string };

export const AUDIT_VALUE_MAX = 160;

export function truncate(text: string, max = AUDIT_VALUE_MAX) {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join("").trimEnd()}…` : text;
}

const isChange = (value: unknown): value is { from: unknown; to: unknown } =>
  typeof value === "object" && value !== null && !Array.isArray(value) && "from" in value && "to" in value && Object.keys(value).length === 2;

/** The currency of a stored "…Minor" amount where the record does not name one: the columns' own defaults. */
const amountCurrencies: Record<string, string> = { retailPriceMinor: "USD", unitPriceMinor: "USD", bazaarPriceMinor: "IDR", producerPriceMinor: "IDR" };

/** How a value reads depends on its key: "…Minor" is money, "…Micros" and a currency's own key are rates per US$1. */
type ValueKind = { kind: "money"; currency: string } | { kind: "rate" } | { kind: "plain" };

function kindOf(key: string, siblings: Record<string, unknown>): ValueKind {
  if (/Minor$/.test(key)) {
    const sibling = typeof siblings.currency === "string" && isShopCurrency(siblings.currency.toUpperCase()) ? siblings.currency.toUpperCase() : undefined;
    return { kind: "money", currency: sibling ?? amountCurrencies[key] ?? "USD" };
  }
  // Exchange-rate entries are keyed by currency ("EUR": { from: 920000, to: 930000 }), in micros per US dollar.
  if (/Micros$/.test(key) || (isShopCurrency(key) && key !== "USD")) return { kind: "rate" };
  return { kind: "plain" };
}

/** "retailPriceMinor" → "Retail price", "perUsdMicros" → "Per USD": the storage unit is not part of the name. */
function fieldLabel(key: string) {
  return humanizeKey(key.replace(/(.)(Minor|Micros)$/, "$1"));
}

/** US$57.95 for the base currency (a bare "$" is ambiguous in a shop that also sells in AUD, NZD and CAD). */
export function formatAuditMoney(amountMinor: number, currency: string) {
  const text = formatMoney(money(amountMinor, currency));
  return currency === "USD" ? text.replace(/^(-?)\$/, "$1US$$") : text;
}

/** 920000 → "0.92", 16250000000 → "16,250": a rate as staff type it, with thousands grouped. */
export function formatAuditRate(micros: number) {
  const [whole = "", fraction] = formatRateMicros(micros).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction ? `${grouped}.${fraction}` : grouped;
}

/** A stored value as short plain text: nested records as "key: value; …", lists joined with commas. */
function plain(value: unknown, kind: ValueKind = { kind: "plain" }): string {
  if (value === null || value === undefined) return "—";
  if (value === "") return "(empty)";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number" && Number.isSafeInteger(value) && kind.kind === "money") return formatAuditMoney(value, kind.currency);
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0 && kind.kind === "rate") return formatAuditRate(value);
  if (typeof value === "string" || typeof value === "number" || typeof value === "bigint") return String(value);
  if (Array.isArray(value)) return value.length ? value.map((v) => plain(v, kind)).join(", ") : "(none)";
  if (isChange(value)) return `${plain(value.from, kind)} → ${plain(value.to, kind)}${kind.kind === "rate" ? " per US$1" : ""}`;
  if (typeof value === "object") {
    const record = value as Record<string, unknown>;
    const entries = Object.entries(record);
    return entries.length ? entries.map(([k, v]) => `${fieldLabel(k)}: ${plain(v, kindOf(k, record))}`).join("; ") : "(none)";
  }
  return String(value);
}

/**
 * An entry's changes as lines for a definition list: "field: from → to", or "field: value" for a plain fact.
 * Amounts and rates read as people write them (US$57.95, 0.93 per US$1), never as minor units or micros.
 */
export function describeAuditChanges(changes: unknown, max = AUDIT_VALUE_MAX): AuditChange[] {
  if (typeof changes !== "object" || changes === null || Array.isArray(changes)) return [];
  const record = changes as Record<string, unknown>;
  return Object.entries(record).map(([key, value]) => {
    const kind = kindOf(key, record);
    const field = fieldLabel(key);
    if (!isChange(value)) return { field, value: truncate(plain(value, kind), max) };
    const unit = kind.kind === "rate" && typeof value.to === "number" ? " per US$1" : "";
    return { field, from: truncate(plain(value.from, kind), max), to: truncate(`${plain(value.to, kind)}${unit}`, max) };
  });
}
