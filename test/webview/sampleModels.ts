// PreviewModel objects for the webview gallery and its tests, computed by hand (no engine needed):
// a scalar RNN run forward and back exactly as StatQuest draws it, and seeded synthetic LSTM/GRU models
// whose shapes match what the host sends. No DOM and no vscode import: the gallery bundles this for the browser.
import type { Comparison, GradientHealth, PreviewModel, Thresholds, TrainingProgress, ViewSettings } from '../../src/protocol';
import type { NonFiniteAt, WeightValue } from '../../src/engine/types';

export const THRESHOLDS: Thresholds = { vanishing: 1e-6, exploding: 1e6 };
export const SETTINGS: ViewSettings = { colorScale: 'diverging', thresholds: THRESHOLDS };

/** Marks each step as the host does: exploding above the threshold or not finite, vanishing below vanishing × max. */
export function classify(gradNorm: number[], thresholds: Thresholds = THRESHOLDS): { stepHealth: GradientHealth[]; health: GradientHealth } {
  const finite = gradNorm.filter((g) => Number.isFinite(g));
  const max = finite.length ? Math.max(...finite) : 0;
  const stepHealth = gradNorm.map((g): GradientHealth => {
    if (!Number.isFinite(g) || g > thresholds.exploding) return 'exploding';
    if (g < thresholds.vanishing * max) return 'vanishing';
    return 'healthy';
  });
  const health = stepHealth.includes('exploding') ? 'exploding' : stepHealth.includes('vanishing') ? 'vanishing' : 'healthy';
  return { stepHealth, health };
}

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
    weights: { weight_ih_l0: [[w1]], weight_hh_l0: [[w2]], bias_ih_l0: [bIh], bias_hh_l0: [bHh], 'fc.weight': [[w3]], 'fc.bias': [b2] },
    grads: {
      weight_ih_l0: [[sum(contribution.w1)]],
      weight_hh_l0: [[sum(contribution.w2)]],
      bias_ih_l0: [sum(contribution.b)],
      bias_hh_l0: [sum(contribution.b)],
      'fc.weight': [[dy * h[T - 1]]],
      'fc.bias': [dy],
    },
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

// ---------------------------------------------------------------------------------------------------------
// Synthetic gated models: values shaped like the real thing (gates in (0,1), c a leaky sum, h = o·tanh c),
// gradients decaying slowly through the cell state. Seeded, so screenshots are stable.

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

const sigmoid = (a: number) => 1 / (1 + Math.exp(-a));
const norm2 = (v: readonly number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

export interface SyntheticOptions {
  cell: 'lstm' | 'gru' | 'rnn';
  inputSize: number;
  hiddenSize: number;
  outputSize?: number;
  numLayers?: number;
  steps: number;
  seed?: number;
  version?: number;
  uri?: string;
  name?: string;
  /** per-step factor the gradient shrinks by going back (≈ the Jacobian norm) */
  decay?: number;
  lossOn?: 'last' | 'all';
}

export function synthetic(o: SyntheticOptions): PreviewModel {
  const { cell, inputSize: I, hiddenSize: H, outputSize: O = 1, numLayers: L = 1, steps: T, seed = 7, lossOn = 'last' } = o;
  const decay = o.decay ?? (cell === 'rnn' ? 0.8 : cell === 'gru' ? 0.93 : 0.96);
  const n = normal(rng(seed));
  const matrix = (rows: number, cols: number, scale: number) => Array.from({ length: rows }, () => Array.from({ length: cols }, () => n() * scale));
  const vector = (len: number, scale: number) => Array.from({ length: len }, () => n() * scale);
  const inputs = Array.from({ length: T }, (_, t) => Array.from({ length: I }, (_, i) => Math.sin(t / 6 + i) * 0.8 + n() * 0.2));
  const gateNames = cell === 'lstm' ? ['i', 'f', 'g', 'o'] : cell === 'gru' ? ['r', 'z', 'n'] : [];
  const gates: Record<string, number[][]> = Object.fromEntries(gateNames.map((g) => [g, [] as number[][]]));
  const hidden: number[][][] = [];
  const cellState: number[][][] = [];
  for (let layer = 0; layer < L; layer++) {
    const hs: number[][] = [];
    const cs: number[][] = [];
    let h = new Array<number>(H).fill(0);
    let c = new Array<number>(H).fill(0);
    for (let t = 0; t < T; t++) {
      const drive = (u: number) => 0.9 * Math.sin(t / 5 + u * 0.7 + layer) + 0.4 * n();
      if (cell === 'lstm') {
        const ig = h.map((_, u) => sigmoid(drive(u)));
        const fg = h.map((_, u) => sigmoid(2.2 + 0.6 * n() + 0.1 * u / H));
        const gg = h.map((_, u) => Math.tanh(1.2 * drive(u)));
        const og = h.map((_, u) => sigmoid(drive(u) + 0.5));
        c = c.map((cv, u) => fg[u] * cv + ig[u] * gg[u]);
        h = c.map((cv, u) => og[u] * Math.tanh(cv));
        if (layer === L - 1) (gates.i.push(ig), gates.f.push(fg), gates.g.push(gg), gates.o.push(og));
        cs.push(c);
      } else if (cell === 'gru') {
        const r = h.map((_, u) => sigmoid(drive(u)));
        const z = h.map((_, u) => sigmoid(1 + 0.8 * n()));
        const nn = h.map((hv, u) => Math.tanh(drive(u) + r[u] * hv));
        h = h.map((hv, u) => (1 - z[u]) * nn[u] + z[u] * hv);
        if (layer === L - 1) (gates.r.push(r), gates.z.push(z), gates.n.push(nn));
      } else {
        h = h.map((hv, u) => Math.tanh(0.6 * hv + drive(u)));
      }
      hs.push(h);
    }
    hidden.push(hs);
    if (cell === 'lstm') cellState.push(cs);
  }
  const top = hidden[L - 1];
  const fc = matrix(O, H, 1 / Math.sqrt(H));
  const outputs = top.map((h) => fc.map((row) => row.reduce((s, w, u) => s + w * h[u], 0)));
  const targets = outputs.map((y, t) => (lossOn === 'all' || t === T - 1 ? y.map((v) => Math.round(v * 2) / 2 + 0.25) : null));
  let loss = 0;
  for (let t = 0; t < T; t++) targets[t]?.forEach((target, k) => (loss += (outputs[t][k] - target) ** 2));
  // Backward: dL/dh_t decays by `decay` (with noise) per step back; local terms where the loss looks.
  const dLdh: number[][] = new Array(T);
  const jacobianNorm: number[] = new Array(T);
  let g = vector(H, 0.3);
  for (let t = T - 1; t >= 0; t--) {
    const local = targets[t] ? fc[0].map((w) => w * 2 * (outputs[t][0] - targets[t]![0])) : null;
    const factor = decay * (1 + 0.08 * n());
    jacobianNorm[t] = factor * (1.02 + 0.05 * n());
    g = g.map((v, u) => v * factor + 0.02 * n() * Math.abs(v) + (local ? local[u] : 0));
    dLdh[t] = g;
  }
  const dLdc = cell === 'lstm' ? dLdh.map((row, t) => row.map((v, u) => v * gates.o[t][u] * 1.3)) : undefined;
  const gradNorm = dLdh.map(norm2);
  const G = Math.max(1, gateNames.length);
  const weights: Record<string, WeightValue> = {};
  const grads: Record<string, WeightValue> = {};
  const contributions: Record<string, number[]> = {};
  for (let layer = 0; layer < L; layer++) {
    const inSize = layer === 0 ? I : H;
    weights[`weight_ih_l${layer}`] = matrix(G * H, inSize, 1 / Math.sqrt(H));
    weights[`weight_hh_l${layer}`] = matrix(G * H, H, 1 / Math.sqrt(H));
    weights[`bias_ih_l${layer}`] = vector(G * H, 0.1);
    weights[`bias_hh_l${layer}`] = vector(G * H, 0.1);
    const xsNorm = (t: number) => norm2(layer === 0 ? inputs[t] : hidden[layer - 1][t]);
    contributions[`weight_ih_l${layer}`] = gradNorm.map((gn, t) => gn * 0.4 * xsNorm(t));
    contributions[`weight_hh_l${layer}`] = gradNorm.map((gn, t) => (t === 0 ? 0 : gn * 0.4 * norm2(hidden[layer][t - 1])));
    contributions[`bias_ih_l${layer}`] = gradNorm.map((gn) => gn * 0.5);
    contributions[`bias_hh_l${layer}`] = gradNorm.map((gn) => gn * 0.5);
  }
  weights['fc.weight'] = fc;
  weights['fc.bias'] = vector(O, 0.1);
  contributions['fc.weight'] = targets.map((tg, t) => (tg ? norm2(top[t]) * 0.5 : 0));
  contributions['fc.bias'] = targets.map((tg) => (tg ? 0.5 : 0));
  // Random directions, scaled so that ‖grad‖ is 80 % of the sum of its per-step terms (the terms partly cancel).
  for (const [name, w] of Object.entries(weights)) {
    const total = 0.8 * contributions[name].reduce((s, v) => s + v, 0);
    const raw: WeightValue = Array.isArray(w[0]) ? (w as number[][]).map((row) => row.map(() => n())) : (w as number[]).map(() => n());
    const size = Math.sqrt((raw as (number | number[])[]).flat().reduce((s: number, v) => s + (v as number) ** 2, 0)) || 1;
    grads[name] = Array.isArray(raw[0]) ? (raw as number[][]).map((row) => row.map((v) => (v / size) * total)) : (raw as number[]).map((v) => (v / size) * total);
  }
  const { stepHealth, health } = classify(gradNorm);
  return {
    uri: o.uri ?? `file:///samples/${cell}.rnn.json`,
    version: o.version ?? 1,
    name: o.name ?? `${cell.toUpperCase()} ${I}→${H}→${O}, ${T} steps`,
    description: `A seeded synthetic ${cell} for the gallery.`,
    cell,
    nonlinearity: cell === 'rnn' ? 'tanh' : undefined,
    outputActivation: 'identity',
    inputSize: I,
    hiddenSize: H,
    outputSize: O,
    numLayers: L,
    loss: { type: 'mse', on: lossOn, value: loss / (lossOn === 'all' ? T : 1) },
    sequence: 0,
    sequenceCount: 4,
    steps: T,
    inputs,
    targets,
    hidden,
    cellState: cell === 'lstm' ? cellState : undefined,
    gates: gateNames.length ? gates : undefined,
    outputs,
    dLdh,
    dLdc,
    gradNorm,
    jacobianNorm,
    contributions,
    weights,
    grads,
    stepHealth,
    health,
    thresholds: THRESHOLDS,
    firstNonFinite: null,
    computeMs: 0.4 + (T * H * G) / 20000,
  };
}

export const lstm = (seed = 7, version = 1) => synthetic({ cell: 'lstm', inputSize: 8, hiddenSize: 32, steps: 100, seed, version, uri: 'file:///samples/lstm.rnn.json', name: 'LSTM keeps the gradient alive' });
export const gru = (seed = 3, version = 1) => synthetic({ cell: 'gru', inputSize: 3, hiddenSize: 6, steps: 12, seed, version, uri: 'file:///samples/gru.rnn.json', name: 'GRU, 12 steps' });
export const deepRnn = (seed = 5, version = 1) => synthetic({ cell: 'rnn', inputSize: 2, hiddenSize: 4, numLayers: 2, steps: 16, seed, version, lossOn: 'all', uri: 'file:///samples/deep.rnn.json', name: 'Two-layer tanh RNN, loss on every step' });
export const large = (seed = 11, version = 1) => synthetic({ cell: 'rnn', inputSize: 16, hiddenSize: 256, steps: 500, seed, version, decay: 0.94, uri: 'file:///samples/large.rnn.json', name: 'Large: 256 units × 500 steps' });

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
export function trainingProgress(uri: string, epoch: number, epochs: number, state: TrainingProgress['state'] = 'running'): TrainingProgress {
  const loss: number[] = [];
  const gradNorm: number[] = [];
  const n = normal(rng(42));
  for (let e = 1; e <= epoch; e++) {
    loss.push(2.5 * Math.exp(-e / 40) + 0.01 + 0.02 * Math.abs(n()) * Math.exp(-e / 80));
    gradNorm.push(3 * Math.exp(-e / 60) + 0.05 + 0.1 * Math.abs(n()));
  }
  return { uri, epoch, epochs, loss, gradNorm, state };
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
