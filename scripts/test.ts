/**
 * `npm test`: typecheck, unit + integration tests (vitest, on PGlite and on PostgreSQL when DATABASE_URL is
 * set), then the production build and the browser journeys (Playwright in Debian's Chromium).
 * Ends with one line: "N passed, N failed".
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

type Tally = { passed: number; failed: number; skipped: number };
const total: Tally = { passed: 0, failed: 0, skipped: 0 };
const failures: string[] = [];
const only = process.argv[2]; // "unit" | "e2e" to run one half

function run(command: string, args: string[], env: Record<string, string> = {}) {
  console.log(`\n▶ ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

function chromiumPath(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean) as string[];
  return candidates.find((p) => existsSync(p)) ?? null;
}

function ensureChromium(): string | null {
  const found = chromiumPath();
  if (found) return found;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync("/usr/bin/apt-get")) {
    console.log("Chromium is missing; installing Debian's chromium package…");
    run("apt-get", ["update", "-qq"]);
    run("apt-get", ["install", "-y", "-qq", "chromium"], { DEBIAN_FRONTEND: "noninteractive" });
    return chromiumPath();
  }
  return null;
}

/** One vitest run, its results added to the tally and its failures named at the end. */
function runVitest(label: string, args: string[], env: Record<string, string> = {}) {
  const output = `test-results/${label}.json`;
  rmSync(output, { force: true });
  const status = run("npx", ["vitest", "run", ...args, "--reporter=default", "--reporter=json", `--outputFile.json=${output}`], env);
  const result = readJson<{
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    testResults?: { name: string; message?: string; assertionResults?: { fullName: string; status: string }[] }[];
  }>(output);
  if (!result) {
    if (status !== 0) total.failed += 1;
    return;
  }
  // Named again at the very end, so a log's last lines say what failed.
  for (const file of result.testResults ?? []) {
    const failedTests = (file.assertionResults ?? []).filter((t) => t.status === "failed");
    for (const t of failedTests) failures.push(`${label}: ${file.name.replace(process.cwd() + "/", "")} › ${t.fullName}`);
    if (failedTests.length === 0 && file.message) failures.push(`${label}: ${file.name.replace(process.cwd() + "/", "")} did not load: ${file.message.split("\n")[0]}`);
  }
  total.passed += result.numPassedTests;
  total.failed += result.numFailedTests;
  total.skipped += result.numPendingTests + result.numTodoTests;
  if (status !== 0 && result.numFailedTests === 0) total.failed += 1; // a suite that failed to load
}

/** Installs a Debian package when its command is missing and we may (root with apt), as CI's machine allows. */
function ensureDebianPackage(pkg: string, command: string): boolean {
  if (existsSync(command)) return true;
  if (process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
    console.log(`${pkg} is missing; installing Debian's ${pkg} package…`);
    run("apt-get", ["update", "-qq"]);
    run("apt-get", ["install", "-y", "-qq", pkg], { DEBIAN_FRONTEND: "noninteractive" });
  }
  return existsSync(command);
}

mkdirSync("test-results", { recursive: true });

if (only !== "e2e") {
  const typecheck = run("npx", ["tsc", "--noEmit"]);
  if (typecheck === 0) total.passed += 1;
  else {
    total.failed += 1;
    failures.push("typecheck (tsc --noEmit)");
    console.error("✗ typecheck failed");
  }

  runVitest("vitest", []);
}

if (only !== "unit") {
  const chromium = ensureChromium();
  if (!chromium) {
    console.error("Chromium not found: install it (Debian: `apt-get install -y chromium`) or set CHROMIUM_PATH.");
    total.failed += 1;
  } else if (run("npm", ["run", "build", "--silent"]) !== 0) {
    console.error("✗ the production build failed");
    total.failed += 1;
  } else {
    rmSync("test-results/e2e.json", { force: true });
    const e2eStatus = run("npx", ["playwright", "test"], { CHROMIUM_PATH: chromium });
    type Spec = { title: string; file: string; tests: { status: string }[] };
    type Suite = { title: string; specs?: Spec[]; suites?: Suite[] };
    const e2e = readJson<{ stats: { expected: number; unexpected: number; skipped: number; flaky: number }; suites?: Suite[] }>("test-results/e2e.json");
    const collect = (suite: Suite) => {
      for (const spec of suite.specs ?? []) if (spec.tests.some((t) => t.status === "unexpected")) failures.push(`e2e: ${spec.file} › ${spec.title}`);
      for (const child of suite.suites ?? []) collect(child);
    };
    for (const suite of e2e?.suites ?? []) collect(suite);
    if (e2e) {
      total.passed += e2e.stats.expected + e2e.stats.flaky;
      total.failed += e2e.stats.unexpected;
      total.skipped += e2e.stats.skipped;
      if (e2eStatus !== 0 && e2e.stats.unexpected === 0) total.failed += 1;
    } else if (e2eStatus !== 0) total.failed += 1;
    // Several servers, Varnish, faults and backups (issue 15), on the same build.
    if (!ensureDebianPackage("varnish", "/usr/sbin/varnishd")) console.warn("Varnish is not installed: the tests that need it will say so and fail.");
    runVitest("ops", ["-c", "vitest.ops.config.ts"]);
  }
}

if (failures.length) console.log(`\nFailed:\n${failures.map((f) => `  ✗ ${f}`).join("\n")}`);
if (total.skipped) console.log(`\n${total.skipped} skipped (tests that only apply to the other database)`);
console.log(`\n${total.passed} passed, ${total.failed} failed`);
process.exit(total.failed > 0 ? 1 : 0);
