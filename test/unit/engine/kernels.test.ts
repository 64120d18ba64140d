// The matrix kernels: the WebAssembly ones (src/engine/kernels/f64.wat) and the TypeScript reference must both be
// the textbook sums, bit for bit — one running sum per result, in index order, each product rounded before it is
// added — for every shape the tiles do not divide evenly, gathered rows, and blocks of more than 256 terms.
import * as assert from 'node:assert/strict';
import { backwardAll } from '../../../src/engine/backward';
import { forwardAll } from '../../../src/engine/forward';
import { heapArena, wasmArena } from '../../../src/engine/kernels/arena';
import { kernelScratchLength, kernelsFor, typescriptKernels, type Kernels } from '../../../src/engine/kernels/kernels';
import { createPacked, packRows, packTransposed } from '../../../src/engine/kernels/packed';
import { webAssemblyKernelsAvailable } from '../../../src/engine/kernels/wasm';
import { createRandom } from '../../../src/engine/random';
import type { CellType, Nonlinearity } from '../../../src/engine/types';
import { createWorkspace } from '../../../src/engine/workspace';
import { randomSpec } from './helpers';

const random = createRandom(7);

/** y_i = Σ_j W_ij x_j summed left to right from 0 (or y_i + that sum): what every kernel must reproduce exactly */
function textbookProduct(W: Float64Array, rows: number, cols: number, x: Float64Array, xo: number, y: Float64Array, yo: number, add: boolean): void {
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += W[i * cols + j] * x[xo + j];
    y[yo + i] = add ? y[yo + i] + s : s;
  }
}

/** A fresh arena with WebAssembly kernels, and a way to put numbers in it. */
function wasmSetup(bytes: number): { kernels: Kernels; f64: (values: ArrayLike<number>) => Float64Array; i32: (values: ArrayLike<number>) => Int32Array; arena: NonNullable<ReturnType<typeof wasmArena>> } {
  const arena = wasmArena(bytes);
  assert.ok(arena, 'a WebAssembly memory');
  return {
    arena,
    kernels: kernelsFor(arena, arena.f64(kernelScratchLength(300))),
    f64: (values) => {
      const a = arena.f64(values.length);
      a.set(values);
      return a;
    },
    i32: (values) => {
      const a = arena.i32(values.length);
      a.set(values);
      return a;
    },
  };
}

const fill = (n: number) => Float64Array.from({ length: n }, () => random.uniform(-1, 1));

describe('matrix kernels', () => {
  it('WebAssembly SIMD is available in Node, and a workspace uses it', () => {
    assert.equal(webAssemblyKernelsAvailable(), true);
    const ws = createWorkspace(randomSpec({ cell: 'lstm', loss: { type: 'mse', on: 'last' }, seed: 3 }));
    assert.equal(ws.kernels.kind, 'webassembly');
    assert.equal(createWorkspace(randomSpec({ cell: 'lstm', loss: { type: 'mse', on: 'last' }, seed: 3 }), undefined, { kernels: 'typescript' }).kernels.kind, 'typescript');
  });

  const shapes = [[8, 4], [7, 5], [1, 3], [3, 1], [37, 19], [16, 64], [5, 130]];
  for (const [rows, cols] of shapes) {
    it(`multiplyRows ${rows}×${cols}: the textbook sums, bitwise, for 1 to 9 vectors, gathered or contiguous, set or add`, () => {
      const W = fill(rows * cols);
      const wasm = wasmSetup(1 << 20);
      for (const [name, kernels, place] of [['typescript', typescriptKernels, (a: Float64Array) => a], ['webassembly', wasm.kernels, wasm.f64]] as const) {
        const packed = name === 'typescript' ? createPacked(heapArena(), rows, cols) : createPacked(wasm.arena, rows, cols);
        packRows(W, packed);
        const X = place(fill(11 * cols));
        for (let n = 1; n <= 9; n++) {
          for (const add of [false, true]) {
            const xRows = (name === 'typescript' ? (a: ArrayLike<number>) => Int32Array.from(a) : wasm.i32)(Array.from({ length: n }, (_, k) => (2 * k + 3) % 11));
            const yRows = (name === 'typescript' ? (a: ArrayLike<number>) => Int32Array.from(a) : wasm.i32)(Array.from({ length: n }, (_, k) => 10 - k));
            const gathered = place(fill(11 * rows));
            const expected = Float64Array.from(gathered);
            (add ? kernels.multiplyAddRows : kernels.multiplyRows)(packed, X, xRows, gathered, yRows, n);
            for (let k = 0; k < n; k++) textbookProduct(W, rows, cols, X, xRows[k] * cols, expected, yRows[k] * rows, add);
            assert.deepEqual(Array.from(gathered), Array.from(expected), `${name} n=${n} add=${add}`);

            const contiguous = place(fill(n * rows));
            const expectedContiguous = Float64Array.from(contiguous);
            (add ? kernels.multiplyAddRows : kernels.multiplyRows)(packed, X, null, contiguous, null, n);
            for (let k = 0; k < n; k++) textbookProduct(W, rows, cols, X, k * cols, expectedContiguous, k * rows, add);
            assert.deepEqual(Array.from(contiguous), Array.from(expectedContiguous), `${name} contiguous n=${n} add=${add}`);
          }
        }
      }
    });
  }

  it('affineRows: b + M x_k for every row, bitwise the reference, for a last panel of 1 to 4 rows', () => {
    const wasm = wasmSetup(1 << 20);
    for (const rows of [5, 6, 7, 8, 13]) {
      const cols = 9;
      const W = fill(rows * cols);
      const b = fill(rows);
      const X = fill(6 * cols);
      const packed = createPacked(wasm.arena, rows, cols);
      packRows(W, packed);
      const expected = new Float64Array(6 * rows);
      for (let k = 0; k < 6; k++) {
        expected.set(b, k * rows);
        textbookProduct(W, rows, cols, X, k * cols, expected, k * rows, true);
      }
      const reference = new Float64Array(6 * rows);
      typescriptKernels.affineRows(packed, b, X, reference, 6);
      assert.deepEqual(Array.from(reference), Array.from(expected), `typescript, ${rows} rows`);
      for (const n of [1, 5, 6]) {
        const Y = wasm.f64(fill(6 * rows));
        const untouched = Array.from(Y.subarray(n * rows));
        wasm.kernels.affineRows(packed, wasm.f64(b), wasm.f64(X), Y, n);
        assert.deepEqual(Array.from(Y.subarray(0, n * rows)), Array.from(expected.subarray(0, n * rows)), `webassembly, ${rows} rows, n=${n}`);
        assert.deepEqual(Array.from(Y.subarray(n * rows)), untouched, 'rows past n untouched');
      }
    }
  });

  it('packTransposed packs Wᵀ: multiplying by it is the textbook Wᵀ x', () => {
    const [rows, cols] = [6, 9]; // W is rows × cols; Wᵀ is cols × rows
    const W = fill(rows * cols);
    const WT = new Float64Array(cols * rows);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) WT[j * rows + i] = W[i * cols + j];
    const packed = createPacked(heapArena(), cols, rows);
    packTransposed(W, packed);
    const x = fill(rows);
    const y = new Float64Array(cols);
    const expected = new Float64Array(cols);
    typescriptKernels.multiplyRows(packed, x, null, y, null, 1);
    textbookProduct(WT, cols, rows, x, 0, expected, 0, false);
    assert.deepEqual(y, expected);
  });

  for (const [rows, cols, count] of [[9, 5, 71], [4, 3, 4], [1, 6, 300], [6, 2, 3], [12, 8, 513], [5, 11, 257]]) {
    it(`addOuterProducts ${rows}×${cols} over ${count} rows: C + Σ_r a_r b_rᵀ summed in order of r, bitwise`, () => {
      const wasm = wasmSetup(1 << 22);
      const A = fill((count + 2) * rows);
      const B = fill((count + 1) * cols);
      const C = fill(rows * cols);
      const expected = Float64Array.from(C);
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          let s = expected[i * cols + j];
          for (let r = 0; r < count; r++) s += A[(r + 2) * rows + i] * B[(r + 1) * cols + j];
          expected[i * cols + j] = s;
        }
      }
      const reference = Float64Array.from(C);
      typescriptKernels.addOuterProducts(reference, rows, cols, A, 2, B, 1, count);
      assert.deepEqual(Array.from(reference), Array.from(expected), 'typescript');
      const inWasm = wasm.f64(C);
      wasm.kernels.addOuterProducts(inWasm, rows, cols, wasm.f64(A), 2, wasm.f64(B), 1, count);
      assert.deepEqual(Array.from(inWasm), Array.from(expected), 'webassembly');
    });
  }

  const cases: [CellType, Nonlinearity | undefined][] = [['rnn', 'tanh'], ['rnn', 'relu'], ['rnn', 'sigmoid'], ['rnn', 'identity'], ['lstm', undefined], ['gru', undefined]];
  for (const [cell, nonlinearity] of cases) {
    it(`${cell}${nonlinearity ? ` (${nonlinearity})` : ''}, H odd: forward + BPTT with the WebAssembly kernels is bitwise that with the TypeScript ones`, () => {
      const spec = randomSpec({ cell, nonlinearity, numLayers: 2, hiddenSize: 7, inputSize: 3, outputSize: 2, loss: { type: 'mse', on: 'all' }, lengths: [5, 9, 2, 9], seed: 71 });
      const [wasm, ts] = [createWorkspace(spec), createWorkspace(spec, undefined, { kernels: 'typescript' })];
      assert.equal(forwardAll(wasm), forwardAll(ts));
      backwardAll(wasm);
      backwardAll(ts);
      assert.deepEqual(Array.from(wasm.grads), Array.from(ts.grads));
      wasm.layers.forEach((layer, l) => assert.deepEqual(Array.from(layer.dLdh), Array.from(ts.layers[l].dLdh), `dL/dh, layer ${l}`));
    });
  }
});
