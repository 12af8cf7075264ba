/** Per-step timings for the load script: counts, failures and percentiles, in bounded memory. */

/** At most this many durations are kept per step (a uniform sample beyond it), so memory stays bounded however long the run. */
const SAMPLE_CAP = 50_000;

export type StepSummary = { step: string; count: number; failures: number; refusals: number; p50: number; p99: number; max: number };

class StepTimings {
  count = 0;
  failures = 0;
  /** Correct 4xx answers the flow expects now and then (sold out, an edit conflict): counted, not failures. */
  refusals = 0;
  max = 0;
  private readonly sample: number[] = [];
  add(ms: number) {
    this.count++;
    if (ms > this.max) this.max = ms;
    if (this.sample.length < SAMPLE_CAP) this.sample.push(ms);
    else {
      // Reservoir sampling: every duration has the same chance to be in the sample.
      const slot = Math.floor(Math.random() * this.count);
      if (slot < SAMPLE_CAP) this.sample[slot] = ms;
    }
  }
  percentile(p: number) {
    if (!this.sample.length) return Number.NaN;
    const sorted = [...this.sample].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  }
}

export type Failure = { step: string; method: string; path: string; status: number | null; bodyHead: string };

export class LoadStats {
  private readonly steps = new Map<string, StepTimings>();
  /** Failures in full: every 5xx (up to 100), and the first 20 others (unexpected answers, dropped connections). */
  readonly failures: Failure[] = [];
  serverErrors = 0;
  networkErrors = 0;
  unexpected = 0;
  requests = 0;

  constructor(stepOrder: readonly string[]) {
    for (const s of stepOrder) this.steps.set(s, new StepTimings());
  }

  private timings(step: string) {
    let t = this.steps.get(step);
    if (!t) this.steps.set(step, (t = new StepTimings()));
    return t;
  }

  ok(step: string, ms: number) {
    this.requests++;
    this.timings(step).add(ms);
  }

  refused(step: string, ms: number) {
    this.requests++;
    const t = this.timings(step);
    t.add(ms);
    t.refusals++;
  }

  failed(step: string, failure: Omit<Failure, "step">, ms: number | null) {
    const t = this.timings(step);
    if (ms === null) this.networkErrors++;
    else {
      this.requests++;
      t.add(ms);
    }
    t.failures++;
    if (failure.status !== null && failure.status >= 500) this.serverErrors++;
    else if (failure.status !== null) this.unexpected++;
    // Every 5xx is listed (up to 100); of the other failures the first 20.
    const serverError = failure.status !== null && failure.status >= 500;
    const listed = this.failures.filter((f) => (f.status !== null && f.status >= 500) === serverError).length;
    if (listed < (serverError ? 100 : 20)) this.failures.push({ step, ...failure });
  }

  summary(): StepSummary[] {
    return [...this.steps].map(([step, t]) => ({ step, count: t.count, failures: t.failures, refusals: t.refusals, p50: t.percentile(50), p99: t.percentile(99), max: t.max }));
  }
}

/** The readable start of a body: tags and scripts dropped, whitespace squeezed. */
export function bodyHead(body: string, length = 200): string {
  return body
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, length);
}
