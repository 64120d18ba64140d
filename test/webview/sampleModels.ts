// PreviewModel objects for the webview gallery and its tests, computed by hand (no engine needed): a scalar RNN
// run forward and back exactly as StatQuest draws it (sampleModels.test.ts checks it against the engine), plus the
// seeded synthetic LSTM/GRU models of syntheticModels.ts. No DOM and no vscode import: the gallery bundles this.
import type { Comparison, PreviewModel, PreviewProblem, Thresholds, TrainingProgress } from '../../src/protocol';
import type { NonFiniteAt, WeightValue } from '../../src/engine/types';
import { frobeniusNorm, mapValues, shapeOf } from '../../src/analysis/previewModel';
import { classify, THRESHOLDS } from './modelHealth';
import { deepRnn, gru, large, lstm, normal, rng } from './syntheticModels';

export { classify, SETTINGS, THRESHOLDS } from './modelHealth';
export { deepRnn, gru, large, lstm, synthetic, type SyntheticOptions } from './syntheticModels';

// ---------------------------------------------------------------------------------------------------------
// Scalar RNN: h_t = f(w1·x_t + b_ih + w2·h_{t−1} + b_hh), y_t = w3·h_t + b2, MSE on the last step.

export interface ScalarRnnOptions {
  uri?: string;
  version?: number;
  name: string;
  description?: string;
  w1: number;
  w2: number;
  w3: number;
  b1?: number;
  b2?: number;
  nonlinearity?: 'relu' | 'tanh' | 'identity';
  /** one input sequence per entry; each a list of scalars */
  sequences: number[][];
  /** one target (for the last step) per sequence */
  targets: number[];
  sequence?: number;
  thresholds?: Thresholds;
}

const activations = {
  relu: { f: (a: number) => Math.max(0, a), df: (a: number) => (a > 0 ? 1 : 0) },
  tanh: { f: Math.tanh, df: (a: number) => 1 - Math.tanh(a) ** 2 },
  identity: { f: (a: number) => a, df: () => 1 },
};

export function scalarRnn(o: ScalarRnnOptions): PreviewModel {
  const { w1, w2, w3, b1 = 0, b2 = 0, nonlinearity = 'relu', sequence = 0, thresholds = THRESHOLDS } = o;
  const { f, df } = activations[nonlinearity];
  const xs = o.sequences[sequence];
  const target = o.targets[sequence];
  const T = xs.length;
  // b1 is split as PyTorch stores it: bias_ih + bias_hh.
  const bIh = b1 / 2;
  const bHh = b1 - bIh;
  const pre: number[] = [];
  const h: number[] = [];
  let prev = 0;
  for (let t = 0; t < T; t++) {
    pre.push(w1 * xs[t] + bIh + w2 * prev + bHh);
    prev = f(pre[t]);
    h.push(prev);
  }
  const y = h.map((v) => w3 * v + b2);
  const loss = (y[T - 1] - target) ** 2;
  const dy = 2 * (y[T - 1] - target);
  const dLdh = new Array<number>(T);
  const contribution = { w1: [] as number[], w2: [] as number[], b: [] as number[] };
  let g = w3 * dy;
  for (let t = T - 1; t >= 0; t--) {
    dLdh[t] = g;
    const da = g * df(pre[t]);
    contribution.w1[t] = da * xs[t];
    contribution.w2[t] = da * (t > 0 ? h[t - 1] : 0);
    contribution.b[t] = da;
    g = da * w2;
  }
  const predicted = dLdh.map((_, t) => {
    let p = dLdh[T - 1];
    for (let k = t + 1; k < T; k++) p *= w2 * df(pre[k]);
    return p;
  });
  const sum = (a: number[]) => a.reduce((s, v) => s + v, 0);
  const lastOnly = (v: number) => xs.map((_, t) => (t === T - 1 ? v : 0));
  const gradNorm = dLdh.map(Math.abs);
  const { stepHealth, health } = classify(gradNorm, thresholds);
  const weights: Record<string, WeightValue> = { weight_ih_l0: [[w1]], weight_hh_l0: [[w2]], bias_ih_l0: [bIh], bias_hh_l0: [bHh], 'fc.weight': [[w3]], 'fc.bias': [b2] };
  const grads: Record<string, WeightValue> = {
    weight_ih_l0: [[sum(contribution.w1)]],
    weight_hh_l0: [[sum(contribution.w2)]],
    bias_ih_l0: [sum(contribution.b)],
    bias_hh_l0: [sum(contribution.b)],
    'fc.weight': [[dy * h[T - 1]]],
    'fc.bias': [dy],
  };
  return {
    uri: o.uri ?? 'file:///samples/scalar.rnn.json',
    version: o.version ?? 1,
    name: o.name,
    description: o.description,
    cell: 'rnn',
    nonlinearity,
    outputActivation: 'identity',
    inputSize: 1,
    hiddenSize: 1,
    outputSize: 1,
    numLayers: 1,
    gatesLayer: 0,
    loss: { type: 'mse', on: 'last', value: loss },
    sequence,
    sequenceCount: o.sequences.length,
    steps: T,
    inputs: xs.map((x) => [x]),
    targets: xs.map((_, t) => (t === T - 1 ? [target] : null)),
    hidden: [h.map((v) => [v])],
    outputs: y.map((v) => [v]),
    dLdh: dLdh.map((v) => [v]),
    gradNorm,
    jacobianNorm: pre.map((a) => Math.abs(w2 * df(a))),
    contributions: {
      weight_ih_l0: contribution.w1.map(Math.abs),
      weight_hh_l0: contribution.w2.map(Math.abs),
      bias_ih_l0: contribution.b.map(Math.abs),
      bias_hh_l0: contribution.b.map(Math.abs),
      'fc.weight': lastOnly(Math.abs(dy * h[T - 1])),
      'fc.bias': lastOnly(Math.abs(dy)),
    },
    weightShapes: mapValues(weights, shapeOf),
    gradNorms: mapValues(grads, frobeniusNorm),
    weights,
    grads,
    stepHealth,
    health,
    thresholds,
    firstNonFinite: firstNonFinite([h, y, [loss], dLdh]),
    scalar: { expression: '(w2 · f′)^(T − 1 − t)', w2, predicted },
    computeMs: 0.05,
  };
}

function firstNonFinite([h, y, loss, dLdh]: number[][]): NonFiniteAt | null {
  const at = (step: number, quantity: string, phase: 'forward' | 'backward'): NonFiniteAt => ({ sequence: 0, step, layer: 0, quantity, phase });
  for (let t = 0; t < h.length; t++) {
    if (!Number.isFinite(h[t])) return at(t, 'hidden', 'forward');
    if (!Number.isFinite(y[t])) return at(t, 'output', 'forward');
  }
  if (!Number.isFinite(loss[0])) return at(h.length - 1, 'loss', 'forward');
  for (let t = dLdh.length - 1; t >= 0; t--) if (!Number.isFinite(dLdh[t])) return at(t, 'dLdh', 'backward');
  return null;
}

const constant = (steps: number, value: number) => Array.from({ length: steps }, () => value);

/** StatQuest's example: w1 = 1.8, w2 = −0.5, w3 = 1.1, b1 = b2 = 0, ReLU; two days of prices (low 0, medium 0.5, high 1). */
export function statQuest(sequence = 0, version = 1): PreviewModel {
  return scalarRnn({
    uri: 'file:///samples/statquest.rnn.json',
    version,
    name: 'StatQuest: two days of stock prices',
    description: 'Yesterday and today go in, tomorrow comes out. One set of weights is shared by both days.',
    w1: 1.8,
    w2: -0.5,
    w3: 1.1,
    sequences: [[0.5, 1], [0, 0], [1, 0.5]],
    targets: [1, 0, 0.5],
    sequence,
  });
}

/** w2 = 2 over 50 steps: the gradient reaching step 0 is 2^49 times the last step's. */
export function exploding(w2 = 2, steps = 50, version = 1): PreviewModel {
  return scalarRnn({
    uri: 'file:///samples/exploding.rnn.json',
    version,
    name: w2 > 1 ? 'Exploding gradient (w2 = 2)' : 'Vanishing gradient (w2 = 0.5)',
    description: `A ReLU RNN with w2 = ${w2}, run for ${steps} steps. Only the last output counts.`,
    w1: 1.8,
    w2,
    w3: 1.1,
    sequences: [constant(steps, 0.5)],
    targets: [1],
  });
}

export function vanishing(steps = 50, version = 1): PreviewModel {
  return { ...exploding(0.5, steps, version), uri: 'file:///samples/vanishing.rnn.json' };
}

/** w2 = 2 for 1100 steps: h passes 1.8e308 near step 1023 and every number after it is ∞ or NaN. */
export function overflow(): PreviewModel {
  const model = exploding(2, 1100);
  return { ...model, uri: 'file:///samples/overflow.rnn.json', name: 'Overflow (w2 = 2, 1100 steps)' };
}

/** The samples the gallery offers, by key. */
export const SAMPLES: Record<string, { title: string; build: (sequence: number, version: number) => PreviewModel }> = {
  exploding: { title: 'Scalar ReLU RNN, w2 = 2, 50 steps', build: (_s, v) => exploding(2, 50, v) },
  vanishing: { title: 'Scalar ReLU RNN, w2 = 0.5, 50 steps', build: (_s, v) => vanishing(50, v) },
  statquest: { title: 'StatQuest 2-step example (3 sequences)', build: (s, v) => statQuest(s, v) },
  lstm: { title: 'LSTM 8 → 32, 100 steps (synthetic)', build: (s, v) => lstm(7 + s, v) },
  gru: { title: 'GRU 3 → 6, 12 steps (synthetic)', build: (s, v) => gru(3 + s, v) },
  deep: { title: 'Two-layer RNN, loss on all steps', build: (s, v) => deepRnn(5 + s, v) },
  overflow: { title: 'Overflow: w2 = 2, 1100 steps', build: () => overflow() },
  large: { title: 'Large: 256 × 500 (synthetic)', build: (s, v) => large(11 + s, v) },
};

/** A training run as the host would report it after `epoch` epochs. */
export function trainingProgress(
  uri: string,
  epoch: number,
  epochs: number,
  state: TrainingProgress['state'] = 'running',
  options: { validation?: boolean; batches?: number } = {},
): TrainingProgress {
  const loss: number[] = [];
  const gradNorm: number[] = [];
  const validationLoss: number[] = [];
  const n = normal(rng(42));
  for (let e = 1; e <= epoch; e++) {
    loss.push(2.5 * Math.exp(-e / 40) + 0.01 + 0.02 * Math.abs(n()) * Math.exp(-e / 80));
    gradNorm.push(3 * Math.exp(-e / 60) + 0.05 + 0.1 * Math.abs(n()));
    // held-out data: falls with the training loss, then rises again as the model starts to memorise
    if (options.validation) validationLoss.push(2.6 * Math.exp(-e / 40) + 0.3 + 0.004 * Math.max(0, e - 60));
  }
  const batches = options.batches ?? 1;
  return { uri, epoch, epochs, batch: state === 'running' && batches > 1 ? 1 : 0, batches, updates: epoch * batches, loss, gradNorm, validationLoss, state };
}

/** rnn, lstm and gru on the same data: the rnn's gradient dies geometrically, the gated cells' slowly. */
export function comparison(uri: string, steps = 50): Comparison {
  const curve = (cell: 'rnn' | 'lstm' | 'gru', rate: number, loss: number) => ({
    cell,
    gradNormByDistance: Array.from({ length: steps }, (_, k) => 0.8 * rate ** k),
    loss,
  });
  return { uri, curves: [curve('rnn', 0.62, 0.41), curve('lstm', 0.965, 0.08), curve('gru', 0.93, 0.11)] };
}

/** What an invalid spec sends (its uri and version aside): three problems in the order of the file. */
export function invalidSample(): { problem: PreviewProblem; problemCount: number; problems: PreviewProblem[] } {
  const problems: PreviewProblem[] = [
    { message: 'model is missing "hiddenSize": how many numbers the hidden state h_t holds.', line: 5, column: 3 },
    { message: 'model.weights.weight_hh_l0[0][0] must be a number, but it is the string "2,".', line: 12, column: 24 },
    { message: 'Step 2 of sequence 1 has 2 numbers, but model.inputSize is 1: each step\'s row holds one number per input.', line: 20, column: 9 },
  ];
  return { problem: problems[0], problemCount: problems.length, problems };
}
