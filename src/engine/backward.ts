// Backpropagation through time. A backward *sweep* walks one sequence's steps hi → lo through every layer, top
// to bottom; full BPTT is one sweep over the whole sequence seeded by every loss term, and truncated BPTT(k) is
// one sweep per loss term L_τ over the window τ−k < t ≤ τ (the term reaches k steps: its own and k−1 earlier
// ones). Sweeps add into the per-step totals (dL/dh_t, dL/dc_t, dGi_t, dGh_t); the parameter gradients are
// then sums of rank-1 products of those totals with the forward values, as matrix products over all rows.
import type { SequenceSlice } from './data';
import { gruStepBackward } from './gruCell';
import { addAt, addOuterProducts, addRows, gemvT } from './linalg';
import { lstmStepBackward } from './lstmCell';
import { rnnStepBackward } from './rnnCell';
import type { Workspace } from './workspace';

/** BPTT over every sequence into ws.grads (zeroed first). truncation: undefined/∞ = full BPTT, else k ≥ 1 steps. */
export function backwardAll(ws: Workspace, truncation?: number): void {
  const { dims, weights, gradWeights: g, dataset } = ws;
  const rows = dataset.rows;
  const H = dims.hiddenSize;
  const O = dims.outputSize;
  const GH = dims.gateCount * H;
  const top = ws.layers[dims.numLayers - 1];
  ws.grads.fill(0);

  // Head: dL/dW_fc = Σ_t dz_t h_tᵀ;  dL/db_fc = Σ_t dz_t;  the head's share of dL/dh_t = W_fcᵀ dz_t
  addOuterProducts(g.fcW, ws.dz, 0, top.h, 0, rows, O, H);
  addRows(g.fcB, ws.dz, 0, rows);
  for (let row = 0; row < rows; row++) gemvT(weights.fcW, O, H, ws.dz, row * O, ws.headDh, row * H, false);

  for (const layer of ws.layers) {
    layer.dLdh.fill(0);
    layer.dLdc.fill(0);
    layer.dGi.fill(0);
    layer.dGh.fill(0);
  }
  const k = windowLength(truncation);
  for (const sequence of dataset.sequences) {
    const T = sequence.length;
    if (k >= T) {
      if (T > 0) backwardSweep(ws, sequence, 0, T - 1, -1);
    } else {
      for (let tau = 0; tau < T; tau++) {
        if (dataset.counted[sequence.start + tau]) backwardSweep(ws, sequence, Math.max(0, tau - k + 1), tau, tau);
      }
    }
  }

  // dL/dW_ih = Σ_t dGi_t x_tᵀ;  dL/db_ih = Σ_t dGi_t;  dL/dW_hh = Σ_{t≥1} dGh_t h_{t−1}ᵀ (h_{−1} = 0);  dL/db_hh = Σ_t dGh_t
  ws.layers.forEach((layer, l) => {
    const gl = g.layers[l];
    addOuterProducts(gl.wih, layer.dGi, 0, layer.input, 0, rows, GH, layer.inputWidth);
    addRows(gl.bih, layer.dGi, 0, rows);
    for (const { start, length } of dataset.sequences) {
      if (length > 1) addOuterProducts(gl.whh, layer.dGh, (start + 1) * GH, layer.h, start * H, length - 1, GH, H);
    }
    addRows(gl.bhh, layer.dGh, 0, rows);
  });
}

/** Steps a loss term's gradient may travel: any k < 1 still keeps the term's own step. */
export function windowLength(truncation: number | undefined): number {
  if (truncation === undefined || truncation === null || !(truncation < Infinity)) return Infinity;
  return Math.max(1, Math.floor(truncation));
}

/** Backward over steps hi → lo of one sequence, every layer. seedStep < 0: the head's gradient enters at every step; else only there. */
export function backwardSweep(ws: Workspace, sequence: SequenceSlice, lo: number, hi: number, seedStep: number): void {
  const { dims, weights } = ws;
  const { zero, dhStep, dhCarry, dcStep, dcCarry, dGiStep, dGhStep } = ws.scratch;
  const H = dims.hiddenSize;
  const GH = dims.gateCount * H;
  const L = dims.numLayers;
  for (let l = L - 1; l >= 0; l--) {
    const layer = ws.layers[l];
    const w = weights.layers[l];
    const below = l > 0 ? ws.layers[l - 1] : null;
    // What lies before `lo` is outside the window: the carried gradients start at zero at `hi`.
    dhCarry.fill(0);
    dcCarry.fill(0);
    for (let t = hi; t >= lo; t--) {
      const row = sequence.start + t;
      const prevRow = t > 0 ? row - 1 : -1;
      // dL/dh_t = (from the head or the layer above at step t) + (from step t+1 through W_hh)
      const fromHead = seedStep < 0 || t === seedStep;
      const source = l < L - 1 ? layer.fromAbove : fromHead ? ws.headDh : zero;
      const at = source === zero ? 0 : row * H;
      for (let j = 0; j < H; j++) dhStep[j] = source[at + j] + dhCarry[j];
      addAt(layer.dLdh, row * H, dhStep);
      switch (dims.cell) {
        case 'rnn':
          rnnStepBackward(w, dims.nonlinearity, layer, H, row, dhStep, dGiStep, dhCarry);
          break;
        case 'lstm':
          lstmStepBackward(w, layer, H, row, prevRow, dhStep, dcCarry, dGiStep, dcStep, dhCarry, dcCarry);
          addAt(layer.dLdc, row * H, dcStep);
          break;
        case 'gru':
          gruStepBackward(w, layer, H, row, prevRow, dhStep, dGiStep, dGhStep, dhCarry);
          break;
      }
      addAt(layer.dGi, row * GH, dGiStep);
      if (layer.dGh !== layer.dGi) addAt(layer.dGh, row * GH, dGhStep);
      // The layer below's h_t is this layer's x_t: dL/dx_t = W_ihᵀ dGi_t
      if (below) gemvT(w.wih, GH, H, dGiStep, 0, below.fromAbove, row * H, false);
    }
  }
}
