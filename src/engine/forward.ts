// The forward pass: each layer over every step of every sequence (layer k needs only layer k−1's h), then the
// head and the loss at every step. The loss gradient dL/dz_t is written here too, next to the loss it belongs to.
// Within a layer, step t of every sequence that has one is taken together, as one batch (batch.ts).
import { selectStep } from './batch';
import { gruStep } from './gruCell';
import { linearHead, linearHeadActivationBackward } from './head';
import { tanh } from './activations';
import { crossEntropyLoss, mseLoss } from './losses';
import { GATE_O, lstmStep } from './lstmCell';
import { rnnStep } from './rnnCell';
import { packWeights, type LayerState, type Workspace } from './workspace';

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
  const { dims, dataset } = ws;
  const O = dims.outputSize;
  packWeights(ws);
  ws.layers.forEach((layer, l) => {
    const nudge = perturbation && perturbation.layer === l ? perturbation : null;
    forwardLayer(ws, l, layer, nudge);
  });

  const top = ws.layers[dims.numLayers - 1];
  linearHead(ws.kernels, ws.fc, ws.fcB, top.h, dataset.rows, dims.outputActivation, ws.y);
  const { scale, loss } = dataset;
  let total = 0;
  for (let row = 0; row < dataset.rows; row++) {
    const at = row * O;
    let term = 0;
    if (dataset.counted[row]) {
      term = loss.type === 'mse'
        ? mseLoss(ws.y, dataset.targets, at, O, scale, ws.dz)
        : crossEntropyLoss(ws.y, at, O, dataset.classes[row], scale, ws.dz);
      linearHeadActivationBackward(ws.y, at, O, dims.outputActivation, ws.dz);
    } else {
      ws.dz.fill(0, at, at + O);
    }
    ws.lossTerms[row] = term;
    total += term;
  }
  return total;
}

function forwardLayer(ws: Workspace, l: number, layer: LayerState, nudge: Perturbation | null): void {
  const { dims, dataset, kernels } = ws;
  const H = dims.hiddenSize;
  // W_ih x_t + b_ih for every step of every sequence at once: it does not depend on the recurrence.
  kernels.affineRows(layer.wih, layer.bih, layer.input, layer.gi, dataset.rows);
  const { all, step } = ws.scratch;
  for (let t = 0; t < dataset.maxLength; t++) {
    selectStep(all, t, step);
    switch (dims.cell) {
      case 'rnn':
        rnnStep(kernels, layer, dims.nonlinearity, H, step);
        break;
      case 'lstm':
        lstmStep(kernels, layer, H, step);
        break;
      case 'gru':
        gruStep(kernels, layer, H, step);
        break;
    }
    if (nudge && nudge.step === t) {
      const { start, length } = dataset.sequences[nudge.sequence];
      if (t < length) applyPerturbation(layer, H, start + t, nudge);
    }
  }
}

function applyPerturbation(layer: LayerState, H: number, row: number, nudge: Perturbation): void {
  const k = row * H + nudge.unit;
  if (nudge.quantity === 'hidden') {
    layer.h[k] += nudge.delta;
    return;
  }
  // c_t moves, so h_t = o ⊙ tanh(c_t) moves with it: that is the path the total dL/dc_t includes.
  layer.c[k] += nudge.delta;
  layer.tanhC[k] = tanh(layer.c[k]);
  layer.h[k] = layer.gates[row * 4 * H + GATE_O * H + nudge.unit] * layer.tanhC[k];
}
