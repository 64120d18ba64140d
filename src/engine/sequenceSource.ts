// Where training reads its sequences from, one at a time: a minibatch copies just its own sequences into the
// workspace's rows (minibatch.ts), so a long text never exists as one-hot rows all at once, and nothing is
// allocated per minibatch. Two kinds: the spec's `sequences` (prepared once as flat rows) and a text.
import { prepareDataset, type Dataset } from './data';
import type { Dims } from './params';
import type { EngineSpec, TextData } from './types';

export interface SequenceSource {
  /** sequences in the data, validation ones included (they are the last ones) */
  readonly count: number;
  /** steps of sequence k */
  length(k: number): number;
  /** set when every sequence has this many steps (a text's windows) */
  readonly fixedLength?: number;
  /** Writes sequence k's inputs, loss mask and targets into rows [row, row + length(k)) of `into`. */
  copy(k: number, into: Dataset, row: number): void;
}

/** The data as the trainer sees it: the text when there is one, else the spec's sequences. */
export function sequenceSource(spec: EngineSpec, dims: Dims): SequenceSource {
  const text = spec.data.text;
  if (!text) return datasetSource(prepareDataset(spec, dims), dims);
  // The spec layer checks these with ranges for the user; reaching this is a bug in the caller.
  const V = text.vocabulary.length;
  if (dims.inputSize !== V || dims.outputSize !== V) throw new Error(`engine: text data needs inputSize = outputSize = ${V} (the vocabulary)`);
  if (spec.loss.type !== 'cross-entropy' || spec.loss.on !== 'all') throw new Error('engine: text data trains cross-entropy on every step');
  return textSource(text);
}

/** Sequences of a text of `length` characters: k runs while k·stride + window + 1 ≤ length. */
export function textSequenceCount(length: number, window: number, stride: number): number {
  return length < window + 1 ? 0 : Math.floor((length - window - 1) / stride) + 1;
}

/** Sequence k of a text: one-hot characters [k·S, k·S + T) in, the class of each one's successor out, every step counted. */
export function textSource(text: TextData): SequenceSource {
  const { codes, window, stride } = text;
  const V = text.vocabulary.length;
  return {
    count: textSequenceCount(codes.length, window, stride),
    length: () => window,
    fixedLength: window,
    copy(k, into, row) {
      const first = k * stride;
      for (let t = 0; t < window; t++) {
        const at = (row + t) * V;
        into.inputs.fill(0, at, at + V);
        into.inputs[at + codes[first + t]] = 1;
        into.classes[row + t] = codes[first + t + 1];
        into.counted[row + t] = 1;
      }
    },
  };
}

/** The spec's own sequences, prepared once as flat rows (as a full-batch run would), copied row by row. */
export function datasetSource(data: Dataset, dims: Dims): SequenceSource {
  const I = dims.inputSize;
  // mse targets are rows × O; cross-entropy keeps its classes instead, and `targets` is empty
  const O = data.loss.type === 'mse' ? dims.outputSize : 0;
  return {
    count: data.sequences.length,
    length: (k) => data.sequences[k].length,
    copy(k, into, row) {
      const { start, length } = data.sequences[k];
      copyRange(data.inputs, start * I, into.inputs, row * I, length * I);
      copyRange(data.targets, start * O, into.targets, row * O, length * O);
      for (let t = 0; t < length; t++) {
        into.counted[row + t] = data.counted[start + t];
        into.classes[row + t] = data.classes[start + t];
      }
    },
  };
}

// An indexed loop, not set(subarray(…)): a subarray is an object allocated on every call.
function copyRange(from: Float64Array, fromAt: number, to: Float64Array, toAt: number, n: number): void {
  for (let i = 0; i < n; i++) to[toAt + i] = from[fromAt + i];
}
