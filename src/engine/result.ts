// Flat buffers → the nested [sequence][step][unit] number arrays of RunResult, once, at the end of a run.
import { contributionNorms, contributionSummands } from './contributions';
import { stepJacobianNorms } from './jacobian';
import { norm2, toNumbers } from './linalg';
import { firstNonFiniteBackward, firstNonFiniteForward } from './nonFinite';
import { toWeightValues } from './params';
import type { Real } from './real';
import type { LayerTrace, NonFiniteAt, RunOptions, RunResult } from './types';
import type { Workspace } from './workspace';

const GATE_NAMES = { rnn: [], lstm: ['i', 'f', 'g', 'o'], gru: ['r', 'z', 'n'] } as const;

export function buildRunResult(ws: Workspace, loss: number, options: RunOptions): RunResult {
  const { dims } = ws;
  const H = dims.hiddenSize;
  const GH = dims.gateCount * H;
  const only = options.traceSequence;
  const rowsOf = (buffer: Real, width: number, offset = 0, count = width) => nested(ws, buffer, width, offset, count, only);
  const layers: LayerTrace[] = ws.layers.map((layer, l) => {
    const trace: LayerTrace = {
      hidden: rowsOf(layer.h, H),
      dLdh: rowsOf(layer.dLdh, H),
      jacobianNorm:
        options.jacobian === false
          ? []
          : ws.dataset.sequences.map((sequence, s) => {
              if (options.jacobianSequence !== undefined && s !== options.jacobianSequence) return [];
              const norms = stepJacobianNorms(ws, sequence, l);
              return toNumbers(norms, 0, norms.length);
            }),
    };
    if (dims.cell === 'lstm') {
      trace.cell = rowsOf(layer.c, H);
      trace.dLdc = rowsOf(layer.dLdc, H);
    }
    if (dims.cell !== 'rnn') {
      const gates: Record<string, number[][][]> = {};
      GATE_NAMES[dims.cell].forEach((name, k) => (gates[name] = rowsOf(layer.gates, GH, k * H, H)));
      trace.gates = gates;
    }
    return trace;
  });
  const top = layers[dims.numLayers - 1];
  const topDLdh = ws.layers[dims.numLayers - 1].dLdh;
  const mode = options.contributions ?? 'norms';
  const result: RunResult = {
    loss,
    outputs: rowsOf(ws.y, dims.outputSize),
    hidden: top.hidden,
    dLdh: top.dLdh,
    grads: toWeightValues(ws.layout, ws.grads),
    weights: toWeightValues(ws.layout, ws.params),
    layers,
    stepGradNorm: ws.dataset.sequences.map(({ start, length }) => stepNorms(topDLdh, start, length, H)),
    firstNonFinite: firstNonFinite(ws, loss),
  };
  if (top.dLdc) result.dLdc = top.dLdc;
  if (mode === 'norms' || mode === 'full') result.contributionNorms = contributionNorms(ws);
  if (mode === 'full') result.contributions = contributionSummands(ws);
  return result;
}

export function firstNonFinite(ws: Workspace, loss: number): NonFiniteAt | null {
  const forward = firstNonFiniteForward(ws);
  if (forward) return forward;
  // Every term finite but their sum overflowed.
  if (!Number.isFinite(loss)) return { sequence: -1, step: -1, layer: ws.dims.numLayers - 1, quantity: 'loss', phase: 'forward' };
  return firstNonFiniteBackward(ws);
}

/** [sequence][step][unit] from a rows × width buffer: `count` units from `offset` within each row; only sequence
 *  `only`'s rows when it is given (the others empty). */
function nested(ws: Workspace, buffer: Real, width: number, offset = 0, count = width, only?: number): number[][][] {
  return ws.dataset.sequences.map(({ start, length }, s) => {
    if (only !== undefined && s !== only) return [];
    const steps = new Array<number[]>(length);
    for (let t = 0; t < length; t++) steps[t] = toNumbers(buffer, (start + t) * width + offset, count);
    return steps;
  });
}

// ‖dL/dh_t‖ for each step of one sequence (an indexed loop: Array.from with a map function was a fifth of a small run)
function stepNorms(dLdh: Real, start: number, length: number, H: number): number[] {
  const norms = new Array<number>(length);
  for (let t = 0; t < length; t++) norms[t] = norm2(dLdh, (start + t) * H, H);
  return norms;
}
