import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSpec } from '../../../src/spec/index';
import { scalingTransform } from '../../../src/spec/data/csv';
import { textFiles } from '../../../src/spec/files';
import type { ParseOptions } from '../../../src/spec/types';
import { applyNamedFix, assertRange, assertValid, baseSpec, only, text } from './helpers/specs';

const PRICES = 'date,close,volume\n2024-01-01,10,100\n2024-01-02,12,300\n2024-01-03,11,200\n2024-01-04,15,400\n2024-01-05,14,500\n';

function csvSpec(csv: Record<string, unknown>, extra: Record<string, any> = {}): Record<string, any> {
  return { ...baseSpec(), data: { csv: { file: 'prices.csv', columns: ['close'], targetColumn: 'close', ...csv } }, ...extra };
}

function reader(files: Record<string, string>): ParseOptions {
  return { readFile: textFiles(files) };
}

describe('csv data', () => {
  it('cuts a sliding window over the rows, with the target horizon rows after the window', () => {
    const result = parseSpec(text(csvSpec({ window: 2, horizon: 1, scaling: 'none' })), reader({ 'prices.csv': PRICES }));
    assertValid(result);
    assert.deepEqual(result.spec!.data.sequences, [
      { inputs: [[10], [12]], target: [11] },
      { inputs: [[12], [11]], target: [15] },
      { inputs: [[11], [15]], target: [14] },
    ]);
    const source = result.spec!.source;
    assert.ok(source?.kind === 'csv');
    assert.deepEqual(source.firstRow, [0, 1, 2]);
    assert.equal(source.rows, 5);
  });

  it('horizon 0 predicts the window\'s own last row; stride skips rows', () => {
    const result = parseSpec(text(csvSpec({ window: 2, horizon: 0, stride: 2, scaling: 'none' })), reader({ 'prices.csv': PRICES }));
    assert.deepEqual(result.spec!.data.sequences, [
      { inputs: [[10], [12]], target: [12] },
      { inputs: [[11], [15]], target: [15] },
    ]);
  });

  it('loss.on = all gives each step the value horizon rows later', () => {
    const spec = csvSpec({ window: 2, horizon: 1, scaling: 'none' });
    spec.loss.on = 'all';
    const result = parseSpec(text(spec), reader({ 'prices.csv': PRICES }));
    assert.deepEqual(result.spec!.data.sequences[0], { inputs: [[10], [12]], targets: [[12], [11]] });
  });

  it('minmax scaling maps each column to [0, 1] over the whole file', () => {
    const spec = csvSpec({ window: 2, horizon: 1, scaling: 'minmax', columns: ['close', 'volume'] });
    spec.model.inputSize = 2;
    const result = parseSpec(text(spec), reader({ 'prices.csv': PRICES }));
    assertValid(result);
    // close: min 10, max 15; volume: min 100, max 500
    assert.deepEqual(result.spec!.data.sequences[0], { inputs: [[0, 0], [0.4, 0.5]], target: [0.2] });
    const source = result.spec!.source;
    assert.ok(source?.kind === 'csv');
    assert.deepEqual(source.transforms, { close: { offset: 10, scale: 5 }, volume: { offset: 100, scale: 400 } });
  });

  it('zscore scaling subtracts the mean and divides by the standard deviation', () => {
    const result = parseSpec(text(csvSpec({ window: 1, horizon: 0, scaling: 'zscore' })), reader({ 'prices.csv': PRICES }));
    const values = result.spec!.data.sequences.map((s) => s.inputs[0][0]);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
    assert.ok(Math.abs(mean) < 1e-12);
    assert.ok(Math.abs(variance - 1) < 1e-12);
    assert.ok(Math.abs(values[0] - (10 - 12.4) / Math.sqrt(3.44)) < 1e-12);
  });

  it('a constant column is not divided by zero', () => {
    assert.deepEqual(scalingTransform([3, 3, 3], 'minmax'), { offset: 3, scale: 1 });
    assert.deepEqual(scalingTransform([3, 3, 3], 'zscore'), { offset: 3, scale: 1 });
    assert.deepEqual(scalingTransform([3, 4], 'none'), { offset: 0, scale: 1 });
  });

  it('class labels for cross-entropy are not scaled', () => {
    const spec = csvSpec({ window: 2, horizon: 0, targetColumn: 'label', scaling: 'minmax' }, { loss: { type: 'cross-entropy', on: 'last' } });
    spec.model.outputSize = 2;
    const result = parseSpec(text(spec), reader({ 'prices.csv': 'close,label\n1,0\n2,1\n3,1\n' }));
    assertValid(result);
    assert.deepEqual(result.spec!.data.sequences.map((s) => s.target), [1, 1]);
  });

  it('a missing file: a problem on the file string', () => {
    const source = text(csvSpec({ file: 'nope.csv' }));
    const problem = only(parseSpec(source, reader({})), 'file', ['data', 'csv', 'file']);
    assertRange(source, problem, '"nope.csv"');
    assert.match(problem.message, /Cannot find "nope.csv"/);
  });

  it('without a folder to look in, the file string says to save the spec', () => {
    const source = text(csvSpec({}));
    const problem = only(parseSpec(source), 'file', ['data', 'csv', 'file']);
    assertRange(source, problem, '"prices.csv"');
  });

  it('reads from disk relative to baseDir', () => {
    const dir = mkdtempSync(join(tmpdir(), 'unroll-csv-'));
    try {
      writeFileSync(join(dir, 'prices.csv'), PRICES);
      assertValid(parseSpec(text(csvSpec({ window: 2 })), { baseDir: dir }));
      const source = text(csvSpec({ file: 'other.csv' }));
      assertRange(source, only(parseSpec(source, { baseDir: dir }), 'file'), '"other.csv"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an unknown column: on that column name, with a fix to the closest header', () => {
    const source = text(csvSpec({ columns: ['Close'], targetColumn: 'clsoe', window: 2 }));
    const result = parseSpec(source, reader({ 'prices.csv': PRICES }));
    const column = only(result, 'csv', ['data', 'csv', 'columns', 0]);
    assertRange(source, column, '"Close"');
    assert.match(column.message, /no column "Close"\. Did you mean "close"\?/);
    const target = only(result, 'csv', ['data', 'csv', 'targetColumn']);
    assertRange(source, target, '"clsoe"');
    const once = applyNamedFix(source, column, 'Change to "close"', reader({ 'prices.csv': PRICES }));
    const twice = applyNamedFix(once.text, only(once.result, 'csv'), 'Change to "close"', reader({ 'prices.csv': PRICES }));
    assertValid(twice.result);
  });

  it('a cell that is not a number: on the file, naming line and column', () => {
    const source = text(csvSpec({ window: 2 }));
    const problem = only(parseSpec(source, reader({ 'prices.csv': PRICES.replace('2024-01-03,11', '2024-01-03,n/a') })), 'csv');
    assertRange(source, problem, '"prices.csv"');
    assert.match(problem.message, /Line 4 of prices.csv, column "close", holds "n\/a", which is not a number/);
  });

  it('too few rows for the window: on the window', () => {
    const source = text(csvSpec({ window: 5, horizon: 1 }));
    const problem = only(parseSpec(source, reader({ 'prices.csv': PRICES })), 'csv', ['data', 'csv', 'window']);
    assertRange(source, problem, '5');
    assert.match(problem.message, /5 rows: too few for a window of 5 plus a horizon of 1/);
  });

  it('columns must match inputSize', () => {
    const source = text(csvSpec({ columns: ['close', 'volume'] }));
    const problem = only(parseSpec(source, reader({ 'prices.csv': PRICES })), 'shape', ['data', 'csv', 'columns']);
    assert.match(problem.message, /2 columns, but model.inputSize is 1/);
  });

  it('no target column: a fix adds the first input column', () => {
    const spec = csvSpec({ window: 2 });
    delete spec.data.csv.targetColumn;
    const source = text(spec);
    const problem = only(parseSpec(source, reader({ 'prices.csv': PRICES })), 'target', ['data', 'csv']);
    assertRange(source, problem, '"csv"');
    assertValid(applyNamedFix(source, problem, undefined, reader({ 'prices.csv': PRICES })).result);
  });
});
