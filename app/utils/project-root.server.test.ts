import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { findProjectRoot, projectRoot } from "./project-root.server";

const scratch = mkdtempSync(path.join(os.tmpdir(), "kriya-root-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("findProjectRoot", () => {
  it("finds this checkout from the module's own URL", () => {
    expect(projectRoot).toBe(path.resolve(import.meta.dirname, "../.."));
  });

  it("finds the project from a bundle at any depth, skipping other packages' package.json", () => {
    writeFileSync(path.join(scratch, "package.json"), JSON.stringify({ name: "kriya" }));
    const nested = path.join(scratch, "build", "start", "chunks");
    mkdirSync(nested, { recursive: true });
    // A package.json that isn't Kriya's (as a bundler may write beside its output) is passed over.
    writeFileSync(path.join(scratch, "build", "package.json"), JSON.stringify({ type: "module" }));
    writeFileSync(path.join(scratch, "build", "start", "package.json"), "{ not json");
    expect(findProjectRoot(pathToFileURL(path.join(nested, "x.js")).href)).toBe(scratch);
    expect(findProjectRoot(path.join(scratch, "build", "start", "start.js"))).toBe(scratch);
  });

  it("says so when there is no Kriya above", () => {
    expect(() => findProjectRoot(path.join(os.tmpdir(), "nowhere", "x.js"))).toThrow(/No Kriya package.json/);
  });
});
