import { describe, expect, it } from "vitest";
import { auditActionLabel, auditEntityHref, auditEntityName, describeAuditChanges, entityTypeLabel, formatAuditMoney, formatAuditRate, humanizeKey, truncate } from "./audit-entry";

const entry = (entityType: string, entityId: string | null, changes: Record<string, unknown> | null = null, action = "update") => ({ action, entityType, entityId, changes });

describe("an audit entry on the audit page", () => {
  it("links the record to its back-office page where there is one", () => {
    expect(auditEntityHref(entry("product", "12"))).toBe("/admin/products/12");
    expect(auditEntityHref(entry("producer", "3"))).toBe("/admin/producers/3");
    expect(auditEntityHref(entry("order", "KR-26-AB12CD34", null, "ship"))).toBe("/admin/orders/KR-26-AB12CD34");
    expect(auditEntityHref(entry("stock_level", "57:1", null, "adjust"))).toBe("/admin/stock/57");
    expect(auditEntityHref(entry("field_visit", "9", { producerId: 3 }, "create"))).toBe("/admin/producers/3");
    expect(auditEntityHref(entry("product_image", "40", { productId: 12, cover: true }))).toBe("/admin/products/12/photos");
    expect(auditEntityHref(entry("exchange_rates", null))).toBe("/admin/rates");
  });

  it("does not link a deleted record, an unknown kind or a malformed id", () => {
    expect(auditEntityHref(entry("product", "12", null, "delete"))).toBeNull();
    expect(auditEntityHref(entry("producer", "3", null, "delete"))).toBeNull();
    expect(auditEntityHref(entry("users", "2", null, "password_reset"))).toBeNull();
    expect(auditEntityHref(entry("product_csv", null, null, "import"))).toBeNull();
    expect(auditEntityHref(entry("product", "twelve"))).toBeNull();
    expect(auditEntityHref(entry("stock_level", "57"))).toBeNull();
    expect(auditEntityHref(entry("order", "../../login"))).toBeNull();
  });

  it("names the record and the action in words", () => {
    expect(auditEntityName(entry("product", "12"))).toBe("Product 12");
    expect(auditEntityName(entry("stock_level", "57:1", { sku: "KR-BSK-002-L", location: "Jakarta warehouse" }))).toBe("Stock level KR-BSK-002-L at Jakarta warehouse");
    expect(auditEntityName(entry("exchange_rates", null))).toBe("Exchange rates");
    expect(entityTypeLabel("field_visit")).toBe("Field visit");
    expect(entityTypeLabel("gift_card")).toBe("Gift card");
    expect(auditActionLabel("ship")).toBe("Shipped");
    expect(auditActionLabel("password_reset")).toBe("Password reset");
    expect(auditActionLabel("bulk_archive")).toBe("Bulk archive");
    expect(humanizeKey("retailPriceMinor")).toBe("Retail price minor");
    expect(humanizeKey("producerId")).toBe("Producer ID");
    expect(humanizeKey("EUR")).toBe("EUR");
  });

  it("reads changes as field: from → to, and plain facts as field: value", () => {
    expect(
      describeAuditChanges({
        status: { from: "paid", to: "packed" },
        featured: { from: false, to: true },
        careNotes: { from: null, to: "" },
        reason: "Damaged",
        reserved: 0,
        skus: ["KR-1", "KR-2"],
        variants: [{ sku: "KR-1", retailPriceMinor: { from: 3400, to: 3600 } }],
      }),
    ).toEqual([
      { field: "Status", from: "paid", to: "packed" },
      { field: "Featured", from: "no", to: "yes" },
      { field: "Care notes", from: "—", to: "(empty)" },
      { field: "Reason", value: "Damaged" },
      { field: "Reserved", value: "0" },
      { field: "SKUs", value: "KR-1, KR-2" },
      { field: "Variants", value: "SKU: KR-1; Retail price: US$34.00 → US$36.00" },
    ]);
    expect(describeAuditChanges(null)).toEqual([]);
    expect(describeAuditChanges({})).toEqual([]);
  });

  it("writes exchange rates as staff type them, per US dollar, never as micros", () => {
    expect(describeAuditChanges({ EUR: { from: 920_000, to: 930_000 }, JPY: { from: 151_200_000, to: 152_000_000 }, IDR: { from: 16_250_000_000, to: 16_300_500_000 } })).toEqual([
      { field: "EUR", from: "0.92", to: "0.93 per US$1" },
      { field: "JPY", from: "151.2", to: "152 per US$1" },
      { field: "IDR", from: "16,250", to: "16,300.5 per US$1" },
    ]);
    expect(describeAuditChanges({ perUsdMicros: { from: 1_530_000, to: 1_540_000 } })).toEqual([{ field: "Per USD", from: "1.53", to: "1.54 per US$1" }]);
    expect(formatAuditRate(790_000)).toBe("0.79");
  });

  it("writes amounts in their currency, never as minor units", () => {
    expect(
      describeAuditChanges({
        refundId: "re_1",
        amountMinor: 5795,
        currency: "USD",
        refundedMinor: { from: 0, to: 5795 },
        status: { from: "paid", to: "refunded" },
      }),
    ).toEqual([
      { field: "Refund ID", value: "re_1" },
      { field: "Amount", value: "US$57.95" },
      { field: "Currency", value: "USD" },
      { field: "Refunded", from: "US$0.00", to: "US$57.95" },
      { field: "Status", from: "paid", to: "refunded" },
    ]);
    // A refund in the shopper's currency reads in that currency; yen have no decimals.
    expect(describeAuditChanges({ amountMinor: 5795, currency: "EUR" })[0]).toMatchObject({ value: expect.stringMatching(/^57,95\s€$/) });
    expect(describeAuditChanges({ amountMinor: 7258, currency: "JPY" })[0]).toEqual({ field: "Amount", value: "¥7,258" });
    // Variant prices: retail in US dollars, bazaar and producer prices in rupiah, as the columns store them.
    expect(describeAuditChanges({ variants: [{ sku: "KR-1", bazaarPriceMinor: { from: 15_000_000, to: 17_500_000 }, producerPriceMinor: { from: 8_000_000, to: 9_000_000 } }] })).toEqual([
      { field: "Variants", value: expect.stringMatching(/^SKU: KR-1; Bazaar price: Rp\s?150\.000 → Rp\s?175\.000; Producer price: Rp\s?80\.000 → Rp\s?90\.000$/) },
    ]);
    expect(formatAuditMoney(-1250, "USD")).toBe("-US$12.50");
  });

  it("shortens long values so one entry cannot swamp the page", () => {
    const description = "Woven by hand over three days. ".repeat(20);
    const [line] = describeAuditChanges({ description: { from: description, to: "Short" } });
    expect(line).toMatchObject({ field: "Description", to: "Short" });
    const from = (line as { from: string }).from;
    expect([...from].length).toBeLessThanOrEqual(160);
    expect(from.endsWith("…")).toBe(true);
    expect(truncate("short")).toBe("short");
    expect(truncate("🧺".repeat(10), 5)).toBe("🧺🧺🧺🧺…");
  });
});
