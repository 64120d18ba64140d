// Typed buffers → the nested number[] arrays of RunResult, once, at the end of a run.
import { contributionNorms, contributionSummands } from './contributions';
import { stepJacobianNorms } from './jacobian';
import { norm2 } from './linalg';
import { firstNonFiniteBackward, firstNonFiniteForward } from './nonFinite';
import { toWeightValues } from './params';
import type { LayerTrace, NonFiniteAt, RunOptions, RunResult } from './types';
import type { Steps, Workspace } from './workspace';

const GATE_NAMES = { rnn: [], lstm: ['i', 'f', 'g', 'o'], gru: ['r', 'z', 'n'] } as const;

export function buildRunResult(ws: Workspace, loss: number, options: RunOptions): RunResult {
  const { dims, states } = ws;
  const H = dims.hiddenSize;
  const perSequence = <T>(f: (s: number) => T): T[] => states.map((_, s) => f(s));
  const layers: LayerTrace[] = [];
  for (let l = 0; l < dims.numLayers; l++) {
    const of = (pick: (s: number) => Steps) => perSequence((s) => nested(pick(s)));
    const trace: LayerTrace = {
      hidden: of((s) => states[s].layers[l].h),
      dLdh: of((s) => states[s].layers[l].dLdh),
      jacobianNorm: options.jacobian === false ? [] : perSequence((s) => Array.from(stepJacobianNorms(ws, states[s], l))),
    };
    if (dims.cell === 'lstm') {
      trace.cell = of((s) => states[s].layers[l].c!);
      trace.dLdc = of((s) => states[s].layers[l].dLdc!);
    }
    if (dims.cell !== 'rnn') {
      const gates: Record<string, number[][][]> = {};
      GATE_NAMES[dims.cell].forEach((name, k) => {
        gates[name] = perSequence((s) => states[s].layers[l].gates!.rows.map((row) => Array.from(row.subarray(k * H, (k + 1) * H))));
      });
      trace.gates = gates;
    }
    layers.push(trace);
  }
  const top = layers[dims.numLayers - 1];
  const mode = options.contributions ?? 'norms';
  const result: RunResult = {
    loss,
    outputs: perSequence((s) => nested(states[s].y)),
    hidden: top.hidden,
    dLdh: top.dLdh,
    grads: toWeightValues(ws.layout, ws.grads),
    weights: toWeightValues(ws.layout, ws.params),
    layers,
    stepGradNorm: perSequence((s) => states[s].layers[dims.numLayers - 1].dLdh.rows.map(norm2)),
    firstNonFinite: firstNonFinite(ws, loss),
  };
  if (top.dLdc) result.dLdc = top.dLdc;
  if (mode === 'norms') result.contributionNorms = contributionNorms(ws);
  if (mode === 'full') {
    result.contributions = contributionSummands(ws);
    result.contributionNorms = contributionNorms(ws);
  }
  return result;
}

export function firstNonFinite(ws: Workspace, loss: number): NonFiniteAt | null {
  const forward = firstNonFiniteForward(ws);
  if (forward) return forward;
  // Every term finite but their sum overflowed.
  if (!Number.isFinite(loss)) return { sequence: -1, step: -1, layer: ws.dims.numLayers - 1, quantity: 'loss', phase: 'forward' };
  return firstNonFiniteBackward(ws);
}

function nested(steps: Steps): number[][] {
  return steps.rows.map((row) => Array.from(row));
}
