// The char-rnn row: an LSTM (vocabulary 65, H = 128) trained for one epoch over 100 KB of text in windows of
// T = 50, minibatches of 32, Adam: what "Train" does with the char-rnn kind of spec. Characters per second for our
// engine's trainer, for the same epoch written the obvious way with the engine (run() per minibatch: a new
// workspace, one-hot arrays and result arrays every update), for tfjs and for PyTorch, from the same initial weights.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs-core';
import { adamStep, createTrainer, initialParameters, paramLayout, dimsOf, run } from '../src/engine/index';
import { toWeightValues } from '../src/engine/params';
import type { EngineSpec, Sequence, WeightValue } from '../src/engine/types';
import { charText, CHAR_VOCABULARY } from './charText';
import { findTorchPython } from './pytorch';

export interface CharRnnSetup {
  characters: number;
  hidden: number;
  window: number;
  batch: number;
  learningRate: number;
}

export const CHAR_RNN: CharRnnSetup = { characters: 100_000, hidden: 128, window: 50, batch: 32, learningRate: 0.002 };

export interface CharRnnResult {
  setup: CharRnnSetup;
  vocabulary: number;
  sequences: number;
  minibatches: number;
  ours: { seconds: number; charsPerSecond: number; loss: number };
  naive: { seconds: number; charsPerSecond: number; minibatches: number; loss: number };
  /** loss: mean over the minibatches it ran; lossRelDiff: against ours over the same minibatches */
  tfjs: { seconds: number; charsPerSecond: number; minibatches: number; loss: number; lossRelDiff: number } | { skipped: string };
  /** nn.LSTM + nn.Linear + torch.optim.Adam, float64, one thread, the same epoch; lossRelDiff against ours */
  pytorch: { seconds: number; charsPerSecond: number; loss: number; lossRelDiff: number; torch: string } | { skipped: string };
}

/** The spec `Train` would run: text data, cross-entropy on every step, minibatches in order. */
export function charRnnSpec(setup: CharRnnSetup): EngineSpec {
  const text = charText(setup.characters);
  const vocabulary = [...CHAR_VOCABULARY];
  const codes = Uint8Array.from(text, (c) => vocabulary.indexOf(c));
  const V = vocabulary.length;
  const model = { cell: 'lstm' as const, inputSize: V, hiddenSize: setup.hidden, outputSize: V, init: { scheme: 'pytorch' as const, seed: 1 } };
  const dims = dimsOf(model);
  const weights = toWeightValues(paramLayout(dims), initialParameters(model, dims));
  return {
    model: { ...model, weights },
    data: { sequences: [], text: { codes, vocabulary, window: setup.window, stride: setup.window } },
    loss: { type: 'cross-entropy', on: 'all' },
    training: { optimizer: 'adam', learningRate: setup.learningRate, batchSize: setup.batch, shuffle: false, epochs: 1 },
  };
}

export function benchCharRnn(setup: CharRnnSetup, options: { tfjs: boolean; torch: boolean; tfjsMaxSeconds: number; naiveMinibatches: number }): CharRnnResult {
  const spec = charRnnSpec(setup);
  const text = spec.data.text!;
  const sequences = Math.floor((text.codes.length - setup.window - 1) / setup.window) + 1;
  const minibatches = Math.ceil(sequences / setup.batch);
  const chars = (count: number) => count * setup.window;

  // JIT warm-up, so neither engine contender pays for compiling the kernels: a few updates of a throwaway trainer
  createTrainer(spec).stepBatches(3);
  const trainer = createTrainer(spec);
  // one minibatch at a time (as the worker steps it), keeping each minibatch's loss to compare with tfjs's
  const batchLosses: number[] = [];
  const started = performance.now();
  for (let k = 0; k < minibatches; k++) batchLosses.push(trainer.stepBatches(1).batchLoss);
  const seconds = (performance.now() - started) / 1000;
  const ours = { seconds, charsPerSecond: chars(sequences) / seconds, loss: trainer.progress.loss };

  const naive = naiveEpoch(spec, sequences, Math.min(options.naiveMinibatches, minibatches));
  const tfjs = options.tfjs ? tfjsEpoch(spec, sequences, options.tfjsMaxSeconds, batchLosses) : { skipped: 'not run (--no-tfjs)' };
  const pytorch = options.torch ? torchEpoch(spec, setup, chars(sequences), ours.loss) : { skipped: 'not run (--no-torch)' };
  return { setup, vocabulary: text.vocabulary.length, sequences, minibatches, ours, naive, tfjs, pytorch };
}

/** The same epoch in PyTorch (bench/pytorch_charrnn.py), from the same initial weights, in a child process. */
function torchEpoch(spec: EngineSpec, setup: CharRnnSetup, characters: number, ourLoss: number): CharRnnResult['pytorch'] {
  const found = findTorchPython();
  if ('missing' in found) return { skipped: found.missing };
  const beside = join(__dirname, 'pytorch_charrnn.py');
  const script = existsSync(beside) ? beside : join(__dirname, '..', 'bench', 'pytorch_charrnn.py');
  const text = spec.data.text!;
  const request = { codes: [...text.codes], vocabulary: text.vocabulary.length, hidden: setup.hidden, window: setup.window, batch: setup.batch, learningRate: setup.learningRate, weights: spec.model.weights };
  const child = spawnSync(found.python, [script], { input: JSON.stringify(request), encoding: 'utf8', maxBuffer: 1 << 26 });
  if (child.status !== 0) return { skipped: `pytorch_charrnn.py failed: ${child.stderr.trim().split('\n').slice(-2).join(' | ')}` };
  const reply = JSON.parse(child.stdout) as { seconds: number; loss: number; torch: string };
  return { ...reply, charsPerSecond: characters / reply.seconds, lossRelDiff: Math.abs(reply.loss - ourLoss) / ourLoss };
}

/** The minibatch's windows as the spec's Sequence[]: one-hot rows and next-character targets. */
function windows(spec: EngineSpec, from: number, count: number): Sequence[] {
  const { codes, window, vocabulary } = spec.data.text!;
  return Array.from({ length: count }, (_, i) => {
    const first = (from + i) * window;
    const inputs = Array.from({ length: window }, (_, t) => vocabulary.map((_, j) => (j === codes[first + t] ? 1 : 0)));
    return { inputs, targets: Array.from({ length: window }, (_, t) => codes[first + t + 1]) };
  });
}

/** Before the minibatch trainer: run() per minibatch (a new workspace and result every update), then Adam. */
function naiveEpoch(spec: EngineSpec, sequences: number, minibatches: number): CharRnnResult['naive'] {
  const batch = spec.training!.batchSize!;
  const dims = dimsOf(spec.model);
  const layout = paramLayout(dims);
  const params = initialParameters(spec.model, dims);
  const m = new Float64Array(params.length);
  const v = new Float64Array(params.length);
  let loss = 0;
  let characters = 0;
  const started = performance.now();
  for (let k = 0; k < minibatches; k++) {
    const count = Math.min(batch, sequences - k * batch);
    characters += count * spec.data.text!.window;
    const minibatch: EngineSpec = { model: { ...spec.model, weights: toWeightValues(layout, params) }, data: { sequences: windows(spec, k * batch, count) }, loss: spec.loss };
    const result = run(minibatch, { contributions: 'none', jacobian: false });
    const grads = Float64Array.from(layout.entries.flatMap((e) => (result.grads[e.name] as WeightValue).flat()));
    adamStep(params, grads, m, v, k + 1, spec.training!.learningRate!, 0.9, 0.999, 1e-8);
    loss += result.loss;
  }
  const seconds = (performance.now() - started) / 1000;
  return { seconds, charsPerSecond: characters / seconds, minibatches, loss: loss / minibatches };
}

/** The same epoch in tfjs (float32, tfjs-backend-cpu): the LSTM unrolled with tf ops, tf.train.adam, softmax cross-entropy. */
function tfjsEpoch(spec: EngineSpec, sequences: number, maxSeconds: number, ourLosses: number[]): CharRnnResult['tfjs'] {
  const { codes, window: T, vocabulary } = spec.data.text!;
  const V = vocabulary.length;
  const H = spec.model.hiddenSize;
  const B = spec.training!.batchSize!;
  const minibatches = Math.ceil(sequences / B);
  const w = spec.model.weights as Record<string, number[][] & number[]>;
  const transposed = (m: number[][]) => tf.tidy(() => tf.transpose(tf.tensor2d(m)));
  const prefix = `charrnn${Date.now()}/`;
  const variables = [
    tf.variable(transposed(w.weight_ih_l0), true, prefix + 'wih'),
    tf.variable(transposed(w.weight_hh_l0), true, prefix + 'whh'),
    tf.variable(tf.tensor1d(w.bias_ih_l0), true, prefix + 'bih'),
    tf.variable(tf.tensor1d(w.bias_hh_l0), true, prefix + 'bhh'),
    tf.variable(transposed(w['fc.weight']), true, prefix + 'fcw'),
    tf.variable(tf.tensor1d(w['fc.bias']), true, prefix + 'fcb'),
  ];
  const [wih, whh, bih, bhh, fcw, fcb] = variables;
  const optimizer = tf.train.adam(spec.training!.learningRate!, 0.9, 0.999, 1e-8);
  const step = (k: number): number => {
    const count = Math.min(B, sequences - k * B);
    const inputs = new Int32Array(count * T);
    const labels = new Int32Array(count * T);
    for (let i = 0; i < count; i++) for (let t = 0; t < T; t++) {
      inputs[i * T + t] = codes[(k * B + i) * T + t];
      labels[i * T + t] = codes[(k * B + i) * T + t + 1];
    }
    return tf.tidy(() => {
      const x = tf.cast(tf.oneHot(tf.tensor2d(inputs, [count, T], 'int32'), V), 'float32');
      const y = tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), V), 'float32');
      const cost = optimizer.minimize(() => {
        let h: tf.Tensor2D = tf.zeros([count, H]);
        let c: tf.Tensor2D = tf.zeros([count, H]);
        const logits: tf.Tensor2D[] = [];
        for (let t = 0; t < T; t++) {
          const xt = tf.reshape(tf.slice(x, [0, t, 0], [count, 1, V]), [count, V]) as tf.Tensor2D;
          const z = tf.add(tf.add(tf.matMul(xt, wih as tf.Tensor2D), bih), tf.add(tf.matMul(h, whh as tf.Tensor2D), bhh)) as tf.Tensor2D;
          const [i, f, g, o] = tf.split(z, 4, 1);
          c = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
          h = tf.mul(tf.sigmoid(o), tf.tanh(c));
          logits.push(tf.add(tf.matMul(h, fcw as tf.Tensor2D), fcb));
        }
        // [B·T, V] in batch-major order, as the labels
        const all = tf.reshape(tf.stack(logits, 1), [count * T, V]);
        return tf.losses.softmaxCrossEntropy(y, all) as tf.Scalar;
      }, true, variables);
      return cost!.dataSync()[0];
    });
  };
  try {
    let loss = 0;
    let done = 0;
    let characters = 0;
    const started = performance.now();
    // Slow: measure as many minibatches as fit in maxSeconds and scale to the epoch (said in the report).
    while (done < minibatches && (performance.now() - started) / 1000 < maxSeconds) {
      characters += Math.min(B, sequences - done * B) * T;
      loss += step(done++);
    }
    const seconds = (performance.now() - started) / 1000;
    const charsPerSecond = characters / seconds;
    // over the minibatches both ran: the same weights, data and updates, in float32 against float64
    const ourLoss = ourLosses.slice(0, done).reduce((a, b) => a + b, 0) / done;
    const lossRelDiff = Math.abs(loss / done - ourLoss) / ourLoss;
    return { seconds, charsPerSecond, minibatches: done, loss: loss / done, lossRelDiff };
  } finally {
    optimizer.dispose();
    for (const v of variables) v.dispose();
  }
}

export function charRnnReport(r: CharRnnResult): string {
  const { setup } = r;
  const chars = (n: number) => Math.round(n).toLocaleString('en-US');
  const t = r.tfjs;
  const tfjsLine = 'skipped' in t
    ? `| tfjs | ${t.skipped} | | |`
    : `| tfjs (float32, cpu backend) | ${chars(t.charsPerSecond)} | ${t.seconds.toFixed(1)} s for ${t.minibatches} of ${r.minibatches} minibatches | ${(r.ours.charsPerSecond / t.charsPerSecond).toFixed(2)}× |`;
  return [
    `## char-rnn: one training epoch (lstm, vocabulary ${r.vocabulary}, H = ${setup.hidden}, T = ${setup.window}, batch ${setup.batch}, Adam)`,
    '',
    `${chars(setup.characters)} characters of seeded synthetic text: ${r.sequences} windows of ${setup.window}, ${r.minibatches} minibatches; characters/s = windows × T / seconds.`,
    '',
    '| contender | characters/s | time | ours ÷ it |',
    '| --- | ---: | --- | ---: |',
    `| ours: createTrainer, one epoch | ${chars(r.ours.charsPerSecond)} | ${r.ours.seconds.toFixed(1)} s | 1× |`,
    `| ours, naive: run() per minibatch (new workspace + result arrays each update) | ${chars(r.naive.charsPerSecond)} | ${r.naive.seconds.toFixed(1)} s for ${r.naive.minibatches} minibatches | ${(r.ours.charsPerSecond / r.naive.charsPerSecond).toFixed(2)}× |`,
    tfjsLine,
    'skipped' in r.pytorch
      ? `| PyTorch | ${r.pytorch.skipped} | | |`
      : `| PyTorch ${r.pytorch.torch} (float64, one thread, nn.LSTM + Adam) | ${chars(r.pytorch.charsPerSecond)} | ${r.pytorch.seconds.toFixed(1)} s | ${(r.ours.charsPerSecond / r.pytorch.charsPerSecond).toFixed(2)}× |`,
    '',
    `Epoch loss (mean of the minibatches' losses before each update): ours ${r.ours.loss.toFixed(6)}.` +
      ('skipped' in t ? '' : ` Over the ${t.minibatches} minibatches tfjs ran, its mean loss differs from ours by ${t.lossRelDiff.toExponential(1)} relative (float32 against float64).`) +
      ('skipped' in r.pytorch ? '' : ` PyTorch's epoch loss differs from ours by ${r.pytorch.lossRelDiff.toExponential(1)} relative (the same weights, windows and updates).`),
    'Both engine rows run after a warm-up of three updates. tfjs runs as many minibatches as fit its time cap',
    '(--tfjs-max-seconds) and its rate is taken over those. On a machine shared with other work the times are noisy.',
    '',
  ].join('\n');
}
