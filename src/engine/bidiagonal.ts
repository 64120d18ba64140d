// The small dense problem inside Golub–Kahan–Lanczos bidiagonalization (jacobian.ts): after k steps the Krylov
// bases give J V = U B with B upper bidiagonal (k × k: α on the diagonal, β above it), and the largest singular
// value of B is the estimate of J's. B is at most a few dozen wide, so plain, careful methods serve: the largest
// eigenvalue of the tridiagonal BᵀB by bisection on Sturm counts (accurate to the last bits, no iteration that can
// stall), and its eigenvector by inverse iteration.

/** BᵀB's diagonal (a_i² + b_{i−1}²) and off-diagonal (a_i b_i) for B with diagonal a[at .. at + n) and
 *  superdiagonal b[at .. at + n − 1). */
function gram(a: Float64Array, b: Float64Array, at: number, n: number, diagonal: Float64Array, off: Float64Array): void {
  for (let i = 0; i < n; i++) {
    diagonal[i] = a[at + i] * a[at + i] + (i > 0 ? b[at + i - 1] * b[at + i - 1] : 0);
    if (i < n - 1) off[i] = a[at + i] * b[at + i];
  }
}

/** How many eigenvalues of the symmetric tridiagonal (d, e) lie below x (Sturm: the negative pivots of T − xI). */
function below(d: Float64Array, e: Float64Array, n: number, x: number): number {
  let count = 0;
  let q = d[0] - x;
  for (let i = 0; ; i++) {
    if (q < 0) count++;
    if (i === n - 1) return count;
    if (q === 0) q = Number.MIN_VALUE; // a zero pivot: nudged, which moves no count
    q = d[i + 1] - x - (e[i] * e[i]) / q;
  }
}

export interface BidiagonalScratch {
  diagonal: Float64Array;
  off: Float64Array;
  matrix: Float64Array;
}

export function createBidiagonalScratch(maxSize: number): BidiagonalScratch {
  return { diagonal: new Float64Array(maxSize), off: new Float64Array(maxSize), matrix: new Float64Array(maxSize * maxSize) };
}

/** σ_max(B) for B n × n upper bidiagonal (diagonal a[at ..], superdiagonal b[at ..]); `atLeast` (a previous,
 *  smaller B's σ_max, which can only grow with n) narrows the search. */
export function largestSingularValue(a: Float64Array, b: Float64Array, at: number, n: number, scratch: BidiagonalScratch, atLeast = 0): number {
  const { diagonal: d, off: e } = scratch;
  gram(a, b, at, n, d, e);
  // Gershgorin: every eigenvalue of BᵀB (all ≥ 0) is below the largest d_i + |e_{i−1}| + |e_i|
  let hi = 0;
  for (let i = 0; i < n; i++) hi = Math.max(hi, d[i] + (i > 0 ? Math.abs(e[i - 1]) : 0) + (i < n - 1 ? Math.abs(e[i]) : 0));
  if (!Number.isFinite(hi)) return NaN;
  let lo = Math.min(atLeast * atLeast, hi);
  for (let k = 0; k < 200 && hi - lo > 1e-15 * hi; k++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (below(d, e, n, mid) === n) hi = mid;
    else lo = mid;
  }
  return Math.sqrt(0.5 * (lo + hi));
}

/** y (n, unit) ≈ the right singular vector of B for σ: two steps of inverse iteration on BᵀB − σ²I. */
export function rightSingularVector(a: Float64Array, b: Float64Array, at: number, n: number, sigma: number, scratch: BidiagonalScratch, y: Float64Array): void {
  const { diagonal: d, off: e, matrix: m } = scratch;
  gram(a, b, at, n, d, e);
  const shift = sigma * sigma;
  y.fill(1, 0, n);
  for (let round = 0; round < 2; round++) {
    // the dense (BᵀB − σ²I), solved by Gaussian elimination with partial pivoting (n is small)
    m.fill(0, 0, n * n);
    for (let i = 0; i < n; i++) {
      m[i * n + i] = d[i] - shift;
      if (i < n - 1) m[i * n + i + 1] = m[(i + 1) * n + i] = e[i];
    }
    solveInPlace(m, n, y);
    let length = 0;
    for (let i = 0; i < n; i++) length += y[i] * y[i];
    length = Math.sqrt(length);
    if (!(length > 0) || !Number.isFinite(length)) {
      y.fill(0, 0, n);
      y[0] = 1;
      return;
    }
    for (let i = 0; i < n; i++) y[i] /= length;
  }
}

// m y' = y for y' in place (m n × n, destroyed); a zero pivot (σ² exactly an eigenvalue, as it nearly is) is
// replaced by a tiny one, which is what inverse iteration wants.
function solveInPlace(m: Float64Array, n: number, y: Float64Array): void {
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r * n + col]) > Math.abs(m[pivot * n + col])) pivot = r;
    if (pivot !== col) {
      for (let c = 0; c < n; c++) [m[col * n + c], m[pivot * n + c]] = [m[pivot * n + c], m[col * n + c]];
      [y[col], y[pivot]] = [y[pivot], y[col]];
    }
    if (m[col * n + col] === 0) m[col * n + col] = 1e-300;
    for (let r = col + 1; r < n; r++) {
      const factor = m[r * n + col] / m[col * n + col];
      if (factor === 0) continue;
      for (let c = col; c < n; c++) m[r * n + c] -= factor * m[col * n + c];
      y[r] -= factor * y[col];
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = y[r];
    for (let c = r + 1; c < n; c++) s -= m[r * n + c] * y[c];
    y[r] = s / m[r * n + r];
  }
}
