import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { serverNodeArgs } from "./server-command";

describe("the server command", () => {
  it("is what npm start and npm run serve run", () => {
    const pkg = JSON.parse(readFileSync(path.join(import.meta.dirname, "..", "package.json"), "utf8")) as { scripts: Record<string, string> };
    const command = `node ${serverNodeArgs("build").join(" ")}`;
    expect(pkg.scripts.serve).toBe(command);
    expect(pkg.scripts.start).toBe(`npm run build --silent && ${command}`);
  });
});
