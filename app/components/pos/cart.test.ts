import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PosPiece } from "~/models/bazaar/pos-catalog.server";
import { addToCart, cartCount, cartTotal, cashSuggestions, categoriesOf, changeDue, priceCart, receiptPrinciple, saleNumber, searchPieces, setQuantity } from "./cart";

const rp = (rupiah: number) => rupiah * 100;

function piece(overrides: Partial<PosPiece> & Pick<PosPiece, "variantId">): PosPiece {
  return {
    sku: `SKU-${overrides.variantId}`,
    productName: "Tas anyaman",
    variantLabel: "",
    category: "Baskets",
    categoryPosition: 1,
    producerGroup: "Mama Tenun",
    photoUrl: null,
    photoAlt: "",
    photoPlaceholder: "#e9e1d4",
    bazaarPriceMinor: rp(150_000),
    currency: "IDR",
    onHand: 5,
    ...overrides,
  };
}

describe("the cash quick notes", () => {
  it("offers the round-ups and common notes a buyer hands over for Rp 37.000", () => {
    expect(cashSuggestions(rp(37_000))).toEqual([rp(40_000), rp(50_000), rp(100_000)]);
  });

  it("offers Rp 200.000 for Rp 150.000, since the common notes no longer cover it", () => {
    expect(cashSuggestions(rp(150_000))).toEqual([rp(200_000)]);
  });

  it("offers small round-ups first for Rp 12.500", () => {
    expect(cashSuggestions(rp(12_500))).toEqual([rp(15_000), rp(20_000), rp(50_000), rp(100_000)]);
  });

  it("never offers the exact amount (that is its own button), only more, ascending and at most four", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50_000_000 }), (rupiah) => {
        const total = rp(rupiah);
        const offered = cashSuggestions(total);
        expect(offered.length).toBeGreaterThanOrEqual(1);
        expect(offered.length).toBeLessThanOrEqual(4);
        for (const amount of offered) expect(amount).toBeGreaterThan(total);
        expect([...offered].sort((a, b) => a - b)).toEqual(offered);
        expect(new Set(offered).size).toBe(offered.length);
      }),
    );
  });

  it("gives change only when the cash covers the total", () => {
    expect(changeDue(rp(37_000), rp(50_000))).toBe(rp(13_000));
    expect(changeDue(rp(37_000), rp(37_000))).toBe(0);
    expect(changeDue(rp(37_000), rp(20_000))).toBeNull();
  });
});

describe("the cart", () => {
  const pieces = [piece({ variantId: 1, bazaarPriceMinor: rp(150_000) }), piece({ variantId: 2, bazaarPriceMinor: rp(35_000) })];

  it("adds a piece once and counts it up on the next tap", () => {
    const cart = addToCart(addToCart(addToCart([], 1), 2), 1);
    expect(cart).toEqual([{ variantId: 1, quantity: 2 }, { variantId: 2, quantity: 1 }]);
    expect(cartCount(cart)).toBe(3);
  });

  it("totals in minor units: 2 × Rp 150.000 + Rp 35.000 is Rp 335.000", () => {
    const lines = priceCart([{ variantId: 1, quantity: 2 }, { variantId: 2, quantity: 1 }], pieces);
    expect(lines.map((line) => line.lineTotalMinor)).toEqual([rp(300_000), rp(35_000)]);
    expect(cartTotal(lines)).toBe(rp(335_000));
  });

  it("removes a line at quantity zero and caps one line at the sync contract's 999", () => {
    expect(setQuantity([{ variantId: 1, quantity: 1 }], 1, 0)).toEqual([]);
    expect(setQuantity([{ variantId: 1, quantity: 1 }], 1, 5000)).toEqual([{ variantId: 1, quantity: 999 }]);
  });

  it("drops a line whose piece is no longer in the catalogue rather than selling it at no price", () => {
    expect(priceCart([{ variantId: 99, quantity: 1 }], pieces)).toEqual([]);
  });
});

describe("the receipt", () => {
  it("rotates through the ten Fair Trade principles, one sale at a time", () => {
    expect([1, 2, 9, 10, 11, 20, 21].map(receiptPrinciple)).toEqual([1, 2, 9, 10, 1, 10, 1]);
  });

  it("numbers a sale by the device's label and its sequence", () => {
    expect(saleNumber("KASIR-A1B2", 42)).toBe("KASIR-A1B2-0042");
  });
});

describe("finding a piece", () => {
  const pieces = [
    piece({ variantId: 1, productName: "Keranjang Bambu", sku: "BSK-001", category: "Baskets", categoryPosition: 2 }),
    piece({ variantId: 2, productName: "Kain Tenun Ikat", variantLabel: "Indigo", sku: "TXT-014", category: "Textiles", categoryPosition: 1, producerGroup: "Sumba Weavers" }),
    piece({ variantId: 3, productName: "Café mug", sku: "CER-003", category: "Ceramics", categoryPosition: 3 }),
  ];

  it("finds by SKU, by any word of the name, and without accents", () => {
    expect(searchPieces(pieces, "txt-014", null).map((p) => p.variantId)).toEqual([2]);
    expect(searchPieces(pieces, "tenun indigo", null).map((p) => p.variantId)).toEqual([2]);
    expect(searchPieces(pieces, "cafe", null).map((p) => p.variantId)).toEqual([3]);
    expect(searchPieces(pieces, "sumba", null).map((p) => p.variantId)).toEqual([2]);
  });

  it("browses one category, and lists categories in the shop's order", () => {
    expect(searchPieces(pieces, "", "Baskets").map((p) => p.variantId)).toEqual([1]);
    expect(categoriesOf(pieces)).toEqual(["Textiles", "Baskets", "Ceramics"]);
  });
});
