import http from "node:http";
import { placePaidDemoOrder } from "./demo-orders";
import { expect, test } from "./fixtures";

test("HTML responses carry a nonce CSP that the page's own scripts satisfy", async ({ page }) => {
  const response = await page.goto("/shop");
  const csp = response!.headers()["content-security-policy"]!;
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(response!.headers()["x-content-type-options"]).toBe("nosniff");
  expect(response!.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  // Every script the page ran had the nonce (a violation would be a console error and fail this test).
  await page.getByRole("form", { name: "Filter and sort" }).getByRole("checkbox", { name: "In stock only" }).check();
  await expect(page).toHaveURL(/instock=1/);
  const other = await page.request.get("/shop");
  expect(/'nonce-([^']+)'/.exec(other.headers()["content-security-policy"]!)?.[1]).not.toBe(nonce);
});

test("a POST from a foreign origin is refused with 403", async ({ request }) => {
  const foreign = await request.post("/cart", { form: { intent: "add", variantId: "1", quantity: "1" }, headers: { origin: "https://evil.example" } });
  expect(foreign.status()).toBe(403);
  const login = await request.post("/login", { form: { email: "admin@kriya.example", password: "x" }, headers: { origin: "https://evil.example" } });
  expect(login.status()).toBe(403);
});

test("staff sign in, see their account, and sign out; the session then stops working", async ({ page, context }) => {
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount/);
  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email").fill("staff@kriya.example");
  await form.getByLabel("Password").fill("not the password");
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(form.getByRole("alert")).toHaveText("That email and password don't match an account.");

  await form.getByLabel("Email").fill("staff@kriya.example");
  await form.getByLabel("Password").fill("kriya-staff-2026");
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText("role: staff")).toBeVisible();
  const cookie = (await context.cookies()).find((c) => c.name.endsWith("kriya_session"))!;
  expect(cookie.name).toBe("__Host-kriya_session");
  expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax", path: "/" });

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);
  // Replaying the old cookie after sign-out gets the login page: the session was deleted on the server.
  await context.addCookies([cookie]);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login/);
});

test("too many wrong passwords for one account get a 429 with a clear message", async ({ request }) => {
  // An address nobody uses: unknown accounts are limited the same way, so the limit reveals nothing.
  const email = `nobody-${Date.now()}@kriya.example`;
  for (let i = 0; i < 5; i++) {
    const wrong = await request.post("/login", { form: { email, password: `wrong-${i}` } });
    expect(wrong.status()).toBe(400);
  }
  const blocked = await request.post("/login", { form: { email, password: "any-password" } });
  expect(blocked.status()).toBe(429);
  expect(Number(blocked.headers()["retry-after"])).toBeGreaterThan(0);
  expect(await blocked.text()).toContain("Too many sign-in attempts");
});

// ── Safe by default (issue 9): origins, redirects, loader data, body limits, bad bytes ──────────────────────

const port = Number(process.env.E2E_PORT ?? 3210);
const siteOrigin = `http://localhost:${port}`;
const mailbox = { Authorization: `Bearer ${process.env.KRIYA_TEST_MAILBOX_TOKEN}` };

/** A raw HTTP request, so Host, Transfer-Encoding and the body are exactly what an attacker would send. */
function rawRequest(options: { method: string; path: string; headers?: Record<string, string>; body?: string | Buffer | (() => AsyncIterable<Buffer>); onResponse?: () => void }) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    let answer: { status: number; headers: http.IncomingHttpHeaders; body: string } | null = null;
    const req = http.request({ agent: false, host: "127.0.0.1", port, method: options.method, path: options.path, headers: options.headers }, (res) => {
      options.onResponse?.();
      answer = { status: res.statusCode!, headers: res.headers, body: "" };
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (answer!.body += chunk));
      res.on("end", () => resolve(answer!));
      res.on("error", () => resolve(answer!));
    });
    // Once the server has answered 413 it stops reading and closes the connection: a write error after the answer is expected.
    req.on("error", (error) => setTimeout(() => (answer ? resolve(answer) : reject(error)), 1_000));
    if (typeof options.body === "function") {
      const source = options.body;
      void (async () => {
        try {
          for await (const chunk of source()) if (!req.write(chunk)) await new Promise((r) => req.once("drain", r));
          req.end();
        } catch {
          // The server may close the connection once it has answered 413.
        }
      })();
      req.on("response", () => undefined);
    } else {
      req.end(options.body);
    }
  });
}

test("a reset email never points at a host the request named", async ({ request }) => {
  const email = "staff@kriya.example";
  const forged = await rawRequest({
    method: "POST",
    path: "/forgot-password",
    headers: { Host: "evil.example", Origin: "http://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
    body: `email=${encodeURIComponent(email)}`,
  });
  expect(forged.status).toBe(403);
  // Without an Origin (not a browser) the request passes, and the link is on the configured origin all the same.
  const before = (await (await request.get(`/dev/emails/latest?to=${encodeURIComponent(email)}`, { headers: mailbox })).json().catch(() => null))?.id ?? 0;
  const hostOnly = await rawRequest({
    method: "POST",
    path: "/forgot-password",
    headers: { Host: "evil.example", "X-Forwarded-Host": "evil.example", "Content-Type": "application/x-www-form-urlencoded" },
    body: `email=${encodeURIComponent(email)}`,
  });
  expect(hostOnly.status).toBe(200);
  let text = "";
  await expect
    .poll(async () => {
      const latest = await request.get(`/dev/emails/latest?to=${encodeURIComponent(email)}`, { headers: mailbox });
      if (latest.status() !== 200) return 0;
      const body = (await latest.json()) as { id: number; text: string };
      text = body.text;
      return body.id;
    }, { timeout: 15_000 })
    .toBeGreaterThan(before);
  expect(text).not.toContain("evil.example");
  expect(text).toContain(`${siteOrigin}/reset-password?token=`);
});

test("the sitemap, robots.txt and canonical links use the configured origin whatever Host says", async () => {
  const headers = { Host: "evil.example", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https" };
  const sitemap = await rawRequest({ method: "GET", path: "/sitemap.xml", headers });
  expect(sitemap.body).toContain(`<loc>${siteOrigin}/</loc>`);
  expect(sitemap.body).not.toContain("evil.example");
  const robots = await rawRequest({ method: "GET", path: "/robots.txt", headers });
  expect(robots.body).toContain(`Sitemap: ${siteOrigin}/sitemap.xml`);
  const home = await rawRequest({ method: "GET", path: "/", headers });
  expect(home.body).toContain(`<link rel="canonical" href="${siteOrigin}/"`);
  expect(home.body).not.toContain("evil.example");
});

test.describe("sign-in with a hostile redirectTo lands on the site", () => {
  for (const target of ["/%09/evil.example", "//evil.example", "/\\evil.example", "https://evil.example/", "/%0d%0aSet-Cookie:x=1", "javascript:alert(1)"]) {
    test(`redirectTo=${target}`, async ({ playwright }) => {
      const shopper = await playwright.request.newContext({ baseURL: siteOrigin });
      const response = await shopper.post("/login", {
        form: { email: "staff@kriya.example", password: "kriya-staff-2026", redirectTo: target },
        headers: { Origin: siteOrigin },
        maxRedirects: 0,
      });
      expect(response.status()).toBe(302);
      const location = response.headers()["location"]!;
      expect(location).toMatch(/^\/[^/\\]/);
      expect(new URL(location, siteOrigin).origin).toBe(siteOrigin);
      expect(location).not.toContain("evil");
      await shopper.dispose();
    });
  }

  test("in the browser, /%09/evil.example after signing in stays on the shop", async ({ page }) => {
    await page.goto(`/login?redirectTo=${encodeURIComponent("/%09/evil.example")}`);
    const form = page.getByRole("form", { name: "Sign in" });
    await form.getByLabel("Email").fill("staff@kriya.example");
    await form.getByLabel("Password").fill("kriya-staff-2026");
    await form.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/admin$/);
    expect(new URL(page.url()).origin).toBe(siteOrigin);
  });
});

test("an order's page data holds no cart id and no Stripe ids", async ({ playwright }) => {
  const shopper = await playwright.request.newContext({ baseURL: siteOrigin, extraHTTPHeaders: { Origin: siteOrigin } });
  const number = await placePaidDemoOrder(shopper, { email: "no-leaks@example.com", name: "Nadia Leaks" });
  const cartId = /kriya_cart=([^;]+)/.exec((await shopper.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join(";"))?.[1];
  for (const path of [`/orders/${number}.data`, `/orders/${number}`, `/checkout/success.data?order=${number}`]) {
    const response = await shopper.get(path);
    expect(response.status(), path).toBe(200);
    const body = await response.text();
    expect(body, path).toContain(number);
    expect(body, path).not.toMatch(/cartId|cart_id|stripe|\bcs_[A-Za-z0-9]|\bpi_[A-Za-z0-9]|placedFrom|paymentProblem/i);
    // The uuid inside the signed cart cookie never appears either.
    const uuid = cartId ? /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.exec(decodeURIComponent(Buffer.from(decodeURIComponent(cartId).split(".")[0]!, "base64").toString()))?.[0] : undefined;
    if (uuid) expect(body, path).not.toContain(uuid);
  }
  await shopper.dispose();
});

test.describe("bodies have limits", () => {
  test("a declared 200 MB form post is refused with 413 before it is read", async () => {
    const started = Date.now();
    const response = await rawRequest({
      method: "POST",
      path: "/search",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(200 * 1024 * 1024) },
      body: async function* () {
        yield Buffer.alloc(64 * 1024, "a");
      },
    });
    expect(response.status).toBe(413);
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  for (const [kind, contentType] of [
    ["urlencoded", "application/x-www-form-urlencoded"],
    ["multipart", "multipart/form-data; boundary=xyz"],
  ] as const) {
    test(`a chunked ${kind} body is cut off with 413 once it passes 1 MB`, async () => {
      let sent = 0;
      let sentWhenAnswered = Infinity;
      const response = await rawRequest({
        onResponse: () => (sentWhenAnswered = sent),
        method: "POST",
        path: "/cart",
        headers: { "Content-Type": contentType, "Transfer-Encoding": "chunked" },
        body: async function* () {
          // Up to 50 MB; the server answers long before.
          for (let i = 0; i < 800; i++) {
            sent += 64 * 1024;
            yield Buffer.alloc(64 * 1024, "a");
            // Let the socket read between chunks, as any real client does; a tight loop never sees the answer.
            await new Promise((resolve) => setImmediate(resolve));
          }
        },
      });
      expect(response.status).toBe(413);
      expect(response.body).toContain("too large");
      // Answered while the body was still coming, not after reading all 50 MB.
      expect(sentWhenAnswered).toBeLessThan(50 * 1024 * 1024);
    });
  }

  test("the Stripe webhook takes at most 64 KB", async () => {
    const response = await rawRequest({
      method: "POST",
      path: "/webhooks/stripe",
      headers: { "Content-Type": "application/json", "Stripe-Signature": "t=1,v1=00" },
      body: JSON.stringify({ padding: "x".repeat(100 * 1024) }),
    });
    expect(response.status).toBe(413);
  });
});

test.describe("bad bytes, odd methods and errors", () => {
  test("a body that is not a form is a 415 with a message, never a 500", async () => {
    const requests: { method: string; path: string; headers: Record<string, string>; body?: string }[] = [
      { method: "POST", path: "/cart", headers: { "Content-Type": "application/json", Origin: siteOrigin }, body: '{"intent":"add"}' },
      { method: "POST", path: "/login", headers: { "Content-Type": "text/plain", Origin: siteOrigin }, body: "email=a" },
      { method: "PUT", path: "/cart", headers: { Origin: siteOrigin } },
      { method: "POST", path: "/webhooks/stripe", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "a=1" },
    ];
    for (const request of requests) {
      const response = await rawRequest(request);
      expect(response.status, `${request.method} ${request.path}`).toBe(415);
      expect(response.headers["cache-control"]).toBe("no-store");
      expect(response.body).toMatch(/takes (a form|application\/json)/);
    }
  });

  test("a NUL in a query is a 400 that no cache keeps", async ({ request }) => {
    const response = await request.get("/search?q=a%00b");
    expect(response.status()).toBe(400);
    expect(response.headers()["cache-control"]).toBe("no-store");
    expect(await response.text()).toContain("control character");
    expect((await request.get("/shop?sort=%1b")).status()).toBe(400);
  });

  test("a control character in a form field is a 400 before any action runs", async ({ request }) => {
    const response = await request.post("/orders/lookup", { form: { number: "KR-26-AAAA\u0000AAA", email: "a@example.com" }, headers: { Origin: siteOrigin } });
    expect(response.status()).toBe(400);
    expect(await response.text()).toContain('"number"');
    // Newlines and tabs in a form are ordinary text.
    expect((await request.post("/orders/lookup", { form: { number: "KR-26-AAAAAAAA", email: "a@example.com\r\n" }, headers: { Origin: siteOrigin } })).status()).not.toBe(500);
  });

  test("unknown methods get a 405 with Allow", async () => {
    const response = await rawRequest({ method: "PROPFIND", path: "/" });
    expect(response.status).toBe(405);
    expect(response.headers["allow"]).toContain("GET");
  });

  test("error pages and error data are never publicly cacheable", async ({ request }) => {
    for (const path of ["/products/no-such-piece", "/products/no-such-piece.data", "/producers/no-such-group", "/no/such/page"]) {
      const response = await request.get(path);
      expect(response.status(), path).toBeGreaterThanOrEqual(400);
      expect(response.headers()["cache-control"], path).toBe("no-store");
    }
  });

  test("HSTS is not sent over plain HTTP, nor on a forwarded https claim from an untrusted proxy", async () => {
    const plain = await rawRequest({ method: "GET", path: "/" });
    expect(plain.headers["strict-transport-security"]).toBeUndefined();
    const claimed = await rawRequest({ method: "GET", path: "/", headers: { "X-Forwarded-Proto": "https" } });
    expect(claimed.headers["strict-transport-security"]).toBeUndefined();
  });
});
