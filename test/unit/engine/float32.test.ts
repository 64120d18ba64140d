// training.precision "float32": the float32 WebAssembly kernels (f32.wat) against their TypeScript reference, bit for
// bit, and a float32 pass against the float64 one, within what float32 rounding allows.
import * as assert from 'node:assert/strict';
import { backwardAll } from '../../../src/engine/backward';
import { forwardAll } from '../../../src/engine/forward';
import { wasmArena } from '../../../src/engine/kernels/arena';
import { kernelScratchLength, kernelsFor, typescriptKernels32 } from '../../../src/engine/kernels/kernels';
import { createPacked, packRows } from '../../../src/engine/kernels/packed';
import { createRandom } from '../../../src/engine/random';
import { createTrainer } from '../../../src/engine/train';
import type { CellType, Nonlinearity } from '../../../src/engine/types';
import { createWorkspace } from '../../../src/engine/workspace';
import { assertClose, randomSpec } from './helpers';

const random = createRandom(13);
const fill = (n: number) => Float64Array.from({ length: n }, () => random.uniform(-1, 1));

describe('float32', () => {
  for (const [rows, cols] of [[8, 4], [13, 5], [1, 3], [3, 1], [37, 19], [16, 64], [9, 130]]) {
    it(`multiplyRows ${rows}×${cols} in float32: WebAssembly and the reference agree bitwise (gathered, contiguous, add, bias)`, () => {
      const arena = wasmArena(1 << 22)!;
      const wasm = kernelsFor(arena, arena.f32(kernelScratchLength(300)), 'float32');
      const packed = createPacked(arena, rows, cols, 'float32');
      packRows(fill(rows * cols), packed);
      const f32 = (values: ArrayLike<number>) => {
        const a = arena.f32(values.length);
        a.set(values);
        return a;
      };
      const X = f32(fill(11 * cols));
      const b = f32(fill(rows));
      for (let n = 1; n <= 9; n++) {
        const xRows = arena.i32(n);
        const yRows = arena.i32(n);
        for (let k = 0; k < n; k++) [xRows[k], yRows[k]] = [(2 * k + 3) % 11, 10 - k];
        for (const mode of ['set', 'add'] as const) {
          const start = fill(11 * rows);
          const [mine, theirs] = [f32(start), Float32Array.from(start)];
          const kernel = (k: typeof wasm) => (mode === 'add' ? k.multiplyAddRows : k.multiplyRows);
          kernel(wasm)(packed, X, xRows, mine, yRows, n);
          kernel(typescriptKernels32)(packed, X, xRows, theirs, yRows, n);
          assert.deepEqual(Array.from(mine), Array.from(theirs), `n=${n} ${mode}`);
        }
        const [mine, theirs] = [f32(new Float32Array(n * rows)), new Float32Array(n * rows)];
        wasm.affineRows(packed, b, X, mine, n);
        typescriptKernels32.affineRows(packed, b, X, theirs, n);
        assert.deepEqual(Array.from(mine), Array.from(theirs), `affine n=${n}`);
      }
    });
  }

  for (const [rows, cols, count] of [[9, 5, 71], [4, 8, 4], [1, 17, 300], [12, 16, 513], [5, 11, 257]]) {
    it(`addOuterProducts ${rows}×${cols} over ${count} rows in float32: WebAssembly and the reference agree bitwise`, () => {
      const arena = wasmArena(1 << 22)!;
      const wasm = kernelsFor(arena, arena.f32(kernelScratchLength(300)), 'float32');
      const [A, B, C] = [fill((count + 2) * rows), fill((count + 1) * cols), fill(rows * cols)];
      const put = (values: Float64Array) => {
        const a = arena.f32(values.length);
        a.set(values);
        return a;
      };
      const mine = put(C);
      const theirs = Float32Array.from(C);
      wasm.addOuterProducts(mine, rows, cols, put(A), 2, put(B), 1, count);
      typescriptKernels32.addOuterProducts(theirs, rows, cols, Float32Array.from(A), 2, Float32Array.from(B), 1, count);
      assert.deepEqual(Array.from(mine), Array.from(theirs));
    });
  }

  const cases: [CellType, Nonlinearity | undefined][] = [['rnn', 'tanh'], ['rnn', 'relu'], ['rnn', 'sigmoid'], ['rnn', 'identity'], ['lstm', undefined], ['gru', undefined]];
  for (const [cell, nonlinearity] of cases) {
    it(`${cell}${nonlinearity ? ` (${nonlinearity})` : ''}, H odd: a float32 pass is bitwise the same with either kernels, and within float32 rounding of float64`, () => {
      const spec = randomSpec({ cell, nonlinearity, numLayers: 2, hiddenSize: 7, inputSize: 3, outputSize: 2, loss: { type: 'mse', on: 'all' }, lengths: [5, 9, 2, 9], seed: 91 });
      const [wasm, ts, exact] = [
        createWorkspace(spec, undefined, { precision: 'float32' }),
        createWorkspace(spec, undefined, { precision: 'float32', kernels: 'typescript' }),
        createWorkspace(spec),
      ];
      assert.equal(wasm.kernels.kind, 'webassembly');
      assert.ok(wasm.layers[0].h instanceof Float32Array);
      const loss = forwardAll(wasm);
      assert.equal(loss, forwardAll(ts));
      backwardAll(wasm);
      backwardAll(ts);
      assert.deepEqual(Array.from(wasm.grads), Array.from(ts.grads));
      const exactLoss = forwardAll(exact);
      backwardAll(exact);
      // float32 keeps ~7 digits; a few dozen roundings along 9 steps and 2 layers leave ~1e-5 relative
      assertClose(loss, exactLoss, { relative: 1e-5, absolute: 1e-7 }, 'loss');
      const scale = Math.max(...Array.from(exact.grads, Math.abs));
      assertClose(Array.from(wasm.grads), Array.from(exact.grads), { relative: 1e-4, absolute: 1e-5 * scale }, 'grads');
    });
  }

  it('trains with training.precision "float32", ending near the float64 run', () => {
    const spec = randomSpec({ cell: 'lstm', hiddenSize: 8, loss: { type: 'mse', on: 'last' }, lengths: [6, 6, 6], seed: 92 });
    const run = (precision: 'float32' | 'float64') =>
      createTrainer({ ...spec, training: { optimizer: 'adam', learningRate: 0.02, epochs: 60, precision } }).step(Infinity);
    const [single, double] = [run('float32'), run('float64')];
    assert.equal(single.status, 'done');
    assert.ok(single.loss < 0.5 * createTrainer(spec).evaluate(), 'the loss fell');
    assertClose(single.loss, double.loss, { relative: 1e-3, absolute: 1e-6 }, 'final loss');
  });
});
