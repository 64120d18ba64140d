// Finding where a run first stopped being finite, so an exploding run is reported, not thrown.
import { allFinite } from './linalg';
import type { NonFiniteAt } from './types';
import type { Workspace } from './workspace';

/** Forward order: sequence by sequence, step by step, bottom layer up (hidden, cell), then output, then loss. */
export function firstNonFiniteForward(ws: Workspace): NonFiniteAt | null {
  const { dims } = ws;
  const H = dims.hiddenSize;
  const O = dims.outputSize;
  const top = dims.numLayers - 1;
  const lstm = dims.cell === 'lstm';
  for (let s = 0; s < ws.dataset.sequences.length; s++) {
    const { start, length } = ws.dataset.sequences[s];
    for (let t = 0; t < length; t++) {
      const row = start + t;
      for (let l = 0; l <= top; l++) {
        if (!allFinite(ws.layers[l].h, row * H, H)) return at(s, t, l, 'hidden', 'forward');
        if (lstm && !allFinite(ws.layers[l].c, row * H, H)) return at(s, t, l, 'cell', 'forward');
      }
      if (!allFinite(ws.y, row * O, O)) return at(s, t, top, 'output', 'forward');
      if (!Number.isFinite(ws.lossTerms[row])) return at(s, t, top, 'loss', 'forward');
    }
  }
  return null;
}

/** Backward order, i.e. the order BPTT computes: per sequence from the last step back, top layer down; then the
 *  parameter gradients (sequence and step −1, layer −1 for the head). */
export function firstNonFiniteBackward(ws: Workspace): NonFiniteAt | null {
  const { dims } = ws;
  const H = dims.hiddenSize;
  const lstm = dims.cell === 'lstm';
  for (let s = 0; s < ws.dataset.sequences.length; s++) {
    const { start, length } = ws.dataset.sequences[s];
    for (let t = length - 1; t >= 0; t--) {
      for (let l = dims.numLayers - 1; l >= 0; l--) {
        if (!allFinite(ws.layers[l].dLdh, (start + t) * H, H)) return at(s, t, l, 'dLdh', 'backward');
        if (lstm && !allFinite(ws.layers[l].dLdc, (start + t) * H, H)) return at(s, t, l, 'dLdc', 'backward');
      }
    }
  }
  for (const entry of ws.layout.entries) {
    if (!allFinite(ws.grads, entry.offset, entry.size)) return at(-1, -1, entry.layer, entry.name, 'backward');
  }
  return null;
}

function at(sequence: number, step: number, layer: number, quantity: string, phase: 'forward' | 'backward'): NonFiniteAt {
  return { sequence, step, layer, quantity, phase };
}
