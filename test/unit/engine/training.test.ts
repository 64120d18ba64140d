// Optimisers against hand-computed steps, clipping, and training end to end.
import * as assert from 'node:assert/strict';
import { adamStep, clipGradNorm, clipGradValue, createAdam, createSgd, createTrainer, sgdMomentumStep, train } from '../../../src/engine';
import type { EngineSpec } from '../../../src/engine/types';
import { assertClose, randomSpec } from './helpers';

const EXACT = { relative: 1e-14, absolute: 1e-16 };

describe('optimisers', () => {
  it('SGD with momentum: b = μb + g, θ −= lr·b (two steps by hand)', () => {
    const params = Float64Array.from([1, -2]);
    const buffer = new Float64Array(2);
    sgdMomentumStep(params, Float64Array.from([0.5, 1]), buffer, 0.1, 0.9);
    assertClose(Array.from(params), [1 - 0.05, -2 - 0.1], EXACT);
    sgdMomentumStep(params, Float64Array.from([0.5, 1]), buffer, 0.1, 0.9);
    // b = 0.9·0.5 + 0.5 = 0.95, 0.9·1 + 1 = 1.9
    assertClose(Array.from(params), [0.95 - 0.095, -2.1 - 0.19], EXACT);
    const sgd = createSgd(1, { learningRate: 1, momentum: 0 });
    const p = Float64Array.from([3]);
    sgd.step(p, Float64Array.from([2]));
    assert.deepEqual(Array.from(p), [1]);
    assert.equal(sgd.steps, 1);
  });

  it('Adam: the first step moves each weight by lr·g/(|g| + ε) (bias correction makes m̂ = g, v̂ = g²)', () => {
    const params = Float64Array.from([1, 1]);
    const m = new Float64Array(2);
    const v = new Float64Array(2);
    adamStep(params, Float64Array.from([0.2, -3]), m, v, 1, 0.01, 0.9, 0.999, 1e-8);
    assertClose(Array.from(params), [1 - (0.01 * 0.2) / (0.2 + 1e-8), 1 + (0.01 * 3) / (3 + 1e-8)], { relative: 1e-12, absolute: 0 });
    assertClose(Array.from(m), [0.1 * 0.2, 0.1 * -3], EXACT);
    assertClose(Array.from(v), [0.001 * 0.04, 0.001 * 9], EXACT);
  });

  it('Adam: the second step, by hand', () => {
    const adam = createAdam(1, { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    const p = Float64Array.from([0]);
    adam.step(p, Float64Array.from([1]));
    adam.step(p, Float64Array.from([-1]));
    const m = 0.9 * 0.1 - 0.1;
    const v = 0.999 * 0.001 + 0.001;
    const second = (0.1 / (1 - 0.81)) * m / (Math.sqrt(v) / Math.sqrt(1 - 0.999 ** 2) + 1e-8);
    assertClose(Array.from(p), [-0.1 / (1 + 1e-8) - second], { relative: 1e-12, absolute: 0 });
  });
});

describe('gradient clipping', () => {
  it('by global norm: scales to maxNorm/(‖g‖ + 1e−6) when above, untouched below', () => {
    const g = Float64Array.from([3, 4]);
    assert.equal(clipGradNorm(g, 1), 5);
    assertClose(Array.from(g), [3 / (5 + 1e-6), 4 / (5 + 1e-6)], EXACT);
    const small = Float64Array.from([0.3, 0.4]);
    clipGradNorm(small, 1);
    assert.deepEqual(Array.from(small), [0.3, 0.4]);
  });

  it('by value: clamps each element', () => {
    const g = Float64Array.from([-5, 0.2, 7]);
    clipGradValue(g, 1);
    assert.deepEqual(Array.from(g), [-1, 0.2, 1]);
  });
});

const tinyTask = (): EngineSpec => ({
  // Remember the first input: a classic that needs the recurrence.
  model: { cell: 'gru', inputSize: 1, hiddenSize: 4, outputSize: 1, init: { seed: 3 } },
  data: {
    sequences: [
      { inputs: [[1], [0], [0]], target: [1] },
      { inputs: [[-1], [0], [0]], target: [-1] },
      { inputs: [[0.5], [0], [0]], target: [0.5] },
    ],
  },
  loss: { type: 'mse', on: 'last' },
  training: { optimizer: 'adam', learningRate: 0.05, epochs: 200 },
});

describe('training', () => {
  it('lowers the loss on a tiny task', () => {
    const { history, progress } = train(tinyTask());
    assert.equal(progress.status, 'done');
    assert.equal(history.loss.length, 200);
    assert.ok(history.loss[199] < 0.05 * history.loss[0], `${history.loss[0]} → ${history.loss[199]}`);
  });

  it('is deterministic: the same spec, the same numbers', () => {
    const a = train(tinyTask(), { epochs: 30 });
    const b = train(tinyTask(), { epochs: 30 });
    assert.deepEqual(a.history, b.history);
    assert.deepEqual(a.weights, b.weights);
  });

  it('can be driven a few epochs at a time, with the same result as one call', () => {
    const trainer = createTrainer(tinyTask(), { epochs: 25 });
    let progress = trainer.step(10);
    assert.equal(progress.epoch, 10);
    assert.equal(progress.status, 'running');
    progress = trainer.step(100); // never past the total
    assert.equal(progress.epoch, 25);
    assert.equal(progress.status, 'done');
    assert.equal(trainer.step().epoch, 25);
    assert.deepEqual(trainer.weights(), train(tinyTask(), { epochs: 25 }).weights);
    assert.ok(trainer.evaluate() < trainer.history.loss[0]);
  });

  it('SGD with momentum, clipping and truncation also train', () => {
    const spec = randomSpec({ cell: 'lstm', loss: { type: 'cross-entropy', on: 'all' }, lengths: [6, 6], seed: 5 });
    const { history } = train(spec, { optimizer: 'sgd', learningRate: 0.5, momentum: 0.9, clipNorm: 1, clipValue: 0.5, truncation: 3, epochs: 60 });
    assert.ok(history.loss[59] < history.loss[0]);
  });

  it('stops and reports a diverging run instead of throwing', () => {
    const spec: EngineSpec = {
      model: { cell: 'rnn', nonlinearity: 'identity', inputSize: 1, hiddenSize: 1, outputSize: 1, weights: { weight_ih_l0: [[1]], weight_hh_l0: [[1.5]], bias_ih_l0: [0], bias_hh_l0: [0], 'fc.weight': [[1]], 'fc.bias': [0] } },
      data: { sequences: [{ inputs: Array.from({ length: 30 }, () => [1]), target: [0] }] },
      loss: { type: 'mse', on: 'last' },
    };
    const trainer = createTrainer(spec, { optimizer: 'sgd', learningRate: 1, epochs: 50 });
    const progress = trainer.step(50);
    assert.equal(progress.status, 'diverged');
    assert.ok(progress.epoch < 50);
    assert.ok(progress.firstNonFinite !== null);
    assert.ok(!Number.isFinite(trainer.history.loss.at(-1)!) || !Number.isFinite(trainer.history.gradNorm.at(-1)!));
    assert.equal(trainer.step(5).epoch, progress.epoch); // stays stopped
  });
});
