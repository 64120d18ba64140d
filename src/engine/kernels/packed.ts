// A matrix laid out for products with a batch of vectors: panels of `panel` rows, each stored column by column
// ([j · panel + r] holds M[p · panel + r][j]), so the kernels read a panel as one stream and every load of it
// serves a panel's rows at once. Rows past the end of the last panel are zero. A panel is two SIMD registers
// per column: 4 rows of float64, 8 of float32.
import type { Precision, Real } from '../real';
import type { Arena } from './arena';

export interface PackedMatrix {
  rows: number;
  cols: number;
  /** rows per panel */
  panel: number;
  panels: Real;
}

export function createPacked(arena: Arena, rows: number, cols: number, precision: Precision = 'float64'): PackedMatrix {
  const panel = precision === 'float32' ? 8 : 4;
  const length = Math.ceil(rows / panel) * panel * cols;
  return { rows, cols, panel, panels: precision === 'float32' ? arena.f32(length) : arena.f64(length) };
}

/** M = W (rows × cols, row-major; float64 weights are rounded into a float32 matrix) */
export function packRows(W: Float64Array, out: PackedMatrix): void {
  const { rows, cols, panel, panels } = out;
  for (let i = 0; i < rows; i++) {
    const base = (i - (i % panel)) * cols + (i % panel);
    const w = i * cols;
    for (let j = 0; j < cols; j++) panels[base + j * panel] = W[w + j];
  }
}

/** M = Wᵀ, for W stored row-major as out.cols × out.rows: the backward products W_hhᵀ δ and W_ihᵀ δ */
export function packTransposed(W: Float64Array, out: PackedMatrix): void {
  const { rows, cols, panel, panels } = out;
  // M[i][j] = W[j][i]: walk W in its own order, row j, so the reads stream
  for (let j = 0; j < cols; j++) {
    const w = j * rows;
    for (let i = 0; i < rows; i++) panels[(i - (i % panel)) * cols + (i % panel) + j * panel] = W[w + i];
  }
}
