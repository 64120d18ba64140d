// What the pytorch layer exports and runs: every example, every PyTorch fixture, and variations that reach each
// branch of the exporter (cells and nonlinearities, layers, loss kinds, masks, lengths, data sources, optimisers,
// clipping, truncation, initialisers, divergence). Each case is a spec plus the data files it names.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRandom } from '../../src/engine/random';
import { minibatchCases, textCases } from './dataCases';

export interface ExportCase {
  name: string;
  spec: Record<string, unknown>;
  /** files written next to the spec (CSV data) */
  files: Record<string, string>;
  /** files rewritten after the script was exported and before it runs: Unroll's numbers are then those of the
   *  spec read with these */
  filesAtRun?: Record<string, string>;
  /** epochs to train on both sides; the spec's own when absent */
  epochs?: number;
  /** steps left out of the loss (a null target), [sequence, step]: the engine's API allows it, a spec file does
   *  not, so it is applied to the parsed spec */
  unscored?: [number, number][];
  /** values overflow: NaN and ±Infinity count as one (a BLAS kernel that fuses multiply and add sums a huge
   *  finite product and −∞ to −∞ where separate steps give ∞ − ∞ = NaN, so which of them appears is the kernel's) */
  overflows?: boolean;
}

const ROOT = join(__dirname, '..', '..');

export function allCases(): ExportCase[] {
  return [...exampleCases(), ...fixtureCases(), ...variationCases(), ...textCases(), ...minibatchCases()];
}

function exampleCases(): ExportCase[] {
  const folder = join(ROOT, 'examples');
  return readdirSync(folder)
    .filter((f) => f.endsWith('.rnn.json'))
    .sort()
    .map((file) => {
      const spec = JSON.parse(readFileSync(join(folder, file), 'utf8')) as { data: { csv?: { file: string }; text?: { file?: string } } };
      const named = spec.data.csv?.file ?? spec.data.text?.file;
      // A text's example trains for minutes in the editor: a few epochs show the same run.
      const epochs = spec.data.text ? 4 : undefined;
      return { name: `example ${file}`, spec, files: named ? { [named]: readFileSync(join(folder, named), 'utf8') } : {}, epochs };
    });
}

function fixtureCases(): ExportCase[] {
  const folder = join(ROOT, 'test', 'fixtures', 'pytorch');
  return readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ name: `fixture ${file}`, spec: JSON.parse(readFileSync(join(folder, file), 'utf8')).spec, files: {}, epochs: 30 }));
}

type Cell = 'rnn-tanh' | 'rnn-relu' | 'rnn-sigmoid' | 'rnn-identity' | 'lstm' | 'gru';
const CELLS: Cell[] = ['rnn-tanh', 'rnn-relu', 'rnn-sigmoid', 'rnn-identity', 'lstm', 'gru'];

interface Variation {
  cell: Cell;
  numLayers?: number;
  loss?: { type: 'mse' | 'cross-entropy'; on: 'last' | 'all' };
  outputActivation?: 'sigmoid';
  lengths?: number[];
  /** loss on all: leave every third step out of the loss (from step 1) */
  masked?: boolean;
  training?: Record<string, unknown>;
  init?: Record<string, unknown>;
  outputSize?: number;
  /** inputs drawn from ±inputScale (default 1): 1e200 makes the forward pass overflow */
  inputScale?: number;
}

/** A small spec with seeded inline data, trained for a few epochs. */
function variation(name: string, v: Variation, seed: number): ExportCase {
  const random = createRandom(seed);
  const [cell, nonlinearity] = v.cell.split('-');
  const loss = v.loss ?? { type: 'mse', on: 'last' };
  const inputSize = 2;
  const outputSize = v.outputSize ?? (loss.type === 'cross-entropy' ? 3 : 2);
  const target = () => (loss.type === 'mse' ? Array.from({ length: outputSize }, () => random.uniform(-1, 1)) : Math.floor(random.next() * outputSize));
  const unscored: [number, number][] = [];
  const sequences = (v.lengths ?? [6, 6, 6]).map((T, s) => {
    const scale = v.inputScale ?? 1;
    const inputs = Array.from({ length: T }, () => Array.from({ length: inputSize }, () => random.uniform(-scale, scale)));
    if (loss.on === 'last') return { inputs, target: target() };
    if (v.masked) for (let t = 1; t < T; t += 3) unscored.push([s, t]);
    return { inputs, targets: inputs.map(target) };
  });
  const model: Record<string, unknown> = {
    cell,
    inputSize,
    hiddenSize: 3,
    numLayers: v.numLayers ?? 1,
    outputSize,
    init: v.init ?? { scheme: 'pytorch', seed },
  };
  if (nonlinearity) model.nonlinearity = nonlinearity;
  if (v.outputActivation) model.outputActivation = v.outputActivation;
  const training = v.training ?? { optimizer: 'sgd', learningRate: 0.1 };
  const overflows = (v.inputScale ?? 1) > 1e150;
  return { name, spec: { version: 1, name, model, data: { sequences }, loss, training }, files: {}, epochs: 12, unscored, overflows };
}

function variationCases(): ExportCase[] {
  const cases: ExportCase[] = [];
  let seed = 100;
  const add = (name: string, v: Variation) => cases.push(variation(name, v, seed++));
  for (const cell of CELLS) add(`${cell}`, { cell });
  for (const cell of CELLS) {
    add(`${cell}, 2 layers, loss on every step with masked steps, adam`, {
      cell, numLayers: 2, loss: { type: 'mse', on: 'all' }, masked: true, training: { optimizer: 'adam', learningRate: 0.05 },
    });
  }
  for (const cell of CELLS) {
    add(`${cell}, sequences of 4, 7, 2, 7 and 1 steps, sgd with momentum`, {
      cell, lengths: [4, 7, 2, 7, 1], loss: { type: 'mse', on: cell.startsWith('rnn') ? 'all' : 'last' },
      training: { optimizer: 'sgd', learningRate: 0.1, momentum: 0.9 },
    });
  }
  add('gru, cross-entropy on the last step', { cell: 'gru', loss: { type: 'cross-entropy', on: 'last' }, training: { optimizer: 'adam', learningRate: 0.03 } });
  add('lstm, cross-entropy on every step, masked, 2 layers', { cell: 'lstm', numLayers: 2, loss: { type: 'cross-entropy', on: 'all' }, masked: true });
  add('rnn-relu, cross-entropy after a sigmoid head', { cell: 'rnn-relu', loss: { type: 'cross-entropy', on: 'all' }, outputActivation: 'sigmoid' });
  add('rnn-tanh, mse after a sigmoid head, one output', { cell: 'rnn-tanh', loss: { type: 'mse', on: 'all' }, outputActivation: 'sigmoid', outputSize: 1 });

  const optimizers = [
    ['sgd', { optimizer: 'sgd', learningRate: 0.2 }],
    ['sgd with momentum', { optimizer: 'sgd', learningRate: 0.05, momentum: 0.8 }],
    ['adam', { optimizer: 'adam', learningRate: 0.02, beta1: 0.8, beta2: 0.99, epsilon: 1e-6 }],
  ] as const;
  const clips = [['no clipping', {}], ['clipValue', { clipValue: 0.01 }], ['clipNorm', { clipNorm: 0.02 }], ['clipValue then clipNorm', { clipValue: 0.02, clipNorm: 0.03 }]] as const;
  let k = 0;
  for (const [optimizer, settings] of optimizers) {
    for (const [clip, clipping] of clips) {
      const cell = (['lstm', 'gru', 'rnn-tanh'] as const)[k++ % 3];
      add(`${cell}, ${optimizer}, ${clip}`, { cell, training: { ...settings, ...clipping } });
    }
  }

  add('lstm, 2 layers, truncation 2, loss on every step, uneven lengths', {
    cell: 'lstm', numLayers: 2, lengths: [6, 2, 5, 6], loss: { type: 'mse', on: 'all' }, masked: true,
    training: { optimizer: 'adam', learningRate: 0.02, truncation: 2, clipNorm: 0.5 },
  });
  add('gru, truncation 1, loss on the last step', { cell: 'gru', lengths: [5, 5, 3], training: { optimizer: 'sgd', learningRate: 0.2, truncation: 1 } });
  add('rnn-sigmoid, truncation 3, loss on every step, some sequences shorter than 3', {
    cell: 'rnn-sigmoid', lengths: [7, 3, 2, 7], loss: { type: 'mse', on: 'all' }, training: { optimizer: 'sgd', learningRate: 0.3, momentum: 0.5, truncation: 3 },
  });
  add('rnn-identity, 2 layers, truncation 2', { cell: 'rnn-identity', numLayers: 2, training: { optimizer: 'adam', learningRate: 0.01, truncation: 2, clipValue: 0.05 } });
  add('lstm, truncation 4, cross-entropy on every step', {
    cell: 'lstm', lengths: [8, 8, 5], loss: { type: 'cross-entropy', on: 'all' }, training: { optimizer: 'adam', learningRate: 0.02, truncation: 4 },
  });

  for (const cell of CELLS) {
    add(`${cell}, 2 layers, inputs of ±1e200: the same Infinity and NaN where values overflow`, {
      cell, numLayers: 2, inputScale: 1e200, loss: { type: 'mse', on: 'all' }, training: { optimizer: 'sgd', learningRate: 0.1, truncation: 3 },
    });
  }
  add('lstm, xavier initialiser', { cell: 'lstm', init: { scheme: 'xavier', seed: 4 } });
  add('gru, orthogonal initialiser, forgetBias 2', { cell: 'gru', init: { scheme: 'orthogonal', seed: 5, forgetBias: 2 } });
  cases.push(...otherCases());
  return cases;
}

/** Data sources, partly given weights, sequences with no loss term, a diverging training run. */
function otherCases(): ExportCase[] {
  const base = (name: string, model: Record<string, unknown>, data: Record<string, unknown>, loss: Record<string, unknown>, training: Record<string, unknown> = { optimizer: 'adam', learningRate: 0.02 }) =>
    ({ version: 1, name, model, data, loss, training });
  const prices = csvText(60, ',');
  const lstm = (inputSize: number, outputSize: number, seed: number) => ({ cell: 'lstm', inputSize, hiddenSize: 4, outputSize, init: { scheme: 'pytorch', seed } });
  const cases: ExportCase[] = [
    {
      name: 'csv, min-max, two inputs, loss on the last step',
      spec: base('csv-minmax', lstm(2, 1, 1), { csv: { file: 'prices.csv', columns: ['close', 'volume'], targetColumn: 'close', window: 8 } }, { type: 'mse', on: 'last' }),
      files: { 'prices.csv': prices },
      epochs: 8,
    },
    {
      name: 'csv, z-score, horizon 2, stride 3, loss on every step, gru',
      spec: base('csv-zscore', { cell: 'gru', inputSize: 1, hiddenSize: 4, outputSize: 1, init: { scheme: 'pytorch', seed: 2 } },
        { csv: { file: 'data/prices.csv', columns: ['open'], targetColumn: 'close', window: 6, horizon: 2, stride: 3, scaling: 'zscore' } }, { type: 'mse', on: 'all' }),
      files: { 'data/prices.csv': prices },
      epochs: 8,
    },
    {
      name: 'csv, no scaling, two target columns, rnn',
      spec: base('csv-none', { cell: 'rnn', inputSize: 2, hiddenSize: 3, outputSize: 2, init: { scheme: 'xavier', seed: 3 } },
        { csv: { file: 'prices.csv', columns: ['open', 'close'], targetColumns: ['high', 'low'], window: 5, stride: 4, scaling: 'none' } }, { type: 'mse', on: 'last' },
        { optimizer: 'sgd', learningRate: 1e-5 }),
      files: { 'prices.csv': prices },
      epochs: 5,
    },
    {
      name: 'csv, a class column for cross-entropy, semicolons, a byte-order mark and blank lines',
      spec: base('csv-classes', lstm(1, 3, 4), { csv: { file: 'classes.csv', columns: ['close'], targetColumn: 'trend', window: 5, scaling: 'zscore' } }, { type: 'cross-entropy', on: 'all' }),
      files: { 'classes.csv': '\ufeff' + withBlankLines(csvText(40, ';')) },
      epochs: 8,
    },
    {
      name: 'generated data, loss on every step, with noise',
      spec: base('generated', { cell: 'gru', inputSize: 2, hiddenSize: 3, outputSize: 1, init: { scheme: 'pytorch', seed: 6 } },
        { generate: { inputs: ['sin(t / 3 + s)', 'noise(s, t)'], targets: 'cos(t / 3 + s) / 2', length: 9, count: 4 } }, { type: 'mse', on: 'all' }),
      files: {},
      epochs: 8,
    },
    {
      name: 'generated classes for cross-entropy',
      spec: base('generated-classes', { cell: 'rnn', inputSize: 1, hiddenSize: 3, outputSize: 2, init: { scheme: 'pytorch', seed: 7 } },
        { generate: { inputs: ['t == 0 ? (mod(s, 2) == 0 ? 1 : -1) : 0'], target: 'mod(s, 2)', length: 6, count: 4 } }, { type: 'cross-entropy', on: 'last' }),
      files: {},
      epochs: 8,
    },
    {
      name: 'some weights given, the rest from init with forgetBias',
      spec: base('partial', { ...lstm(1, 1, 8), init: { scheme: 'pytorch', seed: 8, forgetBias: 1 }, weights: { 'fc.weight': [[0.5, -0.25, 0.125, 1]], 'fc.bias': [0.1] } },
        { sequences: [{ inputs: [[1], [0], [-1]], target: [0.5] }, { inputs: [[0], [1], [0]], target: [-0.5] }] }, { type: 'mse', on: 'last' }),
      files: {},
      epochs: 8,
    },
    {
      name: 'a sequence with no loss term at all',
      spec: base('unscored', { cell: 'gru', inputSize: 1, hiddenSize: 2, outputSize: 1, init: { scheme: 'pytorch', seed: 9 } },
        { sequences: [{ inputs: [[1], [0], [-1]], targets: [1, 2, 3] }, { inputs: [[0], [1]], targets: [[0.5], [1]] }] }, { type: 'mse', on: 'all' }),
      files: {},
      epochs: 8,
      unscored: [[0, 0], [0, 1], [0, 2], [1, 1]],
    },
    {
      name: 'no loss term anywhere, truncation 2: loss 0 and zero gradients',
      spec: base('nothing-scored', { cell: 'lstm', inputSize: 1, hiddenSize: 2, outputSize: 1, init: { scheme: 'pytorch', seed: 10 } },
        { sequences: [{ inputs: [[1], [0], [-1]], targets: [1, 2, 3] }] }, { type: 'mse', on: 'all' }, { optimizer: 'adam', learningRate: 0.1, truncation: 2 }),
      files: {},
      epochs: 3,
      unscored: [[0, 0], [0, 1], [0, 2]],
    },
    {
      name: 'values that overflow in the forward pass: the same Infinity and NaN, strictly',
      spec: base('overflow', { cell: 'rnn', inputSize: 1, hiddenSize: 1, outputSize: 1, nonlinearity: 'relu',
        weights: { weight_ih_l0: [[1]], weight_hh_l0: [[1e300]], bias_ih_l0: [0], bias_hh_l0: [0], 'fc.weight': [[1]], 'fc.bias': [0] } },
        { sequences: [{ inputs: [[1], [0], [0], [0]], target: [1] }, { inputs: [[0.5], [0]], target: [1] }] }, { type: 'mse', on: 'last' }),
      files: {},
      epochs: 3,
    },
    {
      name: 'training that diverges: both stop at the same epoch',
      spec: base('diverges', { cell: 'rnn', inputSize: 1, hiddenSize: 1, outputSize: 1, nonlinearity: 'relu',
        weights: { weight_ih_l0: [[1]], weight_hh_l0: [[2]], bias_ih_l0: [0], bias_hh_l0: [0], 'fc.weight': [[1]], 'fc.bias': [0] } },
        { generate: { inputs: ['t == 0 ? 1 : 0'], target: '1e20', length: 40, count: 1 } }, { type: 'mse', on: 'last' }, { optimizer: 'sgd', learningRate: 1e-10 }),
      files: {},
      epochs: 10,
    },
  ];
  return cases;
}

/** A seeded random walk: date, open, high, low, close, volume and a trend class (0 falling, 1 flat, 2 rising). */
export function csvText(rows: number, delimiter: string): string {
  const random = createRandom(42);
  const lines = [['date', 'open', 'high', 'low', 'close', 'volume', 'trend'].join(delimiter)];
  let price = 100;
  for (let r = 0; r < rows; r++) {
    const open = price;
    price = Math.round((price + random.uniform(-2, 2)) * 100) / 100;
    const trend = price < open - 0.5 ? 0 : price > open + 0.5 ? 2 : 1;
    const row = [`2024-02-${r + 1}`, open.toFixed(2), (Math.max(open, price) + 0.5).toFixed(2), (Math.min(open, price) - 0.5).toFixed(2), price.toFixed(2), String(1000 + Math.floor(random.next() * 500)), String(trend)];
    lines.push(row.join(delimiter));
  }
  return lines.join('\n') + '\n';
}

/** Every seventh line followed by an empty line and a line of spaces, which a CSV reader must skip. */
function withBlankLines(text: string): string {
  return text
    .split('\n')
    .map((line, i) => (i % 7 === 6 ? `${line}\n\n  ` : line))
    .join('\n');
}
