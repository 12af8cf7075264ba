/** The words a product should be found by besides its own text: kept in `products.search_keywords`. */
export function buildSearchKeywords(input: {
  categoryName: string;
  materialNames: readonly string[];
  producerName: string;
  crafts: readonly string[];
  technique: string;
  optionValues: readonly string[];
  province: string;
}): string {
  const words = [
    input.categoryName,
    ...input.materialNames,
    input.producerName,
    ...input.crafts,
    input.technique,
    ...input.optionValues,
    input.province,
  ];
  return [...new Set(words.map((w) => w.trim()).filter(Boolean))].join(" · ");
}
