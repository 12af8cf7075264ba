/**
 * The catalogue at scale for `npm run bench` (issue 14, point 5): p50/p95 of the shop's listing, search and facet
 * reads through their model functions (no cache) on PostgreSQL, with 1,000 and then 100,000 products in one fresh
 * database, and the ratio of the two. Runnable alone: `npx tsx scripts/bench-scale.ts` (DATABASE_URL names the
 * server, else postgres://postgres@127.0.0.1:5432/; BENCH_SCALE_PRODUCTS changes the large size).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { createDb, projectRoot, type Db, type DbHandle } from "../db/client.server";
import { seed } from "../db/seed";
import { seedScale } from "../db/seed/scale";
import { products } from "../db/schema";
import { LocalDiskStorage } from "../app/utils/storage.server";
import { parseCatalogQuery } from "../app/domain/catalog/catalog-query-parse";
import type { CatalogQuery } from "../app/domain/catalog/catalog-query";
import { getCatalogFacets, listProducts } from "../app/models/catalog/catalog.server";
import { withSection } from "./bench-sections";

/** The reads a listing page makes, by the URL a shopper would type. */
export const scaleQueries: { name: string; search: string }[] = [
  { name: "Default listing (/shop)", search: "" },
  { name: "Sorted: price low to high", search: "sort=price-asc" },
  { name: "Sorted: price high to low", search: "sort=price-desc" },
  { name: "Sorted: newest", search: "sort=newest" },
  { name: "Sorted: name", search: "sort=name" },
  { name: "Page 5", search: "page=5" },
  { name: "Category (/shop/home-decor)", search: "category=home-decor" },
  { name: "Category, price low to high", search: "category=leather&sort=price-asc" },
  { name: "Material", search: "material=rattan" },
  { name: "Producer group", search: "producer=sekar-lasem" },
  { name: "Price range 20–40", search: "min=20&max=40" },
  { name: "In stock only", search: "instock=1" },
  { name: "Search “basket”", search: "q=basket" },
  { name: "Search “silver ring”", search: "q=silver ring" },
  { name: "Search “tas kulit” (Indonesian)", search: "q=tas kulit" },
];

export type ScaleRow = { name: string; small: { p50: number; p95: number }; large: { p50: number; p95: number } };
export type ScaleBench = { smallSize: number; largeSize: number; seedSeconds: number; rows: ScaleRow[] };

function catalogQuery(search: string): CatalogQuery {
  const parsed = parseCatalogQuery(new URLSearchParams(search));
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  return parsed.query;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

type Timing = { p50: number; p95: number };
const summary = (times: number[]): Timing => {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
};

async function timed(read: () => Promise<unknown>) {
  const started = performance.now();
  await read();
  return performance.now() - started;
}

/**
 * Every read on both databases in turn, run after run: the machine is shared, so the two sizes must see the same
 * noise, never one quiet minute and one busy one.
 */
async function measure(small: Db, large: Db, runs: number): Promise<ScaleRow[]> {
  const reads = [
    ...scaleQueries.map((q) => ({ name: q.name, read: (db: Db) => listProducts(db, { query: catalogQuery(q.search) }) })),
    { name: "Facet counts", read: (db: Db) => getCatalogFacets(db) },
  ];
  const times = reads.map(() => ({ small: [] as number[], large: [] as number[] }));
  for (let run = -5; run < runs; run++) {
    for (const [i, r] of reads.entries()) {
      const a = await timed(() => r.read(small));
      const b = await timed(() => r.read(large));
      // The first five runs warm the caches and the planner and are not counted.
      if (run >= 0) {
        times[i]!.small.push(a);
        times[i]!.large.push(b);
      }
    }
  }
  return reads.map((r, i) => ({ name: r.name, small: summary(times[i]!.small), large: summary(times[i]!.large) }));
}

function databaseUrl(serverUrl: string, name: string) {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Two databases of its own on the server, one seeded and cloned from the other, topped up to each size, measured
 * side by side, and dropped.
 */
export async function benchScale({ serverUrl, largeSize = 100_000, smallSize = 1_000, runs = 60 }: { serverUrl: string; largeSize?: number; smallSize?: number; runs?: number }): Promise<ScaleBench> {
  const stem = `kriya_bench_scale_${Date.now()}`;
  const names = { small: `${stem}_small`, large: `${stem}_large` };
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const imageDir = mkdtempSync(path.join(os.tmpdir(), "kriya-bench-scale-"));
  const handles: DbHandle[] = [];
  try {
    await admin.unsafe(`CREATE DATABASE "${names.small}"`);
    const first = createDb({ url: databaseUrl(serverUrl, names.small), max: 2 });
    await first.migrate();
    console.log("  scale bench: seeding the sample catalogue…");
    await seed(first.db, { storage: new LocalDiskStorage(imageDir) });
    await first.close();
    await admin.unsafe(`CREATE DATABASE "${names.large}" TEMPLATE "${names.small}"`);
    const small = createDb({ url: databaseUrl(serverUrl, names.small), max: 2 });
    const large = createDb({ url: databaseUrl(serverUrl, names.large), max: 2 });
    handles.push(small, large);
    await seedScale(small.db, { target: smallSize });
    console.log(`  scale bench: generating ${largeSize} products…`);
    const started = Date.now();
    await seedScale(large.db, { target: largeSize });
    const seedSeconds = (Date.now() - started) / 1000;
    for (const h of handles) await h.db.execute(sql`vacuum analyze`);
    console.log(`  scale bench: measuring ${smallSize} against ${largeSize} products…`);
    const rows = await measure(small.db, large.db, runs);
    return { smallSize, largeSize, seedSeconds, rows };
  } finally {
    for (const h of handles) await h.close();
    for (const name of Object.values(names)) await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
    rmSync(imageDir, { recursive: true, force: true });
  }
}

export function scaleBenchMarkdown(result: ScaleBench): string {
  const ms = (n: number) => `${n.toFixed(2)} ms`;
  const k = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));
  const rows = result.rows.map((r) => `| ${r.name} | ${ms(r.small.p50)} | ${ms(r.small.p95)} | ${ms(r.large.p50)} | ${ms(r.large.p95)} | ${(r.large.p95 / r.small.p95).toFixed(2)} |`);
  return `## The catalogue at ${k(result.largeSize)} products

The shop's listing, search and facet reads through their model functions (\`listProducts\`, \`getCatalogFacets\`;
no cache, PostgreSQL) on two databases cloned from one seed, topped up to ${k(result.smallSize)} and ${k(result.largeSize)} products by
\`npm run db:seed -- --products\`'s generator${Number.isNaN(result.seedSeconds) ? "" : ` (${result.seedSeconds.toFixed(0)} s for ${k(result.largeSize)} here)`}, each read timed on both in
turn so both see the same load.
Target: p95 at ${k(result.largeSize)} within 2× of p95 at ${k(result.smallSize)}.

| Read | p50 ${k(result.smallSize)} | p95 ${k(result.smallSize)} | p50 ${k(result.largeSize)} | p95 ${k(result.largeSize)} | p95 ratio |
| --- | ---: | ---: | ---: | ---: | ---: |
${rows.join("\n")}
`;
}

/** BENCHMARKS.md with its scale section replaced (or added), the rest as the last full run wrote it. */
export function withScaleSection(benchmarks: string, section: string): string {
  return withSection(benchmarks, /^## The catalogue at /m, section);
}

/** Already-seeded databases (BENCH_SCALE_SMALL_URL, BENCH_SCALE_LARGE_URL) measured side by side, without seeding. */
async function benchExisting(smallUrl: string, largeUrl: string): Promise<ScaleBench> {
  const small = createDb({ url: smallUrl, max: 2 });
  const large = createDb({ url: largeUrl, max: 2 });
  try {
    const size = async (db: Db) => Number((await db.select({ n: sql<number>`count(*)` }).from(products))[0]!.n);
    return { smallSize: await size(small.db), largeSize: await size(large.db), seedSeconds: Number.NaN, rows: await measure(small.db, large.db, 60) };
  } finally {
    await small.close();
    await large.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const serverUrl = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  const { BENCH_SCALE_SMALL_URL: smallUrl, BENCH_SCALE_LARGE_URL: largeUrl } = process.env;
  const result =
    smallUrl && largeUrl ? await benchExisting(smallUrl, largeUrl) : await benchScale({ serverUrl, largeSize: Number(process.env.BENCH_SCALE_PRODUCTS ?? 100_000) });
  const section = scaleBenchMarkdown(result);
  const file = path.join(projectRoot, "BENCHMARKS.md");
  if (process.env.BENCH_SCALE_WRITE === "1") writeFileSync(file, withScaleSection(existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n", section));
  console.log(section);
}
