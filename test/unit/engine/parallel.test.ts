// Forward + BPTT split across a pool of workers: the shards' losses and gradients add up to the one-thread ones
// (to rounding: the sums are taken in another order), through an in-process pool and through real worker_threads.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { backwardAll } from '../../../src/engine/backward';
import { forwardAll } from '../../../src/engine/forward';
import { createParallelGradient, createShardHandler, splitByLength, type EnginePool } from '../../../src/engine/parallel';
import type { CellType } from '../../../src/engine/types';
import { createWorkspace } from '../../../src/engine/workspace';
import { createNodePool } from '../../../src/pool/nodePool';
import { assertClose, randomSpec } from './helpers';

const SUMS = { relative: 1e-12, absolute: 1e-15 };

/** The pool's protocol without threads: each "worker" is a shard handler answering asynchronously. */
function inProcessPool(size: number): EnginePool {
  const handlers = Array.from({ length: size }, () => createShardHandler());
  return { size, request: async (index, message) => handlers[index](message) };
}

function oneThread(spec: ReturnType<typeof randomSpec>, truncation?: number) {
  const ws = createWorkspace(spec);
  const loss = forwardAll(ws);
  backwardAll(ws, truncation);
  return { loss, grads: Array.from(ws.grads), params: ws.params };
}

describe('forward + BPTT across a pool of workers', () => {
  it('splits the sequences into shards of nearly equal steps, each in the data order', () => {
    const shards = splitByLength([10, 3, 7, 7, 2, 9, 1], 3);
    assert.deepEqual(shards.flat().sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6]);
    const loads = shards.map((s) => s.reduce((sum, i) => sum + [10, 3, 7, 7, 2, 9, 1][i], 0));
    assert.ok(Math.max(...loads) - Math.min(...loads) <= 2, `loads ${loads}`);
    shards.forEach((s) => assert.deepEqual(s, [...s].sort((a, b) => a - b)));
    assert.equal(splitByLength([5, 5], 4).length, 2, 'no more shards than sequences');
  });

  for (const cell of ['rnn', 'lstm', 'gru'] as CellType[]) {
    it(`${cell}: the shards' loss and gradient add up to the one-thread ones, full and truncated BPTT`, async () => {
      const spec = randomSpec({ cell, numLayers: 2, loss: { type: 'mse', on: 'all' }, lengths: [6, 2, 9, 4, 7], seed: 81 });
      for (const truncation of [undefined, 3]) {
        const expected = oneThread(spec, truncation);
        const parallel = await createParallelGradient(spec, inProcessPool(3));
        const { loss, grads } = await parallel.evaluate(expected.params, truncation);
        assertClose(loss, expected.loss, SUMS, 'loss');
        assertClose(Array.from(grads), expected.grads, SUMS, 'grads');
        await parallel.release();
      }
    });
  }

  it('runs on worker_threads, and the gradient follows the parameters it is sent', async function () {
    this.timeout(60_000);
    const spec = randomSpec({ cell: 'lstm', loss: { type: 'mse', on: 'last' }, lengths: [5, 8, 3, 6], seed: 82 });
    const root = join(__dirname, '..', '..', '..');
    const pool = createNodePool(2, join(root, 'src/pool/poolWorker.ts'), ['--require', 'tsx/cjs', '--require', join(root, 'scripts/wat-hook.cjs')]);
    try {
      const parallel = await createParallelGradient(spec, pool);
      const expected = oneThread(spec);
      const first = await parallel.evaluate(expected.params);
      assertClose(first.loss, expected.loss, SUMS, 'loss');
      assertClose(Array.from(first.grads), expected.grads, SUMS, 'grads');
      const moved = Float64Array.from(expected.params, (p, i) => p + 0.01 * Math.sin(i));
      const ws = createWorkspace(spec, Float64Array.from(moved));
      const movedLoss = forwardAll(ws);
      const second = await parallel.evaluate(moved);
      assertClose(second.loss, movedLoss, SUMS, 'loss at the moved parameters');
      assert.notEqual(second.loss, first.loss);
      await parallel.release();
    } finally {
      await pool.close();
    }
  });
});
