import cliProgress from "cli-progress";
import type { DbHandle } from "./client.server";
import { isSeeded, seed, type SeedProgress } from "./seed";
import { LocalDiskStorage, defaultImageDir } from "../app/utils/storage.server";

/** A progress bar on a terminal; one line per step elsewhere (CI logs). */
export function progressReporter(): { onProgress: SeedProgress; stop: () => void } {
  if (!process.stdout.isTTY) {
    let last = "";
    return {
      onProgress: (step, done, total) => {
        if (step !== last) console.log(`  ${step}…`);
        last = step;
        if (done === total && total > 0) console.log(`  ${step}: ${done}/${total} done`);
      },
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: "  {step} |{bar}| {value}/{total}", hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  let current = "";
  return {
    onProgress: (step, done, total) => {
      if (step !== current) {
        if (current) bar.stop();
        current = step;
        bar.start(total, done, { step: step.padEnd(18) });
      } else bar.update(done);
    },
    stop: () => current && bar.stop(),
  };
}

/** Applies migrations, then seeds an empty database. A second run keeps the data. */
export async function prepareDatabase(handle: DbHandle, { quiet = false } = {}) {
  await handle.migrate();
  if (await isSeeded(handle.db)) return { seeded: false };
  if (!quiet) console.log("Seeding the sample catalogue (first start only)…");
  const reporter = quiet ? { onProgress: () => {}, stop: () => {} } : progressReporter();
  try {
    await seed(handle.db, { storage: new LocalDiskStorage(defaultImageDir()), onProgress: reporter.onProgress });
  } finally {
    reporter.stop();
  }
  return { seeded: true };
}
