// Turns one engine run into what the preview shows for one sequence. Pure: no `vscode`, so it runs in
// the extension's worker, in tests and in the webview gallery alike.
import type { Nonlinearity, RunResult, Sequence, WeightValue } from '../engine/types';
import type { ParsedSpec } from '../spec/types';
import type { PreviewModel, ScalarClosedForm, Thresholds } from '../protocol';
import { DEFAULT_THRESHOLDS, overallHealth, stepHealth } from './gradientHealth';
import { norm2 } from '../engine/linalg';
import { derivativeFromOutput } from '../engine/activations';
import { scalarGradientFactor } from '../spec/closedForm';
import { classProbabilities } from '../engine/softmax';
import { isScalarRnn } from './scalarRnn';

export { isScalarRnn } from './scalarRnn';

export interface PreviewSource {
  uri: string;
  version: number;
  computeMs: number;
}

/** What the view asked to see: a sequence, and in a stacked model the layer whose gates and cell state it draws
 *  (absent = the top one). Out-of-range requests show the nearest that exists. */
export interface PreviewShown {
  sequence: number;
  layer?: number;
}

export function buildPreviewModel(
  spec: ParsedSpec,
  result: RunResult,
  shown: PreviewShown,
  source: PreviewSource,
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): PreviewModel {
  const sequences = spec.data.sequences;
  const s = clampIndex(shown.sequence, sequences.length);
  const sequence = sequences[s];
  const model = spec.model;
  const top = result.layers[result.layers.length - 1];
  const gatesLayer = clampIndex(shown.layer ?? result.layers.length - 1, result.layers.length);
  const picked = result.layers[gatesLayer];
  const gradNorm = result.stepGradNorm[s] ?? [];
  const perStep = stepHealth(gradNorm, thresholds);
  const gates = picked?.gates ? mapValues(picked.gates, (g) => g[s]) : undefined;
  return {
    uri: source.uri,
    version: source.version,
    name: spec.name,
    description: spec.description,
    cell: model.cell,
    nonlinearity: model.cell === 'rnn' ? (model.nonlinearity ?? 'tanh') : undefined,
    outputActivation: model.outputActivation ?? 'identity',
    inputSize: model.inputSize,
    hiddenSize: model.hiddenSize,
    outputSize: model.outputSize,
    numLayers: model.numLayers ?? 1,
    loss: { type: spec.loss.type, on: spec.loss.on, value: result.loss },
    sequence: s,
    sequenceCount: sequences.length,
    steps: sequence.inputs.length,
    inputs: sequence.inputs,
    targets: stepTargets(sequence, spec.loss.on),
    hidden: result.layers.map((layer) => layer.hidden[s]),
    cellState: model.cell === 'lstm' ? result.layers.map((layer) => layer.cell?.[s] ?? []) : undefined,
    gatesLayer,
    gates,
    outputs: result.outputs[s],
    dLdh: result.dLdh[s],
    dLdc: result.dLdc?.[s],
    gradNorm,
    jacobianNorm: top?.jacobianNorm[s] ?? [],
    contributions: result.contributionNorms ?? {},
    weightShapes: mapValues(result.weights, shapeOf),
    gradNorms: mapValues(result.grads, frobeniusNorm),
    weights: result.weights,
    grads: result.grads,
    stepHealth: perStep,
    health: overallHealth(perStep),
    thresholds,
    firstNonFinite: result.firstNonFinite,
    scalar: scalarClosedForm(spec, result, s),
    computeMs: source.computeMs,
    ...predictions(spec, result.outputs[s] ?? [], s),
    ...(spec.view?.scale ? { scale: spec.view.scale } : {}),
    ...(spec.view?.inputLabels ? { inputLabels: spec.view.inputLabels } : {}),
  };
}

/** An index into `count` things, from a request that may be fractional or out of range. */
function clampIndex(requested: number, count: number): number {
  return Math.min(Math.max(0, Math.floor(requested)), Math.max(0, count - 1));
}

/** Cross-entropy: the class probabilities per step; text: the characters the sequence reads and predicts. */
function predictions(spec: ParsedSpec, outputs: number[][], s: number): Pick<PreviewModel, 'classes' | 'characters'> {
  const text = spec.source?.kind === 'text' ? spec.source : undefined;
  const out: Pick<PreviewModel, 'classes' | 'characters'> = {};
  if (spec.loss.type === 'cross-entropy') out.classes = { probabilities: classProbabilities(outputs), ...(text ? { labels: text.vocabulary } : {}) };
  const characters = text?.windows[s];
  if (characters) out.characters = characters;
  return out;
}

/** The target that counts at each step; null where the loss ignores that step's output. */
export function stepTargets(sequence: Sequence, on: 'last' | 'all'): (number[] | null)[] {
  const asVector = (t: number[] | number | undefined): number[] | null =>
    t === undefined ? null : typeof t === 'number' ? [t] : t;
  const T = sequence.inputs.length;
  if (on === 'all') return Array.from({ length: T }, (_, t) => asVector(sequence.targets?.[t]));
  return Array.from({ length: T }, (_, t) => (t === T - 1 ? asVector(sequence.target) : null));
}

/**
 * For a one-unit rnn with the loss on the last step, dL/dh_t = dL/dh_{T−1} · Π_{k=t+1..T−1} w2·f′(a_k):
 * the (w2·f′)^(T−t) of the video with steps counted from 1 as people count them (t = 1 … T). The views put it beside
 * the measured dL/dh_t, which must agree.
 */

export function scalarClosedForm(spec: ParsedSpec, result: RunResult, s: number): ScalarClosedForm | undefined {
  const m = spec.model;
  if (!isScalarRnn(m) || spec.loss.on !== 'last') return undefined;
  const w2 = scalarOf(result.weights['weight_hh_l0']);
  const nonlinearity: Nonlinearity = m.nonlinearity ?? 'tanh';
  const h = result.layers[0].hidden[s].map((v) => v[0]);
  const T = h.length;
  const predicted = new Array<number>(T);
  predicted[T - 1] = result.dLdh[s][T - 1][0];
  let slopeIsOne = true;
  for (let t = T - 2; t >= 0; t--) {
    const slope = derivativeFromOutput(h[t + 1], nonlinearity);
    slopeIsOne &&= slope === 1;
    predicted[t] = predicted[t + 1] * w2 * slope;
  }
  const atFirstStep = slopeIsOne && T > 1 ? scalarGradientFactor({ recurrentWeight: w2, lastStep: T, step: 1 }).simplified : undefined;
  return { expression: '(w2 · f′)^(T − t)', w2, predicted, ...(atFirstStep ? { atFirstStep } : {}) };
}

/** "rows×cols" of a matrix, "length" of a vector */
export function shapeOf(value: WeightValue): string {
  return Array.isArray(value[0]) ? `${value.length}×${(value[0] as number[]).length}` : `${value.length}`;
}

export function frobeniusNorm(value: WeightValue): number {
  return norm2(Float64Array.from((value as (number | number[])[]).flat()));
}

function scalarOf(value: WeightValue | undefined): number {
  if (!value) return NaN;
  const first = value[0];
  return typeof first === 'number' ? first : first[0];
}

export function mapValues<A, B>(record: Record<string, A>, f: (a: A) => B): Record<string, B> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));
}
