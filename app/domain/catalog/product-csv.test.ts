import { describe, expect, it } from "vitest";
import { locateError, parseProductCsv, parseTiers, productCsvTemplate, readYesNo } from "./product-csv";

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
    expect(noHandle.problems).toEqual([{ line: 2, column: "product", message: expect.stringContaining("The product column is empty") }]);
    // The row without an address is still read, on its own, so its other cells get checked too.
    expect(noHandle.groups).toMatchObject([{ handle: "", firstLine: 2 }]);
  });

  it("says a short row is short, and names each required cell it leaves empty", () => {
    const header = productCsvTemplate.split("\n")[0]!;
    const { problems } = parseProductCsv([header, productCsvTemplate.split("\n")[1], "qa-short,Short row,only"].join("\n"));
    expect(problems).toEqual([
      { line: 3, message: 'Row 3 has 3 of 28 columns: check for a missing or extra comma, or a value with a comma that needs "quotes".' },
      { line: 3, column: "category", message: "category: empty, but every product needs one." },
      { line: 3, column: "producer", message: "producer: empty, but every product needs one." },
      { line: 3, column: "sku", message: "sku: empty, but every row needs one." },
      { line: 3, column: "retail_usd", message: "retail_usd: empty, but every row needs one." },
      { line: 3, column: "bazaar_idr", message: "bazaar_idr: empty, but every row needs one." },
      { line: 3, column: "producer_idr", message: "producer_idr: empty, but every row needs one." },
      { line: 3, column: "weight_g", message: "weight_g: empty, but every row needs one." },
    ]);
    const long = parseProductCsv(`${productCsvTemplate},extra`);
    expect(long.problems).toEqual([{ line: 2, message: expect.stringMatching(/^Row 2 has 29 columns but the header has 28: /) }]);
  });

  it("needs product columns on a product's first row only", () => {
    const [header, row] = productCsvTemplate.split("\n") as [string, string];
    const second = row.replace("Lidded Rattan Basket", "").replace("home-decor", "").replace("rotan-asri-tegalwangi", "").replace("KR-RTN-LID-M", "KR-RTN-LID-L");
    expect(parseProductCsv([header, row, second].join("\n")).problems).toEqual([]);
  });

  it("refuses yes/no cells that are neither, naming what is accepted", () => {
    const [header, row] = productCsvTemplate.split("\n") as [string, string];
    const maybe = row.replace(",no,KR-RTN-LID-M,", ",maybe,KR-RTN-LID-M,").replace(/,yes$/, ",perhaps");
    const second = row.replace("KR-RTN-LID-M", "KR-RTN-LID-L").replace(/,yes$/, ",sometimes");
    expect(parseProductCsv([header, maybe, second].join("\n")).problems).toEqual([
      { line: 2, column: "featured", message: "featured: “maybe” is not yes or no. Use yes or no (or y/n, true/false, 1/0); empty means no." },
      { line: 2, column: "active", message: "active: “perhaps” is not yes or no. Use yes or no (or y/n, true/false, 1/0); empty means yes." },
      { line: 3, column: "active", message: "active: “sometimes” is not yes or no. Use yes or no (or y/n, true/false, 1/0); empty means yes." },
    ]);
    expect(["yes", "Y", "TRUE", "1", "on", "x"].map(readYesNo)).toEqual([true, true, true, true, true, true]);
    expect(["no", "N", "false", "0", "off"].map(readYesNo)).toEqual([false, false, false, false, false]);
    expect(["", "maybe", "2", "yess", "nope"].map(readYesNo)).toEqual([null, "invalid", "invalid", "invalid", "invalid"]);
  });

  it("still checks the rows of a file with an unknown column", () => {
    const [header, row] = productCsvTemplate.split("\n") as [string, string];
    const { groups, problems } = parseProductCsv([`${header},colour_code`, `${row.replace(/,yes$/, ",perhaps")},C1`].join("\n"));
    expect(problems.map((p) => p.message)).toEqual(["Unknown column: colour_code.", expect.stringMatching(/^active: “perhaps” is not yes or no/)]);
    expect(groups).toHaveLength(1);
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
