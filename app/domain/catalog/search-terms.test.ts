import { describe, expect, it } from "vitest";
import { englishFor, indonesianRoot, searchWordGroups } from "./search-terms";

describe("Indonesian search words", () => {
  it("reads common craft words as their English", () => {
    expect(englishFor("tas")).toContain("bag");
    expect(englishFor("keranjang")).toEqual(["basket"]);
    expect(englishFor("kursi")).toContain("chair");
    expect(englishFor("meja")).toContain("table");
    expect(englishFor("perak")).toEqual(["silver"]);
    expect(englishFor("kulit")).toEqual(["leather"]);
    expect(englishFor("anyaman")).toContain("woven");
    expect(englishFor("lampu")).toContain("lamp");
    expect(englishFor("cermin")).toEqual(["mirror"]);
    expect(englishFor("Rotan")).toEqual(["rattan"]);
  });

  it("undoes the plural by reduplication and strips clitics only when a known word is left", () => {
    expect(indonesianRoot("tas-tas")).toBe("tas");
    expect(indonesianRoot("keranjangnya")).toBe("keranjang");
    expect(indonesianRoot("KURSI")).toBe("kursi");
    // English words that merely end like a clitic stay as they are.
    expect(indonesianRoot("menu")).toBe("menu");
    expect(englishFor("basket")).toEqual([]);
  });

  it("groups a query word by word, keeping each word beside its translations", () => {
    expect(searchWordGroups("tas kulit")).toEqual([
      ["tas", "bag", "tote", "pouch", "shopper"],
      ["kulit", "leather"],
    ]);
    expect(searchWordGroups("silver keranjang")).toEqual([["silver"], ["keranjang", "basket"]]);
  });

  it("leaves English and nonsense alone", () => {
    expect(searchWordGroups("rattan basket")).toBeNull();
    expect(searchWordGroups("xqzvwk")).toBeNull();
    expect(searchWordGroups("'; drop table --")).toBeNull();
    expect(searchWordGroups("")).toBeNull();
  });
});
