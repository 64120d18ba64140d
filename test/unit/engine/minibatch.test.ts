// Minibatch training against full-batch runs of the same sequences: each update is one run() of its minibatch, the
// epoch's loss the mean of its minibatches', the order seeded or kept, validation held out and reported.
import * as assert from 'node:assert/strict';
import { createTrainer, run, withWeights } from '../../../src/engine';
import type { EngineSpec, Sequence } from '../../../src/engine/types';
import { parseSpec } from '../../../src/spec/index';
import { assertClose, randomSpec } from './helpers';

const TIGHT = { relative: 1e-12, absolute: 1e-15 };

/** The same spec over some of its sequences. */
function only(spec: EngineSpec, sequences: Sequence[]): EngineSpec {
  return { ...spec, data: { sequences } };
}

/** θ − lr·g for plain SGD, in the spec's layout. */
function sgdStep(weights: Record<string, any>, grads: Record<string, any>, lr: number): Record<string, any> {
  const step = (w: any, g: any): any => (Array.isArray(w) ? w.map((x, i) => step(x, g[i])) : w - lr * g);
  return Object.fromEntries(Object.entries(weights).map(([name, w]) => [name, step(w, grads[name])]));
}

describe('minibatch training', () => {
  const spec = randomSpec({ cell: 'lstm', loss: { type: 'mse', on: 'all' }, lengths: [4, 4, 4, 4, 4], seed: 21 });
  const sequences = spec.data.sequences;

  it('by default, one update per epoch on the whole data set, as run() computes it', () => {
    const trainer = createTrainer(spec, { optimizer: 'sgd', learningRate: 0.1, epochs: 2 });
    const start = trainer.weights();
    trainer.step(1);
    const full = run(withWeights(spec, start), { contributions: 'none', jacobian: false });
    assert.equal(trainer.progress.batches, 1);
    assert.equal(trainer.history.loss[0], full.loss);
    assertClose(trainer.weights(), sgdStep(start, full.grads, 0.1), TIGHT);
  });

  it('each update follows its own minibatch\'s mean loss, and the epoch reports the mean of those losses', () => {
    const trainer = createTrainer(spec, { optimizer: 'sgd', learningRate: 0.1, batchSize: 2, shuffle: false, epochs: 1 });
    let weights = trainer.weights();
    const losses: number[] = [];
    for (const batch of [sequences.slice(0, 2), sequences.slice(2, 4), sequences.slice(4)]) {
      const result = run(withWeights(only(spec, batch), weights), { contributions: 'none', jacobian: false });
      const progress = trainer.stepBatches(1);
      assert.equal(progress.batchLoss, result.loss);
      losses.push(result.loss);
      weights = sgdStep(weights, result.grads, 0.1);
      assertClose(trainer.weights(), weights, TIGHT);
    }
    const progress = trainer.progress;
    assert.deepEqual([progress.epoch, progress.batch, progress.batches, progress.updates, progress.status], [1, 0, 3, 3, 'done']);
    assert.equal(trainer.history.loss[0], (losses[0] + losses[1] + losses[2]) / 3);
  });

  it('sequences of different lengths share a minibatch as they share a full-batch run', () => {
    const mixed = randomSpec({ cell: 'gru', loss: { type: 'cross-entropy', on: 'all' }, lengths: [2, 6, 3, 5], seed: 4 });
    const trainer = createTrainer(mixed, { optimizer: 'sgd', learningRate: 0.2, batchSize: 3, shuffle: false, epochs: 1 });
    const start = trainer.weights();
    trainer.stepBatches(1);
    const result = run(withWeights(only(mixed, mixed.data.sequences.slice(0, 3)), start), { contributions: 'none', jacobian: false });
    assertClose(trainer.weights(), sgdStep(start, result.grads, 0.2), TIGHT);
  });

  it('shuffle visits every sequence once per epoch, in a new seeded order; false keeps the data\'s order', () => {
    // A learning rate of 0 leaves the weights alone, so each minibatch's loss names the sequence it holds.
    const lossOf = sequences.map((s) => run(only(spec, [s]), { contributions: 'none', jacobian: false }).loss);
    const visits = (options: object) => {
      const trainer = createTrainer(spec, { optimizer: 'sgd', learningRate: 0, batchSize: 1, epochs: 3, ...options });
      return Array.from({ length: 15 }, () => lossOf.indexOf(trainer.stepBatches(1).batchLoss));
    };
    const epochs = (order: number[]) => [order.slice(0, 5), order.slice(5, 10), order.slice(10)];
    assert.deepEqual(visits({ shuffle: false }), [0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4]);
    const shuffled = visits({ seed: 7 });
    for (const epoch of epochs(shuffled)) assert.deepEqual([...epoch].sort(), [0, 1, 2, 3, 4]);
    assert.notDeepEqual(epochs(shuffled)[0], epochs(shuffled)[1]);
    assert.deepEqual(visits({ seed: 7 }), shuffled);
    assert.notDeepEqual(visits({ seed: 8 }), shuffled);
  });

  it('stepBatches goes across epoch ends; step(n) finishes the epoch under way first', () => {
    const trainer = createTrainer(spec, { batchSize: 2, epochs: 4 });
    let progress = trainer.stepBatches(4);
    assert.deepEqual([progress.epoch, progress.batch, progress.updates], [1, 1, 4]);
    progress = trainer.step(1);
    assert.deepEqual([progress.epoch, progress.batch, progress.updates], [2, 0, 6]);
    progress = trainer.stepBatches(100);
    assert.deepEqual([progress.epoch, progress.updates, progress.status], [4, 12, 'done']);
    assert.equal(trainer.history.loss.length, 4);
  });

  it('holds the validation sequences out of training and reports their loss after every epoch', () => {
    const withValidation = { ...spec, data: { sequences, validation: 2 } };
    const trainer = createTrainer(withValidation, { optimizer: 'adam', learningRate: 0.05, batchSize: 2, epochs: 3 });
    trainer.step(Infinity);
    // the same training on the first three alone: the held-out targets never reach an update
    const alone = createTrainer(only(spec, sequences.slice(0, 3)), { optimizer: 'adam', learningRate: 0.05, batchSize: 2, epochs: 3 });
    alone.step(Infinity);
    assert.deepEqual(trainer.history.loss, alone.history.loss);
    assert.deepEqual(trainer.weights(), alone.weights());
    assert.equal(trainer.history.validationLoss.length, 3);
    const held = run(withWeights(only(spec, sequences.slice(3)), trainer.weights()), { contributions: 'none', jacobian: false });
    assertClose(trainer.history.validationLoss[2], held.loss, TIGHT);
    assert.equal(trainer.progress.validationLoss, trainer.history.validationLoss[2]);
    assertClose(trainer.evaluateValidation(), held.loss, TIGHT);
    assert.ok(Number.isNaN(createTrainer(spec).evaluateValidation()));
    assert.deepEqual(alone.history.validationLoss, []);
  });

  it('a text trains exactly as its windows written out as one-hot sequences', () => {
    const source = { version: 1, model: { cell: 'rnn', inputSize: 4, hiddenSize: 5, outputSize: 4 }, data: { text: { inline: 'abcab cabc abcbca cab', window: 4, stride: 3 } } };
    const parsed = parseSpec(JSON.stringify(source)).spec!;
    assert.equal(parsed.source?.kind === 'text' && parsed.source.previewSequences, parsed.source?.kind === 'text' && parsed.source.sequences);
    const options = { optimizer: 'sgd' as const, learningRate: 0.3, momentum: 0.9, batchSize: 2, epochs: 5 };
    const fromText = createTrainer(parsed, options);
    const fromSequences = createTrainer(only(parsed, parsed.data.sequences), options);
    fromText.step(Infinity);
    fromSequences.step(Infinity);
    assert.deepEqual(fromText.history, fromSequences.history);
    assert.deepEqual(fromText.weights(), fromSequences.weights());
  });

  it('a diverging minibatch stops the run and names its sequence in the data, not in the minibatch', () => {
    const safe = { inputs: [[0.1]], target: [0] };
    const explodes = { inputs: Array.from({ length: 40 }, () => [1]), target: [0] };
    const diverging: EngineSpec = {
      model: { cell: 'rnn', nonlinearity: 'identity', inputSize: 1, hiddenSize: 1, outputSize: 1, weights: { weight_ih_l0: [[1]], weight_hh_l0: [[1e9]], bias_ih_l0: [0], bias_hh_l0: [0], 'fc.weight': [[1]], 'fc.bias': [0] } },
      data: { sequences: [safe, safe, safe, explodes] },
      loss: { type: 'mse', on: 'last' },
    };
    const trainer = createTrainer(diverging, { batchSize: 2, shuffle: false, epochs: 5 });
    const progress = trainer.step(5);
    assert.equal(progress.status, 'diverged');
    assert.deepEqual([progress.epoch, progress.updates], [0, 1]);
    assert.equal(progress.firstNonFinite?.sequence, 3);
    assert.equal(trainer.history.loss.length, 1);
    assert.ok(!Number.isFinite(trainer.history.loss[0]));
    assert.deepEqual(trainer.stepBatches(3).updates, 1); // stays stopped
  });
});

describe('text data in the engine', () => {
  it('a hand-built spec whose sizes or loss do not fit its text is a bug the trainer names', () => {
    const parsed = parseSpec(JSON.stringify({ version: 1, model: { cell: 'rnn', inputSize: 2, hiddenSize: 2, outputSize: 2 }, data: { text: { inline: 'abab', window: 2 } } })).spec!;
    assert.throws(() => createTrainer({ ...parsed, model: { ...parsed.model, inputSize: 3 } }), /inputSize = outputSize = 2/);
    assert.throws(() => createTrainer({ ...parsed, loss: { type: 'cross-entropy', on: 'last' } }), /cross-entropy on every step/);
  });
});
