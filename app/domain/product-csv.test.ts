import { describe, expect, it } from "vitest";
import { locateError, parseProductCsv, parseTiers, productCsvTemplate } from "./product-csv";

describe("product CSV", () => {
  it("groups rows into products by their address, keeping line numbers", () => {
    const extra = productCsvTemplate.split("\n")[1]!.replace("KR-RTN-LID-M,Medium,Medium", "KR-RTN-LID-L,Large,Large");
    const { groups, problems } = parseProductCsv(`${productCsvTemplate}\n${extra}\n`);
    expect(problems).toEqual([]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.rows.map((r) => [r.line, r.values.sku])).toEqual([[2, "KR-RTN-LID-M"], [3, "KR-RTN-LID-L"]]);
  });

  it("counts lines through quoted line breaks", () => {
    const header = productCsvTemplate.split("\n")[0]!;
    const row = productCsvTemplate.split("\n")[1]!;
    const multiline = row.replace('"Woven by hand in Cirebon from rattan core."', '"Woven by hand\nin Cirebon."').replace("lidded-rattan-basket", "second-basket");
    const { groups } = parseProductCsv([header, multiline, row].join("\n"));
    expect(groups.map((g) => g.firstLine)).toEqual([3, 4]);
  });

  it("explains a broken file instead of throwing", () => {
    expect(parseProductCsv("").problems[0]!.message).toBe("The file is empty.");
    expect(parseProductCsv("title,sku\nA,B").problems[0]).toEqual({ line: 1, message: "Missing columns: product, category, producer, retail_usd, bazaar_idr, producer_idr, weight_g." });
    expect(parseProductCsv(`${productCsvTemplate.split("\n")[0]},colour_code\n`).problems[0]!.message).toBe("Unknown column: colour_code.");
    expect(parseProductCsv(`${productCsvTemplate.split("\n")[0]}\n"unterminated`).problems[0]!.message).toMatch(/^The file is not valid CSV/);
    const noHandle = parseProductCsv(productCsvTemplate.replace("lidded-rattan-basket,", ","));
    expect(noHandle.problems).toEqual([{ line: 2, message: expect.stringContaining("The product column is empty") }]);
  });

  it("reads tiers and maps schema paths back to rows and columns", () => {
    expect(parseTiers("6:24.00; 24:21.50")).toEqual([{ minQuantity: "6", unitPrice: "24.00" }, { minQuantity: "24", unitPrice: "21.50" }]);
    expect(parseTiers("")).toEqual([]);
    const { groups } = parseProductCsv(`${productCsvTemplate}\n${productCsvTemplate.split("\n")[1]!.replace("KR-RTN-LID-M", "KR-RTN-LID-L")}`);
    expect(locateError(groups[0]!, "variants[1].retailPrice")).toEqual({ line: 3, column: "retail_usd" });
    expect(locateError(groups[0]!, "variants[0].tiers[1].unitPrice")).toEqual({ line: 2, column: "tiers" });
    expect(locateError(groups[0]!, "title")).toEqual({ line: 2, column: "title" });
    expect(locateError(groups[0]!, "categoryId")).toEqual({ line: 2, column: "category" });
  });
});
