// Fuzzing the parser: whatever the text, parseSpec returns (never throws), quickly, with either a spec or an error,
// and every problem and fix points inside the document. Seeded, so a failure can be replayed; FUZZ_SEED varies it.
import { preloadedFiles } from '../../../src/spec/files';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { applyFix, parseSpec } from '../../../src/spec/index';
import type { ParseOptions, ParseResult } from '../../../src/spec/types';
import { contractViolation } from './helpers/contract';
import { EXAMPLES_DIR, examples, fixtureSpecs } from './helpers/specs';

const SEED = Number(process.env.FUZZ_SEED ?? 20240615);
/** Per document: linear in its size (the parser must not be quadratic), generous for slow or busy CI machines.
 *  Typical documents take well under a millisecond; a 1.8 MB one of 100,000 objects about half a second.
 *  Measured in CPU time: on a shared machine wall time measures the neighbours as much as the parser. */
const timeBoundMs = (text: string) => 1000 + 2 * (text.length / 1024);

const STOCK_CSV = readFileSync(join(EXAMPLES_DIR, 'stock-prices.csv'), 'utf8');
const CHAR_TEXT = readFileSync(join(EXAMPLES_DIR, 'char-rnn.txt'), 'utf8');

/** A reader that knows a few files, so csv and text specs get as far as the data (and past it). */
function readerWith(csv: string, text = CHAR_TEXT): ParseOptions {
  const utf8 = (value: string) => new TextEncoder().encode(value);
  return {
    readFile: preloadedFiles(new Map([
      ['stock-prices.csv', utf8(csv)], ['prices.csv', utf8(csv)], ['empty.csv', utf8('')],
      ['char-rnn.txt', utf8(text)], ['input.txt', utf8('hello world\r\nhello 😀\n')], ['empty.txt', utf8('')],
      ['latin1.txt', Uint8Array.from([0x63, 0x61, 0x66, 0xe9])],
    ])),
  };
}
const READER = readerWith(STOCK_CSV);

interface Tally {
  documents: number;
  failures: string[];
  slowest: number;
  withSpec: number;
}

function check(tally: Tally, text: string, options?: ParseOptions, followFix = true): void {
  tally.documents++;
  const started = process.cpuUsage();
  let result: ParseResult;
  try {
    result = parseSpec(text, options);
  } catch (error) {
    tally.failures.push(`threw ${String(error)} on ${JSON.stringify(text.slice(0, 200))}`);
    return;
  }
  const used = process.cpuUsage(started);
  const elapsed = (used.user + used.system) / 1000;
  tally.slowest = Math.max(tally.slowest, elapsed);
  if (elapsed > timeBoundMs(text)) tally.failures.push(`took ${elapsed.toFixed(0)} ms of CPU on ${JSON.stringify(text.slice(0, 200))}`);
  const violation = contractViolation(text, result);
  if (violation) tally.failures.push(`${violation} — in ${JSON.stringify(text.slice(0, 300))}`);
  if (result.spec) tally.withSpec++;
  // A fix applied to a broken document is another document the parser must survive.
  const fix = result.problems.find((p) => p.fixes?.length)?.fixes?.[0];
  if (followFix && fix && !violation) check(tally, applyFix(text, fix), options, false);
}

// ——— arbitraries ———

const hugeNumber = fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER, 5e-324, -0, 1e21, 123456789012345);
const nanish = fc.constantFrom('NaN', 'Infinity', '-Infinity', 'nan', '1e999', '', ' ', '4', '0x10');
const numberish = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -3, max: 3, noNaN: true }) },
  { weight: 2, arbitrary: fc.integer({ min: -5, max: 5 }) },
  { weight: 1, arbitrary: hugeNumber },
  { weight: 1, arbitrary: nanish },
  { weight: 1, arbitrary: fc.constantFrom(null, true, [], {}) },
);
const size = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 1, max: 4 }) },
  { weight: 1, arbitrary: fc.integer({ min: -3, max: 100_000 }) },
  { weight: 1, arbitrary: numberish },
);
const anything = fc.jsonValue({ maxDepth: 3 });
const enumish = (...values: string[]) => fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }, { weight: 1, arbitrary: anything });

const WEIGHT_NAMES = ['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0', 'fc.weight', 'fc.bias', 'weight_hh_l1', 'bias_ih_l3', 'W_hh', 'weight_hh_0'];
const vector = fc.array(numberish, { maxLength: 13 });
const matrix = fc.array(fc.oneof(vector, numberish), { maxLength: 13 });
const weights = fc.dictionary(fc.oneof(fc.constantFrom(...WEIGHT_NAMES), fc.string({ maxLength: 12 })), fc.oneof(matrix, vector, anything), { maxKeys: 7 });

const FORMULAS = ['t', 's', 'T', 'sin(t / 5)', 't == 0 ? 1 : 0', 'noise(s, t)', 'mod(s, 3)', '1 / t', 'log(t - 1)', 'sqrt(-1)', 'x', 'a = 1', '[1, 2]', 'sin(', '"x"', '5 cm', 'factorial(200)', '2^2000', 'evaluate("1")', ''];
const formula = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...FORMULAS) }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) });
const formulas = fc.oneof(formula, fc.array(formula, { maxLength: 4 }));

const model = fc.record(
  {
    cell: enumish('rnn', 'lstm', 'gru', 'lstn'),
    inputSize: size,
    hiddenSize: size,
    numLayers: size,
    outputSize: size,
    nonlinearity: enumish('tanh', 'relu', 'sigmoid', 'identity'),
    outputActivation: enumish('identity', 'sigmoid'),
    weights,
    init: fc.record({ scheme: enumish('pytorch', 'xavier', 'orthogonal'), seed: size }, { requiredKeys: [] }),
    extra: anything,
  },
  { requiredKeys: ['cell', 'inputSize', 'hiddenSize', 'outputSize'] },
);
const sequence = fc.record(
  { inputs: fc.array(fc.oneof(fc.array(numberish, { maxLength: 4 }), numberish), { maxLength: 12 }), target: fc.oneof(numberish, vector), targets: fc.array(fc.oneof(numberish, vector), { maxLength: 12 }) },
  { requiredKeys: ['inputs'] },
);
const dataSources = fc.record(
  {
    sequences: fc.array(sequence, { maxLength: 6 }),
    generate: fc.record(
      { inputs: fc.array(formula, { maxLength: 3 }), target: formulas, targets: formulas, length: fc.oneof(fc.integer({ min: 1, max: 60 }), size), count: fc.oneof(fc.integer({ min: 1, max: 20 }), size) },
      { requiredKeys: ['inputs', 'length'] },
    ),
    csv: fc.record(
      {
        file: fc.constantFrom('stock-prices.csv', 'prices.csv', 'missing.csv', 'empty.csv', ''),
        columns: fc.array(enumish('close', 'open', 'volume', 'date'), { maxLength: 3 }),
        targetColumn: enumish('close', 'volume', 'date'),
        targetColumns: fc.array(enumish('close', 'open'), { maxLength: 2 }),
        window: fc.oneof(fc.integer({ min: 1, max: 130 }), size),
        horizon: fc.oneof(fc.integer({ min: 0, max: 5 }), size),
        stride: fc.oneof(fc.integer({ min: 1, max: 5 }), size),
        scaling: enumish('none', 'minmax', 'zscore'),
      },
      { requiredKeys: ['file', 'columns'] },
    ),
    text: fc.record(
      {
        file: fc.constantFrom('char-rnn.txt', 'input.txt', 'missing.txt', 'empty.txt', 'latin1.txt', ''),
        inline: fc.oneof(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40, unit: 'grapheme' }), fc.string({ maxLength: 300, unit: 'binary' })),
        window: fc.oneof(fc.integer({ min: 1, max: 60 }), size),
        stride: fc.oneof(fc.integer({ min: 1, max: 30 }), size),
      },
      { requiredKeys: [] },
    ),
    validation: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: -1, max: 200 }), numberish),
  },
  { requiredKeys: [] },
);
const specShaped = fc.record(
  {
    version: fc.oneof(fc.constant(1), numberish),
    name: fc.oneof(fc.string({ maxLength: 10 }), anything),
    model: fc.oneof({ weight: 9, arbitrary: model }, { weight: 1, arbitrary: anything }),
    data: fc.oneof({ weight: 9, arbitrary: dataSources }, { weight: 1, arbitrary: anything }),
    loss: fc.record({ type: enumish('mse', 'cross-entropy'), on: enumish('last', 'all') }, { requiredKeys: [] }),
    training: fc.record(
      { optimizer: enumish('sgd', 'adam'), learningRate: numberish, momentum: numberish, beta1: numberish, epochs: size, clipNorm: numberish, truncation: size, batchSize: size, shuffle: fc.oneof(fc.boolean(), anything) },
      { requiredKeys: [] },
    ),
    view: fc.record({ sequence: size, scale: enumish('log', 'linear'), vanishingThreshold: numberish }, { requiredKeys: [] }),
  },
  { requiredKeys: ['model', 'data'] },
);
/** A spec-shaped value as text: pretty or compact, sometimes with a number pushed past double range. */
const specShapedText = fc.tuple(specShaped, fc.boolean(), fc.boolean()).map(([value, pretty, overflow]) => {
  const text = JSON.stringify(value, null, pretty ? 2 : undefined);
  return overflow ? text.replace(/(\d)(?=[,\]\s}])/, '$1e999') : text;
});

const TOKENS = ['{', '}', '[', ']', ',', ':', '"', 'NaN', '1e999', '-', '//', '/*', '*/', 'null', 'true', '"x"', '0', '\u0000', '\uFEFF', '\\', '\n', '"model"', '"lstn"', '[[', ']]', '{}', '-1', '1.5', '"weights": {}'];
const fragment = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...TOKENS) }, { weight: 1, arbitrary: fc.string({ maxLength: 12, unit: 'binary' }) });
type Mutation = (text: string) => string;
const at = (text: string, fraction: number) => Math.floor(fraction * text.length);
const position = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  position.map((p) => (text: string) => text.slice(0, at(text, p))),
  fc.tuple(position, fc.integer({ min: 1, max: 40 })).map(([p, n]) => (text: string) => text.slice(0, at(text, p)) + text.slice(at(text, p) + n)),
  fc.tuple(position, fragment).map(([p, f]) => (text: string) => text.slice(0, at(text, p)) + f + text.slice(at(text, p))),
  fc.tuple(position, fc.integer({ min: 1, max: 60 })).map(([p, n]) => (text: string) => text.slice(0, at(text, p) + n) + text.slice(at(text, p))),
  fc.tuple(fc.nat(), fc.constantFrom('NaN', '1e999', '-1', '0', '0.5', '"4"', '[]', '{}', 'null', '3000', '1e6', '2.5', '"NaN"')).map(([i, replacement]) => (text: string) => {
    const numbers = [...text.matchAll(/-?\d+(\.\d+)?([eE][-+]?\d+)?/g)];
    if (numbers.length === 0) return text;
    const m = numbers[i % numbers.length];
    return text.slice(0, m.index) + replacement + text.slice(m.index! + m[0].length);
  }),
  fc.tuple(fc.nat(), fc.oneof(fc.constantFrom('"lstn"', '"relu"', '"all"', '"cross-entropy"', '"close"', '"t / 0"', '"sin(t"', '1', '[]', '"fc.wieght"', '"weight_hh_l7"'), fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s)))).map(
    ([i, replacement]) => (text: string) => {
      const strings = [...text.matchAll(/"(?:[^"\\]|\\.)*"/g)];
      if (strings.length === 0) return text;
      const m = strings[i % strings.length];
      return text.slice(0, m.index) + replacement + text.slice(m.index! + m[0].length);
    },
  ),
);
const EXAMPLE_TEXTS = [...examples().map((e) => e.text), ...fixtureSpecs().map((f) => JSON.stringify(f.spec, null, 1))];
const mutatedExample = fc.tuple(fc.constantFrom(...EXAMPLE_TEXTS), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([text, mutations]) => mutations.reduce((t, m) => m(t), text));
const mutatedCsv = fc.array(mutation, { minLength: 1, maxLength: 3 }).map((mutations) => mutations.reduce((t, m) => m(t), STOCK_CSV));
const mutatedText = fc.array(mutation, { minLength: 1, maxLength: 3 }).map((mutations) => mutations.reduce((t, m) => m(t), CHAR_TEXT));

const binaryGarbage = fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes).toString('latin1'));

/** Deep nesting, gigantic arrays and strings: the sizes that could exhaust a recursive parser or the time bound. */
const monster = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 20_000 }), fc.constantFrom('[', '{"a":', '[{"b":')).map(([depth, open]) => open.repeat(depth)),
  fc.integer({ min: 30, max: 5_000 }).map((depth) => `{"model": ${'['.repeat(depth)}1${']'.repeat(depth)}, "data": {}}`),
  fc.integer({ min: 1_000, max: 150_000 }).map((n) => `{"version": 1, "model": {"cell": "rnn", "inputSize": 1, "hiddenSize": 1, "outputSize": 1}, "data": {"sequences": [{"inputs": [${'[0.5],'.repeat(n)}[1]], "target": [1]}]}}`),
  fc.integer({ min: 1_000, max: 100_000 }).map((n) => `{"version": 1, "model": {"cell": "rnn", "inputSize": 1, "hiddenSize": 1, "outputSize": 1}, "data": {"sequences": [${'{"inputs": "NaN"},'.repeat(n)}{}]}}`),
  fc.integer({ min: 1_000, max: 20_000 }).map((n) => `{"version": 1, "model": {"cell": "rnn", "inputSize": 1, "hiddenSize": 1, "outputSize": 1}, "data": {"sequences": [${'{"inputs": [[0]]},'.repeat(n)}{"inputs": [[0]]}]}}`),
  fc.integer({ min: 10_000, max: 2_000_000 }).map((n) => `{"name": "${'x'.repeat(n)}", "model": {}, "data": {}}`),
  fc.integer({ min: 1, max: 400 }).map((n) => `{"version": 1, "model": {"cell": "rnn", "inputSize": 1, "hiddenSize": 1, "outputSize": 1}, "data": {"generate": {"inputs": ["${'('.repeat(n)}t${')'.repeat(n)}"], "target": "0", "length": 2000, "count": 50}}}`),
  fc.constantFrom('9'.repeat(400), `[${'1e999,'.repeat(1000)}0]`, '{"version": 1e999}', '"\\ud800"', '{"model": {"weights": {"' + 'w'.repeat(100_000) + '": []}}}'),
);

describe('spec parser fuzzing', function () {
  this.timeout(600_000);
  const tally: Tally = { documents: 0, failures: [], slowest: 0, withSpec: 0 };
  const runs: [string, fc.Arbitrary<string>, number, ParseOptions | ((text: string) => ParseOptions) | undefined][] = [
    ['random unicode text', fc.string({ maxLength: 300, unit: 'binary' }), 700, undefined],
    ['binary garbage', binaryGarbage, 400, undefined],
    ['random JSON values', fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v) ?? 'null'), 700, undefined],
    ['spec-shaped documents with wrong types and sizes', specShapedText, 1500, READER],
    ['mutated examples and fixtures', mutatedExample, 2000, READER],
    ['an example over a mutated csv', mutatedCsv, 300, undefined],
    ['the char-rnn example over a mutated text', mutatedText, 150, undefined],
    ['deep nesting, gigantic arrays and strings', monster, 120, READER],
  ];

  for (const [title, arbitrary, numRuns, options] of runs) {
    it(`survives ${numRuns} documents: ${title}`, () => {
      const before = tally.failures.length;
      const documents = fc.sample(arbitrary, { numRuns, seed: SEED + numRuns });
      if (title.includes('mutated csv')) {
        const spec = readFileSync(join(EXAMPLES_DIR, 'stock-prices.rnn.json'), 'utf8');
        for (const csv of documents) check(tally, spec, readerWith(csv));
      } else if (title.includes('mutated text')) {
        const spec = readFileSync(join(EXAMPLES_DIR, 'char-rnn.rnn.json'), 'utf8');
        for (const text of documents) check(tally, spec, readerWith(STOCK_CSV, text));
      } else {
        for (const text of documents) check(tally, text, typeof options === 'function' ? options(text) : options);
      }
      assert.deepEqual(tally.failures.slice(before, before + 5), []);
    });
  }

  after(() => {
    console.log(
      `      fuzz: ${tally.documents} documents, ${tally.failures.length} failures (${tally.withSpec} valid specs; slowest ${tally.slowest.toFixed(0)} ms of CPU; seed ${SEED})`,
    );
  });
});
