/**
 * BENCHMARKS.md is written in sections by several measurements (`npm run bench` runs them all; each also runs
 * alone). A section starts at its `## ` heading and runs to the next one.
 */

/** `benchmarks` with the section whose heading starts with `heading` replaced by `section`, or appended. */
export function withSection(benchmarks: string, heading: string | RegExp, section: string): string {
  const start = typeof heading === "string" ? benchmarks.indexOf(heading) : benchmarks.search(heading);
  if (start < 0) return `${benchmarks.trimEnd()}\n\n${section}`;
  const next = benchmarks.indexOf("\n## ", start + 1);
  return `${benchmarks.slice(0, start)}${section}${next < 0 ? "" : benchmarks.slice(next)}`;
}

/** The section of `benchmarks` whose heading starts with `heading` (up to the blank line before its next `## ` heading), or undefined. */
export function sectionOf(benchmarks: string, heading: string | RegExp): string | undefined {
  const start = typeof heading === "string" ? benchmarks.indexOf(heading) : benchmarks.search(heading);
  if (start < 0) return undefined;
  const next = benchmarks.indexOf("\n## ", start + 1);
  return next < 0 ? benchmarks.slice(start) : benchmarks.slice(start, next);
}
