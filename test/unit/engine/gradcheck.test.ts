// BPTT against central finite differences over seeded random models: every cell and nonlinearity, 1–3 layers,
// both losses on the last step or every step, identity or sigmoid head, sequences of different lengths.
import * as assert from 'node:assert/strict';
import { gradientCheck } from '../../../src/engine';
import type { CellType, Nonlinearity, OutputActivation } from '../../../src/engine/types';
import { randomSpec } from './helpers';

const cells: { cell: CellType; nonlinearity?: Nonlinearity }[] = [
  { cell: 'rnn', nonlinearity: 'tanh' },
  { cell: 'rnn', nonlinearity: 'relu' },
  { cell: 'rnn', nonlinearity: 'sigmoid' },
  { cell: 'rnn', nonlinearity: 'identity' },
  { cell: 'lstm' },
  { cell: 'gru' },
];
const losses = [
  { type: 'mse', on: 'last' },
  { type: 'mse', on: 'all' },
  { type: 'cross-entropy', on: 'last' },
  { type: 'cross-entropy', on: 'all' },
] as const;
const heads: OutputActivation[] = ['identity', 'sigmoid'];

describe('gradient check (BPTT vs finite differences)', () => {
  let seed = 1;
  for (const { cell, nonlinearity } of cells) {
    for (const numLayers of [1, 2, 3]) {
      for (const loss of losses) {
        for (const outputActivation of heads) {
          const caseSeed = seed++;
          const label = `${cell}${nonlinearity ? `(${nonlinearity})` : ''} × ${numLayers} layer(s), ${loss.type} on ${loss.on}, ${outputActivation} head`;
          it(label, () => {
            const spec = randomSpec({ cell, nonlinearity, numLayers, loss, outputActivation, lengths: [4, 2, 5], seed: caseSeed });
            const result = gradientCheck(spec);
            const worst = result.entries.reduce((a, b) => (b.relativeError > a.relativeError ? b : a));
            assert.ok(result.ok, `worst: ${JSON.stringify(worst)}`);
            assert.equal(result.checked, result.total);
          });
        }
      }
    }
  }

  it('samples a seeded subset when the model is large, the same subset for the same seed', () => {
    const spec = randomSpec({ cell: 'gru', loss: { type: 'mse', on: 'all' }, hiddenSize: 24, lengths: [3], seed: 7 });
    const a = gradientCheck(spec, { maxElements: 100, samplesPerParameter: 5, seed: 3 });
    const b = gradientCheck(spec, { maxElements: 100, samplesPerParameter: 5, seed: 3 });
    assert.ok(a.checked < a.total);
    assert.equal(a.checked, 6 * 5 - 2 - 0); // fc.bias has 3 elements: all of them, not 5
    assert.deepEqual(a.entries.map((e) => [e.name, e.index]), b.entries.map((e) => [e.name, e.index]));
    assert.ok(a.ok);
  });

  it('recognises a relu kink, where BPTT gives one valid subgradient of several', () => {
    // At a = 0 the loss has no derivative; finite differences straddle the kink.
    const spec = randomSpec({ cell: 'rnn', nonlinearity: 'relu', loss: { type: 'mse', on: 'last' }, lengths: [1], inputSize: 1, hiddenSize: 1, outputSize: 1, seed: 1 });
    spec.model.weights = { weight_ih_l0: [[1]], bias_ih_l0: [0], bias_hh_l0: [0], weight_hh_l0: [[1]] };
    spec.data.sequences = [{ inputs: [[0]], target: [1] }];
    const result = gradientCheck(spec);
    const wih = result.entries.find((e) => e.name === 'bias_ih_l0')!;
    // at a = 0: relu'(0) = 0 for BPTT (as PyTorch); the central difference sees the mean of the one-sided slopes
    assert.equal(wih.analytic, 0);
    assert.ok(wih.kink, 'the kink is reported');
    assert.ok(Math.abs(wih.numeric - (wih.kink.left + wih.kink.right) / 2) < 1e-6);
    assert.ok(Math.min(wih.kink.left, wih.kink.right) <= 0 && Math.max(wih.kink.left, wih.kink.right) > 0.1);
    assert.ok(wih.ok, 'relu′(0) = 0 lies between the one-sided slopes');
  });

  it('finds no kink where the loss is smooth', () => {
    const spec = randomSpec({ cell: 'rnn', nonlinearity: 'relu', loss: { type: 'mse', on: 'last' }, lengths: [1], inputSize: 1, hiddenSize: 1, outputSize: 1, seed: 1 });
    spec.model.weights = { weight_ih_l0: [[1]], bias_ih_l0: [0], bias_hh_l0: [0], weight_hh_l0: [[1]] };
    spec.data.sequences = [{ inputs: [[0]], target: [1] }];
    const smooth = gradientCheck({ ...spec, model: { ...spec.model, nonlinearity: 'tanh' } });
    assert.ok(smooth.entries.every((e) => e.kink === undefined), 'a smooth loss has no kinks');
  });
});
