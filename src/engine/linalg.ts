// Dense kernels over row-major Float64Arrays. Vectors are addressed as (array, offset): every per-step quantity
// lives in one flat [row · width + unit] buffer per run, so the hot loops create no views and allocate nothing.
// Inner loops run over contiguous memory, and each kernel works on four rows (or four steps) at once so every
// value loaded feeds several multiply-adds: about 1.3× (mat-vec) to 4× (outer products) over the textbook loops
// in V8, measured at H = 32…1024.

// y[yo ..] = W x[xo ..]  (or +=), W rows × cols: four rows share each load of x.
export function gemv(W: Float64Array, rows: number, cols: number, x: Float64Array, xo: number, y: Float64Array, yo: number, accumulate: boolean): void {
  let i = 0;
  for (; i + 3 < rows; i += 4) {
    const r0 = i * cols;
    const r1 = r0 + cols;
    const r2 = r1 + cols;
    const r3 = r2 + cols;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0; j < cols; j++) {
      const xj = x[xo + j];
      s0 += W[r0 + j] * xj;
      s1 += W[r1 + j] * xj;
      s2 += W[r2 + j] * xj;
      s3 += W[r3 + j] * xj;
    }
    if (accumulate) {
      y[yo + i] += s0;
      y[yo + i + 1] += s1;
      y[yo + i + 2] += s2;
      y[yo + i + 3] += s3;
    } else {
      y[yo + i] = s0;
      y[yo + i + 1] = s1;
      y[yo + i + 2] = s2;
      y[yo + i + 3] = s3;
    }
  }
  for (; i < rows; i++) {
    let s = 0;
    const r = i * cols;
    for (let j = 0; j < cols; j++) s += W[r + j] * x[xo + j];
    y[yo + i] = accumulate ? y[yo + i] + s : s;
  }
}

// y[yo ..] = Wᵀ x[xo ..]  (or +=), as y += Σ_i x_i W_i over rows read in order, four rows per pass over y.
export function gemvT(W: Float64Array, rows: number, cols: number, x: Float64Array, xo: number, y: Float64Array, yo: number, accumulate: boolean): void {
  if (!accumulate) y.fill(0, yo, yo + cols);
  let i = 0;
  for (; i + 3 < rows; i += 4) {
    const x0 = x[xo + i];
    const x1 = x[xo + i + 1];
    const x2 = x[xo + i + 2];
    const x3 = x[xo + i + 3];
    const r0 = i * cols;
    const r1 = r0 + cols;
    const r2 = r1 + cols;
    const r3 = r2 + cols;
    for (let j = 0; j < cols; j++) y[yo + j] += x0 * W[r0 + j] + x1 * W[r1 + j] + (x2 * W[r2 + j] + x3 * W[r3 + j]);
  }
  for (; i < rows; i++) {
    const xi = x[xo + i];
    const r = i * cols;
    for (let j = 0; j < cols; j++) y[yo + j] += xi * W[r + j];
  }
}

// y = W x for whole vectors (rows = y.length, cols = x.length)
export function matVec(W: Float64Array, x: Float64Array, y: Float64Array): void {
  gemv(W, y.length, x.length, x, 0, y, 0, false);
}

// y = Wᵀ x for whole vectors (rows = x.length, cols = y.length)
export function matTVec(W: Float64Array, x: Float64Array, y: Float64Array): void {
  gemvT(W, x.length, y.length, x, 0, y, 0, false);
}

// y += Wᵀ x
export function matTVecAdd(W: Float64Array, x: Float64Array, y: Float64Array): void {
  gemvT(W, x.length, y.length, x, 0, y, 0, true);
}

// Y_t = W X_t + b for t < steps (X: steps × cols, Y: steps × rows): every step's input projection at once.
export function affineRows(W: Float64Array, b: Float64Array, X: Float64Array, cols: number, steps: number, Y: Float64Array): void {
  const rows = b.length;
  for (let t = 0; t < steps; t++) {
    Y.set(b, t * rows);
    gemv(W, rows, cols, X, t * cols, Y, t * rows, true);
  }
}

// C += Σ_t a_t b_tᵀ for t < steps, a_t = A[ao + t·rows ..], b_t = B[bo + t·cols ..] (C: rows × cols): the rank-1
// updates of a weight gradient, four steps and two rows at a time (each B value loaded feeds two rows, each C
// value written takes four steps), in blocks of steps so a block of B stays in cache while C's rows stream past.
export function addOuterProducts(C: Float64Array, A: Float64Array, ao: number, B: Float64Array, bo: number, steps: number, rows: number, cols: number): void {
  const block = 64;
  for (let t0 = 0; t0 < steps; t0 += block) {
    const t1 = Math.min(steps, t0 + block);
    let i = 0;
    for (; i + 1 < rows; i += 2) {
      const c0 = i * cols;
      const c1 = c0 + cols;
      let t = t0;
      for (; t + 3 < t1; t += 4) {
        const p = ao + t * rows + i;
        const a0 = A[p];
        const a1 = A[p + rows];
        const a2 = A[p + 2 * rows];
        const a3 = A[p + 3 * rows];
        const e0 = A[p + 1];
        const e1 = A[p + rows + 1];
        const e2 = A[p + 2 * rows + 1];
        const e3 = A[p + 3 * rows + 1];
        const b0 = bo + t * cols;
        const b1 = b0 + cols;
        const b2 = b1 + cols;
        const b3 = b2 + cols;
        for (let j = 0; j < cols; j++) {
          const v0 = B[b0 + j];
          const v1 = B[b1 + j];
          const v2 = B[b2 + j];
          const v3 = B[b3 + j];
          C[c0 + j] += a0 * v0 + a1 * v1 + (a2 * v2 + a3 * v3);
          C[c1 + j] += e0 * v0 + e1 * v1 + (e2 * v2 + e3 * v3);
        }
      }
      for (; t < t1; t++) {
        const a = A[ao + t * rows + i];
        const e = A[ao + t * rows + i + 1];
        const b = bo + t * cols;
        for (let j = 0; j < cols; j++) {
          C[c0 + j] += a * B[b + j];
          C[c1 + j] += e * B[b + j];
        }
      }
    }
    for (; i < rows; i++) {
      const c = i * cols;
      for (let t = t0; t < t1; t++) {
        const a = A[ao + t * rows + i];
        const b = bo + t * cols;
        for (let j = 0; j < cols; j++) C[c + j] += a * B[b + j];
      }
    }
  }
}

// y += Σ_t A[ao + t·n ..] for t < steps (n = y.length): a bias gradient
export function addRows(y: Float64Array, A: Float64Array, ao: number, steps: number): void {
  const n = y.length;
  for (let t = 0; t < steps; t++) {
    const r = ao + t * n;
    for (let j = 0; j < n; j++) y[j] += A[r + j];
  }
}

// y[yo ..] += x (whole x)
export function addAt(y: Float64Array, yo: number, x: Float64Array): void {
  for (let j = 0; j < x.length; j++) y[yo + j] += x[j];
}

export function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, n: number): number {
  let s = 0;
  for (let j = 0; j < n; j++) s += a[ao + j] * b[bo + j];
  return s;
}

// ‖x[xo .. xo+n)‖₂, scaled by the largest magnitude so huge-but-finite vectors do not overflow to ∞ when squared.
export function norm2(x: Float64Array, xo = 0, n = x.length - xo): number {
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

export function allFinite(x: Float64Array, xo = 0, n = x.length - xo): boolean {
  for (let j = 0; j < n; j++) if (!Number.isFinite(x[xo + j])) return false;
  return true;
}

/** A plain array of n numbers from `values[offset ..]`; an indexed loop is ~20× faster than Array.from on a typed array. */
export function toNumbers(values: Float64Array, offset: number, n: number): number[] {
  const out = new Array<number>(n);
  for (let j = 0; j < n; j++) out[j] = values[offset + j];
  return out;
}
