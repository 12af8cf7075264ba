import { createHash } from "node:crypto";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { isStorable, keysOfNotification, PageCache, pageCacheKey, toCachedPage, withoutNonce, type CachedPage } from "./page-cache.server";

const sha = (text: string) => createHash("sha256").update(text, "utf8").digest("base64");

describe("pageCacheKey", () => {
  it("keys catalogue pages by path, sorted parameters and language", () => {
    expect(pageCacheKey("/", "")).toEqual({ key: "en /?", partition: "pages" });
    expect(pageCacheKey("/shop", "?sort=name&currency=EUR")).toEqual({ key: "en /shop?currency=EUR&sort=name", partition: "pages" });
    expect(pageCacheKey("/shop", "?currency=EUR&sort=name")?.key).toBe(pageCacheKey("/shop", "?sort=name&currency=EUR")?.key);
    expect(pageCacheKey("/products/teak-bowl", "?variant=12")).toEqual({ key: "en /products/teak-bowl?variant=12", partition: "pages" });
    expect(pageCacheKey("/producers/pengrajin-jepara", "")?.partition).toBe("pages");
    expect(pageCacheKey("/impact", "")?.partition).toBe("pages");
  });

  it("puts searches and filters in their own partition", () => {
    expect(pageCacheKey("/search", "?q=rattan")?.partition).toBe("variations");
    expect(pageCacheKey("/shop/baskets", "?material=rattan&min=5&max=90")?.partition).toBe("variations");
  });

  it("never keys unvalidated input", () => {
    for (const [path, search] of [
      ["/shop", "?currency=XYZ"], // unknown currency (the page answers 400)
      ["/shop", "?currency=eur"], // another spelling (the page redirects)
      ["/shop", "?utm_source=x"], // a parameter no page reads
      ["/shop", "?page=0"],
      ["/shop", "?page=abc"],
      ["/shop", "?sort=cheapest"],
      ["/shop", "?min=90&max=5"],
      ["/shop", `?q=${"x".repeat(500)}`],
      ["/products/Teak-Bowl", ""], // redirects to lower case
      ["/products/teak%00bowl", ""],
      ["/products/teak-bowl", "?variant=-1"],
      ["/products/teak-bowl", "?variant=1e3"],
      ["/products/teak-bowl.data", ""],
      ["/products/a/b", ""],
      ["/cart", ""],
      ["/account", ""],
      ["/admin/products", ""],
      ["/impact.csv", ""],
    ] as const) {
      expect(pageCacheKey(path, search), `${path}${search}`).toBeNull();
    }
  });
});

describe("withoutNonce", () => {
  const nonce = "abc123==";
  const html = `<html><head><link rel="modulepreload" href="/assets/a.js" nonce="${nonce}"/></head><body>
<script nonce="${nonce}">window.__remixContext = {"a":1};</script>
<script type="module" nonce="${nonce}">import "/assets/entry.js";</script>
<script type="application/ld+json">{"@type":"Product"}</script>
<script src="/assets/b.js" nonce="${nonce}"></script></body></html>`;

  it("drops the nonce and lists the hash of every inline script that runs", () => {
    const result = withoutNonce(html, nonce)!;
    expect(result.html).not.toContain(nonce);
    expect(result.html).not.toContain("nonce=");
    expect(result.scriptHashes.sort()).toEqual([sha(`window.__remixContext = {"a":1};`), sha(`import "/assets/entry.js";`)].sort());
  });

  it("refuses a page whose nonce shows anywhere but an attribute", () => {
    expect(withoutNonce(`${html}<p>${nonce}</p>`, nonce)).toBeNull();
    expect(withoutNonce(html, "")).toBeNull();
  });
});

describe("toCachedPage", () => {
  it("keeps the page's own headers, swaps the policy and compresses once per encoding", async () => {
    const nonce = "n0nce";
    const body = `<html><body><script nonce="${nonce}">go()</script>${"<p>teak</p>".repeat(200)}</body></html>`;
    const headers = new Headers({
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "public, max-age=0, s-maxage=60",
      "Surrogate-Key": "product:1 rates",
      "Content-Security-Policy": `script-src 'nonce-${nonce}'`,
      "X-Sql-Statements": "3",
    });
    const page = (await toCachedPage({ status: 200, headers, body: Buffer.from(body), nonce }, (hashes) => ["Content-Security-Policy", hashes.join(" ")]))!;
    expect(page.keys).toEqual(["product:1", "rates"]);
    expect(page.identity.toString()).toBe(body.replace(` nonce="${nonce}"`, ""));
    expect(brotliDecompressSync(page.br).equals(page.identity)).toBe(true);
    expect(gunzipSync(page.gzip).equals(page.identity)).toBe(true);
    expect(page.br.length).toBeLessThan(page.identity.length / 5);
    const names = page.headers.map(([n]) => n.toLowerCase());
    expect(names).not.toContain("x-sql-statements");
    expect(page.headers.filter(([n]) => n.toLowerCase() === "content-security-policy")).toEqual([["Content-Security-Policy", sha("go()")]]);
  });
});

describe("isStorable", () => {
  const ok = { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "public, s-maxage=60", "Surrogate-Key": "product:1" };
  it("stores only public 200 HTML with surrogate keys and no cookie", () => {
    expect(isStorable({ status: 200, headers: new Headers(ok) })).toBe(true);
    expect(isStorable({ status: 404, headers: new Headers(ok) })).toBe(false);
    expect(isStorable({ status: 500, headers: new Headers(ok) })).toBe(false);
    expect(isStorable({ status: 200, headers: new Headers({ ...ok, "Cache-Control": "no-store" }) })).toBe(false);
    expect(isStorable({ status: 200, headers: new Headers({ ...ok, "Cache-Control": "private, max-age=0" }) })).toBe(false);
    expect(isStorable({ status: 200, headers: new Headers({ ...ok, "Set-Cookie": "a=b" }) })).toBe(false);
    expect(isStorable({ status: 200, headers: new Headers({ ...ok, "Surrogate-Key": "" }) })).toBe(false);
    expect(isStorable({ status: 200, headers: new Headers({ ...ok, "Content-Type": "application/json" }) })).toBe(false);
  });
});

function page(keys: string[], text = "x"): CachedPage {
  const body = Buffer.from(text);
  return { status: 200, headers: [], identity: body, br: body, gzip: body, etag: '"e"', keys, storedAt: Date.now() };
}

describe("PageCache", () => {
  const product = { key: "en /products/a?", partition: "pages" as const };
  const listing = { key: "en /shop?", partition: "pages" as const };

  it("stores a finished render and purges exactly the pages that carry a key", () => {
    const cache = new PageCache({ ttlSeconds: 60, maxBytes: 1_000_000 });
    cache.begin(product).finish(page(["product:1", "producer:2", "rates"]));
    cache.begin(listing).finish(page(["listing", "product:1", "product:3", "rates"]));
    cache.purge(["product:3"]);
    expect(cache.get(product)).toBeDefined();
    expect(cache.get(listing)).toBeUndefined();
    cache.purge(["producer:2"]);
    expect(cache.get(product)).toBeUndefined();
    expect(cache.summary().entries).toBe(0);
  });

  it("does not store a render that a purge of its keys overtook", () => {
    const cache = new PageCache({ ttlSeconds: 60, maxBytes: 1_000_000 });
    const render = cache.begin(product);
    cache.purge(["product:1"]);
    render.finish(page(["product:1"]));
    expect(cache.get(product)).toBeUndefined();
    // A purge of other keys doesn't matter.
    const next = cache.begin(product);
    cache.purge(["product:9"]);
    next.finish(page(["product:1"]));
    expect(cache.get(product)).toBeDefined();
    // "all" overtakes every render.
    const third = cache.begin(listing);
    cache.purge(["all"]);
    third.finish(page(["listing"]));
    expect(cache.get(listing)).toBeUndefined();
  });

  it("hands a render's page to requests waiting for it, once", async () => {
    const cache = new PageCache({ ttlSeconds: 60, maxBytes: 1_000_000 });
    const render = cache.begin(product);
    const waiting = cache.pending(product);
    render.finish(page(["product:1"], "first"));
    render.finish(page(["product:1"], "second"));
    expect((await waiting)?.identity.toString()).toBe("first");
    expect(cache.get(product)?.identity.toString()).toBe("first");
    expect(cache.pending(product)).toBeUndefined();
  });

  it("bounds memory, and a flood of searches evicts only searches", () => {
    const cache = new PageCache({ ttlSeconds: 60, maxBytes: 100_000 });
    cache.begin(product).finish(page(["product:1"], "p".repeat(1000)));
    for (let i = 0; i < 200; i++) cache.begin({ key: `en /search?q=${i}`, partition: "variations" }).finish(page(["listing"], "s".repeat(1000)));
    expect(cache.get(product)).toBeDefined();
    expect(cache.summary().bytes).toBeLessThanOrEqual(100_000);
    expect(cache.get({ key: "en /search?q=0", partition: "variations" })).toBeUndefined();
    expect(cache.get({ key: "en /search?q=199", partition: "variations" })).toBeDefined();
  });

  it("reads a notification's keys and ignores anything else", () => {
    expect(keysOfNotification("listing product:12 rates")).toEqual(["listing", "product:12", "rates"]);
    expect(keysOfNotification("all")).toEqual(["all"]);
    expect(keysOfNotification("product:x <script> ")).toEqual([]);
  });
});
