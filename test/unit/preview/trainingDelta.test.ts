// What a running training sends each view: only what is new. Applied in order, the deltas rebuild the whole
// progress; one that would leave a gap, or is about another document, is refused (the next full message mends it).
import * as assert from 'node:assert/strict';
import { applyTrainingDelta, type TrainingDelta, type TrainingProgress } from '../../../src/protocol';

const start = (): TrainingProgress => ({ uri: 'file:///a', epoch: 0, epochs: 4, batch: 0, batches: 3, updates: 0, loss: [], gradNorm: [], validationLoss: [], state: 'running' });
const delta = (from: number, loss: number[], more: Partial<TrainingDelta> = {}): TrainingDelta => ({
  uri: 'file:///a', epoch: from + loss.length, epochs: 4, batch: 0, batches: 3, updates: 3 * (from + loss.length), state: 'running',
  from, loss, gradNorm: loss.map((l) => l * 10), validationLoss: [], ...more,
});

describe('training deltas', () => {
  it('appends the new epochs and takes the new position in the run', () => {
    const progress = start();
    assert.ok(applyTrainingDelta(progress, delta(0, [], { batch: 2, updates: 2 })));
    assert.deepEqual([progress.epoch, progress.batch, progress.updates, progress.loss], [0, 2, 2, []]);
    assert.ok(applyTrainingDelta(progress, delta(0, [4, 3])));
    assert.ok(applyTrainingDelta(progress, delta(2, [2], { validationLoss: [2.5] })));
    assert.deepEqual(progress.loss, [4, 3, 2]);
    assert.deepEqual(progress.gradNorm, [40, 30, 20]);
    assert.deepEqual(progress.validationLoss, [2.5]);
    assert.deepEqual([progress.epoch, progress.updates], [3, 9]);
  });

  it('refuses a delta that would leave a gap, or that is about another document', () => {
    const progress = start();
    assert.equal(applyTrainingDelta(progress, delta(2, [1])), false);
    assert.equal(applyTrainingDelta(progress, { ...delta(0, [1]), uri: 'file:///b' }), false);
    assert.deepEqual(progress.loss, []);
  });

  it('grows the same arrays in place: 10,000 epochs one at a time copy nothing already there', () => {
    const progress = start();
    const { loss, gradNorm, validationLoss } = progress;
    for (let e = 0; e < 10_000; e++) applyTrainingDelta(progress, delta(e, [1 / (e + 1)], { validationLoss: [2] }));
    assert.equal(progress.loss, loss);
    assert.equal(progress.gradNorm, gradNorm);
    assert.equal(progress.validationLoss, validationLoss);
    assert.equal(progress.loss.length, 10_000);
    assert.equal(progress.loss[9_999], 1 / 10_000);
  });
});
