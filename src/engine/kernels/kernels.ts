// The matrix products the engine's time goes into, behind one interface: WebAssembly SIMD when the host has it
// and the workspace's buffers live in its memory (arena.ts), the TypeScript reference otherwise. Both give the
// same bits (test/unit/engine/kernels.test.ts), so which one ran never shows in a result.
import type { Precision, Real } from '../real';
import type { StepRows } from '../batch';
import { addRows, addToRows, stepGradientRows } from '../linalg';
import { lstmGatesBackwardRows, lstmGatesRows, type LstmLayer } from '../lstmCell';
import { rnnActivationBackwardRows, rnnActivationRows, type RnnLayer } from '../rnnCell';
import type { Nonlinearity } from '../types';
import type { Arena } from './arena';
import type { PackedMatrix } from './packed';
import {
  addOuterProductsReference, addOuterProductsReference32, affineRowsReference, affineRowsReference32, multiplyRowsReference, multiplyRowsReference32,
} from './reference';
import { instantiateKernels, KC_SCRATCH_ROWS } from './wasm';

export interface Kernels {
  readonly kind: 'webassembly' | 'typescript';
  /** y_k = M x_k for k < n: x_k = X row xRows[k] (null: row k), of width M.cols; y_k = Y row yRows[k], of width M.rows */
  multiplyRows(m: PackedMatrix, X: Real, xRows: Int32Array | null, Y: Real, yRows: Int32Array | null, n: number): void;
  /** y_k += M x_k, rows as in multiplyRows */
  multiplyAddRows(m: PackedMatrix, X: Real, xRows: Int32Array | null, Y: Real, yRows: Int32Array | null, n: number): void;
  /** y_k = b + M x_k for the first n rows of X and Y: every step's input projection, or the head, at once */
  affineRows(m: PackedMatrix, b: Real, X: Real, Y: Real, n: number): void;
  /** C += Σ_{r < count} a_r b_rᵀ, C rows × cols: a_r = A row aRow + r (width rows), b_r = B row bRow + r (width cols) */
  addOuterProducts(C: Real, rows: number, cols: number, A: Real, aRow: number, B: Real, bRow: number, count: number): void;
  /** the cells' elementwise work between the products (rnnCell.ts, lstmCell.ts: the *Rows functions are the reference) */
  rnnActivation(b: RnnLayer, nonlinearity: Nonlinearity, H: number, step: StepRows): void;
  rnnActivationBackward(b: RnnLayer, nonlinearity: Nonlinearity, H: number, step: StepRows, dh: Real, da: Real): void;
  lstmGates(b: LstmLayer, H: number, step: StepRows): void;
  lstmGatesBackward(b: LstmLayer, H: number, step: StepRows, dh: Real, dcNext: Real, dGates: Real, dc: Real, dcPrev: Real): void;
  /** the backward sweep's bookkeeping (linalg.ts has the reference) */
  stepGradient(source: Real | null, carry: Real, dh: Real, total: Real, step: StepRows, H: number): void;
  addToRows(Y: Real, yRows: Int32Array, X: Real, n: number, width: number): void;
  addRows(y: Real, A: Real, count: number): void;
}

export type KernelChoice = 'webassembly' | 'typescript';

export const typescriptKernels: Kernels = {
  kind: 'typescript',
  multiplyRows: (m, X, xRows, Y, yRows, n) => multiplyRowsReference(m, X, xRows, Y, yRows, n, false),
  multiplyAddRows: (m, X, xRows, Y, yRows, n) => multiplyRowsReference(m, X, xRows, Y, yRows, n, true),
  affineRows: affineRowsReference,
  addOuterProducts: addOuterProductsReference,
  rnnActivation: rnnActivationRows,
  rnnActivationBackward: rnnActivationBackwardRows,
  lstmGates: lstmGatesRows,
  lstmGatesBackward: lstmGatesBackwardRows,
  stepGradient: stepGradientRows,
  addToRows,
  addRows,
};

/** The float32 reference: the products rounded to float32 at every step; the cells' elementwise work is the same
 *  TypeScript as in float64 (double arithmetic, rounded where it is stored; cells32.wat does just that). */
export const typescriptKernels32: Kernels = {
  ...typescriptKernels,
  multiplyRows: (m, X, xRows, Y, yRows, n) => multiplyRowsReference32(m, X, xRows, Y, yRows, n, false),
  multiplyAddRows: (m, X, xRows, Y, yRows, n) => multiplyRowsReference32(m, X, xRows, Y, yRows, n, true),
  affineRows: affineRowsReference32,
  addOuterProducts: addOuterProductsReference32,
};

export function referenceKernels(precision: Precision): Kernels {
  return precision === 'float32' ? typescriptKernels32 : typescriptKernels;
}

/** The kernels for buffers from `arena`: WebAssembly on an arena's memory when it can be instantiated. `scratch`
 *  (from the same arena) is theirs to pack blocks in: kernelScratchLength(cols) numbers for products up to cols wide. */
export function kernelsFor(arena: Arena, scratch: Real, precision: Precision = 'float64'): Kernels {
  const reference = referenceKernels(precision);
  return (arena.memory && instantiateKernels(arena.memory, scratch, reference, precision)) || reference;
}

export function kernelScratchLength(cols: number): number {
  return KC_SCRATCH_ROWS * (cols + 4);
}
