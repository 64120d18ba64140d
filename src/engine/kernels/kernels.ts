// The matrix products the engine's time goes into, behind one interface: WebAssembly SIMD when the host has it
// and the workspace's buffers live in its memory (arena.ts), the TypeScript reference otherwise. Both give the
// same bits (test/unit/engine/kernels.test.ts), so which one ran never shows in a result.
import type { Arena } from './arena';
import type { PackedMatrix } from './packed';
import { addOuterProductsReference, multiplyRowsReference } from './reference';
import { instantiateKernels } from './wasm';

export interface Kernels {
  readonly kind: 'webassembly' | 'typescript';
  /** y_k = M x_k for k < n: x_k = X row xRows[k] (null: row k), of width M.cols; y_k = Y row yRows[k], of width M.rows */
  multiplyRows(m: PackedMatrix, X: Float64Array, xRows: Int32Array | null, Y: Float64Array, yRows: Int32Array | null, n: number): void;
  /** y_k += M x_k, rows as in multiplyRows */
  multiplyAddRows(m: PackedMatrix, X: Float64Array, xRows: Int32Array | null, Y: Float64Array, yRows: Int32Array | null, n: number): void;
  /** C += Σ_{r < count} a_r b_rᵀ, C rows × cols: a_r = A row aRow + r (width rows), b_r = B row bRow + r (width cols) */
  addOuterProducts(C: Float64Array, rows: number, cols: number, A: Float64Array, aRow: number, B: Float64Array, bRow: number, count: number): void;
}

export type KernelChoice = 'webassembly' | 'typescript';

export const typescriptKernels: Kernels = {
  kind: 'typescript',
  multiplyRows: (m, X, xRows, Y, yRows, n) => multiplyRowsReference(m, X, xRows, Y, yRows, n, false),
  multiplyAddRows: (m, X, xRows, Y, yRows, n) => multiplyRowsReference(m, X, xRows, Y, yRows, n, true),
  addOuterProducts: addOuterProductsReference,
};

/** The kernels for buffers from `arena`: WebAssembly on an arena's memory when it can be instantiated. */
export function kernelsFor(arena: Arena): Kernels {
  return (arena.memory && instantiateKernels(arena.memory)) || typescriptKernels;
}
