import { createHash } from "node:crypto";
import { expect, test } from "./fixtures";

type OpenData = {
  totals: { usdCents: number; usd: string; treesFunded: number };
  months: { month: string; usd: { total: string }; checksum: string | null }[];
  closes: { month: string; checksum: string; previousChecksum: string | null; entriesCsv: string }[];
};
const cents = (decimal: string) => {
  const [whole, fraction] = decimal.replace("-", "").split(".");
  return (decimal.startsWith("-") ? -1 : 1) * (Number(whole) * 100 + Number(fraction));
};

test("the impact ledger's open data is served as JSON and CSV, and a bad or open month is refused", async ({ request }) => {
  const json = await request.get("/impact.json");
  expect(json.status()).toBe(200);
  expect(json.headers()["content-type"]).toContain("application/json");
  const data = (await json.json()) as OpenData;
  expect(data.months.length).toBeGreaterThan(0);
  expect(data.months.reduce((sum, m) => sum + cents(m.usd.total), 0)).toBe(data.totals.usdCents);

  const csv = await request.get("/impact.csv");
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const rows = (await csv.text()).trimEnd().split("\n");
  expect(rows[0]).toMatch(/^month,retail_usd,wholesale_usd,bazaar_usd,total_usd,/);
  expect(rows.length - 1).toBe(data.months.length);

  const plantings = await request.get("/impact/plantings.csv");
  expect(plantings.status()).toBe(200);

  expect((await request.get("/impact/months/2026-5")).status()).toBe(400);
  expect((await request.get("/impact/months/2099-01")).status()).toBe(404);
  // The current month is still open: it has no published entries yet.
  expect(data.months.at(-1)!.checksum).toBeNull();
  expect((await request.get(`/impact/months/${data.months.at(-1)!.month}`)).status()).toBe(404);
});

test("anyone can recompute a closed month's checksum from its published entries", async ({ request }) => {
  const data = (await (await request.get("/impact.json")).json()) as OpenData;
  // The seed closes every month that has ended, so the history is checkable from the first run.
  expect(data.closes.length).toBeGreaterThan(0);
  for (const close of [data.closes[0]!, data.closes.at(-1)!]) {
    const entries = await request.get(new URL(close.entriesCsv).pathname);
    expect(entries.status()).toBe(200);
    expect(entries.headers()["content-type"]).toContain("text/csv");
    const text = await entries.text();
    expect(createHash("sha256").update(`${close.previousChecksum ?? ""}\n${text}`).digest("hex")).toBe(close.checksum);
    expect(data.months.find((m) => m.month === close.month)?.checksum).toBe(close.checksum);
  }
});
