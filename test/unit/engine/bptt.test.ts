// Independent checks of what BPTT reports beyond the parameter gradients: dL/dh_t and dL/dc_t (by nudging h_t and
// c_t themselves), per-step contributions, truncation, the scalar closed form, batches and lengths.
import * as assert from 'node:assert/strict';
import { run } from '../../../src/engine';
import { forwardAll, type Perturbation } from '../../../src/engine/forward';
import type { CellType, EngineSpec, WeightValue } from '../../../src/engine/types';
import { createWorkspace } from '../../../src/engine/workspace';
import { assertClose, randomSpec } from './helpers';

const TIGHT = { relative: 1e-6, absolute: 1e-9 };
const EXACT = { relative: 1e-12, absolute: 1e-15 };

/** dL/d(quantity) at every (sequence, layer, step, unit) by central differences on the forward pass alone. */
function numericTotalDerivatives(spec: EngineSpec, quantity: 'hidden' | 'cell'): number[][][][] {
  const ws = createWorkspace(spec);
  const delta = 1e-6;
  const L = ws.dims.numLayers;
  return ws.dataset.sequences.map(({ length }, sequence) =>
    Array.from({ length: L }, (_, layer) =>
      Array.from({ length }, (_, step) =>
        Array.from({ length: ws.dims.hiddenSize }, (_, unit) => {
          const at = (d: number): number => forwardAll(ws, { sequence, layer, step, unit, quantity, delta: d } satisfies Perturbation);
          return (at(delta) - at(-delta)) / (2 * delta);
        }),
      ),
    ),
  );
}

function flatten(value: WeightValue): number[] {
  return (value as (number | number[])[]).flat();
}

describe('dL/dh and dL/dc are total derivatives', () => {
  const cases: { cell: CellType; numLayers: number }[] = [
    { cell: 'rnn', numLayers: 2 },
    { cell: 'lstm', numLayers: 2 },
    { cell: 'gru', numLayers: 3 },
  ];
  for (const { cell, numLayers } of cases) {
    for (const on of ['last', 'all'] as const) {
      it(`${cell}, ${numLayers} layers, loss on ${on}: every layer's dL/dh_t matches nudging h_t`, () => {
        const spec = randomSpec({ cell, numLayers, loss: { type: 'mse', on }, lengths: [5, 3], seed: 11 });
        const result = run(spec);
        const numeric = numericTotalDerivatives(spec, 'hidden');
        result.layers.forEach((layer, l) => assertClose(layer.dLdh, numeric.map((s) => s[l]), TIGHT, `layer ${l}`));
        assert.deepEqual(result.dLdh, result.layers[numLayers - 1].dLdh);
      });
    }
  }

  it("lstm: every layer's dL/dc_t matches nudging c_t", () => {
    const spec = randomSpec({ cell: 'lstm', numLayers: 2, loss: { type: 'cross-entropy', on: 'all' }, lengths: [4, 6], seed: 12 });
    const result = run(spec);
    const numeric = numericTotalDerivatives(spec, 'cell');
    result.layers.forEach((layer, l) => assertClose(layer.dLdc, numeric.map((s) => s[l]), TIGHT, `layer ${l}`));
  });

  it('dL/dh_t at a relu step that is switched off is still dL/dh (not dL/da): nonzero at h = 0', () => {
    const result = run({
      model: { cell: 'rnn', nonlinearity: 'relu', inputSize: 1, hiddenSize: 1, outputSize: 1, weights: { weight_ih_l0: [[1]], weight_hh_l0: [[-0.5]], bias_ih_l0: [0], bias_hh_l0: [0], 'fc.weight': [[1.1]], 'fc.bias': [0] } },
      data: { sequences: [{ inputs: [[0], [0.5]], target: [1] }] },
      loss: { type: 'mse', on: 'last' },
    });
    // L = (1.1 h_1 − 1)², h_1 = relu(0.5 − 0.5 h_0): dL/dh_1 = 2.2 (0.55 − 1), dL/dh_0 = −0.5 dL/dh_1
    assertClose(result.dLdh[0], [[-0.5 * 2.2 * (0.55 - 1)], [2.2 * (0.55 - 1)]], EXACT);
  });
});

describe('scalar relu RNN: dL/dh_t = dL/dh_T · w^(T−t)', () => {
  for (const w of [2, 0.5]) {
    it(`w_hh = ${w} over 50 steps (${w > 1 ? 'exploding' : 'vanishing'})`, () => {
      const T = 50;
      const result = run({
        model: { cell: 'rnn', nonlinearity: 'relu', inputSize: 1, hiddenSize: 1, outputSize: 1, weights: { weight_ih_l0: [[1]], weight_hh_l0: [[w]], bias_ih_l0: [0], bias_hh_l0: [0], 'fc.weight': [[1]], 'fc.bias': [0] } },
        data: { sequences: [{ inputs: Array.from({ length: T }, (_, t) => [t === 0 ? 1 : 0.25]), target: [1] }] },
        loss: { type: 'mse', on: 'last' },
      });
      const last = result.dLdh[0][T - 1][0];
      for (let t = 0; t < T; t++) assertClose(result.dLdh[0][t][0], last * w ** (T - 1 - t), EXACT, `step ${t}`);
      // The step Jacobian of this cell is w wherever the unit is on: exact for a 1×1 matrix.
      assertClose(result.layers[0].jacobianNorm[0], Array(T).fill(w), EXACT);
      assertClose(result.stepGradNorm[0], result.dLdh[0].map(([g]) => Math.abs(g)), EXACT);
    });
  }
});

describe('per-step contributions', () => {
  // hiddenSize 8 takes the Gram-matrix path for the norms of the larger matrices, 3 the explicit sum;
  // truncation 2 checks that the summands of a truncated gradient add up to it too.
  const variants = [
    { cell: 'rnn', hiddenSize: 3 },
    { cell: 'lstm', hiddenSize: 3 },
    { cell: 'gru', hiddenSize: 3 },
    { cell: 'lstm', hiddenSize: 8 },
    { cell: 'gru', hiddenSize: 8, truncation: 2 },
  ] as const;
  for (const { cell, hiddenSize, truncation } of variants.map((v) => ({ truncation: undefined, ...v }))) {
    it(`${cell}, H = ${hiddenSize}${truncation ? `, BPTT(${truncation})` : ''}: the step summands add up to the gradient, and 'norms' are their Frobenius norms`, () => {
      const spec = randomSpec({ cell, hiddenSize, numLayers: 2, loss: { type: 'mse', on: 'all' }, lengths: [5, 3, 4], seed: 21 });
      const full = run(spec, { contributions: 'full', truncation });
      const norms = run(spec, { truncation }).contributionNorms!;
      for (const [name, grad] of Object.entries(full.grads)) {
        const summands = full.contributions![name];
        assert.equal(summands.length, 5);
        const sum = flatten(grad).map((_, i) => summands.reduce((acc, s) => acc + flatten(s)[i], 0));
        assertClose(sum, flatten(grad), { relative: 1e-12, absolute: 1e-14 }, name);
        const frobenius = summands.map((s) => Math.hypot(...flatten(s)));
        assertClose(norms[name], frobenius, { relative: 1e-9, absolute: 1e-14 }, `${name} norms`);
      }
    });
  }

  it("'none' leaves them out", () => {
    const result = run(randomSpec({ cell: 'rnn', loss: { type: 'mse', on: 'last' }, seed: 2 }), { contributions: 'none' });
    assert.equal(result.contributionNorms, undefined);
    assert.equal(result.contributions, undefined);
  });
});

describe('truncated BPTT', () => {
  for (const cell of ['rnn', 'lstm', 'gru'] as const) {
    it(`${cell}: k ≥ T is full BPTT`, () => {
      const spec = randomSpec({ cell, numLayers: 2, loss: { type: 'mse', on: 'all' }, lengths: [6, 4], seed: 31 });
      const full = run(spec);
      for (const k of [6, 7, 1000]) {
        const truncated = run(spec, { truncation: k });
        assertClose(truncated.grads, full.grads, EXACT, `k=${k} grads`);
        assertClose(truncated.layers.map((l) => l.dLdh), full.layers.map((l) => l.dLdh), EXACT, `k=${k} dLdh`);
      }
    });

    it(`${cell}: with the loss on the last step, BPTT(k) keeps dL/dh of the last k steps and zeroes the rest`, () => {
      const spec = randomSpec({ cell, numLayers: 2, loss: { type: 'mse', on: 'last' }, lengths: [7], seed: 32 });
      const full = run(spec);
      const k = 3;
      const truncated = run(spec, { truncation: k });
      full.layers.forEach((layer, l) => {
        const expected = layer.dLdh[0].map((row, t) => (t >= 7 - k ? row : row.map(() => 0)));
        assertClose(truncated.layers[l].dLdh[0], expected, EXACT, `layer ${l}`);
      });
    });
  }

  it('reads the truncation from spec.training when the options do not give one', () => {
    const spec = randomSpec({ cell: 'rnn', loss: { type: 'mse', on: 'all' }, lengths: [6], seed: 33 });
    const viaOptions = run(spec, { truncation: 2 });
    const viaSpec = run({ ...spec, training: { truncation: 2 } });
    assert.deepEqual(viaSpec.grads, viaOptions.grads);
    assert.notDeepEqual(viaOptions.grads, run(spec).grads);
  });

  it('scalar relu RNN, loss on every step, k = 2: each term reaches its own step and the one before', () => {
    const w = 0.5;
    const T = 4;
    const result = run(
      {
        model: { cell: 'rnn', nonlinearity: 'relu', inputSize: 1, hiddenSize: 1, outputSize: 1, weights: { weight_ih_l0: [[1]], weight_hh_l0: [[w]], bias_ih_l0: [0], bias_hh_l0: [0], 'fc.weight': [[1]], 'fc.bias': [0] } },
        data: { sequences: [{ inputs: [[1], [1], [1], [1]], targets: [[0], [0], [0], [0]] }] },
        loss: { type: 'mse', on: 'all' },
      },
      { truncation: 2 },
    );
    // h = 1, 1.5, 1.75, 1.875; dL/dy_t = 2 h_t / 4; dL/dh_t = dL/dy_t + w · dL/dy_{t+1} (only one step back)
    const h = [1, 1.5, 1.75, 1.875];
    const g = h.map((v) => (2 * v) / T);
    assertClose(result.dLdh[0].map(([v]) => v), [g[0] + w * g[1], g[1] + w * g[2], g[2] + w * g[3], g[3]], EXACT);
    // dL/dw_hh = Σ_t dL/da_t · h_{t−1}, with dL/da_t = dL/dh_t (all units on)
    const expectedWhh = (g[1] + w * g[2]) * h[0] + (g[2] + w * g[3]) * h[1] + g[3] * h[2];
    assertClose(result.grads.weight_hh_l0, [[expectedWhh]], EXACT);
  });
});

describe('batches', () => {
  it('the loss and gradients over sequences of different lengths are the means PyTorch would take', () => {
    const spec = randomSpec({ cell: 'gru', numLayers: 2, loss: { type: 'mse', on: 'all' }, lengths: [5, 2, 3], seed: 41 });
    const batch = run(spec);
    // Each sequence alone is a mean over its own 3·T_s elements; the batch mean weights them by T_s / ΣT.
    const weights = [5 / 10, 2 / 10, 3 / 10];
    const alone = spec.data.sequences.map((sequence) => run({ ...spec, data: { sequences: [sequence] } }));
    assertClose(batch.loss, alone.reduce((sum, r, s) => sum + weights[s] * r.loss, 0), EXACT);
    for (const name of Object.keys(batch.grads)) {
      const expected = flatten(batch.grads[name]).map((_, i) => alone.reduce((sum, r, s) => sum + weights[s] * flatten(r.grads[name])[i], 0));
      assertClose(flatten(batch.grads[name]), expected, EXACT, name);
    }
    alone.forEach((r, s) => assertClose(batch.hidden[s], r.hidden[0], EXACT));
  });

  it('cross-entropy: softmax over the outputs, mean over counted steps (a class as a number or [index])', () => {
    const spec: EngineSpec = {
      model: { cell: 'rnn', inputSize: 1, hiddenSize: 1, outputSize: 2, nonlinearity: 'identity', weights: { weight_ih_l0: [[1]], weight_hh_l0: [[0]], bias_ih_l0: [0], bias_hh_l0: [0], 'fc.weight': [[1], [-1]], 'fc.bias': [0, 0] } },
      data: { sequences: [{ inputs: [[0.5], [2]], targets: [0, [1]] }] },
      loss: { type: 'cross-entropy', on: 'all' },
    };
    const result = run(spec);
    // scores (x, −x): −log softmax = log(1 + e^(−2x)) for class 0, log(1 + e^(2x)) for class 1
    assertClose(result.loss, (Math.log(1 + Math.exp(-1)) + Math.log(1 + Math.exp(4))) / 2, EXACT);
  });
});

describe('non-finite values are reported, never thrown', () => {
  it('relu RNN with w_hh = 2 over 1100 steps overflows at step 1024', () => {
    const T = 1100;
    const result = run({
      model: { cell: 'rnn', nonlinearity: 'relu', inputSize: 1, hiddenSize: 1, outputSize: 1, weights: { weight_ih_l0: [[1]], weight_hh_l0: [[2]], bias_ih_l0: [0], bias_hh_l0: [0], 'fc.weight': [[1]], 'fc.bias': [0] } },
      data: { sequences: [{ inputs: Array.from({ length: T }, (_, t) => [t === 0 ? 1 : 0]), target: [1] }] },
      loss: { type: 'mse', on: 'last' },
    });
    assert.deepEqual(result.firstNonFinite, { sequence: 0, step: 1024, layer: 0, quantity: 'hidden', phase: 'forward' });
    assert.equal(result.hidden[0][1023][0], 2 ** 1023);
    assert.equal(result.loss, Infinity);
    assert.ok(!Number.isFinite((result.grads.weight_hh_l0 as number[][])[0][0]));
    assert.equal(result.layers[0].jacobianNorm[0].length, T);
  });

  it('a gradient that overflows while the forward pass stays finite is reported in the backward phase', () => {
    // w_hh = 1e200: h stays at 0 (inputs 0), so the forward pass is finite; dL/dh grows by 1e200 per step back.
    const result = run({
      model: { cell: 'rnn', nonlinearity: 'identity', inputSize: 1, hiddenSize: 1, outputSize: 1, weights: { weight_ih_l0: [[1]], weight_hh_l0: [[1e200]], bias_ih_l0: [0], bias_hh_l0: [0], 'fc.weight': [[1]], 'fc.bias': [0] } },
      data: { sequences: [{ inputs: [[0], [0], [0], [0]], target: [1] }] },
      loss: { type: 'mse', on: 'last' },
    });
    assert.deepEqual(result.firstNonFinite, { sequence: 0, step: 1, layer: 0, quantity: 'dLdh', phase: 'backward' });
  });

  it('an infinite gradient at the first step reaches dL/dW_hh as NaN: PyTorch multiplies it by the zero initial state', () => {
    // torch.nn.RNN(1, 1, nonlinearity='relu') with these weights, then backward() (PyTorch 1.13, float64):
    // loss inf, weight_hh_l0.grad nan, bias_hh_l0.grad inf, weight_ih_l0.grad nan.
    const result = run({
      model: { cell: 'rnn', nonlinearity: 'relu', inputSize: 1, hiddenSize: 1, outputSize: 1, weights: { weight_ih_l0: [[1]], weight_hh_l0: [[1e300]], bias_ih_l0: [0], bias_hh_l0: [0], 'fc.weight': [[1]], 'fc.bias': [0] } },
      data: { sequences: [{ inputs: [[1], [0], [0]], target: [1] }] },
      loss: { type: 'mse', on: 'last' },
    });
    assert.equal(result.loss, Infinity);
    assert.ok(Number.isNaN((result.grads.weight_hh_l0 as number[][])[0][0]));
    assert.equal((result.grads.bias_hh_l0 as number[])[0], Infinity);
    assert.ok(Number.isNaN((result.grads.weight_ih_l0 as number[][])[0][0]));
  });
});
