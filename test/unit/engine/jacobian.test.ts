// The step-Jacobian spectral norms against an explicit Jacobian built by finite differences of the cell's own
// forward step (not its tangent function), whose largest singular value is found by long power iteration.
import * as assert from 'node:assert/strict';
import { run } from '../../../src/engine';
import { createStepRows, selectRow } from '../../../src/engine/batch';
import { forwardAll } from '../../../src/engine/forward';
import { gruStep } from '../../../src/engine/gruCell';
import { lstmStep } from '../../../src/engine/lstmCell';
import { rnnStep } from '../../../src/engine/rnnCell';
import { createWorkspace } from '../../../src/engine/workspace';
import { randomSpec } from './helpers';

/** ∂h_t/∂h_{t−1} (H×H) by central differences of the cell's forward step, c_{t−1} held fixed. */
function explicitJacobian(spec: ReturnType<typeof randomSpec>, s: number, l: number, t: number): number[][] {
  const ws = createWorkspace(spec);
  forwardAll(ws);
  const { dims } = ws;
  const H = dims.hiddenSize;
  const GH = dims.gateCount * H;
  const layer = ws.layers[l];
  const row = ws.dataset.sequences[s].start + t;
  // A two-row copy of the layer: row 0 holds h_{t−1} (and c_{t−1}), row 1 is step t, recomputed from them.
  const hPrev = t > 0 ? layer.h.slice((row - 1) * H, row * H) : new Float64Array(H);
  const cPrev = t > 0 && dims.cell === 'lstm' ? layer.c.slice((row - 1) * H, row * H) : new Float64Array(H);
  const step = (prev: Float64Array): Float64Array => {
    const mini = {
      gi: new Float64Array(2 * GH),
      h: new Float64Array(2 * H),
      c: new Float64Array(2 * H),
      tanhC: new Float64Array(2 * H),
      gates: new Float64Array(2 * GH),
      hiddenN: new Float64Array(2 * H),
      whh: layer.whh,
      whhT: layer.whhT,
      bhh: layer.bhh,
    };
    mini.gi.set(layer.gi.subarray(row * GH, (row + 1) * GH), GH);
    mini.h.set(prev);
    mini.c.set(cPrev);
    const one = createStepRows(1);
    selectRow(1, 1, one); // a batch of one sequence at row 1, whose previous row is 0
    if (dims.cell === 'rnn') rnnStep(ws.kernels, mini, dims.nonlinearity, H, one);
    else if (dims.cell === 'lstm') lstmStep(ws.kernels, mini, H, one);
    else gruStep(ws.kernels, mini, H, one);
    return mini.h.slice(H);
  };
  const J = Array.from({ length: H }, () => new Array<number>(H).fill(0));
  const delta = 1e-6;
  for (let j = 0; j < H; j++) {
    const plus = Float64Array.from(hPrev);
    const minus = Float64Array.from(hPrev);
    plus[j] += delta;
    minus[j] -= delta;
    const hp = step(plus);
    const hm = step(minus);
    for (let i = 0; i < H; i++) J[i][j] = (hp[i] - hm[i]) / (2 * delta);
  }
  return J;
}

function largestSingularValue(J: number[][]): number {
  const n = J.length;
  let v = Array.from({ length: n }, (_, i) => 1 + i / 7);
  let sigma = 0;
  for (let k = 0; k < 2000; k++) {
    const u = J.map((row) => row.reduce((s, x, j) => s + x * v[j], 0));
    const w = v.map((_, j) => u.reduce((s, ui, i) => s + J[i][j] * ui, 0));
    const length = Math.hypot(...w);
    v = w.map((x) => x / length);
    sigma = Math.hypot(...J.map((row) => row.reduce((s, x, j) => s + x * v[j], 0)));
  }
  return sigma;
}

describe('step Jacobian norms', () => {
  for (const cell of ['rnn', 'lstm', 'gru'] as const) {
    it(`${cell}: ‖∂h_t/∂h_{t−1}‖₂ at every step and layer matches the explicit Jacobian`, () => {
      const spec = randomSpec({ cell, numLayers: 2, hiddenSize: 4, loss: { type: 'mse', on: 'last' }, lengths: [6, 3], seed: 51 });
      const result = run(spec);
      for (let s = 0; s < 2; s++) {
        for (let l = 0; l < 2; l++) {
          const norms = result.layers[l].jacobianNorm[s];
          assert.equal(norms.length, spec.data.sequences[s].inputs.length);
          norms.forEach((estimate, t) => {
            const exact = largestSingularValue(explicitJacobian(spec, s, l, t));
            // Power iteration approaches σ_max from below, and the engine runs only a few iterations (a plot on a
            // log scale needs no more): a lower bound within 0.1%. The 1e−7 allows for the finite differences.
            const at = `sequence ${s} layer ${l} step ${t}: ${estimate} vs ${exact}`;
            assert.ok(estimate <= exact * (1 + 1e-7), at);
            assert.ok(estimate >= exact * (1 - 1e-3), at);
          });
        }
      }
    });
  }

  for (const cell of ['rnn', 'lstm', 'gru'] as const) {
    it(`${cell}: a 27-step sequence, walked as 3 stretches side by side, still matches the explicit Jacobian at every step`, () => {
      const spec = randomSpec({ cell, hiddenSize: 5, loss: { type: 'mse', on: 'last' }, lengths: [27], seed: 54 });
      const norms = run(spec).layers[0].jacobianNorm[0];
      assert.equal(norms.length, 27);
      norms.forEach((estimate, t) => {
        const exact = largestSingularValue(explicitJacobian(spec, 0, 0, t));
        const at = `step ${t}: ${estimate} vs ${exact}`;
        assert.ok(estimate <= exact * (1 + 1e-7), at);
        assert.ok(estimate >= exact * (1 - 1e-3), at);
      });
    });
  }

  it("can be limited to one sequence, whose norms are then the same to the bit", () => {
    const spec = randomSpec({ cell: 'lstm', numLayers: 2, hiddenSize: 4, loss: { type: 'mse', on: 'last' }, lengths: [6, 3, 5], seed: 53 });
    const all = run(spec);
    const one = run(spec, { jacobianSequence: 2 });
    for (let l = 0; l < 2; l++) {
      assert.deepEqual(one.layers[l].jacobianNorm[2], all.layers[l].jacobianNorm[2]);
      assert.equal(one.layers[l].jacobianNorm[2].length, 5);
      assert.deepEqual([one.layers[l].jacobianNorm[0], one.layers[l].jacobianNorm[1]], [[], []]);
    }
    assert.equal(one.loss, all.loss);
  });

  it('can be switched off', () => {
    const result = run(randomSpec({ cell: 'gru', loss: { type: 'mse', on: 'last' }, seed: 52 }), { jacobian: false });
    assert.deepEqual(result.layers[0].jacobianNorm, []);
  });
});
