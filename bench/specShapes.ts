// The worst spec shapes we can think of, each within the document limit of 2,000,000 characters: many unknown
// names (every one a problem with fixes), many duplicate keys, deep nesting, long strings, many schema errors.
// Used by `npm run bench:spec`, and by the hostile-input tests for their time bound.

export interface SpecShape {
  name: string;
  text: () => string;
}

const MODEL = '"cell": "rnn", "inputSize": 1, "hiddenSize": 1, "outputSize": 1';
const DATA = '"data": {"sequences": [{"inputs": [[1], [0]], "target": [1]}]}';

const repeat = (count: number, item: (i: number) => string, separator = ', ') => Array.from({ length: count }, (_, i) => item(i)).join(separator);

/** A spec whose model.weights holds `count` entries named by `name`, written compactly or one per line. */
function weights(count: number, name: (i: number) => string, pretty = false, extraModel = ''): string {
  const separator = pretty ? ',\n      ' : ', ';
  return `{"version": 1, "model": {${MODEL}${extraModel}, "weights": {${pretty ? '\n      ' : ''}${repeat(count, (i) => `${JSON.stringify(name(i))}: [[1]]`, separator)}}}, ${DATA}}`;
}

export const SHAPES: SpecShape[] = [
  { name: 'a small valid spec', text: () => `{"version": 1, "model": {${MODEL}}, ${DATA}}` },
  { name: '10k unknown weight names, one line', text: () => weights(10_000, (i) => `w${i}`) },
  { name: '20k unknown weight names, one line', text: () => weights(20_000, (i) => `w${i}`) },
  { name: '20k unknown weight names, one per line', text: () => weights(20_000, (i) => `w${i}`, true) },
  { name: '20k weights of layers that do not exist', text: () => weights(20_000, (i) => `weight_hh_l${i + 1}`) },
  { name: '20k near-miss weight names (12 chars, typo distance)', text: () => weights(20_000, (i) => `weig${String(i).padStart(5, '0')}_l0`) },
  { name: '20k unknown 64-character weight names', text: () => weights(20_000, (i) => `${i}`.padEnd(64, 'x')) },
  { name: '20k unknown weight names with init', text: () => weights(20_000, (i) => `w${i}`, false, ', "init": {"seed": 1}') },
  { name: '30k built-in names as weights', text: () => weights(30_000, (i) => ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'][i % 5] + (i < 5 ? '' : i)) },
  { name: '150k unknown top-level keys', text: () => `{${repeat(150_000, (i) => `"k${i}": 0`)}, "model": {${MODEL}}, ${DATA}}` },
  { name: '150k unknown keys in model', text: () => `{"version": 1, "model": {${MODEL}, ${repeat(150_000, (i) => `"k${i}": 0`)}}, ${DATA}}` },
  { name: '150k duplicate top-level keys', text: () => `{${repeat(150_000, () => '"name": "x"')}, "model": {${MODEL}}, ${DATA}}` },
  { name: '100k duplicate weight names', text: () => weights(100_000, () => 'fc.bias') },
  { name: '100k keys with non-finite values', text: () => `{"version": 1, "model": {${MODEL}}, ${DATA}, "view": {${repeat(100_000, (i) => `"v${i}": 1e999`)}}}` },
  { name: '150k non-finite numbers in one list', text: () => `{"version": 1, "model": {${MODEL}}, "data": {"sequences": [{"inputs": [${repeat(150_000, () => '[1e999]')}], "target": [1]}]}}` },
  { name: '100k sequences of the wrong type', text: () => `{"version": 1, "model": {${MODEL}}, "data": {"sequences": [${repeat(100_000, () => '"x"')}]}}` },
  { name: '40k sequences each with an unknown key', text: () => `{"version": 1, "model": {${MODEL}}, "data": {"sequences": [${repeat(40_000, (i) => `{"inputs": [[1]], "target": [1], "x${i}": 0}`)}]}}` },
  { name: '40k sequences each missing its target', text: () => `{"version": 1, "model": {${MODEL}}, "data": {"sequences": [${repeat(40_000, () => '{"inputs": [[1]]}')}]}}` },
  { name: '10k sequences of the wrong width', text: () => `{"version": 1, "model": {${MODEL}}, "data": {"sequences": [${repeat(10_000, () => '{"inputs": [[1, 2], [3, 4]], "target": [1, 2]}')}]}}` },
  { name: 'deep arrays at the nesting limit, many of them', text: () => `{"version": 1, "model": {${MODEL}}, ${DATA}, "view": [${repeat(8_000, () => `${'['.repeat(60)}1${']'.repeat(60)}`)}]}` },
  { name: 'nesting over the limit', text: () => `{"model": ${'['.repeat(500_000)}` },
  { name: 'a 1.9M-character name', text: () => `{"version": 1, "name": "${'x'.repeat(1_900_000)}", "model": {${MODEL}}, ${DATA}}` },
  { name: 'a 1.9M-character key', text: () => `{"version": 1, "${'k'.repeat(1_900_000)}": 0, "model": {${MODEL}}, ${DATA}}` },
  { name: 'a 1.9M-character formula', text: () => `{"version": 1, "model": {${MODEL}}, "data": {"generate": {"inputs": ["${'t+'.repeat(900_000)}t"], "target": "1", "length": 2}}}` },
  { name: 'a 1.9M-character csv file name', text: () => `{"version": 1, "model": {${MODEL}}, "data": {"csv": {"file": "${'a/'.repeat(900_000)}x.csv", "columns": ["close"], "targetColumn": "close"}}}` },
  { name: '150k numbers written as strings', text: () => `{"version": 1, "model": {${MODEL}}, "data": {"sequences": [{"inputs": [${repeat(150_000, () => '["1"]')}], "target": [1]}]}}` },
];
