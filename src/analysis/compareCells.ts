// The same data through rnn, lstm and gru: how much gradient is left k steps back from the end.
import { run } from '../engine';
import type { CellType, EngineSpec } from '../engine/types';
import type { Comparison } from '../protocol';

export const COMPARED_CELLS: CellType[] = ['rnn', 'lstm', 'gru'];

/**
 * A fresh, seeded model of `cell` with the spec's sizes. Explicit weights are dropped (an rnn's weights do
 * not fit an lstm). The gates that decide how much memory survives start open, as is common practice
 * (LSTM forget-gate bias +1, Jozefowicz et al. 2015; GRU update-gate bias +1), so the picture shows what
 * the architecture allows, not an accident of initialisation. The view says so next to the curves.
 */
export function specForCell(spec: EngineSpec, cell: CellType, seed = 0): EngineSpec {
  const { weights: _dropped, ...model } = spec.model;
  const base: EngineSpec = { ...spec, model: { ...model, cell, init: { scheme: 'pytorch', seed: spec.model.init?.seed ?? seed } } };
  if (cell === 'rnn') return base;
  const initialised = run(base, { contributions: 'none', jacobian: false }).weights;
  const H = spec.model.hiddenSize;
  // Gate row blocks: lstm i, f, g, o (forget = block 1); gru r, z, n (update = block 1).
  const openGate = 1;
  const weights = { ...initialised };
  for (let k = 0; k < (spec.model.numLayers ?? 1); k++) {
    const name = `bias_hh_l${k}`;
    const bias = [...(weights[name] as number[])];
    for (let j = H * openGate; j < H * (openGate + 1); j++) bias[j] += 1;
    weights[name] = bias;
  }
  return { ...base, model: { ...base.model, weights } };
}

/** Mean over sequences of ‖dL/dh_t‖ at distance k = T − 1 − t from each sequence's last step. */
export function gradNormByDistance(stepGradNorm: number[][]): number[] {
  const longest = Math.max(0, ...stepGradNorm.map((s) => s.length));
  const sums = new Array<number>(longest).fill(0);
  const counts = new Array<number>(longest).fill(0);
  for (const norms of stepGradNorm) {
    for (let t = 0; t < norms.length; t++) {
      const k = norms.length - 1 - t;
      sums[k] += norms[t];
      counts[k]++;
    }
  }
  return sums.map((sum, k) => sum / counts[k]);
}

export function compareCells(spec: EngineSpec, uri: string): Comparison {
  return {
    uri,
    curves: COMPARED_CELLS.map((cell) => {
      const result = run(specForCell(spec, cell), { contributions: 'none', jacobian: false });
      return { cell, gradNormByDistance: gradNormByDistance(result.stepGradNorm), loss: result.loss };
    }),
  };
}
