// Backpropagation through time over one sequence. A backward *sweep* walks steps hi → lo through every layer,
// top to bottom; full BPTT is one sweep over the whole sequence seeded by every loss term, and truncated
// BPTT(k) is one sweep per loss term L_τ over the window τ−k < t ≤ τ (the term reaches k steps: its own and
// k−1 earlier ones). Sweeps add into the per-step totals (dL/dh_t, dL/dc_t, dGi_t, dGh_t); the parameter
// gradients are then sums of rank-1 products of those totals with the forward values.
import { gruStepBackward } from './gruCell';
import { addInto, addOuterProducts, addRows, matTVec } from './linalg';
import { lstmStepBackward } from './lstmCell';
import { rnnStepBackward } from './rnnCell';
import type { SequenceData } from './data';
import type { SequenceState, Workspace } from './workspace';

/** BPTT over every sequence into ws.grads (zeroed first). truncation: undefined/∞ = full BPTT, else k ≥ 1 steps. */
export function backwardAll(ws: Workspace, truncation?: number): void {
  ws.grads.fill(0);
  ws.states.forEach((state, s) => backwardSequence(ws, state, ws.dataset.sequences[s], truncation));
}

export function backwardSequence(ws: Workspace, state: SequenceState, data: SequenceData, truncation?: number): void {
  const { dims, weights, gradWeights } = ws;
  const T = state.length;
  if (T === 0) return;
  const H = dims.hiddenSize;
  const top = state.layers[dims.numLayers - 1];

  // Head: dL/dW_fc = Σ_t dz_t h_tᵀ;  dL/db_fc = Σ_t dz_t;  the head's share of dL/dh_t = W_fcᵀ dz_t
  addOuterProducts(gradWeights.fcW, state.dz.flat, top.h.flat, T, dims.outputSize, H);
  addRows(gradWeights.fcB, state.dz.flat, T);
  for (let t = 0; t < T; t++) matTVec(weights.fcW, state.dz.rows[t], state.headDh.rows[t]);

  for (const layer of state.layers) {
    layer.dLdh.flat.fill(0);
    layer.dLdc?.flat.fill(0);
    layer.dGi.flat.fill(0);
    layer.dGh.flat.fill(0);
  }
  const k = windowLength(truncation);
  if (k >= T) {
    backwardSweep(ws, state, 0, T - 1, -1);
  } else {
    for (let tau = 0; tau < T; tau++) {
      if (data.counted[tau]) backwardSweep(ws, state, Math.max(0, tau - k + 1), tau, tau);
    }
  }

  // dL/dW_ih = Σ_t dGi_t x_tᵀ;  dL/db_ih = Σ_t dGi_t;  dL/dW_hh = Σ_{t≥1} dGh_t h_{t−1}ᵀ (h_{−1} = 0);  dL/db_hh = Σ_t dGh_t
  const GH = dims.gateCount * H;
  state.layers.forEach((layer, l) => {
    const g = gradWeights.layers[l];
    const inputWidth = l === 0 ? dims.inputSize : H;
    addOuterProducts(g.wih, layer.dGi.flat, layer.input.flat, T, GH, inputWidth);
    addRows(g.bih, layer.dGi.flat, T);
    addOuterProducts(g.whh, layer.dGh.flat.subarray(GH), layer.h.flat, T - 1, GH, H);
    addRows(g.bhh, layer.dGh.flat, T);
  });
}

/** Steps a loss term's gradient may travel: any k < 1 still keeps the term's own step. */
export function windowLength(truncation: number | undefined): number {
  if (truncation === undefined || truncation === null || !(truncation < Infinity)) return Infinity;
  return Math.max(1, Math.floor(truncation));
}

/** Backward over steps hi → lo of every layer. seedStep < 0: the head's gradient enters at every step; else only there. */
export function backwardSweep(ws: Workspace, state: SequenceState, lo: number, hi: number, seedStep: number): void {
  const { dims, weights } = ws;
  const { zero, dhStep, dhCarry, dcStep, dcCarry, dGiStep, dGhStep } = ws.scratch;
  const H = dims.hiddenSize;
  const L = dims.numLayers;
  for (let l = L - 1; l >= 0; l--) {
    const layer = state.layers[l];
    const w = weights.layers[l];
    const below = l > 0 ? state.layers[l - 1] : null;
    // What lies before `lo` is outside the window: the carried gradients start at zero at `hi`.
    dhCarry.fill(0);
    dcCarry.fill(0);
    for (let t = hi; t >= lo; t--) {
      const fromAbove = l < L - 1 ? layer.fromAbove.rows[t] : seedStep < 0 || t === seedStep ? state.headDh.rows[t] : zero;
      // dL/dh_t = (from the head or the layer above at step t) + (from step t+1 through W_hh)
      for (let j = 0; j < H; j++) dhStep[j] = fromAbove[j] + dhCarry[j];
      addInto(layer.dLdh.rows[t], dhStep);
      const hPrev = t > 0 ? layer.h.rows[t - 1] : zero;
      switch (dims.cell) {
        case 'rnn':
          rnnStepBackward(dhStep, layer.h.rows[t], w.whh, dims.nonlinearity, dGiStep, dhCarry);
          break;
        case 'lstm': {
          const cPrev = t > 0 ? layer.c!.rows[t - 1] : zero;
          lstmStepBackward(dhStep, dcCarry, layer.gates!.rows[t], cPrev, layer.tanhC!.rows[t], w.whh, dGiStep, dcStep, dhCarry, dcCarry);
          addInto(layer.dLdc!.rows[t], dcStep);
          break;
        }
        case 'gru':
          gruStepBackward(dhStep, hPrev, layer.gates!.rows[t], layer.hiddenN!.rows[t], w.whh, dGiStep, dGhStep, dhCarry);
          break;
      }
      addInto(layer.dGi.rows[t], dGiStep);
      if (layer.dGh !== layer.dGi) addInto(layer.dGh.rows[t], dGhStep);
      // The layer below's h_t is this layer's x_t: dL/dx_t = W_ihᵀ dGi_t
      if (below) matTVec(w.wih, dGiStep, below.fromAbove.rows[t]);
    }
  }
}
