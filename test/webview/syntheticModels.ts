// Synthetic models for the gallery: values shaped like the real thing (gates in (0, 1), c a leaky sum,
// h = o·tanh c), gradients decaying slowly through the cell state. Seeded, so screenshots are stable.
import { createRandom } from '../../src/engine/random';
import type { PreviewModel } from '../../src/protocol';
import type { WeightValue } from '../../src/engine/types';
import { frobeniusNorm, mapValues, shapeOf } from '../../src/analysis/previewModel';
import { classify, THRESHOLDS } from './modelHealth';

/** The engine's seeded generator (mulberry32), uniform in [0, 1). */
export function rng(seed: number): () => number {
  const random = createRandom(seed);
  return () => random.next();
}

export function normal(random: () => number): () => number {
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
        if (layer === L - 1) {
          gates.i.push(ig);
          gates.f.push(fg);
          gates.g.push(gg);
          gates.o.push(og);
        }
        cs.push(c);
      } else if (cell === 'gru') {
        const r = h.map((_, u) => sigmoid(drive(u)));
        const z = h.map(() => sigmoid(1 + 0.8 * n()));
        const nn = h.map((hv, u) => Math.tanh(drive(u) + r[u] * hv));
        h = h.map((hv, u) => (1 - z[u]) * nn[u] + z[u] * hv);
        if (layer === L - 1) {
          gates.r.push(r);
          gates.z.push(z);
          gates.n.push(nn);
        }
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
    gatesLayer: L - 1,
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
    weightShapes: mapValues(weights, shapeOf),
    gradNorms: mapValues(grads, frobeniusNorm),
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
