// Dense kernels over row-major Float64Arrays. Vectors are addressed as (array, offset): every per-step quantity
// lives in one flat [row · width + unit] buffer per run, so the hot loops create no views and allocate nothing.
// (One matrix times a batch of vectors is in gemm.ts.)
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

// Wᵀ (cols × rows) into out, both row-major
export function transpose(W: Float64Array, rows: number, cols: number, out: Float64Array): void {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[j * rows + i] = W[i * cols + j];
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

// C += Σ_t a_t b_tᵀ for t < steps, a_t = A[ao + t·rows ..], b_t = B[bo + t·cols ..] (C: rows × cols): the rank-1
// updates of a weight gradient, four steps and four rows at a time (each B value loaded feeds four rows, each C
// value written takes four steps; ~1.3× over two rows), in blocks of steps so a block of B stays in cache while
// C's rows stream past. Every element sums its steps in the same order, four at a time.
export function addOuterProducts(C: Float64Array, A: Float64Array, ao: number, B: Float64Array, bo: number, steps: number, rows: number, cols: number): void {
  const block = 64;
  for (let t0 = 0; t0 < steps; t0 += block) {
    const t1 = Math.min(steps, t0 + block);
    let i = 0;
    for (; i + 3 < rows; i += 4) {
      const c0 = i * cols;
      const c1 = c0 + cols;
      const c2 = c1 + cols;
      const c3 = c2 + cols;
      let t = t0;
      for (; t + 3 < t1; t += 4) {
        // a_t … a_{t+3} at rows i (a), i + 1 (e), i + 2 (f), i + 3 (g)
        const p0 = ao + t * rows + i;
        const p1 = p0 + rows;
        const p2 = p1 + rows;
        const p3 = p2 + rows;
        const a0 = A[p0];
        const a1 = A[p1];
        const a2 = A[p2];
        const a3 = A[p3];
        const e0 = A[p0 + 1];
        const e1 = A[p1 + 1];
        const e2 = A[p2 + 1];
        const e3 = A[p3 + 1];
        const f0 = A[p0 + 2];
        const f1 = A[p1 + 2];
        const f2 = A[p2 + 2];
        const f3 = A[p3 + 2];
        const g0 = A[p0 + 3];
        const g1 = A[p1 + 3];
        const g2 = A[p2 + 3];
        const g3 = A[p3 + 3];
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
          C[c2 + j] += f0 * v0 + f1 * v1 + (f2 * v2 + f3 * v3);
          C[c3 + j] += g0 * v0 + g1 * v1 + (g2 * v2 + g3 * v3);
        }
      }
      for (; t < t1; t++) {
        const p = ao + t * rows + i;
        const b = bo + t * cols;
        for (let j = 0; j < cols; j++) {
          const v = B[b + j];
          C[c0 + j] += A[p] * v;
          C[c1 + j] += A[p + 1] * v;
          C[c2 + j] += A[p + 2] * v;
          C[c3 + j] += A[p + 3] * v;
        }
      }
    }
    for (; i < rows; i++) {
      const c = i * cols;
      let t = t0;
      for (; t + 3 < t1; t += 4) {
        const p = ao + t * rows + i;
        const a0 = A[p];
        const a1 = A[p + rows];
        const a2 = A[p + 2 * rows];
        const a3 = A[p + 3 * rows];
        const b0 = bo + t * cols;
        const b1 = b0 + cols;
        const b2 = b1 + cols;
        const b3 = b2 + cols;
        for (let j = 0; j < cols; j++) C[c + j] += a0 * B[b0 + j] + a1 * B[b1 + j] + (a2 * B[b2 + j] + a3 * B[b3 + j]);
      }
      for (; t < t1; t++) {
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

// Y[yRows[k] ..] += X[k ..] for k < n, rows of `width`: a batch's per-sequence vectors added into their rows
export function addToRows(Y: Float64Array, yRows: Int32Array, X: Float64Array, n: number, width: number): void {
  for (let k = 0; k < n; k++) {
    const y = yRows[k] * width;
    const x = k * width;
    for (let j = 0; j < width; j++) Y[y + j] += X[x + j];
  }
}

export function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, n: number): number {
  let s = 0;
  for (let j = 0; j < n; j++) s += a[ao + j] * b[bo + j];
  return s;
}

// ‖x[xo .. xo+n)‖₂. One pass when the sum of squares is a normal finite number (the usual case); when it overflows
// to ∞, underflows, or is NaN, again scaled by the largest magnitude, so huge-but-finite vectors do not report ∞.
export function norm2(x: Float64Array, xo = 0, n = x.length - xo): number {
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
