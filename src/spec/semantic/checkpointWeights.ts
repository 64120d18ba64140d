// model.weights as a checkpoint instead of numbers: {"file": "model.pt", "prefix": "encoder.rnn.", "head": "head."}.
// The file is read through the parser's DataFileReader, its recurrent module and head are chosen as the
// importer chooses them, and every disagreement is put where it can be fixed: an unreadable file on "file", a
// wrong or ambiguous prefix on "prefix", a head on "head", a size on the model's own field (with a fix that sets
// it to what the checkpoint has).
import { readCheckpoint } from '../../checkpoint/read';
import { selectedWeights, selectModel, type Candidate } from '../../checkpoint/select';
import type { RecurrentModule } from '../../checkpoint/infer';
import type { ModelSpec, WeightValue } from '../../engine/types';
import type { DataFileReader } from '../files';
import { setPropertyFix } from '../fixes';
import type { JsonPath } from '../jsonDocument';
import { LIMITS, LIMIT_REASONS } from '../limits';
import { GATES } from './model';
import { plural } from './targets';
import type { Reporter } from '../report';
import type { WeightsSourceInfo } from '../types';

export interface CheckpointReference {
  file: string;
  prefix?: string;
  head?: string;
}

/** model as the schema lets it be written: weights are numbers or a checkpoint reference. */
export type RawModel = Omit<ModelSpec, 'weights'> & { weights?: Record<string, WeightValue> | CheckpointReference };

const WEIGHTS: JsonPath = ['model', 'weights'];

export function isCheckpointReference(weights: RawModel['weights']): weights is CheckpointReference {
  return weights !== undefined && typeof (weights as { file?: unknown }).file === 'string';
}

/** The model with its weights as numbers: read from the checkpoint when it names one (none if that failed). */
export function resolveWeights(reporter: Reporter, raw: RawModel, readFile: DataFileReader | undefined): { model: ModelSpec; source?: WeightsSourceInfo } {
  if (!isCheckpointReference(raw.weights)) return { model: raw as ModelSpec };
  const { weights: reference, ...rest } = raw;
  const model: ModelSpec = rest;
  const checkpoint = openReferenced(reporter, reference.file, readFile);
  if (!checkpoint) return { model };

  const selection = selectModel(checkpoint, { prefix: reference.prefix, head: reference.head });
  if (selection.kind !== 'selected') {
    const field = selection.kind === 'error' && reference[selection.what] !== undefined ? selection.what : undefined;
    reporter.report(field ? [...WEIGHTS, field] : WEIGHTS, {
      message: selection.message,
      code: 'checkpoint',
      at: field ? 'value' : 'key',
      fixes: candidateFixes(reporter, selection.what, selection.candidates),
    });
    return { model };
  }
  for (const warning of selection.warnings) reporter.report(WEIGHTS, { message: warning, code: 'checkpoint', severity: 'warning', at: 'key' });
  const { module, head } = selection;
  if (!sizesAgree(reporter, model, module, head?.outputSize, reference.file)) return { model };

  const read = selectedWeights(checkpoint, module, head);
  if (!read.ok) {
    reporter.report([...WEIGHTS, 'file'], { message: `${reference.file}: ${read.message}`, code: 'checkpoint' });
    return { model };
  }
  const source: WeightsSourceInfo = { kind: 'checkpoint', file: reference.file, format: checkpoint.format, prefix: module.prefix };
  if (head) source.head = head.prefix;
  return { model: { ...model, weights: read.weights }, source };
}

function openReferenced(reporter: Reporter, file: string, readFile: DataFileReader | undefined) {
  const path: JsonPath = [...WEIGHTS, 'file'];
  if (!readFile) {
    reporter.report(path, { message: `"${file}" cannot be read: this spec is not saved in a folder, so there is nowhere to look for it. Save the spec next to the checkpoint.`, code: 'file' });
    return undefined;
  }
  let bytes: Uint8Array;
  try {
    bytes = readFile(file, LIMITS.checkpointBytes);
  } catch (error) {
    const code = (error as { code?: string } | undefined)?.code;
    reporter.report(path, { message: describeReadError(file, code, error), code: code === 'EFBIG' ? 'limit' : 'file' });
    return undefined;
  }
  const opened = readCheckpoint(bytes, file);
  if (!opened.ok) {
    reporter.report(path, { message: `${file}: ${opened.message}`, code: 'checkpoint' });
    return undefined;
  }
  return opened.value;
}

/** The spec's sizes against the checkpoint's; each one that differs is an error on its field, with the fix. */
function sizesAgree(reporter: Reporter, model: ModelSpec, module: RecurrentModule, outputSize: number | undefined, file: string): boolean {
  const keys = module.keys;
  const gates = GATES[module.cell];
  const found: [keyof ModelSpec & string, string | number | undefined, string | number, string][] = [
    ['cell', model.cell, module.cell, `${keys.weight_hh_l0} has ${gates} block${gates === 1 ? '' : 's'} of ${module.hiddenSize} rows`],
    ['inputSize', model.inputSize, module.inputSize, `${keys.weight_ih_l0} has ${plural(module.inputSize, 'column')}`],
    ['hiddenSize', model.hiddenSize, module.hiddenSize, `${keys.weight_hh_l0} has ${plural(module.hiddenSize, 'column')}`],
    ['numLayers', model.numLayers ?? 1, module.numLayers, module.numLayers === 1 ? `it has only ${keys.weight_ih_l0}` : `it has ${keys.weight_ih_l0} … ${keys[`weight_ih_l${module.numLayers - 1}`]}`],
  ];
  if (outputSize !== undefined) found.push(['outputSize', model.outputSize, outputSize, `the head's weight has ${plural(outputSize, 'row')}`]);
  let agree = true;
  for (const [field, written, actual, why] of found) {
    if (written === actual) continue;
    agree = false;
    const withinLimit = typeof actual !== 'number' || actual <= LIMITS[field as 'inputSize'];
    reporter.report(['model', field], {
      message: `${file} holds ${field === 'cell' ? `${article(String(actual))} ${actual}` : `${field} ${actual}`} (${why}), but this spec says ${JSON.stringify(written)}.${withinLimit ? '' : ` That is over Unroll's limit of ${LIMITS[field as 'inputSize']}: ${LIMIT_REASONS[field as 'inputSize']}.`}`,
      code: 'shape',
      at: model[field] === undefined ? reporter.document.keyRange(['model']) : 'value',
      fixes: withinLimit ? [setPropertyFix(reporter.document, `Set model.${field} to ${JSON.stringify(actual)}`, ['model', field], actual)] : [],
    });
  }
  return agree;
}

/** Quick fixes "Use prefix …" for every candidate (a file with dozens of layers gets the first ten). */
function candidateFixes(reporter: Reporter, what: 'prefix' | 'head', candidates: Candidate[]) {
  return candidates.slice(0, 10).map((c) => setPropertyFix(reporter.document, `Use ${what} ${JSON.stringify(c.value)} (${c.description})`, [...WEIGHTS, what], c.value));
}

function describeReadError(file: string, code: string | undefined, error: unknown): string {
  switch (code) {
    case 'ENOENT':
      return `Cannot find "${file}": the path is relative to this spec's folder. Check the name, or put the checkpoint next to the spec.`;
    case 'EISDIR':
      return `"${file}" is a folder, not a checkpoint.`;
    case 'EACCES':
    case 'EPERM':
      return `"${file}" cannot be read: permission denied.`;
    case 'EFBIG':
      return `"${file}" is larger than the limit of ${LIMITS.checkpointBytes.toLocaleString('en-US')} bytes: ${LIMIT_REASONS.checkpointBytes}.`;
    default:
      return `"${file}" cannot be read: ${error instanceof Error ? error.message : String(error)}.`;
  }
}

function article(word: string): string {
  return word === 'gru' ? 'a' : 'an';
}
