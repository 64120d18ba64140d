// The same data through rnn, lstm and gru: how much gradient is left k steps back from the end.
import { run } from '../engine';
import type { CellType, EngineSpec } from '../engine/types';
import type { Comparison } from '../protocol';

/** Keras's unit_forget_bias and Jozefowicz et al. (2015). */
const DEFAULT_OPEN_GATE_BIAS = 1;

export const COMPARED_CELLS: CellType[] = ['rnn', 'lstm', 'gru'];

/**
 * A fresh, seeded model of `cell` with the spec's sizes. Explicit weights are dropped (an rnn's weights do
 * not fit an lstm). The gate that decides how much memory survives starts open (init.forgetBias, 1 unless
 * the spec says otherwise, as Keras and Jozefowicz et al. 2015 do), so the picture shows what the
 * architecture allows, not an accident of initialisation. The view says so next to the curves.
 */
export function specForCell(spec: EngineSpec, cell: CellType): EngineSpec {
  const { weights: _dropped, ...model } = spec.model;
  const init = { scheme: model.init?.scheme ?? 'pytorch', seed: model.init?.seed ?? 0, forgetBias: model.init?.forgetBias ?? DEFAULT_OPEN_GATE_BIAS };
  return { ...spec, model: { ...model, cell, init } };
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
    openGateBias: spec.model.init?.forgetBias ?? DEFAULT_OPEN_GATE_BIAS,
    curves: COMPARED_CELLS.map((cell) => {
      const result = run(specForCell(spec, cell), { contributions: 'none', jacobian: false });
      return { cell, gradNormByDistance: gradNormByDistance(result.stepGradNorm), loss: result.loss };
    }),
  };
}
