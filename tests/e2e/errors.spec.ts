import { expect, test } from "./fixtures";

test("an unknown product slug gets the designed 404 page", async ({ page }) => {
  const response = await page.goto("/products/no-such-piece");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This piece has wandered off");
  await expect(page.getByRole("link", { name: "Browse the shop" })).toBeVisible();
  await expect(page.getByRole("searchbox", { name: "Search the collection" }).first()).toBeVisible();
});

test("unknown pages, producers and categories are 404s", async ({ page }) => {
  for (const path of ["/no/such/page", "/producers/nobody-here", "/shop/spaceships", "/products/%27%22"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("This piece has wandered off");
  }
});

test("nonsense in the URL gets a clear 400, never a 500", async ({ page }) => {
  for (const query of ["page=-1", "min=abc", "sort=%27%22", "material=nope", "min=50&max=10", "page=1&page=2"]) {
    const response = await page.goto(`/shop?${query}`);
    expect(response?.status(), query).toBe(400);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("We couldn't read that request");
    await expect(page.locator(".error-list li").first()).toBeVisible();
  }
  const past = await page.goto("/shop?page=400");
  expect(past?.status()).toBe(200);
  await expect(page.getByText("This page is past the end of the results.")).toBeVisible();
});

test("image paths are validated before touching storage", async ({ request }) => {
  for (const path of ["/images/../../etc/passwd", "/images/abc/320.jpg", "/images/0123456789abcdef01234567/320.exe"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(404);
  }
});

test("a mixed-case product address redirects to the canonical one", async ({ page, request }) => {
  const sitemap = await (await request.get("/sitemap.xml")).text();
  const slug = /\/products\/([a-z0-9-]+)</.exec(sitemap)![1]!;
  const response = await request.get(`/products/${slug.toUpperCase()}`, { maxRedirects: 0 });
  expect(response.status()).toBe(301);
  expect(response.headers()["location"]).toBe(`/products/${slug}`);
  await page.goto(`/products/${slug.toUpperCase()}`);
  await expect(page).toHaveURL(new RegExp(`/products/${slug}$`));
});

test("a malformed address is a 400, not a 500", async ({ request }) => {
  const response = await request.get("/products/%E0%A4%A");
  expect(response.status()).toBe(400);
  expect(await response.text()).toContain("not valid");
});
