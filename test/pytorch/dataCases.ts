// The pytorch layer's cases for real data: text (a file, or inline), the validation split, minibatches with and
// without shuffling, and what they meet elsewhere (clipping, optimisers, truncation, divergence). The texts are
// drawn from a seeded generator, so every run exports the same scripts.
import { createRandom } from '../../src/engine/random';
import { csvText, type ExportCase } from './cases';

type Cell = 'rnn' | 'lstm' | 'gru';

interface TextCase {
  cell: Cell;
  numLayers?: number;
  hiddenSize?: number;
  /** the text as written: a file's bytes (UTF-8) or the inline string */
  text: string;
  inline?: boolean;
  window: number;
  stride?: number;
  validation?: number;
  training: Record<string, unknown>;
  epochs: number;
}

const WORDS = ['the', 'gradient', 'flows', 'back', 'through', 'time', 'and', 'an', 'lstm', 'keeps', 'it', 'alive'];

/** Words from WORDS (and `extra`), seeded, with spaces, commas and line breaks: about `length` characters. */
function prose(seed: number, length: number, extra: string[] = [], newline = '\n'): string {
  const random = createRandom(seed);
  const words = [...WORDS, ...extra];
  let text = '';
  while (text.length < length) {
    text += words[Math.floor(random.next() * words.length)];
    const r = random.next();
    text += r < 0.1 ? `,${newline}` : r < 0.2 ? '. ' : ' ';
  }
  return text;
}

/** The distinct characters of the text as Unroll reads it (a file's line endings as "\n", its BOM dropped). */
function vocabularySize(text: string, inline: boolean): number {
  const read = inline ? text : text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
  return new Set(read).size;
}

function textCase(name: string, c: TextCase, seed: number): ExportCase {
  const V = vocabularySize(c.text, c.inline ?? false);
  const model = { cell: c.cell, inputSize: V, hiddenSize: c.hiddenSize ?? 5, outputSize: V, numLayers: c.numLayers ?? 1, init: { scheme: 'pytorch', seed } };
  const text = { ...(c.inline ? { inline: c.text } : { file: 'corpus.txt' }), window: c.window, ...(c.stride ? { stride: c.stride } : {}) };
  const data = { text, ...(c.validation !== undefined ? { validation: c.validation } : {}) };
  return { name, spec: { version: 1, name, model, data, training: c.training }, files: c.inline ? {} : { 'corpus.txt': c.text }, epochs: c.epochs };
}

export function textCases(): ExportCase[] {
  let seed = 300;
  const add = (name: string, c: TextCase) => textCase(name, c, seed++);
  return [
    add('text file, lstm, windows of 8, stride 8, validation 0.2 (5 of 26), batch 7 dividing the other 21, shuffled, adam with clipNorm', {
      cell: 'lstm', text: prose(1, 210), window: 8, validation: 0.2,
      training: { optimizer: 'adam', learningRate: 0.02, batchSize: 7, clipNorm: 0.5, seed: 7 }, epochs: 4,
    }),
    add('text file with CRLF, a lone CR, a BOM, é, e + accent, an emoji: gru, 2 layers, windows of 6, stride 3, batch 5 not dividing, in order, sgd with momentum and clipValue, validation count 3', {
      cell: 'gru', numLayers: 2, text: '\ufeff' + prose(2, 150, ['café', 'cafe\u0301', '🙂'], '\r\n') + '\rend', window: 6, stride: 3, validation: 3,
      training: { optimizer: 'sgd', learningRate: 0.3, momentum: 0.9, batchSize: 5, shuffle: false, clipValue: 0.05 }, epochs: 3,
    }),
    add('inline text (its \\r kept, a U+2028), rnn, windows of 5, stride 2, batch 7 not dividing, shuffled with seed 2³² − 1, sgd with momentum, clipValue then clipNorm', {
      cell: 'rnn', text: prose(3, 120, ['naïve', '"quoted"', 'tab\there', 'cr\rlf\r\n', 'line\u2028separator', '𝛁']), inline: true, window: 5, stride: 2,
      training: { optimizer: 'sgd', learningRate: 0.2, momentum: 0.5, batchSize: 7, seed: 4294967295, clipValue: 0.1, clipNorm: 0.3 }, epochs: 3,
    }),
    add('inline text, lstm, 2 layers, windows of 10, stride 1 (overlapping), full batch, validation 0.25', {
      cell: 'lstm', numLayers: 2, hiddenSize: 4, text: prose(4, 60), inline: true, window: 10, stride: 1, validation: 0.25,
      training: { optimizer: 'adam', learningRate: 0.05 }, epochs: 4,
    }),
    add('text file, rnn, 2 layers, truncation 3, batch 3 of 10, shuffled, validation 0.25 of 10 (2.5, rounded up as Unroll does)', {
      cell: 'rnn', numLayers: 2, text: prose(5, 75).slice(0, 7 * 10 + 1), window: 7, validation: 0.25,
      training: { optimizer: 'sgd', learningRate: 0.5, batchSize: 3, truncation: 3, seed: 3 }, epochs: 3,
    }),
    add('text file, gru, batch 1, in order, adam', {
      cell: 'gru', hiddenSize: 3, text: prose(6, 80), window: 12, stride: 9, training: { optimizer: 'adam', learningRate: 0.03, batchSize: 1, shuffle: false }, epochs: 2,
    }),
    add('text file, lstm of 32 units: more windows than `unroll grad` runs (the first ones), all of them trained', {
      cell: 'lstm', hiddenSize: 32, text: prose(7, 1600), window: 50, stride: 25, validation: 0.1,
      training: { optimizer: 'adam', learningRate: 0.01, batchSize: 16, clipNorm: 5, seed: 1 }, epochs: 2,
    }),
    grown(add('a text file that grows after the export: the windows and the validation fraction recounted', {
      cell: 'gru', text: prose(8, 250), window: 9, stride: 4, validation: 0.3,
      training: { optimizer: 'adam', learningRate: 0.02, batchSize: 6, seed: 2 }, epochs: 2,
    }), prose(8, 400)),
  ];
}

/** The case with its text file longer when the script runs (the same characters, so the same model). */
function grown(c: ExportCase, text: string): ExportCase {
  const before = c.files['corpus.txt'];
  if (!text.startsWith(before) || vocabularySize(text, false) !== vocabularySize(before, false)) throw new Error(`${c.name}: not the same text, grown`);
  return { ...c, filesAtRun: { 'corpus.txt': text } };
}

/** Validation and minibatches over inline sequences of several lengths, a CSV, and a run that diverges mid-epoch. */
export function minibatchCases(): ExportCase[] {
  const random = createRandom(77);
  const sequence = (T: number, target: number[]) => ({ inputs: Array.from({ length: T }, () => [random.uniform(-1, 1), random.uniform(-1, 1)]), target });
  const lengths = [5, 3, 5, 4, 3, 5, 2, 4, 5];
  const sequences = lengths.map((T) => sequence(T, [random.uniform(-1, 1)]));
  const model = (cell: Cell, seed: number) => ({ cell, inputSize: 2, hiddenSize: 3, outputSize: 1, init: { scheme: 'pytorch', seed } });
  const inline = (name: string, cell: Cell, seed: number, validation: number | undefined, training: Record<string, unknown>): ExportCase => ({
    name,
    spec: { version: 1, name, model: model(cell, seed), data: { sequences, ...(validation !== undefined ? { validation } : {}) }, loss: { type: 'mse', on: 'last' }, training },
    files: {},
    epochs: 5,
  });
  return [
    inline('sequences of 2 to 5 steps, validation count 2, batch 2 not dividing the other 7, shuffled, adam', 'lstm', 400, 2, { optimizer: 'adam', learningRate: 0.05, batchSize: 2, seed: 9 }),
    inline('sequences of 2 to 5 steps, batch 4 dividing, in order, validation 0.1 (rounds to 1)', 'gru', 401, 0.1, { optimizer: 'sgd', learningRate: 0.2, momentum: 0.9, batchSize: 4, shuffle: false, clipNorm: 0.1 }),
    inline('sequences of 2 to 5 steps, batch 3, shuffled, truncation 2, clipValue', 'rnn', 402, undefined, { optimizer: 'sgd', learningRate: 0.3, batchSize: 3, truncation: 2, clipValue: 0.02 }),
    inline('a batchSize larger than the data: one full batch, not shuffled', 'lstm', 403, 0.3, { optimizer: 'adam', learningRate: 0.05, batchSize: 50 }),
    {
      name: 'csv, validation 0.15 of 50 windows (recounted from the file: 7.5, so 8), batch 8 not dividing the other 42, shuffled, truncation 4',
      spec: {
        version: 1, name: 'csv-minibatches', model: { cell: 'gru', inputSize: 2, hiddenSize: 3, outputSize: 1, init: { scheme: 'pytorch', seed: 404 } },
        data: { csv: { file: 'prices.csv', columns: ['open', 'volume'], targetColumn: 'close', window: 10 }, validation: 0.15 },
        loss: { type: 'mse', on: 'all' },
        training: { optimizer: 'adam', learningRate: 0.02, batchSize: 8, truncation: 4, clipNorm: 1, seed: 5 },
      },
      files: { 'prices.csv': csvText(60, ',') },
      epochs: 4,
    },
    {
      name: 'training that diverges in the middle of an epoch: the same epoch mean, updates and weights',
      spec: {
        version: 1, name: 'diverges-mid-epoch',
        model: { cell: 'rnn', inputSize: 1, hiddenSize: 1, outputSize: 1, nonlinearity: 'relu',
          weights: { weight_ih_l0: [[1]], weight_hh_l0: [[1.5]], bias_ih_l0: [0], bias_hh_l0: [0], 'fc.weight': [[1]], 'fc.bias': [0] } },
        data: { generate: { inputs: ['t == 0 ? s + 1 : 0'], target: '0', length: 3, count: 9 } },
        loss: { type: 'mse', on: 'last' },
        training: { optimizer: 'sgd', learningRate: 1000, batchSize: 2, shuffle: false },
      },
      files: {},
      // the loss grows ~10³³-fold an epoch and overflows in the third minibatch of the tenth
      epochs: 12,
    },
  ];
}
