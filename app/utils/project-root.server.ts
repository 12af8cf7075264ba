import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The project's directory: the nearest folder at or above `from` (a file URL or path) whose package.json is
 * Kriya's. The same module runs from its source (tsx, vitest), inside the server bundle (build/server) and
 * inside the compiled start script (build/start), so its depth below the project differs by how it was loaded.
 */
export function findProjectRoot(from: string): string {
  const start = from.startsWith("file:") ? fileURLToPath(from) : from;
  for (let dir = path.dirname(start); ; dir = path.dirname(dir)) {
    if (isKriyaPackage(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No Kriya package.json above ${start}`);
  }
}

function isKriyaPackage(file: string) {
  if (!existsSync(file)) return false;
  try {
    return (JSON.parse(readFileSync(file, "utf8")) as { name?: unknown }).name === "kriya";
  } catch {
    return false;
  }
}

/** Kriya's directory, found from this module's own place. */
export const projectRoot = findProjectRoot(import.meta.url);
