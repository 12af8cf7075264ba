import path from "node:path";

/**
 * How the production server is started, in one place: `npm start`/`npm run serve` (package.json, checked against
 * this by scripts/server-command.test.ts) and every script that measures it.
 *
 * V8 grows its heap under 50 concurrent renders and keeps it: a capped old space and small young generation keep
 * the server's memory bounded (issue 14: about 290 MB against 640–870 MB) for a few percent of throughput. The
 * page and data caches hold their bytes outside this limit (Buffers) or within their own byte bounds. A start
 * loads about 60 MB of code and data: starting the heap at 64 MB spares the mark-compacts V8 would run while it
 * grows there (about 60 ms of a 1.15 s cold start, median of five pairs on 2026-12-04).
 */
export const serverNodeFlags = ["--max-old-space-size=256", "--max-semi-space-size=4", "--initial-heap-size=64"];

/** The compiled start script (scripts/build-start.ts writes it) in a build directory, relative to the project. */
export const serverEntryFile = (buildDir = process.env.KRIYA_BUILD_DIR ?? "build") => path.join(buildDir, "start", "start.js");

/**
 * Arguments for `node` that run the production server of a build (KRIYA_BUILD_DIR, default build), from the
 * project's directory: the start script compiled by `npm run build`, with no TypeScript loader.
 */
export const serverNodeArgs = (buildDir?: string) => [...serverNodeFlags, serverEntryFile(buildDir)];
