import { describe, expect, it } from "vitest";
import { isSlug } from "../../app/domain/catalog/slug";
import { products as samples } from "./data/products";
import { generateProduct, prng } from "./scale-catalogue";

describe("generated catalogue", () => {
  const generated = Array.from({ length: 5_000 }, (_, i) => generateProduct(i + 1, samples));

  it("is the same product for the same number, whichever run or batch makes it", () => {
    expect(generateProduct(4_321, samples)).toEqual(generateProduct(4_321, samples));
    expect(generateProduct(4_321, samples).slug).not.toBe(generateProduct(4_322, samples).slug);
    const random = prng(7);
    const again = prng(7);
    expect([random(), random(), random()]).toEqual([again(), again(), again()]);
  });

  it("gives every product a unique, valid slug and every variant a unique SKU that no sample uses", () => {
    const slugs = new Set(generated.map((p) => p.slug));
    expect(slugs.size).toBe(generated.length);
    expect(generated.every((p) => isSlug(p.slug))).toBe(true);
    const skus = generated.flatMap((p) => p.variants.map((v) => v.sku));
    const sampleSkus = new Set(samples.flatMap((p) => p.variants.map((v) => v.sku)));
    expect(new Set(skus).size).toBe(skus.length);
    expect(skus.some((sku) => sampleSkus.has(sku))).toBe(false);
  });

  it("reads like the sample: a renamed piece of a real template with a size and a finish", () => {
    const first = generated[0]!;
    expect(first.title).toMatch(/^[A-Z][\w '-]+, [A-Z]\w+, [A-Z]\w+$/);
    expect(samples).toContain(first.template);
    // Every template is used, so every producer group, category and material appears.
    expect(new Set(generated.map((p) => p.template.slug)).size).toBe(samples.length);
  });

  it("keeps prices within 0.7–1.4 of the template's, positive and in whole 50 cents, and stock within the sample's range", () => {
    const wrong = generated.flatMap((p) =>
      p.variants.flatMap((v, i) => {
        const base = p.template.variants[i]!;
        const inRange =
          v.retailUsdCents % 50 === 0 &&
          v.retailUsdCents >= Math.floor((base.retailUsdCents * 0.7) / 50) * 50 &&
          v.retailUsdCents <= Math.ceil((base.retailUsdCents * 1.4) / 50) * 50 &&
          v.bazaarIdr > 0 &&
          v.producerIdr > 0 &&
          v.stock >= 0 &&
          v.stock < 40 &&
          (!p.oneOfAKind || v.stock <= 1);
        return inRange ? [] : [`${v.sku}: ${JSON.stringify(v)}`];
      }),
    );
    expect(wrong).toEqual([]);
    const soldOut = generated.filter((p) => p.variants.every((v) => v.stock === 0)).length / generated.length;
    expect(soldOut).toBeGreaterThan(0.03);
    expect(soldOut).toBeLessThan(0.2);
    const featured = generated.filter((p) => p.featured).length / generated.length;
    expect(featured).toBeGreaterThan(0.01);
    expect(featured).toBeLessThan(0.06);
  });
});
