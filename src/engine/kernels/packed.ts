// A matrix laid out for products with a batch of vectors: panels of PANEL rows, each stored column by column
// ([j · PANEL + r] holds M[p · PANEL + r][j]), so the kernels read a panel as one stream and every load of it
// serves PANEL rows at once. Rows past the end of the last panel are zero.
import type { Arena } from './arena';

/** rows per panel: two f64x2 registers */
export const PANEL = 4;

export interface PackedMatrix {
  rows: number;
  cols: number;
  panels: Float64Array;
}

export function createPacked(arena: Arena, rows: number, cols: number): PackedMatrix {
  return { rows, cols, panels: arena.f64(Math.ceil(rows / PANEL) * PANEL * cols) };
}

/** M = W (rows × cols, row-major) */
export function packRows(W: Float64Array, out: PackedMatrix): void {
  const { rows, cols, panels } = out;
  for (let i = 0; i < rows; i++) {
    const base = (i - (i % PANEL)) * cols + (i % PANEL);
    const w = i * cols;
    for (let j = 0; j < cols; j++) panels[base + j * PANEL] = W[w + j];
  }
}

/** M = Wᵀ, for W stored row-major as out.cols × out.rows: the backward products W_hhᵀ δ and W_ihᵀ δ */
export function packTransposed(W: Float64Array, out: PackedMatrix): void {
  const { rows, cols, panels } = out;
  // M[i][j] = W[j][i]: walk W in its own order, row j, so the reads stream
  for (let j = 0; j < cols; j++) {
    const w = j * rows;
    for (let i = 0; i < rows; i++) panels[(i - (i % PANEL)) * cols + (i % PANEL) + j * PANEL] = W[w + i];
  }
}
