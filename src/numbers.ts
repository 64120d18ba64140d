// Numbers for people, one helper for every view, report and message: a few significant digits, plain decimals
// where they read well ("430 ms", "0.0123", "2500") and exponent form outside them ("5e-5", "1.23e+4"), never a
// rounding into another order of magnitude, never 17 digits. NaN and ±∞ are spelled out, zero is "0".

/** `digits` significant digits; exponent form outside [1e-3, 1e4); an integer part longer than that stays whole. */
export function formatNumber(n: number, digits = 3): string {
  if (typeof n !== 'number') return '–';
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '∞';
  if (n === -Infinity) return '-∞';
  if (n === 0) return '0';
  const a = Math.abs(n);
  if (a >= 1e4 || a < 1e-3) return n.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  // 430 with two digits is "430", not "4.3e+2" (toPrecision's answer once the integer part has more digits).
  if (a >= 10 ** digits) return String(Math.round(n));
  return String(Number(n.toPrecision(digits)));
}

/** A duration in milliseconds: "0.42 ms", "12 ms", "430 ms", "2.5 s". */
export function formatMilliseconds(ms: number): string {
  if (!Number.isFinite(ms)) return `${formatNumber(ms)} ms`;
  if (ms >= 1000) return `${formatNumber(ms / 1000, 2)} s`;
  return `${formatNumber(ms, 2)} ms`;
}
