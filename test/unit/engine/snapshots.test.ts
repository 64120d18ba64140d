// Weight snapshots for replaying a training run: every epoch while the budget allows, then evenly thinned.
import * as assert from 'node:assert/strict';
import { createSnapshotKeeper, createTrainer, run, snapshotWeights, withWeights } from '../../../src/engine';
import { randomSpec } from './helpers';

const epochsOf = (keeper: ReturnType<typeof createSnapshotKeeper>) => keeper.list().map((s) => s.epoch);

describe('weight snapshots', () => {
  it('keeps every epoch while they fit', () => {
    const keeper = createSnapshotKeeper(3, { maxCount: 10 });
    for (let epoch = 0; epoch <= 6; epoch++) keeper.offer(epoch, Float64Array.from([epoch, 0, 0]));
    assert.deepEqual(epochsOf(keeper), [0, 1, 2, 3, 4, 5, 6]);
    assert.deepEqual(Array.from(keeper.list()[4].params), [4, 0, 0]);
  });

  it('past the budget, every other snapshot goes: evenly spread, the first and the latest always kept', () => {
    const keeper = createSnapshotKeeper(1, { maxCount: 4 });
    for (let epoch = 0; epoch <= 9; epoch++) {
      keeper.offer(epoch, Float64Array.from([epoch]));
      const epochs = epochsOf(keeper);
      assert.equal(epochs[0], 0);
      assert.equal(epochs.at(-1), epoch);
      assert.ok(epochs.length <= 5, `${epochs}`);
    }
    assert.deepEqual(epochsOf(keeper), [0, 4, 8, 9]);
    assert.deepEqual(keeper.list().map((s) => s.params[0]), [0, 4, 8, 9]);
  });

  it('the byte budget sets how many fit', () => {
    assert.equal(createSnapshotKeeper(1000, { maxBytes: 8000 * 50 }).capacity, 50);
    assert.equal(createSnapshotKeeper(1000, { maxBytes: 1 }).capacity, 2); // always a start and an end
    assert.equal(createSnapshotKeeper(10).capacity, 1000);
  });

  it('a trainer keeps them on request, and each replays the loss of its epoch', () => {
    const spec = randomSpec({ cell: 'gru', loss: { type: 'mse', on: 'last' }, seed: 3 });
    const trainer = createTrainer(spec, { optimizer: 'adam', learningRate: 0.05, epochs: 12, snapshots: { maxCount: 5 } });
    trainer.step(Infinity);
    const snapshots = trainer.snapshots();
    assert.deepEqual(snapshots.map((s) => s.epoch), [0, 4, 8, 12]);
    // the loss reported for epoch e is measured at the weights after e epochs (full batch: one update per epoch)
    for (const snapshot of snapshots.slice(0, -1)) {
      const replay = run(withWeights(spec, snapshotWeights(spec.model, snapshot)), { contributions: 'none', jacobian: false });
      assert.equal(replay.loss, trainer.history.loss[snapshot.epoch]);
    }
    assert.deepEqual(snapshotWeights(spec.model, snapshots.at(-1)!), trainer.weights());
    assert.deepEqual(createTrainer(spec).snapshots(), []);
  });
});
