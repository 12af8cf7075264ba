import { describe, expect, it } from "vitest";
import { lostNumbers } from "./db";
import { BACKOFF_MAX_MS, backoffDelay, settledFrom } from "./sync-client";

describe("sync backoff", () => {
  it("starts near one second and doubles, with jitter between half and all of each step", () => {
    expect(backoffDelay(1, () => 0)).toBe(500);
    expect(backoffDelay(1, () => 1)).toBe(1_000);
    expect(backoffDelay(2, () => 1)).toBe(2_000);
    expect(backoffDelay(4, () => 1)).toBe(8_000);
  });

  it("never waits longer than a minute, however often it failed", () => {
    expect(backoffDelay(7, () => 1)).toBe(BACKOFF_MAX_MS);
    expect(backoffDelay(500, () => 1)).toBe(BACKOFF_MAX_MS);
    expect(backoffDelay(500, () => 0)).toBe(BACKOFF_MAX_MS / 2);
  });
});

describe("reading the server's answer", () => {
  it("settles recorded, duplicate and set-aside sales, naming a set-aside sale the server could not read by its place in the batch", () => {
    const sent = ["01J0000000000000000000000A", "01J0000000000000000000000B", "01J0000000000000000000000C"];
    const settled = settledFrom(sent, {
      outcomes: [
        { clientSaleId: sent[0]!, status: "recorded", saleId: 7, shortfall: false },
        { clientSaleId: sent[1]!, status: "duplicate" },
        { clientSaleId: null, status: "set_aside", reason: "lines.0.quantity: A quantity must be at least 1" },
      ],
      recorded: 1,
      duplicates: 1,
      setAside: 1,
      syncedAt: "2026-05-09T03:00:00.000Z",
      gaps: { missing: [], missingCount: 0 },
    });
    expect(settled).toEqual([
      { clientSaleId: sent[0], status: "recorded" },
      { clientSaleId: sent[1], status: "duplicate" },
      { clientSaleId: sent[2], status: "set_aside", reason: "lines.0.quantity: A quantity must be at least 1" },
    ]);
  });
});

describe("the server's missing numbers on the device", () => {
  it("keeps the numbers the device no longer holds and leaves out those still waiting in its outbox", () => {
    expect(lostNumbers({ missing: [2, 5, 6], missingCount: 3 }, new Set([5, 9]))).toEqual({ missing: [2, 6], missingCount: 2 });
    expect(lostNumbers({ missing: [4], missingCount: 1 }, new Set([4]))).toEqual({ missing: [], missingCount: 0 });
  });

  it("keeps the exact count beyond the listed numbers", () => {
    const listed = Array.from({ length: 50 }, (_, n) => n + 1);
    expect(lostNumbers({ missing: listed, missingCount: 120 }, new Set([1, 2]))).toEqual({ missing: listed.slice(2), missingCount: 118 });
  });
});
