// The data set as flat typed arrays: every sequence's steps one after another (rows), with the loss's
// normaliser worked out once.
import type { Dims } from './params';
import type { EngineSpec, LossSpec } from './types';

/** Where a sequence's steps sit among the rows. */
export interface SequenceSlice {
  start: number;
  length: number;
}

export interface Dataset {
  sequences: SequenceSlice[];
  /** total steps over every sequence */
  rows: number;
  maxLength: number;
  /** rows × inputSize */
  inputs: Float64Array;
  /** 1 where the step has a loss term */
  counted: Uint8Array;
  /** mse: rows × outputSize targets (zero where not counted) */
  targets: Float64Array;
  /** cross-entropy: the target class per row (−1 where not counted) */
  classes: Int32Array;
  loss: LossSpec;
  /** 1/N: N = counted target elements (mse) or counted steps (cross-entropy) over every sequence; 0 if none */
  scale: number;
}

export function prepareDataset(spec: EngineSpec, dims: Dims): Dataset {
  const loss = spec.loss;
  const sequences: SequenceSlice[] = [];
  let rows = 0;
  for (const sequence of spec.data.sequences) {
    sequences.push({ start: rows, length: sequence.inputs.length });
    rows += sequence.inputs.length;
  }
  const data: Dataset = {
    sequences,
    rows,
    maxLength: sequences.reduce((m, s) => Math.max(m, s.length), 0),
    inputs: new Float64Array(rows * dims.inputSize),
    counted: new Uint8Array(rows),
    targets: new Float64Array(loss.type === 'mse' ? rows * dims.outputSize : 0),
    classes: new Int32Array(rows).fill(-1),
    loss,
    scale: 0,
  };
  spec.data.sequences.forEach((sequence, s) => {
    const { start, length: T } = sequences[s];
    sequence.inputs.forEach((x, t) => {
      if (x.length !== dims.inputSize) fail(`sequence ${s} step ${t} has ${x.length} inputs, expected ${dims.inputSize}`);
      for (let j = 0; j < x.length; j++) data.inputs[(start + t) * dims.inputSize + j] = x[j];
    });
    if (loss.on === 'last') {
      const target = sequence.target ?? sequence.targets?.[T - 1];
      if (target === undefined) fail(`sequence ${s} has no target`);
      if (T > 0) setTarget(data, start + T - 1, target, dims, `sequence ${s} step ${T - 1}`);
    } else {
      if (!sequence.targets) fail(`sequence ${s} has no targets (loss.on is 'all')`);
      sequence.targets.forEach((target, t) => {
        // null/undefined targets leave a step out of the loss (masking)
        if (t < T && target !== null && target !== undefined) setTarget(data, start + t, target, dims, `sequence ${s} step ${t}`);
      });
    }
  });
  let counted = 0;
  for (let r = 0; r < rows; r++) counted += data.counted[r];
  data.scale = counted === 0 ? 0 : 1 / (counted * (loss.type === 'mse' ? dims.outputSize : 1));
  return data;
}

function setTarget(data: Dataset, row: number, target: number[] | number, dims: Dims, where: string): void {
  data.counted[row] = 1;
  if (data.loss.type === 'cross-entropy') {
    const index = Array.isArray(target) ? target[0] : target;
    if (!Number.isInteger(index) || index < 0 || index >= dims.outputSize || (Array.isArray(target) && target.length !== 1)) {
      fail(`${where}: a cross-entropy target is a class index in [0, ${dims.outputSize})`);
    }
    data.classes[row] = index;
    return;
  }
  const vector = Array.isArray(target) ? target : [target];
  if (vector.length !== dims.outputSize) fail(`${where}: target has ${vector.length} values, expected ${dims.outputSize}`);
  for (let j = 0; j < vector.length; j++) data.targets[row * dims.outputSize + j] = vector[j];
}

// The spec layer validates shapes with ranges for the user; reaching this is a bug in the caller.
function fail(message: string): never {
  throw new Error(`engine: ${message}`);
}
