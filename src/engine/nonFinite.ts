// Finding where a run first stopped being finite, so an exploding run is reported, not thrown.
import { allFinite } from './linalg';
import type { NonFiniteAt } from './types';
import type { Workspace } from './workspace';

/** Forward order: sequence by sequence, step by step, bottom layer up (hidden, cell), then output, then loss. */
export function firstNonFiniteForward(ws: Workspace): NonFiniteAt | null {
  const top = ws.dims.numLayers - 1;
  for (let s = 0; s < ws.states.length; s++) {
    const state = ws.states[s];
    for (let t = 0; t < state.length; t++) {
      for (let l = 0; l <= top; l++) {
        const layer = state.layers[l];
        if (!allFinite(layer.h.rows[t])) return at(s, t, l, 'hidden', 'forward');
        if (layer.c && !allFinite(layer.c.rows[t])) return at(s, t, l, 'cell', 'forward');
      }
      if (!allFinite(state.y.rows[t])) return at(s, t, top, 'output', 'forward');
      if (!Number.isFinite(state.lossTerms[t])) return at(s, t, top, 'loss', 'forward');
    }
  }
  return null;
}

/** Backward order, i.e. the order BPTT computes: per sequence from the last step back, top layer down; then the
 *  parameter gradients (sequence and step −1, layer −1 for the head). */
export function firstNonFiniteBackward(ws: Workspace): NonFiniteAt | null {
  for (let s = 0; s < ws.states.length; s++) {
    const state = ws.states[s];
    for (let t = state.length - 1; t >= 0; t--) {
      for (let l = ws.dims.numLayers - 1; l >= 0; l--) {
        const layer = state.layers[l];
        if (!allFinite(layer.dLdh.rows[t])) return at(s, t, l, 'dLdh', 'backward');
        if (layer.dLdc && !allFinite(layer.dLdc.rows[t])) return at(s, t, l, 'dLdc', 'backward');
      }
    }
  }
  for (const entry of ws.layout.entries) {
    if (!allFinite(ws.grads.subarray(entry.offset, entry.offset + entry.size))) return at(-1, -1, entry.layer, entry.name, 'backward');
  }
  return null;
}

function at(sequence: number, step: number, layer: number, quantity: string, phase: 'forward' | 'backward'): NonFiniteAt {
  return { sequence, step, layer, quantity, phase };
}
