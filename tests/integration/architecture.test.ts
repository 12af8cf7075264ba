/**
 * The import rules of docs/architecture.md, checked by dependency-cruiser (.dependency-cruiser.cjs):
 * the real tree has no violation, and a tree of deliberate bad imports trips every rule it breaks. Also: only
 * app/utils/env.server.ts reads process.env, and no model imports Remix.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
const bin = path.join(root, "node_modules/.bin/depcruise");
const config = path.join(root, ".dependency-cruiser.cjs");

type Violation = { from: string; to: string; rule: { name: string } };

function cruise(cwd: string, targets: string[]): Violation[] {
  const result = spawnSync(bin, [...targets, "--config", config, "--output-type", "json"], { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (!result.stdout) throw new Error(`dependency-cruiser did not run: ${result.stderr}`);
  const report = JSON.parse(result.stdout) as { summary: { violations: Violation[] } };
  return report.summary.violations;
}

describe("the house's import rules", () => {
  it("hold over the whole tree", { timeout: 60_000 }, () => {
    const violations = cruise(root, ["app", "db"]).map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    expect(violations).toEqual([]);
  });

  it("read the environment in one place, keep Remix out of the models and stripe out of a start", () => {
    const sources = (dir: string): string[] =>
      readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
        const name = path.join(dir, entry.name);
        if (entry.isDirectory()) return name === path.join("db", "migrations") ? [] : sources(name);
        return /\.(ts|tsx|js|mjs|cjs)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [name] : [];
      });
    const files = [...sources("app"), ...sources("db")];
    expect(files.length).toBeGreaterThan(100);
    const readsEnv = files.filter((file) => file !== path.join("app", "utils", "env.server.ts") && readFileSync(path.join(root, file), "utf8").includes("process.env"));
    expect(readsEnv).toEqual([]);
    const remixModels = files.filter((file) => file.startsWith(path.join("app", "models")) && /from\s+["']@remix-run\//.test(readFileSync(path.join(root, file), "utf8")));
    expect(remixModels).toEqual([]);
    // The stripe package is loaded by app/utils/stripe.server.ts on the first payment (ADR 020); elsewhere it is
    // imported for its types only, so a start does not load it.
    const stripeLoaders = files.filter((file) => /^\s*import\s+(?!type\b)[^;]*from\s+["']stripe["']|import\(\s*["']stripe["']\s*\)/m.test(readFileSync(path.join(root, file), "utf8")));
    expect(stripeLoaders).toEqual([]);
  });

  describe("a tree of deliberate bad imports", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "kriya-layout-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const file = (name: string, text: string) => {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    };
    file("tsconfig.json", JSON.stringify({ compilerOptions: { module: "ESNext", moduleResolution: "Bundler", jsx: "react-jsx", strict: true } }));
    file("app/utils/env.server.ts", "export const port = 3000;\n");
    file("app/domain/money/money.ts", 'import { port } from "../../utils/env.server";\nexport const cents = port;\n');
    file("app/models/retail/orders.server.ts", 'import { page } from "../../routes/_shop+/page";\nexport type Order = { id: string };\nexport const findOrder = () => page;\n');
    file("app/utils/checkout.server.ts", 'import { findOrder } from "../models/retail/orders.server";\nexport const run = findOrder;\n');
    file("app/components/storefront/order.tsx", 'import type { Order } from "../../models/retail/orders.server";\nimport { findOrder } from "../../models/retail/orders.server";\nexport const View = (o: Order) => String(findOrder() ?? o.id);\n');
    file("app/components/storefront/typed.tsx", 'import type { Order } from "../../models/retail/orders.server";\nexport const Typed = (o: Order) => o.id;\n');
    file("app/routes/_shop+/page.tsx", 'import { helper } from "../admin+/helper.server";\nexport const page = helper;\n');
    file("app/routes/admin+/helper.server.ts", "export const helper = 1;\n");
    file("db/schema/orders.ts", 'import { cents } from "../../app/domain/money/money";\nexport const x = cents;\n');
    file("app/service-worker/pos-sw.ts", 'import { cents } from "../domain/money/money";\nexport const y = cents;\n');

    const found = cruise(dir, ["app", "db"]);
    const broken = (rule: string) => found.filter((v) => v.rule.name === rule).map((v) => `${v.from} → ${v.to}`);

    it("refuses a service worker that imports the app", () => {
      expect(broken("service-worker-stands-alone")).toEqual(["app/service-worker/pos-sw.ts → app/domain/money/money.ts"]);
    });
    it("refuses a domain rule that imports the app", () => {
      expect(broken("domain-is-pure")).toEqual(["app/domain/money/money.ts → app/utils/env.server.ts"]);
    });
    it("refuses utils that import a model", () => {
      expect(broken("utils-are-infrastructure")).toEqual(["app/utils/checkout.server.ts → app/models/retail/orders.server.ts"]);
    });
    it("refuses a model that imports a route", () => {
      expect(broken("models-know-no-requests")).toEqual(["app/models/retail/orders.server.ts → app/routes/_shop+/page.tsx"]);
      expect(broken("nothing-imports-routes")).toContain("app/models/retail/orders.server.ts → app/routes/_shop+/page.tsx");
    });
    it("refuses a component that imports a model's code, but not one that imports its types", () => {
      expect(broken("components-use-model-types-only")).toEqual(["app/components/storefront/order.tsx → app/models/retail/orders.server.ts"]);
    });
    it("refuses a route that reaches into another area's folder", () => {
      expect(broken("routes-stay-in-their-area")).toEqual(["app/routes/_shop+/page.tsx → app/routes/admin+/helper.server.ts"]);
    });
    it("refuses a schema that imports the app", () => {
      expect(broken("schema-is-the-bottom")).toEqual(["db/schema/orders.ts → app/domain/money/money.ts"]);
    });
  });
});
