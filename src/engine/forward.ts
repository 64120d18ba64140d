// The forward pass over one sequence: each layer over all steps (layer k needs only layer k−1's h), then the
// head and the loss at every step. The loss gradient dL/dz_t is written here too, next to the loss it belongs to.
import { crossEntropyLoss, mseLoss } from './losses';
import { linearHead, linearHeadActivationBackward } from './head';
import { affineRows } from './linalg';
import { gruStep } from './gruCell';
import { lstmStep } from './lstmCell';
import { rnnStep } from './rnnCell';
import type { SequenceData } from './data';
import type { Dims, LayerWeights } from './params';
import type { LayerState, SequenceState, Workspace } from './workspace';

/** Nudge one h_t (or LSTM c_t) unit right after it is computed: lets tests measure dL/dh_t by finite differences. */
export interface Perturbation {
  sequence: number;
  layer: number;
  step: number;
  unit: number;
  quantity: 'hidden' | 'cell';
  delta: number;
}

/** Forward every sequence; returns the loss (PyTorch's mean, see Dataset.scale). */
export function forwardAll(ws: Workspace, perturbation: Perturbation | null = null): number {
  let loss = 0;
  ws.states.forEach((state, s) => {
    const nudge = perturbation && perturbation.sequence === s ? perturbation : null;
    loss += forwardSequence(ws, state, ws.dataset.sequences[s], nudge);
  });
  return loss;
}

export function forwardSequence(ws: Workspace, state: SequenceState, data: SequenceData, perturbation: Perturbation | null): number {
  const { dims, weights } = ws;
  const T = state.length;
  for (let l = 0; l < dims.numLayers; l++) {
    const nudge = perturbation && perturbation.layer === l ? perturbation : null;
    forwardLayer(dims, weights.layers[l], state.layers[l], T, ws.scratch.zero, nudge);
  }
  const top = state.layers[dims.numLayers - 1];
  const { scale, loss } = ws.dataset;
  let total = 0;
  for (let t = 0; t < T; t++) {
    const y = state.y.rows[t];
    const dz = state.dz.rows[t];
    linearHead(weights.fcW, weights.fcB, top.h.rows[t], dims.outputActivation, y);
    let term = 0;
    if (data.counted[t]) {
      term = loss.type === 'mse' ? mseLoss(y, data.targetRows[t], scale, dz) : crossEntropyLoss(y, data.classes[t], scale, dz);
      linearHeadActivationBackward(y, dims.outputActivation, dz);
    } else {
      dz.fill(0);
    }
    state.lossTerms[t] = term;
    total += term;
  }
  return total;
}

function forwardLayer(dims: Dims, w: LayerWeights, layer: LayerState, T: number, zero: Float64Array, nudge: Perturbation | null): void {
  if (T === 0) return;
  // W_ih x_t + b_ih for every step at once: it does not depend on the recurrence.
  affineRows(w.wih, w.bih, layer.input.flat, T, layer.gi.flat);
  const { gi, h } = layer;
  switch (dims.cell) {
    case 'rnn':
      for (let t = 0; t < T; t++) {
        rnnStep(gi.rows[t], w.whh, w.bhh, t > 0 ? h.rows[t - 1] : zero, dims.nonlinearity, h.rows[t]);
        if (nudge && nudge.step === t) applyPerturbation(layer, t, nudge);
      }
      return;
    case 'lstm': {
      const c = layer.c!;
      const tanhC = layer.tanhC!;
      const gates = layer.gates!;
      for (let t = 0; t < T; t++) {
        const hPrev = t > 0 ? h.rows[t - 1] : zero;
        const cPrev = t > 0 ? c.rows[t - 1] : zero;
        lstmStep(gi.rows[t], w.whh, w.bhh, hPrev, cPrev, gates.rows[t], c.rows[t], tanhC.rows[t], h.rows[t]);
        if (nudge && nudge.step === t) applyPerturbation(layer, t, nudge);
      }
      return;
    }
    case 'gru': {
      const gates = layer.gates!;
      const hiddenN = layer.hiddenN!;
      for (let t = 0; t < T; t++) {
        gruStep(gi.rows[t], w.whh, w.bhh, t > 0 ? h.rows[t - 1] : zero, gates.rows[t], hiddenN.rows[t], h.rows[t]);
        if (nudge && nudge.step === t) applyPerturbation(layer, t, nudge);
      }
      return;
    }
  }
}

function applyPerturbation(layer: LayerState, t: number, nudge: Perturbation): void {
  const j = nudge.unit;
  if (nudge.quantity === 'hidden') {
    layer.h.rows[t][j] += nudge.delta;
    return;
  }
  // c_t moves, so h_t = o ⊙ tanh(c_t) moves with it: that is the path the total dL/dc_t includes.
  const H = layer.h.rows[t].length;
  layer.c!.rows[t][j] += nudge.delta;
  layer.tanhC!.rows[t][j] = Math.tanh(layer.c!.rows[t][j]);
  layer.h.rows[t][j] = layer.gates!.rows[t][3 * H + j] * layer.tanhC!.rows[t][j];
}
