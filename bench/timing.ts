// Wall-clock timing: warm up, then take the median of as many runs as fit in a budget.
import { performance } from 'node:perf_hooks';

export interface TimingPolicy {
  /** total time the measured runs may take */
  budgetMs: number;
  /** never more measured runs than this */
  maxRuns: number;
  /** warm up until this much time has passed (at least one run): a tiny run needs thousands to be compiled hot */
  warmupMs: number;
  /** a warm-up run this long already ran warm code (smaller sizes came first), so it counts as a measured run */
  longRunMs: number;
}

export interface Timing {
  medianMs: number;
  runsMs: number[];
  warmupRuns: number;
}

export function timeOnce(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

const MAX_WARMUP_RUNS = 20_000;

export function measure(fn: () => void, policy: TimingPolicy): Timing {
  const warm: number[] = [timeOnce(fn)];
  const runs: number[] = [];
  const warmupCounted = warm[0] >= policy.longRunMs;
  if (warmupCounted) {
    runs.push(warm[0]);
  } else {
    while (sum(warm) < policy.warmupMs && warm.length < MAX_WARMUP_RUNS) warm.push(timeOnce(fn));
  }
  const estimate = warm[warm.length - 1];
  const wanted = Math.max(1, Math.min(policy.maxRuns, Math.floor(policy.budgetMs / Math.max(estimate, 1e-3))));
  while (runs.length < wanted) runs.push(timeOnce(fn));
  return { medianMs: median(runs), runsMs: runs, warmupRuns: warmupCounted ? 0 : warm.length };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** measure() for work that finishes asynchronously (the worker pool): the same policy, awaited run by run. */
export async function measureAsync(fn: () => Promise<void>, policy: TimingPolicy): Promise<Timing> {
  const once = async () => {
    const start = performance.now();
    await fn();
    return performance.now() - start;
  };
  const warm: number[] = [await once()];
  const runs: number[] = [];
  if (warm[0] >= policy.longRunMs) runs.push(warm[0]);
  else while (sum(warm) < policy.warmupMs && warm.length < MAX_WARMUP_RUNS) warm.push(await once());
  const estimate = warm[warm.length - 1];
  const wanted = Math.max(1, Math.min(policy.maxRuns, Math.floor(policy.budgetMs / Math.max(estimate, 1e-3))));
  while (runs.length < wanted) runs.push(await once());
  return { medianMs: median(runs), runsMs: runs, warmupRuns: warm.length };
}
