// The matrix kernels in plain TypeScript: the reference the WebAssembly ones (f64.wat, f32.wat) must equal bit for
// bit, and the fallback where WebAssembly is not available. Same arithmetic in the same order: one running sum per
// result, in index order, a product rounded before it is added (in float32, Math.fround rounds each step).
import type { Real } from '../real';
import type { PackedMatrix } from './packed';

const PANEL = 4; // rows per float64 panel

// y_k = M x_k (accumulate: y_k += M x_k) for k < n: x_k = X row xRows[k] (or k), of width M.cols; y_k = Y row
// yRows[k] (or k), of width M.rows. A panel's four rows × two vectors per pass: each value loaded serves several sums.
export function multiplyRowsReference(
  m: PackedMatrix, X: Real, xRows: Int32Array | null, Y: Real, yRows: Int32Array | null, n: number, accumulate: boolean,
): void {
  const { rows, cols, panels } = m;
  for (let p = 0; p * PANEL < rows; p++) {
    const base = p * PANEL * cols;
    const valid = Math.min(PANEL, rows - p * PANEL);
    const at = p * PANEL;
    let k = 0;
    for (; k + 1 < n; k += 2) {
      const xa = (xRows === null ? k : xRows[k]) * cols;
      const xb = (xRows === null ? k + 1 : xRows[k + 1]) * cols;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0; // prettier-ignore
      for (let j = 0, w = base; j < cols; j++, w += PANEL) {
        const u = X[xa + j];
        const v = X[xb + j];
        a0 += panels[w] * u;
        a1 += panels[w + 1] * u;
        a2 += panels[w + 2] * u;
        a3 += panels[w + 3] * u;
        b0 += panels[w] * v;
        b1 += panels[w + 1] * v;
        b2 += panels[w + 2] * v;
        b3 += panels[w + 3] * v;
      }
      store4(Y, (yRows === null ? k : yRows[k]) * rows + at, a0, a1, a2, a3, valid, accumulate);
      store4(Y, (yRows === null ? k + 1 : yRows[k + 1]) * rows + at, b0, b1, b2, b3, valid, accumulate);
    }
    if (k < n) {
      const xa = (xRows === null ? k : xRows[k]) * cols;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0; // prettier-ignore
      for (let j = 0, w = base; j < cols; j++, w += PANEL) {
        const u = X[xa + j];
        a0 += panels[w] * u;
        a1 += panels[w + 1] * u;
        a2 += panels[w + 2] * u;
        a3 += panels[w + 3] * u;
      }
      store4(Y, (yRows === null ? k : yRows[k]) * rows + at, a0, a1, a2, a3, valid, accumulate);
    }
  }
}

// y_k = b + M x_k for k < n (rows 0 … n − 1 of X and Y), as b then += M x_k
export function affineRowsReference(m: PackedMatrix, b: Real, X: Real, Y: Real, n: number): void {
  for (let k = 0; k < n; k++) Y.set(b, k * m.rows);
  multiplyRowsReference(m, X, null, Y, null, n, true);
}

// Y[at ..] = s (or += s) for the first `valid` of four sums
function store4(Y: Real, at: number, s0: number, s1: number, s2: number, s3: number, valid: number, accumulate: boolean): void {
  if (accumulate) {
    Y[at] += s0;
    if (valid > 1) Y[at + 1] += s1;
    if (valid > 2) Y[at + 2] += s2;
    if (valid > 3) Y[at + 3] += s3;
  } else {
    Y[at] = s0;
    if (valid > 1) Y[at + 1] = s1;
    if (valid > 2) Y[at + 2] = s2;
    if (valid > 3) Y[at + 3] = s3;
  }
}

// C += Σ_{r < count} a_r b_rᵀ (C rows × cols): a_r = A row aRow + r (width rows), b_r = B row bRow + r (width cols).
// Every element of C is one running sum from its old value, adding a_r[i] b_r[j] in order of r; two rows × four
// columns of C at a time stay in registers over the r's.
export function addOuterProductsReference(
  C: Real, rows: number, cols: number, A: Real, aRow: number, B: Real, bRow: number, count: number,
): void {
  let i = 0;
  for (; i + 1 < rows; i += 2) {
    const c0 = i * cols;
    const c1 = c0 + cols;
    let j = 0;
    for (; j + 3 < cols; j += 4) {
      let s0 = C[c0 + j], s1 = C[c0 + j + 1], s2 = C[c0 + j + 2], s3 = C[c0 + j + 3]; // prettier-ignore
      let t0 = C[c1 + j], t1 = C[c1 + j + 1], t2 = C[c1 + j + 2], t3 = C[c1 + j + 3]; // prettier-ignore
      for (let r = 0, a = aRow * rows + i, b = bRow * cols + j; r < count; r++, a += rows, b += cols) {
        const u = A[a];
        const v = A[a + 1];
        const b0 = B[b];
        const b1 = B[b + 1];
        const b2 = B[b + 2];
        const b3 = B[b + 3];
        s0 += u * b0;
        s1 += u * b1;
        s2 += u * b2;
        s3 += u * b3;
        t0 += v * b0;
        t1 += v * b1;
        t2 += v * b2;
        t3 += v * b3;
      }
      C[c0 + j] = s0;
      C[c0 + j + 1] = s1;
      C[c0 + j + 2] = s2;
      C[c0 + j + 3] = s3;
      C[c1 + j] = t0;
      C[c1 + j + 1] = t1;
      C[c1 + j + 2] = t2;
      C[c1 + j + 3] = t3;
    }
    for (; j < cols; j++) {
      addOuterElement(C, i, j, rows, cols, A, aRow, B, bRow, count);
      addOuterElement(C, i + 1, j, rows, cols, A, aRow, B, bRow, count);
    }
  }
  for (; i < rows; i++) for (let j = 0; j < cols; j++) addOuterElement(C, i, j, rows, cols, A, aRow, B, bRow, count);
}

function addOuterElement(
  C: Real, i: number, j: number, rows: number, cols: number, A: Real, aRow: number, B: Real, bRow: number, count: number,
): void {
  let s = C[i * cols + j];
  for (let r = 0, a = aRow * rows + i, b = bRow * cols + j; r < count; r++, a += rows, b += cols) s += A[a] * B[b];
  C[i * cols + j] = s;
}

// The float32 kernels (f32.wat): the same sums, each product and each sum rounded to float32. Plain loops: they are
// the reference, and the fallback only for float32 training without WebAssembly.

export function multiplyRowsReference32(
  m: PackedMatrix, X: Real, xRows: Int32Array | null, Y: Real, yRows: Int32Array | null, n: number, accumulate: boolean,
): void {
  const { rows, cols, panel, panels } = m;
  const f = Math.fround;
  for (let k = 0; k < n; k++) {
    const x = (xRows === null ? k : xRows[k]) * cols;
    const y = (yRows === null ? k : yRows[k]) * rows;
    for (let i = 0; i < rows; i++) {
      const base = (i - (i % panel)) * cols + (i % panel);
      let s = 0;
      for (let j = 0; j < cols; j++) s = f(s + f(panels[base + j * panel] * X[x + j]));
      Y[y + i] = accumulate ? f(Y[y + i] + s) : s;
    }
  }
}

export function affineRowsReference32(m: PackedMatrix, b: Real, X: Real, Y: Real, n: number): void {
  for (let k = 0; k < n; k++) Y.set(b, k * m.rows);
  multiplyRowsReference32(m, X, null, Y, null, n, true);
}

export function addOuterProductsReference32(C: Real, rows: number, cols: number, A: Real, aRow: number, B: Real, bRow: number, count: number): void {
  const f = Math.fround;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let s = C[i * cols + j];
      for (let r = 0, a = aRow * rows + i, b = bRow * cols + j; r < count; r++, a += rows, b += cols) s = f(s + f(A[a] * B[b]));
      C[i * cols + j] = s;
    }
  }
}
