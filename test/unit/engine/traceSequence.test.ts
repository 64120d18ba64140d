// A run that nests the per-step traces of one sequence only (what the preview reads) computes the same numbers.
import * as assert from 'node:assert/strict';
import { run } from '../../../src/engine';
import { randomSpec } from './helpers';

describe('run limited to one sequence of traces', () => {
  for (const cell of ['lstm', 'gru'] as const) {
    it(`gives that ${cell} sequence's traces to the bit, empty rows for the others, and the same loss and gradients`, () => {
      const spec = randomSpec({ cell, numLayers: 2, hiddenSize: 4, loss: { type: 'mse', on: 'all' }, lengths: [6, 3, 5], seed: 61 });
      const all = run(spec);
      const one = run(spec, { traceSequence: 1 });
      assert.deepEqual(one.outputs, [[], all.outputs[1], []]);
      for (let l = 0; l < 2; l++) {
        const [a, b] = [all.layers[l], one.layers[l]];
        assert.deepEqual(b.hidden, [[], a.hidden[1], []]);
        assert.deepEqual(b.dLdh, [[], a.dLdh[1], []]);
        assert.deepEqual(b.cell, a.cell && [[], a.cell[1], []]);
        for (const name of Object.keys(a.gates!)) assert.deepEqual(b.gates![name], [[], a.gates![name][1], []], `${cell} layer ${l} gate ${name}`);
      }
      assert.equal(one.loss, all.loss);
      assert.deepEqual(one.grads, all.grads);
      assert.deepEqual(one.stepGradNorm, all.stepGradNorm);
    });
  }
});
