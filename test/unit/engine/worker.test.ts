// The worker's request handling, driven directly (no thread): results, progress, cancellation and errors.
import * as assert from 'node:assert/strict';
import { createWorkerHandler, run, type WorkerResponse } from '../../../src/engine';
import { randomSpec } from './helpers';

function collect() {
  const messages: WorkerResponse[] = [];
  return { messages, handle: createWorkerHandler((m) => messages.push(m)) };
}

describe('engine worker', () => {
  const spec = randomSpec({ cell: 'lstm', loss: { type: 'mse', on: 'all' }, seed: 61 });

  it('answers a run with the same result as run()', async () => {
    const { messages, handle } = collect();
    await handle({ type: 'run', id: 1, spec, options: { contributions: 'none' } });
    assert.equal(messages.length, 1);
    assert.equal(messages[0].type, 'runResult');
    assert.deepEqual(messages[0].type === 'runResult' && messages[0].result, run(spec, { contributions: 'none' }));
  });

  it('trains with progress messages and a final result', async () => {
    const { messages, handle } = collect();
    await handle({ type: 'train', id: 2, spec, options: { epochs: 20, optimizer: 'adam', learningRate: 0.01 }, progressEveryMs: 0 });
    const progress = messages.flatMap((m) => (m.type === 'trainProgress' ? [m] : []));
    assert.equal(progress.length, 20); // a 0 ms budget: one epoch per slice
    // each message carries only its new epoch, so together they rebuild the history
    assert.deepEqual(progress.map((m) => m.history.from), Array.from({ length: 20 }, (_, i) => i));
    const last = messages.at(-1)!;
    assert.ok(last.type === 'trainResult' && !last.cancelled && last.result.progress.status === 'done');
    assert.deepEqual(progress.flatMap((m) => m.history.loss), last.result.history.loss);
  });

  it('stops training when cancelled', async () => {
    const { messages, handle } = collect();
    const training = handle({ type: 'train', id: 3, spec, options: { epochs: 100000 }, progressEveryMs: 1 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await handle({ type: 'cancel', id: 3 });
    await training;
    const last = messages.at(-1)!;
    assert.ok(last.type === 'trainResult' && last.cancelled && last.result.progress.epoch < 100000);
  });

  it('reports between minibatches, and sends an epoch\'s losses when it ends', async () => {
    const many = randomSpec({ cell: 'gru', loss: { type: 'mse', on: 'last' }, lengths: Array(7).fill(4), seed: 62 });
    const { messages, handle } = collect();
    await handle({ type: 'train', id: 5, spec: { ...many, data: { ...many.data, validation: 1 } }, options: { epochs: 2, batchSize: 2 }, progressEveryMs: 0 });
    const progress = messages.flatMap((m) => (m.type === 'trainProgress' ? [m] : []));
    assert.deepEqual(progress.map((m) => [m.progress.epoch, m.progress.batch]), [[0, 1], [0, 2], [1, 0], [1, 1], [1, 2], [2, 0]]);
    assert.deepEqual(progress.map((m) => m.history.loss.length), [0, 0, 1, 0, 0, 1]);
    assert.deepEqual(progress.map((m) => m.history.validationLoss.length), [0, 0, 1, 0, 0, 1]);
  });

  it('a cancel stops within one minibatch', async () => {
    const many = randomSpec({ cell: 'lstm', loss: { type: 'mse', on: 'all' }, lengths: Array(40).fill(6), seed: 63 });
    const { messages, handle } = collect();
    // The first slice runs before handle() yields; the cancel arrives while it waits for the next.
    const training = handle({ type: 'train', id: 6, spec: many, options: { epochs: 1000, batchSize: 4 }, progressEveryMs: 0 });
    await handle({ type: 'cancel', id: 6 });
    await training;
    const last = messages.at(-1)!;
    assert.ok(last.type === 'trainResult' && last.cancelled);
    assert.deepEqual([last.result.progress.epoch, last.result.progress.updates], [0, 1]);
  });

  it('reports an engine exception as an error message', async () => {
    const { messages, handle } = collect();
    await handle({ type: 'run', id: 4, spec: { ...spec, model: { ...spec.model, weights: { 'fc.bias': [1, 2, 3, 4] } } } });
    assert.equal(messages[0].type, 'error');
  });
});
