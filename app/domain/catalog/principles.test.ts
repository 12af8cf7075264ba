import { describe, expect, it } from "vitest";
import { fairTradePrinciples, summarizeVisit } from "./principles";

describe("fair trade principles", () => {
  it("has the ten WFTO principles in order", () => {
    expect(fairTradePrinciples.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(fairTradePrinciples.find((p) => p.number === 4)?.title).toBe("Fair payment");
  });
  it("summarises a visit", () => {
    const checks = fairTradePrinciples.map((p) => ({ principle: p.number, met: p.number !== 7 }));
    expect(summarizeVisit(checks)).toEqual({ met: 9, total: 10, allMet: false });
    expect(summarizeVisit(checks.map((c) => ({ ...c, met: true }))).allMet).toBe(true);
    expect(summarizeVisit([]).allMet).toBe(false);
  });
});
