// The data set as flat typed arrays, with the loss's normaliser worked out once.
import { rowViews } from './linalg';
import type { Dims } from './params';
import type { EngineSpec, LossSpec } from './types';

export interface SequenceData {
  length: number;
  /** length × inputSize */
  inputs: Float64Array;
  /** 1 where the step has a loss term */
  counted: Uint8Array;
  /** mse: length × outputSize targets (rows of uncounted steps are zero) */
  targets: Float64Array;
  targetRows: Float64Array[];
  /** cross-entropy: the target class per step (−1 where not counted) */
  classes: Int32Array;
}

export interface Dataset {
  sequences: SequenceData[];
  loss: LossSpec;
  /** 1/N: N = counted target elements (mse) or counted steps (cross-entropy) over every sequence; 0 if none */
  scale: number;
  maxLength: number;
}

export function prepareDataset(spec: EngineSpec, dims: Dims): Dataset {
  const loss = spec.loss;
  const sequences = spec.data.sequences.map((sequence, s) => {
    const T = sequence.inputs.length;
    const targets = new Float64Array(loss.type === 'mse' ? T * dims.outputSize : 0);
    const data: SequenceData = {
      length: T,
      inputs: new Float64Array(T * dims.inputSize),
      counted: new Uint8Array(T),
      targets,
      targetRows: loss.type === 'mse' ? rowViews(targets, T, dims.outputSize) : [],
      classes: new Int32Array(T).fill(-1),
    };
    sequence.inputs.forEach((x, t) => {
      if (x.length !== dims.inputSize) fail(`sequence ${s} step ${t} has ${x.length} inputs, expected ${dims.inputSize}`);
      data.inputs.set(x, t * dims.inputSize);
    });
    if (loss.on === 'last') {
      const target = sequence.target ?? sequence.targets?.[T - 1];
      if (target === undefined) fail(`sequence ${s} has no target`);
      if (T > 0) setTarget(data, T - 1, target!, loss, dims, s);
    } else {
      if (!sequence.targets) fail(`sequence ${s} has no targets (loss.on is 'all')`);
      sequence.targets!.forEach((target, t) => {
        // null/undefined targets leave a step out of the loss (masking)
        if (t < T && target !== null && target !== undefined) setTarget(data, t, target, loss, dims, s);
      });
    }
    return data;
  });
  let counted = 0;
  for (const sequence of sequences) for (const c of sequence.counted) counted += c;
  const perStep = loss.type === 'mse' ? dims.outputSize : 1;
  return {
    sequences,
    loss,
    scale: counted === 0 ? 0 : 1 / (counted * perStep),
    maxLength: sequences.reduce((m, sequence) => Math.max(m, sequence.length), 0),
  };
}

function setTarget(data: SequenceData, t: number, target: number[] | number, loss: LossSpec, dims: Dims, s: number): void {
  data.counted[t] = 1;
  if (loss.type === 'cross-entropy') {
    const index = Array.isArray(target) ? target[0] : target;
    if (!Number.isInteger(index) || index < 0 || index >= dims.outputSize || (Array.isArray(target) && target.length !== 1)) {
      fail(`sequence ${s} step ${t}: a cross-entropy target is a class index in [0, ${dims.outputSize})`);
    }
    data.classes[t] = index;
    return;
  }
  const vector = Array.isArray(target) ? target : [target];
  if (vector.length !== dims.outputSize) fail(`sequence ${s} step ${t}: target has ${vector.length} values, expected ${dims.outputSize}`);
  data.targets.set(vector, t * dims.outputSize);
}

// The spec layer validates shapes with ranges for the user; reaching this is a bug in the caller.
function fail(message: string): never {
  throw new Error(`engine: ${message}`);
}
