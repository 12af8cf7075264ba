/** How an audit entry reads on the audit page: the record's name, its back-office page, and its changes as text. */

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

/** A stored value as short plain text: nested records as "key: value; …", lists joined with commas. */
function plain(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (value === "") return "(empty)";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string" || typeof value === "number" || typeof value === "bigint") return String(value);
  if (Array.isArray(value)) return value.length ? value.map(plain).join(", ") : "(none)";
  if (isChange(value)) return `${plain(value.from)} → ${plain(value.to)}`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length ? entries.map(([k, v]) => `${humanizeKey(k)}: ${plain(v)}`).join("; ") : "(none)";
  }
  return String(value);
}

/** An entry's changes as lines for a definition list: "field: from → to", or "field: value" for a plain fact. */
export function describeAuditChanges(changes: unknown, max = AUDIT_VALUE_MAX): AuditChange[] {
  if (typeof changes !== "object" || changes === null || Array.isArray(changes)) return [];
  return Object.entries(changes as Record<string, unknown>).map(([key, value]) =>
    isChange(value) ? { field: humanizeKey(key), from: truncate(plain(value.from), max), to: truncate(plain(value.to), max) } : { field: humanizeKey(key), value: truncate(plain(value), max) },
  );
}
