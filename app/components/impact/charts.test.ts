import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { MonthlyTurnover, TreesByMonth } from "~/models/impact/types";
import { TreesChart, TreesTable, treesSummary } from "./trees-chart";
import { TurnoverChart, TurnoverTable, turnoverSummary } from "./turnover-chart";

const monthly: MonthlyTurnover[] = [
  { month: "2026-01", usdCents: { retail: 120_000, wholesale: 0, bazaar: 30_000 }, totalUsdCents: 150_000 },
  { month: "2026-02", usdCents: { retail: -20_000, wholesale: 300_000, bazaar: 0 }, totalUsdCents: 280_000 },
  { month: "2026-03", usdCents: { retail: 0, wholesale: 0, bazaar: 0 }, totalUsdCents: 0 },
];
const trees: TreesByMonth[] = [
  { month: "2026-01", treesFunded: 1, treesPlanted: 0 },
  { month: "2026-02", treesFunded: 2, treesPlanted: 20 },
  { month: "2026-03", treesFunded: 2, treesPlanted: 20 },
];
const count = (html: string, pattern: RegExp) => html.match(pattern)?.length ?? 0;

describe("impact charts", () => {
  it("draw one bar segment per non-zero channel and month, refunds included, at both sizes", () => {
    for (const size of ["wide", "compact"] as const) {
      const svg = renderToStaticMarkup(createElement(TurnoverChart, { monthly, size }));
      expect(svg).toContain('role="img"');
      expect(svg).toContain(`aria-labelledby="turnover-${size}-title turnover-${size}-desc"`);
      expect(count(svg, /M[\d.]+ [\d.]+h/g)).toBe(4);
      // The refund hangs below the zero line: a negative tick, and a retail segment starting at zero going down.
      expect(svg).toMatch(/>-\$\d/);
      const zero = /translate\(0 ([\d.]+)\)"><line[^>]*class="chart-zero"/.exec(svg)?.[1];
      expect(zero).toBeDefined();
      expect(svg).toMatch(new RegExp(`M[\\d.]+ ${zero!.replace(".", "\\.")}h`));
      expect(svg).not.toMatch(/\d\.\d\d(?!em)/);
    }
  });

  it("describe themselves from their numbers", () => {
    expect(turnoverSummary(monthly)).toBe(
      "Turnover booked each month, January 2026 to March 2026, stacked by channel. In total: online shop US$1,000, wholesale US$3,000, bazaars US$300. The busiest month was February 2026 with US$2,800.",
    );
    expect(treesSummary(trees)).toBe("Trees funded and trees planted so far, at the end of each month from January 2026. By March 2026: 2 trees funded, 20 planted, plantings 18 trees ahead of funding.");
    expect(turnoverSummary([])).toBe("No turnover is booked yet.");
  });

  it("give every number again in a table with a caption and header cells", () => {
    const turnover = renderToStaticMarkup(createElement(TurnoverTable, { monthly }));
    expect(turnover).toContain("<caption>");
    expect(count(turnover, /<th scope="row">/g)).toBe(3);
    expect(turnover).toContain("-US$200.00");
    const table = renderToStaticMarkup(createElement(TreesTable, { trees }));
    expect(count(table, /<th scope="row">/g)).toBe(3);
    const svg = renderToStaticMarkup(createElement(TreesChart, { trees, size: "wide" }));
    expect(svg).toContain("2 funded");
    expect(svg).toContain("20 planted");
  });
});
