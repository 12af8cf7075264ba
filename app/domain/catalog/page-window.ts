import { MAX_PAGE } from "./catalog-query";

/** A pager's entries: page numbers, and gaps where pages are left out ("…"). */
export type PageWindowEntry = { page: number } | { gap: "before" | "after" };

/**
 * The pages a pager links to: the first, the last, and `radius` either side of the current one, with a gap
 * wherever pages are skipped. A 100,000-piece shop has 4,000 pages; a pager of 4,000 links helps nobody. Pages
 * past MAX_PAGE can't be asked for (the URL is refused), so the pager never offers them.
 */
export function pageWindow(current: number, pageCount: number, radius = 2): PageWindowEntry[] {
  const last = Math.min(pageCount, MAX_PAGE);
  if (last <= 1) return [];
  const shown = new Set<number>([1, last]);
  for (let p = current - radius; p <= current + radius; p++) if (p >= 1 && p <= last) shown.add(p);
  // A gap of exactly one page shows that page instead: "1 2 3" reads better than "1 … 3".
  if (shown.has(3) && !shown.has(2)) shown.add(2);
  if (shown.has(last - 2) && !shown.has(last - 1)) shown.add(last - 1);
  const pages = [...shown].sort((a, b) => a - b);
  const entries: PageWindowEntry[] = [];
  pages.forEach((page, i) => {
    const previous = pages[i - 1];
    if (previous !== undefined && page - previous > 1) entries.push({ gap: page < current ? "before" : "after" });
    entries.push({ page });
  });
  return entries;
}
