import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./shopper.server";

describe("safeRedirectPath", () => {
  it.each([
    "//evil.example",
    "//evil.example/account",
    "/\\evil.example",
    "/\\\\evil.example",
    "\\\\evil.example",
    "/%09/evil.example",
    "\t/evil",
    "/\t/evil",
    "/\n/evil",
    "/%0a/evil.example",
    "/%0d%0aSet-Cookie:x",
    "/account\r\nSet-Cookie: x=1",
    "/%00",
    "/a%7f",
    "///evil",
    "/%2F/evil.example",
    "/%2f%2fevil.example",
    "/%5Cevil.example",
    "/%5c%5cevil.example",
    "https://evil.example",
    "http://localhost:3000.evil.example/",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.example",
    "",
    "%",
    "/%E0%A4%A",
    " /account",
    "/" + "a".repeat(2100),
  ])("refuses %j", (target) => {
    expect(safeRedirectPath(target, "/fallback")).toBe("/fallback");
  });

  it("refuses values that are not strings", () => {
    expect(safeRedirectPath(undefined, "/f")).toBe("/f");
    expect(safeRedirectPath(null, "/f")).toBe("/f");
    expect(safeRedirectPath(["/account"], "/f")).toBe("/f");
  });

  it.each([
    ["/", "/"],
    ["/account", "/account"],
    ["/admin/orders?status=paid&q=KR-26", "/admin/orders?status=paid&q=KR-26"],
    ["/products/kendi#photos", "/products/kendi#photos"],
    ["/search?q=tas%20rotan", "/search?q=tas%20rotan"],
    ["/shop/baskets/../textiles", "/shop/textiles"],
    ["/produk/kerajinan-ñ", "/produk/kerajinan-%C3%B1"],
  ])("keeps the same-site path %j", (target, expected) => {
    expect(safeRedirectPath(target, "/fallback")).toBe(expected);
  });
});
