import { describe, expect, it } from "vitest";
import { hrefWithCurrency, parseCurrencyChoice, pathCarriesCurrency, readCurrencyParam } from "./display-currency";

const read = (search: string) => readCurrencyParam(new URLSearchParams(search));

describe("readCurrencyParam", () => {
  it("defaults to US dollars without the parameter and accepts a canonical non-default currency", () => {
    expect(read("")).toEqual({ kind: "ok", currency: "USD" });
    expect(read("?sort=name")).toEqual({ kind: "ok", currency: "USD" });
    expect(read("?currency=EUR&sort=name")).toEqual({ kind: "ok", currency: "EUR" });
    expect(read("?currency=IDR")).toEqual({ kind: "ok", currency: "IDR" });
  });

  it("sends other spellings to the one canonical address, keeping the rest of the query", () => {
    expect(read("?currency=eur&page=2")).toEqual({ kind: "redirect", search: "?currency=EUR&page=2" });
    expect(read("?currency=%20gbp%20")).toEqual({ kind: "redirect", search: "?currency=GBP" });
    expect(read("?page=2&currency=USD")).toEqual({ kind: "redirect", search: "?page=2" });
    expect(read("?currency=")).toEqual({ kind: "redirect", search: "" });
    expect(read("?currency=EUR&currency=eur")).toEqual({ kind: "redirect", search: "?currency=EUR" });
  });

  it("refuses an unknown currency or two different ones, naming the choices", () => {
    const unknown = read("?currency=XYZ");
    expect(unknown).toMatchObject({ kind: "invalid" });
    expect(unknown.kind === "invalid" && unknown.message).toBe('Unknown currency "XYZ": choose one of USD, EUR, GBP, JPY, AUD, NZD, CAD, IDR.');
    expect(read("?currency=EUR&currency=GBP")).toEqual({ kind: "invalid", message: '"currency" may appear only once.' });
  });
});

describe("pathCarriesCurrency", () => {
  it("is true for catalogue pages and false for private ones", () => {
    for (const path of ["/", "/shop", "/shop/home-decor", "/products/teak-stool", "/producers", "/producers/ikat-group", "/search", "/shipping", "/contact"]) {
      expect(pathCarriesCurrency(path), path).toBe(true);
    }
    for (const path of ["/cart", "/checkout/demo/1", "/orders/lookup", "/admin", "/admin/products", "/login", "/shop/a/b", "/products", "/currency"]) {
      expect(pathCarriesCurrency(path), path).toBe(false);
    }
  });
});

describe("hrefWithCurrency", () => {
  it("adds a non-default currency to catalogue links and leaves the default ones bare", () => {
    expect(hrefWithCurrency("/shop/home-decor", { currency: "EUR" })).toBe("/shop/home-decor?currency=EUR");
    expect(hrefWithCurrency("/shop?sort=name#results", { currency: "JPY" })).toBe("/shop?sort=name&currency=JPY#results");
    expect(hrefWithCurrency("/shop?sort=name", { currency: "USD" })).toBe("/shop?sort=name");
    expect(hrefWithCurrency("/shop?currency=EUR", { currency: "USD" })).toBe("/shop");
    expect(hrefWithCurrency("/shop?currency=EUR", { currency: "EUR" })).toBe("/shop?currency=EUR");
  });

  it("returns a default-currency link with no query as it is, whatever it points at", () => {
    for (const to of ["/shop/home-decor", "/products/teak-stool#story", "/cart", "https://example.com/shop", "producers/apikri", ""]) {
      expect(hrefWithCurrency(to, { currency: "USD", from: "/shop?sort=name" })).toBe(to);
    }
  });

  it("resolves a query-only link against the current page", () => {
    expect(hrefWithCurrency("?variant=4", { currency: "GBP", from: "/products/teak-stool?currency=GBP" })).toBe("/products/teak-stool?variant=4&currency=GBP");
    expect(hrefWithCurrency("?variant=4", { currency: "USD", from: "/products/teak-stool" })).toBe("?variant=4");
  });

  it("leaves private pages and other sites alone", () => {
    expect(hrefWithCurrency("/cart", { currency: "EUR" })).toBe("/cart");
    expect(hrefWithCurrency("/orders/lookup", { currency: "EUR" })).toBe("/orders/lookup");
    expect(hrefWithCurrency("https://example.com/shop", { currency: "EUR" })).toBe("https://example.com/shop");
    expect(hrefWithCurrency("mailto:hello@kriya.example", { currency: "EUR" })).toBe("mailto:hello@kriya.example");
  });
});

describe("parseCurrencyChoice", () => {
  it("reads a shop currency from the cookie and ignores forged ones", () => {
    expect(parseCurrencyChoice("kriya_currency=EUR")).toBe("EUR");
    expect(parseCurrencyChoice("a=1; kriya_currency=JPY; b=2")).toBe("JPY");
    expect(parseCurrencyChoice("kriya_currency=XYZ")).toBeNull();
    expect(parseCurrencyChoice("kriya_currency=eur")).toBeNull();
    expect(parseCurrencyChoice("")).toBeNull();
  });
});
