// A log10 axis for gradient norms, which span 30 orders of magnitude when w2 = 2 or 0.5 over 50 steps.
// The domain is whole decades, so it only moves when a value crosses a power of ten (no jitter while typing).
// Zero has no logarithm: it gets its own band under the axis. ±∞ and NaN get a band over it.

export interface LogScale {
  /** exponents of the bottom and top of the axis */
  lo: number;
  hi: number;
  /** position of v in [0, 1] from bottom to top; 0 for zero, 1 for non-finite (callers draw those specially) */
  frac(v: number): number;
  /** exponents to label */
  ticks: number[];
}

export interface LogScaleOptions {
  /** values that must be on the axis too (threshold lines, predictions) */
  include?: readonly number[];
  /** smallest span in decades */
  minSpan?: number;
  /** how many labelled ticks at most */
  maxTicks?: number;
}

/** Smallest positive finite and largest finite |value| (0 when there are none). */
export function positiveRange(values: readonly number[]): { min: number; max: number } {
  let min = Infinity;
  let max = 0;
  for (const v of values) {
    const a = Math.abs(v);
    if (a > 0 && a < Infinity) {
      if (a < min) min = a;
      if (a > max) max = a;
    }
  }
  return { min: min === Infinity ? 0 : min, max };
}

export function logScale(values: readonly number[], options: LogScaleOptions = {}): LogScale {
  const { include = [], minSpan = 2, maxTicks = 7 } = options;
  const range = positiveRange([...values, ...include]);
  let lo = range.min > 0 ? Math.floor(Math.log10(range.min)) : -1;
  let hi = range.max > 0 ? Math.ceil(Math.log10(range.max)) : 1;
  // Beyond double precision there is nothing to show; keep the axis within it.
  lo = Math.max(lo, -324);
  hi = Math.min(hi, 309);
  if (hi - lo < minSpan) {
    const pad = minSpan - (hi - lo);
    hi += Math.ceil(pad / 2);
    lo -= Math.floor(pad / 2);
  }
  const span = hi - lo;
  const step = Math.max(1, Math.ceil(span / (maxTicks - 1)));
  const ticks: number[] = [];
  for (let e = Math.ceil(lo / step) * step; e <= hi; e += step) ticks.push(e);
  const frac = (v: number) => {
    const a = Math.abs(v);
    if (a === 0) return 0;
    if (!Number.isFinite(a)) return 1;
    return Math.min(1, Math.max(0, (Math.log10(a) - lo) / span));
  };
  return { lo, hi, frac, ticks };
}

const NICE_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000];

function niceEvery(count: number, maxTicks: number): number {
  return NICE_STEPS.find((c) => count / c <= maxTicks) ?? Math.ceil(count / maxTicks);
}

/** Ticks for an axis of T points indexed from 0 (distances from the last step): 0, 5, 10 … and the last. */
export function indexTicks(count: number, maxTicks: number): number[] {
  if (count <= 0) return [];
  const every = niceEvery(count, maxTicks);
  const ticks: number[] = [];
  for (let t = 0; t < count; t += every) ticks.push(t);
  return withLast(ticks, count - 1, every);
}

/** Ticks for an axis of T steps, as indices; people count steps from 1, so their labels (index + 1) are round:
 *  1, 10, 20 … and always the last step (where the loss is). */
export function stepTicks(steps: number, maxTicks: number): number[] {
  if (steps <= 0) return [];
  const every = niceEvery(steps, maxTicks);
  return withLast(roundTicks(1, steps, maxTicks).map((n) => n - 1), steps - 1, every);
}

/** Drop a tick crowding the last one, then always show the last. */
function withLast(ticks: number[], last: number, every: number): number[] {
  if (ticks.length > 1 && last - ticks[ticks.length - 1] <= every / 2 && ticks[ticks.length - 1] !== last) ticks.pop();
  if (ticks[ticks.length - 1] !== last) ticks.push(last);
  return ticks;
}

/**
 * Round ticks for points numbered first … first + count − 1, such as epochs from 1: the first point, then the
 * multiples of a nice step (1, 20, 40 … 120), never one crowding the first.
 */
export function roundTicks(first: number, count: number, maxTicks: number): number[] {
  if (count <= 0) return [];
  const every = niceEvery(count, maxTicks);
  const last = first + count - 1;
  const ticks = [first];
  for (let n = Math.ceil((first + 1) / every) * every; n <= last; n += every) if (n - first >= every / 2) ticks.push(n);
  return ticks;
}
