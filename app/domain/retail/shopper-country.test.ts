import { describe, expect, it } from "vitest";
import { countryFromLocale, parseAcceptLanguage } from "./shopper-country";

const shipsTo = ["US", "GB", "DE", "FR", "JP", "ID", "AU", "NL", "CA"];

describe("the default delivery country from the browser's languages", () => {
  it.each([
    ["en-GB,en;q=0.9", "GB"],
    ["de-DE", "DE"],
    ["ja", "JP"],
    ["id", "ID"],
    ["id-ID,id;q=0.9,en;q=0.8", "ID"],
    ["fr-CA,fr;q=0.8", "CA"],
    ["en", null],
    ["en-ZA", null],
    ["", null],
    [null, null],
    ["*", null],
    ["zh-Hant-TW", null],
    ["en;q=0.5,de-AT;q=0.6,ja;q=0.7", "JP"],
    ["ja;q=0,de", "DE"],
  ])("%s → %s", (header, country) => expect(countryFromLocale(header, shipsTo)).toBe(country));

  it("only offers countries the shop ships to", () => {
    expect(countryFromLocale("en-GB", ["US"])).toBeNull();
    expect(countryFromLocale("zh-Hant-TW", ["TW"])).toBe("TW");
  });

  it("orders ranges by q, ties in header order, and ignores junk", () => {
    expect(parseAcceptLanguage("a;q=0.1, b , c;q=0.9, <script>, d;q=2")).toEqual(["b", "c", "a"]);
  });
});
