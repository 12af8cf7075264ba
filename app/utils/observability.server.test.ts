import { describe, expect, it } from "vitest";
import { isLoopbackRequest, loggableUrl, methodLabelOf, requestIdFor, routeClassOf, statusClassOf } from "./observability.server";

describe("request ids", () => {
  it("keeps a caller's id that looks like one", () => {
    expect(requestIdFor("varnish-1234.abcd:5")).toBe("varnish-1234.abcd:5");
    expect(requestIdFor(["01J9Z8Y7X6W5V4T3S2R1Q0P9N8", "other"])).toBe("01J9Z8Y7X6W5V4T3S2R1Q0P9N8");
  });

  it.each([undefined, "", "short", "a".repeat(65), "has space in it", "line\nbreak-injected", '"><script>x', "ünïcödé-id-123"])(
    "replaces %j with a new ULID",
    (incoming) => {
      const id = requestIdFor(incoming);
      expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(id).not.toBe(incoming);
    },
  );

  it("makes a different id each time", () => {
    expect(requestIdFor(undefined)).not.toBe(requestIdFor(undefined));
  });
});

describe("what of a URL is logged", () => {
  it("keeps the path and the names of query parameters, never their values", () => {
    expect(loggableUrl("/reset-password?token=s3cr3t&email=a%40b.c")).toBe("/reset-password?token&email");
    expect(loggableUrl("/search?q=silver+ring&q=x")).toBe("/search?q");
    expect(loggableUrl("/shop")).toBe("/shop");
    expect(loggableUrl("/shop?")).toBe("/shop");
  });

  it("hides capability links", () => {
    expect(loggableUrl("/receipt/01J9Z8Y7X6W5V4T3S2R1Q0P9N8")).toBe("/receipt/:redacted");
    expect(loggableUrl("/checkout/demo/5f0c?x=1")).toBe("/checkout/demo/:redacted?x");
  });
});

describe("metric labels stay bounded", () => {
  it.each([
    ["/", "page"],
    ["/products/batik-scarf", "page"],
    ["/products/batik-scarf.data", "page"],
    ["/admin", "admin"],
    ["/admin/orders/K-1001", "admin"],
    ["/administrator", "page"],
    ["/pos/sync", "pos"],
    ["/pos-sw.js", "pos"],
    ["/webhooks/stripe", "webhook"],
    ["/images/abc/640.webp", "image"],
    ["/assets/entry-abc.js", "asset"],
    ["/favicon.ico", "asset"],
    ["/healthz", "health"],
    ["/healthz/ready", "health"],
    ["/metrics", "metrics"],
  ])("%s counts as %s", (path, expected) => {
    expect(routeClassOf(path)).toBe(expected);
  });

  it("groups statuses and methods", () => {
    expect([200, 204, 304, 404, 503, 999, 42].map(statusClassOf)).toEqual(["2xx", "2xx", "3xx", "4xx", "5xx", "5xx", "1xx"]);
    expect(methodLabelOf("GET")).toBe("GET");
    expect(methodLabelOf("BREW")).toBe("other");
  });
});

describe("loopback means this machine, not a proxy on it", () => {
  it("accepts a loopback peer with no forwarding header", () => {
    expect(isLoopbackRequest("127.0.0.1", {})).toBe(true);
    expect(isLoopbackRequest("::1", {})).toBe(true);
    expect(isLoopbackRequest("::ffff:127.0.0.1", {})).toBe(true);
  });

  it("refuses a peer from elsewhere, whatever it claims", () => {
    expect(isLoopbackRequest("10.0.0.5", {})).toBe(false);
    expect(isLoopbackRequest("10.0.0.5", { "x-forwarded-for": "127.0.0.1" })).toBe(false);
    expect(isLoopbackRequest(undefined, {})).toBe(false);
  });

  it("refuses a loopback peer that forwards someone else", () => {
    expect(isLoopbackRequest("127.0.0.1", { "x-forwarded-for": "203.0.113.9" })).toBe(false);
    expect(isLoopbackRequest("127.0.0.1", { "x-forwarded-for": "127.0.0.1, 203.0.113.9" })).toBe(false);
    expect(isLoopbackRequest("127.0.0.1", { forwarded: "for=203.0.113.9;proto=https" })).toBe(false);
    expect(isLoopbackRequest("127.0.0.1", { forwarded: 'for="[2001:db8::1]:443"' })).toBe(false);
    expect(isLoopbackRequest("127.0.0.1", { "x-real-ip": "198.51.100.2" })).toBe(false);
    expect(isLoopbackRequest("127.0.0.1", { forwarded: "for=unknown" })).toBe(false);
    expect(isLoopbackRequest("127.0.0.1", { "x-forwarded-for": "" })).toBe(false);
  });

  it("accepts forwarding headers that name loopback only", () => {
    expect(isLoopbackRequest("127.0.0.1", { "x-forwarded-for": "127.0.0.1" })).toBe(true);
    expect(isLoopbackRequest("127.0.0.1", { forwarded: 'for="[::1]:3000", for=127.0.0.1' })).toBe(true);
  });
});
