import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { producerArtwork, productArtwork, treeArtwork } from "./artwork";
import { artMotifs, type Palette } from "./types";

const palette: Palette = ["#efe4d2", "#b98a52", "#7a3b1f"];

describe("seed artwork", () => {
  it("is deterministic and varies by seed", () => {
    const a = productArtwork({ motif: "basket", palette, seed: "one", view: "hero" });
    expect(productArtwork({ motif: "basket", palette, seed: "one", view: "hero" })).toBe(a);
    expect(productArtwork({ motif: "basket", palette, seed: "two", view: "hero" })).not.toBe(a);
  });

  it("draws every motif as an SVG sharp can rasterise, under 60 KB", async () => {
    for (const motif of artMotifs) {
      for (const view of ["hero", "detail"] as const) {
        const svg = productArtwork({ motif, palette, seed: motif, view });
        expect(svg.length, `${motif} ${view}`).toBeLessThan(60_000);
        const meta = await sharp(Buffer.from(svg)).metadata();
        expect([meta.width, meta.height]).toEqual([1200, 1200]);
      }
    }
  });

  it("draws producer and tree scenes", async () => {
    const scene = producerArtwork({ crafts: ["rattan"], palette, seed: "g", name: "Group" });
    expect((await sharp(Buffer.from(scene)).metadata()).width).toBe(1600);
    expect((await sharp(Buffer.from(treeArtwork({ seed: "t" }))).metadata()).height).toBe(800);
  });
});
