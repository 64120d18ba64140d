// Stepping sequences together: the forward pass and BPTT take step t of every sequence as one matrix product over
// the batch. Each sequence's numbers must be exactly those of the sequence run alone — the batched kernels sum
// every dot product in the single-vector kernel's order, so "exactly" means bitwise, once the alone run is given
// the batch's loss scale (the mean over every sequence's terms, Dataset.scale).
import * as assert from 'node:assert/strict';
import { run } from '../../../src/engine';
import { backwardAll } from '../../../src/engine/backward';
import { forwardAll } from '../../../src/engine/forward';
import type { CellType, EngineSpec, WeightValue } from '../../../src/engine/types';
import { createWorkspace, loadData, type Workspace } from '../../../src/engine/workspace';
import { assertClose, randomSpec } from './helpers';

// Sums over sequences (a gradient, a loss) are added in another order in a batch than alone: a few ulps.
const SUMS = { relative: 1e-12, absolute: 1e-15 };

/** Forward + BPTT of the whole batch, and of each sequence alone with the batch's loss scale. */
function batchAndAlone(spec: EngineSpec, truncation?: number): { batch: Workspace; alone: Workspace[] } {
  const batch = createWorkspace(spec);
  forwardAll(batch);
  backwardAll(batch, truncation);
  const alone = spec.data.sequences.map((sequence) => {
    const ws = createWorkspace({ ...spec, data: { sequences: [sequence] } });
    ws.dataset.scale = batch.dataset.scale;
    forwardAll(ws);
    backwardAll(ws, truncation);
    return ws;
  });
  return { batch, alone };
}

/** Every per-row buffer of every layer, for sequence s of `ws`, as plain arrays (empty buffers stay empty). */
function rowsOf(ws: Workspace, s: number): Record<string, number[]> {
  const { start, length } = ws.dataset.sequences[s];
  const out: Record<string, number[]> = {};
  const take = (name: string, buffer: Float64Array | Float32Array) => {
    const width = buffer.length / Math.max(1, ws.dataset.rows);
    out[name] = Array.from(buffer.subarray(start * width, (start + length) * width));
  };
  ws.layers.forEach((layer, l) => {
    for (const key of ['gi', 'h', 'c', 'tanhC', 'gates', 'hiddenN', 'dLdh', 'dLdc', 'dGi', 'dGh', 'fromAbove'] as const) take(`${key}_l${l}`, layer[key]);
  });
  take('y', ws.y);
  take('dz', ws.dz);
  take('lossTerms', ws.lossTerms);
  return out;
}

function assertSameAsAlone(spec: EngineSpec, truncation?: number): void {
  const { batch, alone } = batchAndAlone(spec, truncation);
  alone.forEach((ws, s) => assert.deepEqual(rowsOf(batch, s), rowsOf(ws, 0), `sequence ${s}`));
  // The gradient is the sum of the sequences' gradients.
  const sum = new Float64Array(batch.grads.length);
  for (const ws of alone) ws.grads.forEach((g, i) => (sum[i] += g));
  assertClose(Array.from(batch.grads), Array.from(sum), SUMS, 'grads');
}

describe('sequences stepped together (batched forward and BPTT)', () => {
  const cells: CellType[] = ['rnn', 'lstm', 'gru'];
  for (const cell of cells) {
    it(`${cell}, 2 layers, equal lengths: each sequence's every value is bitwise that of the sequence alone`, () => {
      assertSameAsAlone(randomSpec({ cell, numLayers: 2, hiddenSize: 5, loss: { type: 'mse', on: 'last' }, lengths: [6, 6, 6, 6, 6], seed: 61 }));
    });

    it(`${cell}, 2 layers, mixed lengths (a sequence joins the backward sweep at its own last step): bitwise as alone`, () => {
      assertSameAsAlone(randomSpec({ cell, numLayers: 2, hiddenSize: 5, loss: { type: 'cross-entropy', on: 'all' }, lengths: [3, 7, 1, 7, 4, 2], seed: 62 }));
    });

    it(`${cell}, truncated BPTT(2) with masked steps: the sequences sharing a window are bitwise as alone`, () => {
      const spec = randomSpec({ cell, numLayers: 2, hiddenSize: 4, loss: { type: 'mse', on: 'all' }, lengths: [6, 6, 2, 5, 6], seed: 63 });
      // Leave a few steps out of the loss, so the windows at the same τ hold different sequences.
      spec.data.sequences.forEach((sequence, s) => {
        sequence.targets = sequence.targets!.map((target, t) => ((s + t) % 3 === 0 ? (null as unknown as number[]) : target));
      });
      assertSameAsAlone(spec, 2);
    });
  }

  it('a batch of one sequence is that sequence (H not a multiple of 4, odd input width)', () => {
    assertSameAsAlone(randomSpec({ cell: 'lstm', numLayers: 3, hiddenSize: 7, inputSize: 3, loss: { type: 'mse', on: 'all' }, lengths: [9], seed: 64 }));
  });

  it('the order of the sequences only permutes the per-sequence results', () => {
    const spec = randomSpec({ cell: 'gru', numLayers: 2, loss: { type: 'mse', on: 'all' }, lengths: [4, 6, 2, 6], seed: 65 });
    const order = [2, 0, 3, 1];
    const shuffled: EngineSpec = { ...spec, data: { sequences: order.map((s) => spec.data.sequences[s]) } };
    const a = run(spec, { contributions: 'none' });
    const b = run(shuffled, { contributions: 'none' });
    order.forEach((s, i) => {
      assert.deepEqual(b.hidden[i], a.hidden[s]);
      assert.deepEqual(b.outputs[i], a.outputs[s]);
      assert.deepEqual(b.dLdh[i], a.dLdh[s]);
      assert.deepEqual(b.layers[0].jacobianNorm[i], a.layers[0].jacobianNorm[s]);
    });
    assertClose(b.grads, a.grads, SUMS);
    assertClose(b.loss, a.loss, SUMS);
  });

  it('a workspace loaded with another data set of the same shape gives what a fresh one gives, bitwise', () => {
    const first = randomSpec({ cell: 'lstm', numLayers: 2, loss: { type: 'mse', on: 'all' }, lengths: [5, 8, 3], seed: 66 });
    const second = randomSpec({ cell: 'lstm', numLayers: 2, loss: { type: 'mse', on: 'all' }, lengths: [5, 8, 3], seed: 67 });
    const kept = createWorkspace(first);
    forwardAll(kept);
    backwardAll(kept);
    const params = Float64Array.from(kept.params);
    assert.equal(loadData(kept, second), true);
    const fresh = createWorkspace(second, Float64Array.from(params));
    assert.equal(forwardAll(kept), forwardAll(fresh));
    backwardAll(kept);
    backwardAll(fresh);
    assert.deepEqual(Array.from(kept.grads), Array.from(fresh.grads));
    const other = randomSpec({ cell: 'lstm', numLayers: 2, loss: { type: 'mse', on: 'all' }, lengths: [5, 7, 3], seed: 68 });
    assert.equal(loadData(kept, other), false, 'another shape is refused');
  });

  it('a sequence that overflows is reported as itself, and the others in its batch stay finite and unchanged', () => {
    const weights: Record<string, WeightValue> = { weight_ih_l0: [[1]], weight_hh_l0: [[2]], bias_ih_l0: [0], bias_hh_l0: [0], 'fc.weight': [[1]], 'fc.bias': [0] };
    const quiet = { inputs: Array.from({ length: 1100 }, (_, t) => [t === 0 ? 1e-300 : 0]), target: [1] };
    const loud = { inputs: Array.from({ length: 1100 }, (_, t) => [t === 0 ? 1 : 0]), target: [1] };
    const spec = (sequences: (typeof quiet)[]): EngineSpec => ({
      model: { cell: 'rnn', nonlinearity: 'relu', inputSize: 1, hiddenSize: 1, outputSize: 1, weights },
      data: { sequences },
      loss: { type: 'mse', on: 'last' },
    });
    const result = run(spec([quiet, loud, quiet]), { jacobian: false });
    assert.deepEqual(result.firstNonFinite, { sequence: 1, step: 1024, layer: 0, quantity: 'hidden', phase: 'forward' });
    const alone = run(spec([quiet]), { jacobian: false });
    assert.deepEqual(result.hidden[0], alone.hidden[0]);
    assert.deepEqual(result.hidden[2], alone.hidden[0]);
  });
});
