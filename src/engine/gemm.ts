// One matrix times a batch of vectors: the recurrence's step over every sequence at once (W_hh h_{t−1} for each
// h_{t−1} of the batch), its backward products, and the input projection over every row. Vectors are rows of
// flat [row · width + unit] buffers, picked by row indices, so a batch's sequences can stay where they are.
import { gemv } from './linalg';

// Y[yRows[k] ..] = W X[xRows[k] ..] for k < n (or +=): one matrix times a batch of vectors, vector k being a row of X
// (width cols) and its result a row of Y (width rows); a null row map means rows 0 … n−1. The vectors go through
// W two at a time (gemv2), so each W value loaded serves two of them: ~1.6× gemv's GFLOP/s at H = 32…512 in V8.
// Every result is summed in gemv's order, so a batch of one is gemv exactly.
export function gemmRows(
  W: Float64Array, rows: number, cols: number, X: Float64Array, xRows: Int32Array | null,
  Y: Float64Array, yRows: Int32Array | null, n: number, accumulate: boolean,
): void {
  // The odd vector out first, so that a long call (affineRows: every row) ends in its loop: V8 compiles a long
  // loop while it runs (on-stack replacement), and code after the loop that had not run yet made that compiled
  // copy deoptimise again on every later call (dozens of times in a row under --trace-deopt).
  if (n % 2 === 1) gemv(W, rows, cols, X, (xRows === null ? n - 1 : xRows[n - 1]) * cols, Y, (yRows === null ? n - 1 : yRows[n - 1]) * rows, accumulate);
  for (let k = 0; k + 1 < n; k += 2) {
    const xa = (xRows === null ? k : xRows[k]) * cols;
    const xb = (xRows === null ? k + 1 : xRows[k + 1]) * cols;
    const ya = (yRows === null ? k : yRows[k]) * rows;
    const yb = (yRows === null ? k + 1 : yRows[k + 1]) * rows;
    gemv2(W, rows, cols, X, xa, xb, Y, ya, yb, accumulate);
  }
}

// y[ya ..] = W x[xa ..] and y[yb ..] = W x[xb ..] (or +=), W rows × cols: four rows of W × two vectors per pass.
export function gemv2(
  W: Float64Array, rows: number, cols: number, X: Float64Array, xa: number, xb: number,
  Y: Float64Array, ya: number, yb: number, accumulate: boolean,
): void {
  let i = 0;
  for (; i + 3 < rows; i += 4) {
    const r0 = i * cols;
    const r1 = r0 + cols;
    const r2 = r1 + cols;
    const r3 = r2 + cols;
    // a: the first vector's four results, b: the second's
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let b0 = 0;
    let b1 = 0;
    let b2 = 0;
    let b3 = 0;
    for (let j = 0; j < cols; j++) {
      const u = X[xa + j];
      const v = X[xb + j];
      let w = W[r0 + j];
      a0 += w * u;
      b0 += w * v;
      w = W[r1 + j];
      a1 += w * u;
      b1 += w * v;
      w = W[r2 + j];
      a2 += w * u;
      b2 += w * v;
      w = W[r3 + j];
      a3 += w * u;
      b3 += w * v;
    }
    if (accumulate) {
      Y[ya + i] += a0;
      Y[ya + i + 1] += a1;
      Y[ya + i + 2] += a2;
      Y[ya + i + 3] += a3;
      Y[yb + i] += b0;
      Y[yb + i + 1] += b1;
      Y[yb + i + 2] += b2;
      Y[yb + i + 3] += b3;
    } else {
      Y[ya + i] = a0;
      Y[ya + i + 1] = a1;
      Y[ya + i + 2] = a2;
      Y[ya + i + 3] = a3;
      Y[yb + i] = b0;
      Y[yb + i + 1] = b1;
      Y[yb + i + 2] = b2;
      Y[yb + i + 3] = b3;
    }
  }
  for (; i < rows; i++) {
    const r = i * cols;
    let a = 0;
    let b = 0;
    for (let j = 0; j < cols; j++) {
      a += W[r + j] * X[xa + j];
      b += W[r + j] * X[xb + j];
    }
    Y[ya + i] = accumulate ? Y[ya + i] + a : a;
    Y[yb + i] = accumulate ? Y[yb + i] + b : b;
  }
}

// Y_t = W X_t + b for t < steps (X: steps × cols, Y: steps × rows): every step's input projection at once.
export function affineRows(W: Float64Array, b: Float64Array, X: Float64Array, cols: number, steps: number, Y: Float64Array): void {
  const rows = b.length;
  for (let t = 0; t < steps; t++) Y.set(b, t * rows);
  gemmRows(W, rows, cols, X, null, Y, null, steps, true);
}
