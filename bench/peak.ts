// The machine's JavaScript peak for our kind of work: a plain Float64Array matrix–vector loop, nothing else.
// Same matrix shape as the forward recurrence ([W_ih W_hh], G·H × (I+H)) and the same number of multiply-adds as the
// row being compared, so "fraction of peak" means: how close the engine gets to the best a scalar JS loop does.
// Two loops are timed — one accumulator, and four (which lets the CPU overlap multiply-adds) — and the faster is the peak.

export type PeakVariant = '1 accumulator' | '4 accumulators';

/** y = W·x for W rows×cols (row-major), the textbook loop. */
function matVec1(w: Float64Array, x: Float64Array, y: Float64Array, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    const base = r * cols;
    for (let c = 0; c < cols; c++) sum += w[base + c] * x[c];
    y[r] = sum;
  }
}

/** y = W·x with four independent partial sums per row. */
function matVec4(w: Float64Array, x: Float64Array, y: Float64Array, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    const base = r * cols;
    let c = 0;
    for (; c + 3 < cols; c += 4) {
      s0 += w[base + c] * x[c];
      s1 += w[base + c + 1] * x[c + 1];
      s2 += w[base + c + 2] * x[c + 2];
      s3 += w[base + c + 3] * x[c + 3];
    }
    for (; c < cols; c++) s0 += w[base + c] * x[c];
    y[r] = s0 + s1 + (s2 + s3);
  }
}

export interface PeakKernel {
  /** run `repeats` mat-vecs; returns a checksum so the work cannot be optimised away */
  run(repeats: number): number;
  macsPerRepeat: number;
}

export function peakKernel(rows: number, cols: number, variant: PeakVariant): PeakKernel {
  const w = new Float64Array(rows * cols).map((_, i) => Math.sin(i) * 0.1);
  const x = new Float64Array(cols).map((_, i) => Math.cos(i));
  const y = new Float64Array(rows);
  const matVec = variant === '1 accumulator' ? matVec1 : matVec4;
  return {
    macsPerRepeat: rows * cols,
    run(repeats: number): number {
      let checksum = 0;
      for (let k = 0; k < repeats; k++) {
        matVec(w, x, y, rows, cols);
        checksum += y[k % rows];
        // feed the result back so consecutive products depend on each other, as the recurrence's do
        x[k % cols] = y[k % rows] * 1e-3;
      }
      return checksum;
    },
  };
}
