// Backpropagation through time. A backward *sweep* walks a batch of sequences' steps hi → lo through every layer,
// top to bottom, each step one matrix product over the batch; full BPTT is one sweep over every step seeded by
// every loss term, and truncated BPTT(k) is one sweep per loss term L_τ over the window τ−k < t ≤ τ (the term
// reaches k steps: its own and k−1 earlier ones), shared by the sequences with a term at τ. Sweeps add into the
// per-step totals (dL/dh_t, dL/dc_t, dGi_t, dGh_t); the parameter gradients are then sums of rank-1 products of
// those totals with the forward values, as matrix products over all rows.
import { addSequence, clearBatch, selectStep, type SequenceBatch } from './batch';
import { gruStepBackward } from './gruCell';
import { lstmStepBackward } from './lstmCell';
import { rnnStepBackward } from './rnnCell';
import type { Workspace } from './workspace';
import type { Real } from './real';

/** BPTT over every sequence into ws.grads (zeroed first). truncation: undefined/∞ = full BPTT, else k ≥ 1 steps. */
export function backwardAll(ws: Workspace, truncation?: number): void {
  const { dims, gradWeights: g, dataset, kernels } = ws;
  const rows = dataset.rows;
  const H = dims.hiddenSize;
  const O = dims.outputSize;
  const GH = dims.gateCount * H;
  const top = ws.layers[dims.numLayers - 1];
  ws.gradsReal.fill(0);

  // Head: dL/dW_fc = Σ_t dz_t h_tᵀ;  dL/db_fc = Σ_t dz_t;  the head's share of dL/dh_t = W_fcᵀ dz_t
  kernels.addOuterProducts(g.fcW, O, H, ws.dz, 0, top.h, 0, rows);
  kernels.addRows(g.fcB, ws.dz, rows);
  kernels.multiplyRows(ws.fcT, ws.dz, null, ws.headDh, null, rows);

  for (const layer of ws.layers) {
    layer.dLdh.fill(0);
    layer.dLdc.fill(0);
    layer.dGi.fill(0);
    layer.dGh.fill(0);
  }
  const k = windowLength(truncation);
  const { all, subset } = ws.scratch;
  // A sequence of at most k steps gets full BPTT: all of them in one sweep from the longest one's last step.
  clearBatch(subset);
  for (let i = 0; i < all.size; i++) if (all.lengths[i] <= k) addSequence(subset, all.starts[i], all.lengths[i]);
  if (subset.size > 0 && subset.lengths[0] > 0) backwardSweep(ws, subset, 0, subset.lengths[0] - 1, -1);
  // A longer one gets a sweep per loss term; the sequences with a term at the same step τ share its sweep.
  for (let tau = 0; k < Infinity && tau < dataset.maxLength; tau++) {
    clearBatch(subset);
    for (let i = 0; i < all.size; i++) {
      const T = all.lengths[i];
      if (T > k && tau < T && dataset.counted[all.starts[i] + tau]) addSequence(subset, all.starts[i], T);
    }
    if (subset.size > 0) backwardSweep(ws, subset, Math.max(0, tau - k + 1), tau, tau);
  }

  // dL/dW_ih = Σ_t dGi_t x_tᵀ;  dL/db_ih = Σ_t dGi_t;  dL/dW_hh = Σ_t dGh_t h_{t−1}ᵀ;  dL/db_hh = Σ_t dGh_t
  ws.layers.forEach((layer, l) => {
    const gl = g.layers[l];
    kernels.addOuterProducts(gl.wih, GH, layer.inputWidth, layer.dGi, 0, layer.input, 0, rows);
    kernels.addRows(gl.bih, layer.dGi, rows);
    for (const { start, length } of dataset.sequences) {
      if (length > 1) kernels.addOuterProducts(gl.whh, GH, H, layer.dGh, start + 1, layer.h, start, length - 1);
      addZeroStateTerm(gl.whh, H, layer.dGh, start * GH, GH);
    }
    // rnn and lstm: dGh is dGi, so the two bias gradients are the same sum
    if (layer.dGh === layer.dGi) gl.bhh.set(gl.bih);
    else kernels.addRows(gl.bhh, layer.dGh, rows);
  });
  if (ws.grads !== ws.gradsReal) ws.grads.set(ws.gradsReal); // float32: widened for the optimiser
}

/** Steps a loss term's gradient may travel: any k < 1 still keeps the term's own step. */
export function windowLength(truncation: number | undefined): number {
  if (truncation === undefined || truncation === null || !(truncation < Infinity)) return Infinity;
  return Math.max(1, Math.floor(truncation));
}

/** Backward over steps hi → lo of a batch of sequences (longest first), every layer; a sequence joins at its own
 *  last step. seedStep < 0: the head's gradient enters at every step; else only there. */
export function backwardSweep(ws: Workspace, batch: SequenceBatch, lo: number, hi: number, seedStep: number): void {
  const { dims, kernels: k } = ws;
  const { dhStep, dhCarry, dcStep, dcCarry, dGiStep, dGhStep, step } = ws.scratch;
  const H = dims.hiddenSize;
  const GH = dims.gateCount * H;
  const L = dims.numLayers;
  for (let l = L - 1; l >= 0; l--) {
    const layer = ws.layers[l];
    const below = l > 0 ? ws.layers[l - 1] : null;
    // Nothing arrives from beyond `hi` (outside the window) or a sequence's last step: the carries start at zero.
    dhCarry.fill(0, 0, batch.size * H);
    dcCarry.fill(0, 0, batch.size * H);
    for (let t = hi; t >= lo; t--) {
      selectStep(batch, t, step);
      // dL/dh_t = (from the head or the layer above at step t) + (from step t+1 through W_hh)
      const fromHead = seedStep < 0 || t === seedStep;
      k.stepGradient(l < L - 1 ? layer.fromAbove : fromHead ? ws.headDh : null, dhCarry, dhStep, layer.dLdh, step, H);
      switch (dims.cell) {
        case 'rnn':
          rnnStepBackward(k, layer, dims.nonlinearity, H, step, dhStep, dGiStep, dhCarry);
          break;
        case 'lstm':
          lstmStepBackward(k, layer, H, step, dhStep, dcCarry, dGiStep, dcStep, dhCarry, dcCarry);
          k.addToRows(layer.dLdc, step.rows, dcStep, step.size, H);
          break;
        case 'gru':
          gruStepBackward(k, layer, H, step, dhStep, dGiStep, dGhStep, dhCarry);
          break;
      }
      k.addToRows(layer.dGi, step.rows, dGiStep, step.size, GH);
      if (layer.dGh !== layer.dGi) k.addToRows(layer.dGh, step.rows, dGhStep, step.size, GH);
      // The layer below's h_t is this layer's x_t: dL/dx_t = W_ihᵀ dGi_t, one product over the batch
      if (below && layer.wihT) k.multiplyRows(layer.wihT, dGiStep, null, below.fromAbove, step.rows, step.size);
    }
  }
}

/**
 * t = 0: dL/dW_hh += dGh_0 h_{−1}ᵀ with h_{−1} = 0 adds nothing, unless dGh_0 is not finite: PyTorch multiplies
 * it by the zero state all the same (∞ · 0 = NaN), and so do we, so that a run that overflows reports what PyTorch
 * reports. Only the rows whose dGh_0 is not finite change, so there is nothing to multiply.
 */
function addZeroStateTerm(whh: Real, H: number, dGh: Real, at: number, GH: number): void {
  for (let i = 0; i < GH; i++) {
    if (Number.isFinite(dGh[at + i])) continue;
    for (let j = 0; j < H; j++) whh[i * H + j] += dGh[at + i] * 0;
  }
}
