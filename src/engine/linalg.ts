// Small dense helpers over row-major arrays. Vectors are addressed as (array, offset): every per-step quantity
// lives in one flat [row · width + unit] buffer per run, so the hot loops create no views and allocate nothing.
// The matrix products are the kernels' (kernels/kernels.ts); so are addRows, addToRows and stepGradientRows in
// the backward sweep, which these are the reference of (cells64.wat has them in WebAssembly).
import type { StepRows } from './batch';
import type { Real } from './real';

// y += Σ_t A_t for t < steps (rows of y.length), in order of t: a bias gradient
export function addRows(y: Real, A: Real, steps: number): void {
  const n = y.length;
  for (let t = 0; t < steps; t++) {
    const r = t * n;
    for (let j = 0; j < n; j++) y[j] += A[r + j];
  }
}

// dh_s = source[rows[s]] + carry_s (no source: 0 + carry_s) and total[rows[s]] += dh_s for the step's rows: what
// reaches h_t (from above or the head, and from step t+1), and its running total dL/dh_t
export function stepGradientRows(source: Real | null, carry: Real, dh: Real, total: Real, step: StepRows, H: number): void {
  for (let s = 0; s < step.size; s++) {
    const at = step.rows[s] * H;
    const v = s * H;
    for (let j = 0; j < H; j++) {
      const d = (source === null ? 0 : source[at + j]) + carry[v + j];
      dh[v + j] = d;
      total[at + j] += d;
    }
  }
}

// Y[yRows[k] ..] += X[k ..] for k < n, rows of `width`: a batch's per-sequence vectors added into their rows
export function addToRows(Y: Real, yRows: Int32Array, X: Real, n: number, width: number): void {
  for (let k = 0; k < n; k++) {
    const y = yRows[k] * width;
    const x = k * width;
    for (let j = 0; j < width; j++) Y[y + j] += X[x + j];
  }
}

export function dot(a: Real, ao: number, b: Real, bo: number, n: number): number {
  let s = 0;
  for (let j = 0; j < n; j++) s += a[ao + j] * b[bo + j];
  return s;
}

// ‖x[xo .. xo+n)‖₂. One pass when the sum of squares is a normal finite number (the usual case); when it overflows
// to ∞, underflows, or is NaN, again scaled by the largest magnitude, so huge-but-finite vectors do not report ∞.
export function norm2(x: Real, xo = 0, n = x.length - xo): number {
  let squares = 0;
  for (let j = 0; j < n; j++) squares += x[xo + j] * x[xo + j];
  if (squares > 1e-280 && squares < Infinity) return Math.sqrt(squares);
  let largest = 0;
  for (let j = 0; j < n; j++) {
    const m = Math.abs(x[xo + j]);
    if (m > largest || m !== m) largest = m;
  }
  if (largest === 0 || !Number.isFinite(largest)) return largest;
  let s = 0;
  for (let j = 0; j < n; j++) {
    const v = x[xo + j] / largest;
    s += v * v;
  }
  return largest * Math.sqrt(s);
}

export function allFinite(x: Real, xo = 0, n = x.length - xo): boolean {
  for (let j = 0; j < n; j++) if (!Number.isFinite(x[xo + j])) return false;
  return true;
}

/** A plain array of n numbers from `values[offset ..]`; an indexed loop is ~20× faster than Array.from on a typed array. */
export function toNumbers(values: Real, offset: number, n: number): number[] {
  const out = new Array<number>(n);
  for (let j = 0; j < n; j++) out[j] = values[offset + j];
  return out;
}
