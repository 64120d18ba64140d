// Dense kernels over row-major Float64Arrays. Shapes come from the vectors' lengths: W is rows × cols with
// rows = y.length and cols = x.length. Inner loops run over contiguous memory; the four partial sums let the
// CPU overlap independent multiply-adds (about 1.5–2× over a single accumulator in V8).

// y = W x
export function matVec(W: Float64Array, x: Float64Array, y: Float64Array): void {
  const rows = y.length;
  const cols = x.length;
  for (let i = 0; i < rows; i++) y[i] = rowDot(W, i * cols, x, 0, cols);
}

// y += W x
export function matVecAdd(W: Float64Array, x: Float64Array, y: Float64Array): void {
  const rows = y.length;
  const cols = x.length;
  for (let i = 0; i < rows; i++) y[i] += rowDot(W, i * cols, x, 0, cols);
}

// y = Wᵀ x, accumulated row by row (y += x_i · W_i) so memory is read in order.
export function matTVec(W: Float64Array, x: Float64Array, y: Float64Array): void {
  y.fill(0);
  matTVecAdd(W, x, y);
}

// y += Wᵀ x
export function matTVecAdd(W: Float64Array, x: Float64Array, y: Float64Array): void {
  const rows = x.length;
  const cols = y.length;
  for (let i = 0; i < rows; i++) {
    const xi = x[i];
    const r = i * cols;
    for (let j = 0; j < cols; j++) y[j] += xi * W[r + j];
  }
}

// W[w .. w+n) · x[v .. v+n)
export function rowDot(W: Float64Array, w: number, x: Float64Array, v: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j + 3 < n; j += 4) {
    s0 += W[w + j] * x[v + j];
    s1 += W[w + j + 1] * x[v + j + 1];
    s2 += W[w + j + 2] * x[v + j + 2];
    s3 += W[w + j + 3] * x[v + j + 3];
  }
  for (; j < n; j++) s0 += W[w + j] * x[v + j];
  return s0 + s1 + (s2 + s3);
}

// Y_t = W X_t + b for t < steps (X: steps × cols, Y: steps × rows): every step's input projection at once.
export function affineRows(W: Float64Array, b: Float64Array, X: Float64Array, steps: number, Y: Float64Array): void {
  const rows = b.length;
  const cols = steps === 0 ? 0 : X.length / steps;
  for (let t = 0; t < steps; t++) {
    for (let i = 0; i < rows; i++) Y[t * rows + i] = b[i] + rowDot(W, i * cols, X, t * cols, cols);
  }
}

// C += Σ_t a_t b_tᵀ for t < steps (A: steps × rows, B: steps × cols, C: rows × cols): the rank-1 updates of a
// weight gradient, taken in blocks of steps so a block of B stays in cache while C's rows stream past.
export function addOuterProducts(C: Float64Array, A: Float64Array, B: Float64Array, steps: number, rows: number, cols: number): void {
  const block = 32;
  for (let t0 = 0; t0 < steps; t0 += block) {
    const t1 = Math.min(steps, t0 + block);
    for (let i = 0; i < rows; i++) {
      const c = i * cols;
      for (let t = t0; t < t1; t++) {
        const a = A[t * rows + i];
        const b = t * cols;
        for (let j = 0; j < cols; j++) C[c + j] += a * B[b + j];
      }
    }
  }
}

// y += Σ_t a_t for t < steps (A: steps × n): a bias gradient
export function addRows(y: Float64Array, A: Float64Array, steps: number): void {
  const n = y.length;
  for (let t = 0; t < steps; t++) {
    const r = t * n;
    for (let j = 0; j < n; j++) y[j] += A[r + j];
  }
}

// y += x
export function addInto(y: Float64Array, x: Float64Array): void {
  for (let j = 0; j < y.length; j++) y[j] += x[j];
}

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}

// ‖x‖₂, scaled by the largest magnitude so huge-but-finite vectors do not overflow to ∞ when squared.
export function norm2(x: Float64Array): number {
  let largest = 0;
  for (let j = 0; j < x.length; j++) {
    const m = Math.abs(x[j]);
    if (m > largest || m !== m) largest = m;
  }
  if (largest === 0 || !Number.isFinite(largest)) return largest;
  let s = 0;
  for (let j = 0; j < x.length; j++) {
    const v = x[j] / largest;
    s += v * v;
  }
  return largest * Math.sqrt(s);
}

/** Consecutive row views of a steps × width buffer, made once per run so the hot loops allocate nothing. */
export function rowViews(flat: Float64Array, steps: number, width: number): Float64Array[] {
  const rows: Float64Array[] = new Array(steps);
  for (let t = 0; t < steps; t++) rows[t] = flat.subarray(t * width, (t + 1) * width);
  return rows;
}

export function allFinite(x: Float64Array): boolean {
  for (let j = 0; j < x.length; j++) if (!Number.isFinite(x[j])) return false;
  return true;
}
