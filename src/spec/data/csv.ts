// data.csv: a sliding window over the rows of a CSV file (as for daily stock prices): rows r … r+window−1 are one
// sequence's inputs, and the target column `horizon` rows after the window's last row (or after each step) its target.
import Papa from 'papaparse';
import type { LossSpec, Sequence } from '../../engine/types';
import { closest, typoDistance } from '../closest';
import { removePropertyFix, replaceFix, setPropertyFix } from '../fixes';
import type { JsonPath } from '../jsonDocument';
import { LIMITS, LIMIT_REASONS } from '../limits';
import type { Reporter } from '../report';
import { modelSizeFix, type ModelFacts } from '../semantic/model';
import { classIndexCheck, plural } from '../semantic/targets';
import { checkWork } from '../semantic/work';
import type { DataSourceInfo } from '../types';
import { decodeText, type DataFileReader } from '../files';
import { describeReadError as describeFileError } from './readError';

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

  // What the spec says, before the file is opened.
  let ok = true;
  if (raw.columns.length !== inputSize) {
    reporter.report([...CSV, 'columns'], {
      message: `columns lists ${plural(raw.columns.length, 'column')}, but model.inputSize is ${inputSize}: the network reads one column per input number.`,
      code: 'shape',
      fixes: [modelSizeFix(reporter, 'inputSize', raw.columns.length)],
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
      fixes: [removePropertyFix(document, 'Remove "targetColumns"', [...CSV, 'targetColumns'])],
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
      fixes: [setPropertyFix(document, `Add "targetColumn": ${JSON.stringify(raw.columns[0])}`, [...CSV, 'targetColumn'], raw.columns[0])],
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
        fixes: [loss.type === 'mse' ? modelSizeFix(reporter, 'outputSize', targetColumns.length) : undefined],
      });
      ok = false;
    }
  }

  const text = readCsv(reporter, raw.file, readFile);
  if (text === undefined) return undefined;
  // Without papaparse's header mode: it renames duplicate columns and logs to the console about it.
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: 'greedy', dynamicTyping: false });
  const structural = parsed.errors.find((e) => e.code !== 'UndetectableDelimiter');
  if (structural) {
    const line = structural.row === undefined ? '' : `, line ${structural.row + 1}`;
    reporter.report(filePath, { message: `${raw.file}${line}: ${structural.message}.`, code: 'csv' });
    return undefined;
  }
  const [header = [], ...rows] = parsed.data;
  const fields = header.map((name) => String(name).trim());
  if (rows.length > LIMITS.csvRows) {
    reporter.report(filePath, {
      message: `${raw.file} has ${rows.length.toLocaleString('en-US')} rows, over the limit of ${LIMITS.csvRows.toLocaleString('en-US')}: ${LIMIT_REASONS.csvRows}.`,
      code: 'limit',
    });
    return undefined;
  }

  const columnExists = (name: string, path: JsonPath): boolean => {
    const matches = fields.filter((field) => field === name).length;
    if (matches > 1) {
      reporter.report(path, { message: `${raw.file} has ${matches} columns named "${name}"; rename them in the file so each name is used once.`, code: 'csv' });
      return false;
    }
    if (matches === 1) return true;
    const suggestion = closest(name, fields, typoDistance(name));
    const available = fields.length > 0 ? ` Its columns are ${fields.map((f) => `"${f}"`).join(', ')}.` : ' It has no header row naming its columns.';
    reporter.report(path, {
      message: `${raw.file} has no column "${name}".${suggestion ? ` Did you mean "${suggestion}"?` : ''}${available}`,
      code: 'csv',
      fixes: [suggestion ? replaceFix(`Change to "${suggestion}"`, document.valueRange(path), JSON.stringify(suggestion)) : undefined],
    });
    return false;
  };
  raw.columns.forEach((name, i) => (ok = columnExists(name, [...CSV, 'columns', i]) && ok));
  targetColumns.forEach((name, i) => (ok = columnExists(name, raw.targetColumn !== undefined ? targetPath : [...targetPath, i]) && ok));
  if (!ok) return undefined;

  if (rows.length < window + horizon) {
    reporter.report([...CSV, 'window'], {
      message: `${raw.file} has ${plural(rows.length, 'row')}: too few for a window of ${window} plus a horizon of ${horizon} (at least ${window + horizon} are needed).`,
      code: 'csv',
    });
    return undefined;
  }
  const count = Math.floor((rows.length - window - horizon) / stride) + 1;
  if (!checkWork(reporter, CSV, count, count * window, facts.stepCost)) return undefined;

  const values = readColumns(reporter, raw.file, rows, fields, [...new Set([...raw.columns, ...targetColumns])]);
  if (!values) return undefined;

  const classification = loss.type === 'cross-entropy';
  if (classification) {
    const labels = values.get(targetColumns[0]) ?? [];
    for (let row = 0; row < labels.length; row++) {
      const check = classIndexCheck(labels[row], outputSize);
      if (!check.ok) {
        reporter.report(targetPath, { message: `Line ${row + 2} of ${raw.file}, column "${targetColumns[0]}": ${check.message}.`, code: 'target' });
        return undefined;
      }
    }
  }

  const scaled = classification ? raw.columns : [...new Set([...raw.columns, ...targetColumns])];
  const transforms: Record<string, { offset: number; scale: number }> = {};
  for (const name of scaled) {
    transforms[name] = scalingTransform(values.get(name) ?? [], scaling);
  }
  const cell = (name: string, row: number): number => {
    const raw = (values.get(name) ?? [])[row];
    const transform = transforms[name];
    return transform ? (raw - transform.offset) / transform.scale : raw;
  };
  const targetAt = (row: number): number[] | number => (classification ? cell(targetColumns[0], row) : targetColumns.map((name) => cell(name, row)));

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
    source: { kind: 'csv', file: raw.file, columns: raw.columns, targetColumns, rows: rows.length, window, horizon, stride, scaling, transforms, firstRow, delimiter: parsed.meta.delimiter },
  };
}

/** scaled = (raw − offset) / scale. A constant column keeps scale 1, so it maps to 0 instead of dividing by zero. */
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
  const mean = column.reduce((sum, v) => sum + v, 0) / column.length;
  const variance = column.reduce((sum, v) => sum + (v - mean) ** 2, 0) / column.length;
  const std = Math.sqrt(variance);
  return { offset: mean, scale: std > 0 ? std : 1 };
}

function readCsv(reporter: Reporter, file: string, readFile: DataFileReader | undefined): string | undefined {
  const path: JsonPath = [...CSV, 'file'];
  if (!readFile) {
    reporter.report(path, {
      message: `"${file}" cannot be read: this spec is not saved in a folder, so there is nowhere to look for it. Save the spec next to the CSV file.`,
      code: 'file',
    });
    return undefined;
  }
  let text: string;
  try {
    text = decodeText(readFile(file, LIMITS.csvBytes));
  } catch (error) {
    reporter.report(path, { message: describeReadError(file, error), code: (error as { code?: string })?.code === 'EFBIG' ? 'limit' : 'file' });
    return undefined;
  }
  if (text.length > LIMITS.csvBytes) {
    reporter.report(path, { message: `"${file}" is larger than the limit of ${LIMITS.csvBytes.toLocaleString('en-US')} characters: ${LIMIT_REASONS.csvBytes}.`, code: 'limit' });
    return undefined;
  }
  return text;
}

export function describeReadError(file: string, error: unknown): string {
  return describeFileError(file, error, { noun: 'a CSV file', maxBytes: LIMITS.csvBytes, reason: LIMIT_REASONS.csvBytes });
}

/** The named columns as numbers; reports the first cell that is not a number (on the file name) and gives up. */
function readColumns(reporter: Reporter, file: string, rows: string[][], fields: string[], names: string[]): Map<string, number[]> | undefined {
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
      const shown = first.text === '' ? 'is empty' : `holds ${JSON.stringify(first.text)}`;
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
