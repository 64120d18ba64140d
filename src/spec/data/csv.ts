// data.csv: a sliding window over the rows of a CSV file (as for daily stock prices): rows r … r+window−1 are one
// sequence's inputs, and the target column `horizon` rows after the window's last row (or after each step) its target.
import type { LossSpec, Sequence } from '../../engine/types';
import { closest, typoDistance } from '../closest';
import { removePropertyFix, replaceFix, setPropertyFix } from '../fixes';
import type { JsonPath } from '../jsonDocument';
import type { Reporter } from '../report';
import { modelSizeFix, type ModelFacts } from '../semantic/model';
import { classIndexCheck, plural } from '../semantic/targets';
import { checkWork } from '../semantic/work';
import type { DataSourceInfo } from '../types';
import type { DataFileReader } from '../files';
import { cellQuotable, describeShape, fileLabel, readCsvTable, type CsvTable } from './csvFile';

export type Scaling = 'none' | 'minmax' | 'zscore';

export interface CsvSource {
  file: string;
  columns: string[];
  targetColumn?: string;
  targetColumns?: string[];
  window?: number;
  horizon?: number;
  stride?: number;
  scaling?: Scaling;
}

export const CSV_DEFAULTS = { window: 10, horizon: 1, stride: 1, scaling: 'minmax' as Scaling };

const CSV: JsonPath = ['data', 'csv'];

export function csvSequences(
  reporter: Reporter,
  raw: CsvSource,
  facts: ModelFacts,
  loss: LossSpec,
  readFile: DataFileReader | undefined,
): { sequences: Sequence[]; source: DataSourceInfo } | undefined {
  const document = reporter.document;
  const { inputSize, outputSize } = facts.model;
  const window = raw.window ?? CSV_DEFAULTS.window;
  const horizon = raw.horizon ?? CSV_DEFAULTS.horizon;
  const stride = raw.stride ?? CSV_DEFAULTS.stride;
  const scaling = raw.scaling ?? CSV_DEFAULTS.scaling;
  const filePath: JsonPath = [...CSV, 'file'];
  const fileName = fileLabel(raw.file);

  // What the spec says, before the file is opened.
  let ok = true;
  if (raw.columns.length !== inputSize) {
    reporter.report([...CSV, 'columns'], {
      message: `columns lists ${plural(raw.columns.length, 'column')}, but model.inputSize is ${inputSize}: the network reads one column per input number.`,
      code: 'shape',
      fixes: () => [modelSizeFix(reporter, 'inputSize', raw.columns.length)],
    });
    ok = false;
  }
  let targetColumns: string[] = [];
  let targetPath: JsonPath = [...CSV, 'targetColumn'];
  if (raw.targetColumn !== undefined && raw.targetColumns !== undefined) {
    reporter.report([...CSV, 'targetColumns'], {
      message: 'Give either "targetColumn" (one) or "targetColumns" (a list), not both.',
      code: 'target',
      at: 'key',
      fixes: () => [removePropertyFix(document, 'Remove "targetColumns"', [...CSV, 'targetColumns'])],
    });
    ok = false;
  } else if (raw.targetColumn !== undefined) {
    targetColumns = [raw.targetColumn];
  } else if (raw.targetColumns !== undefined) {
    targetColumns = raw.targetColumns;
    targetPath = [...CSV, 'targetColumns'];
  } else {
    reporter.report(CSV, {
      message: 'csv needs "targetColumn": the column the network should predict.',
      code: 'target',
      at: 'owner',
      fixes: () => [setPropertyFix(document, `Add "targetColumn": ${JSON.stringify(raw.columns[0])}`, [...CSV, 'targetColumn'], raw.columns[0])],
    });
    ok = false;
  }
  if (targetColumns.length > 0) {
    const wanted = loss.type === 'cross-entropy' ? 1 : outputSize;
    if (targetColumns.length !== wanted) {
      const why = loss.type === 'cross-entropy' ? 'cross-entropy predicts one class index' : `model.outputSize is ${outputSize}, one column per output`;
      reporter.report(targetPath, {
        message: `There ${targetColumns.length === 1 ? 'is 1 target column' : `are ${targetColumns.length} target columns`}, but ${why}.`,
        code: 'shape',
        fixes: () => [loss.type === 'mse' ? modelSizeFix(reporter, 'outputSize', targetColumns.length) : undefined],
      });
      ok = false;
    }
  }

  const table = readCsvTable(reporter, raw.file, readFile);
  if (!table) return undefined;
  const { fields, rows } = table;

  const columnExists = (name: string, path: JsonPath): boolean => {
    const matches = fields.filter((field) => field === name).length;
    if (matches > 1) {
      reporter.report(path, { message: `${fileName} has ${matches} columns named "${name}"; rename them in the file so each name is used once.`, code: 'csv' });
      return false;
    }
    if (matches === 1) return true;
    if (!table.quotable) {
      reporter.report(path, {
        message: `${fileName} has no column "${name}", and it does not look like the data a spec reads: a header row naming the columns, then rows of numbers as wide as the header. It has ${describeShape(table)}.`,
        code: 'csv',
      });
      return false;
    }
    const suggestion = closest(name, fields, typoDistance(name));
    reporter.report(path, {
      message: `${fileName} has no column "${name}".${suggestion ? ` Did you mean "${suggestion}"?` : ''} Its columns are ${fields.map((f) => `"${f}"`).join(', ')}.`,
      code: 'csv',
      fixes: () => [suggestion ? replaceFix(`Change to "${suggestion}"`, document.valueRange(path), JSON.stringify(suggestion)) : undefined],
    });
    return false;
  };
  raw.columns.forEach((name, i) => (ok = columnExists(name, [...CSV, 'columns', i]) && ok));
  targetColumns.forEach((name, i) => (ok = columnExists(name, raw.targetColumn !== undefined ? targetPath : [...targetPath, i]) && ok));
  if (!ok) return undefined;

  if (rows.length < window + horizon) {
    reporter.report([...CSV, 'window'], {
      message: `${fileName} has ${plural(rows.length, 'row')}: too few for a window of ${window} plus a horizon of ${horizon} (at least ${window + horizon} are needed).`,
      code: 'csv',
    });
    return undefined;
  }
  const count = Math.floor((rows.length - window - horizon) / stride) + 1;
  if (!checkWork(reporter, CSV, count, count * window, facts.stepCost)) return undefined;

  const values = readColumns(reporter, fileName, table, [...new Set([...raw.columns, ...targetColumns])]);
  if (!values) return undefined;

  const classification = loss.type === 'cross-entropy';
  if (classification) {
    const labels = values.get(targetColumns[0]) ?? [];
    for (let row = 0; row < labels.length; row++) {
      const check = classIndexCheck(labels[row], outputSize);
      if (!check.ok) {
        const why = table.quotable ? check.message : `not a class index from 0 to ${outputSize - 1}`;
        reporter.report(targetPath, { message: `Line ${row + 2} of ${fileName}, column "${targetColumns[0]}": ${why}.`, code: 'target' });
        return undefined;
      }
    }
  }

  // Column names come from the user ("constructor" is a fine name for a column): a Map, never an object's keys.
  const scaled = classification ? raw.columns : [...new Set([...raw.columns, ...targetColumns])];
  const transforms = new Map<string, { offset: number; scale: number }>();
  for (const name of scaled) {
    const transform = scalingTransform(values.get(name) ?? [], scaling);
    if (!Number.isFinite(transform.offset) || !Number.isFinite(transform.scale)) {
      reporter.report(filePath, {
        message: `Column "${name}" of ${fileName} spans more than a float64 can hold (its ${scaling === 'minmax' ? 'largest minus smallest value' : 'spread'} overflows), so "${scaling}" scaling cannot map it. Use smaller units in the file, or "scaling": "none".`,
        code: 'csv',
      });
      return undefined;
    }
    transforms.set(name, transform);
  }
  const cell = (name: string, row: number): number => {
    const value = (values.get(name) ?? [])[row];
    const transform = transforms.get(name);
    return transform ? scaleValue(value, transform) : value;
  };
  // A class label is read as written, even when the same column is also an input (and scaled as one).
  const targetAt = (row: number): number[] | number => (classification ? (values.get(targetColumns[0]) ?? [])[row] : targetColumns.map((name) => cell(name, row)));

  const sequences: Sequence[] = [];
  const firstRow: number[] = [];
  for (let start = 0; start + window - 1 + horizon < rows.length; start += stride) {
    const inputs = Array.from({ length: window }, (_, step) => raw.columns.map((name) => cell(name, start + step)));
    const sequence: Sequence = { inputs };
    if (loss.on === 'last') sequence.target = targetAt(start + window - 1 + horizon);
    else sequence.targets = Array.from({ length: window }, (_, step) => targetAt(start + step + horizon));
    sequences.push(sequence);
    firstRow.push(start);
  }
  return {
    sequences,
    // An object for the views (it crosses postMessage as JSON), built with own properties only: read it with Object.hasOwn.
    source: { kind: 'csv', file: raw.file, columns: raw.columns, targetColumns, rows: rows.length, window, horizon, stride, scaling, transforms: Object.fromEntries(transforms), firstRow, delimiter: table.delimiter },
  };
}

/** scaled = (raw − offset) / scale. A constant column keeps scale 1, so it maps to 0 instead of dividing by zero.
 *  Finite values near ±1.8e308 overflow a naive sum or difference: the z-score's moments are taken of the values
 *  divided by the largest magnitude, and a min-max span that does not fit in a float64 comes out as Infinity,
 *  which the caller reports at the file. */
export function scalingTransform(column: number[], scaling: Scaling): { offset: number; scale: number } {
  if (scaling === 'none' || column.length === 0) return { offset: 0, scale: 1 };
  if (scaling === 'minmax') {
    let min = Infinity;
    let max = -Infinity;
    for (const v of column) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return { offset: min, scale: max > min ? max - min : 1 };
  }
  const magnitude = column.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  if (magnitude === 0) return { offset: 0, scale: 1 };
  const mean = column.reduce((sum, v) => sum + v / magnitude, 0) / column.length;
  const variance = column.reduce((sum, v) => sum + (v / magnitude - mean) ** 2, 0) / column.length;
  const std = Math.sqrt(variance) * magnitude;
  return { offset: mean * magnitude, scale: std > 0 ? std : 1 };
}

/** (value − offset) / scale, without overflowing in the difference when both are near the float64 limit. */
export function scaleValue(value: number, { offset, scale }: { offset: number; scale: number }): number {
  const scaled = (value - offset) / scale;
  return Number.isFinite(scaled) ? scaled : value / scale - offset / scale;
}

/** The named columns as numbers; reports the first cell that is not a number (on the file name) and gives up.
 *  The cell is quoted only where csvFile.ts allows it. */
function readColumns(reporter: Reporter, file: string, table: CsvTable, names: string[]): Map<string, number[]> | undefined {
  const { rows, fields } = table;
  const values = new Map<string, number[]>();
  for (const name of names) {
    const index = fields.indexOf(name);
    const column: number[] = new Array(rows.length);
    let bad = 0;
    let first: { row: number; text: string } | undefined;
    for (let row = 0; row < rows.length; row++) {
      const text = String(rows[row][index] ?? '').trim();
      const value = text === '' ? NaN : Number(text);
      if (!Number.isFinite(value)) {
        bad++;
        first ??= { row, text };
      }
      column[row] = value;
    }
    if (first) {
      const more = bad > 1 ? ` (${bad - 1} more cell${bad === 2 ? '' : 's'} in this column ${bad === 2 ? 'is' : 'are'} not numbers either)` : '';
      const shown = first.text === '' ? 'is empty' : cellQuotable(table, index, first.row) ? `holds ${JSON.stringify(first.text)}` : 'holds text';
      reporter.report([...CSV, 'file'], {
        message: `Line ${first.row + 2} of ${file}, column "${name}", ${shown}, which is not a number${more}. Every value the network reads must be a number.`,
        code: 'csv',
      });
      return undefined;
    }
    values.set(name, column);
  }
  return values;
}
