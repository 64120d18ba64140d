// Number formatting for labels, tooltips and the table. Honest first: NaN and ±∞ are spelled out,
// zero is "0" (never "0.00e+0"), and nothing is rounded into a different order of magnitude.

import { formatNumber } from '../../src/numbers';

export { formatMilliseconds } from '../../src/numbers';

/** Three significant digits; exponent form outside [1e-3, 1e4) (src/numbers.ts, shared with the host's reports). */
export function fmt(n: number, digits = 3): string {
  return formatNumber(n, digits);
}

/** Short form for weight labels on edges ("w2 = 2", "w1 = 1.8"). */
export function fmtShort(n: number): string {
  return fmt(n, 3);
}

/** log10 of a magnitude, for the table: two decimals, -∞ for zero. */
export function fmtLog10(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  const a = Math.abs(n);
  if (a === Infinity) return '∞';
  if (a === 0) return '-∞';
  return Math.log10(a).toFixed(2);
}

/** Axis tick for a power of ten: "1", "10", "1e−15", "1e+15" (typographic minus for the eye). */
export function fmtDecade(exponent: number): string {
  if (exponent === 0) return '1';
  if (exponent === 1) return '10';
  if (exponent === -1) return '0.1';
  return exponent < 0 ? `1e\u2212${-exponent}` : `1e+${exponent}`;
}

/** First few entries of a vector: "0.12, -0.5, 0.9 … (32)"; `total`: its length, where `values` holds only its first entries. */
export function fmtVector(values: readonly number[] | undefined, count = 4, total = values?.length ?? 0): string {
  if (!values || values.length === 0) return '–';
  const shown = values.slice(0, count).map((v) => fmt(v)).join(', ');
  return total > count ? `${shown} … (${total})` : shown;
}

/** Plural helper: "1 step", "50 steps". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** A probability as a person reads it: "41%", "3.2%", "<0.1%". */
export function pct(p: number): string {
  if (!Number.isFinite(p)) return fmt(p);
  if (p > 0 && p < 0.001) return '<0.1%';
  const percent = p * 100;
  return `${percent >= 10 || percent === 0 ? Math.round(percent) : percent.toFixed(1)}%`;
}
