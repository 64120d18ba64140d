// Minibatches: one workspace with room for `capacity` sequences, refilled from a SequenceSource before every
// update. The forward pass, BPTT and the loss then run on it exactly as on a whole data set (they read the
// dataset's rows, sequences and scale, which are the minibatch's), and each update's loss is its own mean.
import { addSequence, clearBatch } from './batch';
import type { SequenceSlice } from './data';
import { dimsOf } from './params';
import type { SequenceSource } from './sequenceSource';
import type { EngineSpec, Sequence } from './types';
import { createWorkspace, type Workspace } from './workspace';
import type { Precision } from './real';

export interface MinibatchLoader {
  readonly ws: Workspace;
  /** Loads the sequences order[from … from+count) (order null: from … from+count) into the workspace; returns
   *  how many loss terms they have (counted steps, × outputSize for mse), the N of their mean. */
  load(order: Int32Array | null, from: number, count: number): number;
}

/** A workspace for minibatches of up to `capacity` sequences of `source`, over the parameters `params` (shared, not copied). */
export function createMinibatchLoader(spec: EngineSpec, source: SequenceSource, capacity: number, params: Float64Array, precision?: Precision): MinibatchLoader {
  const ws = createWorkspace(standInSpec(spec, longestLengths(source, capacity)), params, { precision });
  const O = ws.dims.outputSize;
  const perTerm = ws.dataset.loss.type === 'mse' ? O : 1;
  // One array of slices per minibatch size (a full one, the last one, validation's): none allocated per update.
  const slicesBySize = new Map<number, SequenceSlice[]>();
  const byLength = new Int32Array(capacity);

  function slicesOf(count: number): SequenceSlice[] {
    let slices = slicesBySize.get(count);
    if (!slices) {
      slices = Array.from({ length: count }, () => ({ start: 0, length: 0 }));
      slicesBySize.set(count, slices);
    }
    return slices;
  }

  function load(order: Int32Array | null, from: number, count: number): number {
    const data = ws.dataset;
    const slices = slicesOf(count);
    let row = 0;
    let maxLength = 0;
    for (let i = 0; i < count; i++) {
      const k = order === null ? from + i : order[from + i];
      const length = source.length(k);
      source.copy(k, data, row);
      slices[i].start = row;
      slices[i].length = length;
      row += length;
      if (length > maxLength) maxLength = length;
    }
    // The kernels read layer 0's input from their own memory, not from the dataset: copy what was loaded there.
    ws.layers[0].input.set(data.inputs.subarray(0, row * ws.dims.inputSize));
    data.sequences = slices;
    data.rows = row;
    data.maxLength = maxLength;
    let counted = 0;
    for (let r = 0; r < row; r++) counted += data.counted[r];
    const terms = counted * perTerm;
    data.scale = terms === 0 ? 0 : 1 / terms;
    stepTogether(ws, slices, count, byLength);
    return terms;
  }

  return { ws, load };
}

/** The batch that the forward pass and full BPTT step together: every sequence of the minibatch, longest first
 *  and, among equal lengths, in minibatch order (as `longestFirst` orders a whole data set). */
function stepTogether(ws: Workspace, slices: SequenceSlice[], count: number, byLength: Int32Array): void {
  // insertion sort: stable, allocation-free, and a single pass when every length is the same (a text's windows)
  for (let i = 0; i < count; i++) {
    let j = i;
    while (j > 0 && slices[byLength[j - 1]].length < slices[i].length) {
      byLength[j] = byLength[j - 1];
      j--;
    }
    byLength[j] = i;
  }
  const all = ws.scratch.all;
  clearBatch(all);
  for (let i = 0; i < count; i++) addSequence(all, slices[byLength[i]].start, slices[byLength[i]].length);
}

/** The `capacity` longest sequence lengths of the source: enough rows for any minibatch of it. */
function longestLengths(source: SequenceSource, capacity: number): number[] {
  if (source.fixedLength !== undefined) return new Array<number>(Math.min(capacity, source.count)).fill(source.fixedLength);
  const lengths = Array.from({ length: source.count }, (_, k) => source.length(k));
  return lengths.sort((a, b) => b - a).slice(0, capacity);
}

// createWorkspace sizes every buffer from a spec's sequences. A stand-in with the minibatch's largest shape gives
// it the sizes; every step shares one zero row (its values are overwritten by each load), so it costs no memory.
function standInSpec(spec: EngineSpec, lengths: number[]): EngineSpec {
  const dims = dimsOf(spec.model);
  const zeros = new Array<number>(dims.inputSize).fill(0);
  const target = spec.loss.type === 'mse' ? new Array<number>(dims.outputSize).fill(0) : 0;
  const sequences: Sequence[] = lengths.map((T) => {
    const inputs = new Array<number[]>(T).fill(zeros);
    return spec.loss.on === 'last' ? { inputs, target } : { inputs, targets: new Array(T).fill(target) };
  });
  return { model: spec.model, loss: spec.loss, data: { sequences } };
}
