// A checkpoint in, a spec out: the inferred model with the checkpoint's weights, example data of the right input
// size and an mse loss, so `unroll grad` (or the preview) runs it as it is. Pure: bytes in, text out, so the CLI
// and the extension's worker call the same function.
import type { ModelSpec, Nonlinearity, WeightValue } from '../engine/types';
import { preloadedFiles } from './files';
import { LIMITS, LIMIT_REASONS } from './limits';
import { parseSpecText } from './parse';
import { countParameters, DEFAULT_INIT } from './semantic/model';
import { formatWeights } from './formatWeights';
import { describeModule, showPrefix, type Head, type RecurrentModule } from '../checkpoint/infer';
import { readCheckpoint } from '../checkpoint/read';
import { selectedWeights, selectModel, type Candidate } from '../checkpoint/select';

export interface ImportOptions {
  /** the recurrent module's key prefix ("encoder.rnn."); needed only when the checkpoint has several */
  prefix?: string;
  /** the nn.Linear head's key prefix ("head."); needed only when several fit */
  head?: string;
  /** an rnn's nonlinearity, which a state dict does not record; default tanh */
  nonlinearity?: 'tanh' | 'relu';
  /** how the spec names the checkpoint if the weights are too many to write out (default: the file's base name) */
  reference?: string;
}

export type ImportResult =
  /** the spec's text (JSON, ends with a newline), a one-line summary, and what the user should know */
  | { kind: 'spec'; text: string; summary: string; warnings: string[] }
  /** ask the user to pick one of `candidates`, then call again with options[what] = the picked value */
  | { kind: 'choose'; what: 'prefix' | 'head'; message: string; candidates: Candidate[] }
  /** the file cannot become a spec; `message` says why and what to do */
  | { kind: 'error'; message: string };

/** Steps × sequences of the example data, fewer when a big model would exceed the work limit. */
const EXAMPLE = { length: 20, count: 4 };

/**
 * The spec for a checkpoint's bytes (`fileName` names it in messages and the spec). Never throws: a file that
 * cannot become a spec is an `error`, and a checkpoint with several candidate modules or heads asks to `choose`.
 */
export function specFromCheckpoint(bytes: Uint8Array, fileName: string, options: ImportOptions = {}): ImportResult {
  try {
    return importChecked(bytes, fileName, options);
  } catch (error) {
    return { kind: 'error', message: `Unroll could not import ${fileName} (internal error: ${error instanceof Error ? error.message : String(error)}). Please report this.` };
  }
}

function importChecked(bytes: Uint8Array, fileName: string, options: ImportOptions): ImportResult {
  const base = fileName.split(/[\\/]/).pop() || fileName;
  const opened = readCheckpoint(bytes, fileName);
  if (!opened.ok) return { kind: 'error', message: `${base}: ${opened.message}` };
  const checkpoint = opened.value;
  const selection = selectModel(checkpoint, options);
  if (selection.kind === 'choose') return selection;
  if (selection.kind === 'error') return { kind: 'error', message: `${base}: ${selection.message}` };
  const { module, head } = selection;
  const warnings = [...selection.warnings, ...nonlinearityWarnings(module, options.nonlinearity)];

  const model = modelOf(module, head, options.nonlinearity);
  const overLimit = limitProblem(model);
  if (overLimit) return { kind: 'error', message: `${base}: ${overLimit}` };
  const read = selectedWeights(checkpoint, module, head);
  if (!read.ok) return { kind: 'error', message: `${base}: ${read.message}` };

  const reference = options.reference ?? base;
  const spec = exampleSpec(base, model, module, head);
  let text = specText(spec, read.weights);
  if (text.length > LIMITS.documentChars) {
    text = specText(spec, { file: reference, prefix: module.prefix, ...(head ? { head: head.prefix } : {}) });
    warnings.push(`The weights are too many to write into a spec (over ${LIMITS.documentChars.toLocaleString('en-US')} characters), so the spec reads them from ${reference}: keep the two side by side.`);
  }
  const check = parseSpecText(text, { readFile: preloadedFiles(new Map([[reference, bytes]])), fileName: `${spec.name}.rnn.json` });
  const errors = check.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) return { kind: 'error', message: `${base}: the imported spec does not check: ${errors.slice(0, 3).map((p) => p.message).join(' ')}` };
  return { kind: 'spec', text, summary: summary(module, head, model), warnings };
}

function modelOf(module: RecurrentModule, head: Head | undefined, nonlinearity: ImportOptions['nonlinearity']): ModelSpec {
  const model: ModelSpec = {
    cell: module.cell,
    inputSize: module.inputSize,
    hiddenSize: module.hiddenSize,
    outputSize: head?.outputSize ?? 1,
    numLayers: module.numLayers,
  };
  if (module.cell === 'rnn') model.nonlinearity = (nonlinearity ?? 'tanh') satisfies Nonlinearity;
  if (!head) model.init = { ...DEFAULT_INIT };
  return model;
}

function nonlinearityWarnings(module: RecurrentModule, nonlinearity: ImportOptions['nonlinearity']): string[] {
  if (module.cell !== 'rnn') return nonlinearity ? [`The nonlinearity applies only to a plain rnn; this checkpoint holds ${module.cell === 'gru' ? 'a gru' : 'an lstm'}, so it is ignored.`] : [];
  if (nonlinearity) return [];
  return ["A state dict does not record an rnn's nonlinearity: the spec uses tanh (PyTorch's default). If the model was built with nonlinearity='relu', set \"nonlinearity\": \"relu\"."];
}

/** What the spec format cannot hold, in the limits' own words; undefined when it fits. */
function limitProblem(model: ModelSpec): string | undefined {
  for (const field of ['inputSize', 'hiddenSize', 'outputSize', 'numLayers'] as const) {
    const value = model[field] ?? 1;
    if (value > LIMITS[field]) return `its ${field} is ${value}, over Unroll's limit of ${LIMITS[field]}: ${LIMIT_REASONS[field]}.`;
  }
  const { parameterCount } = countParameters(model);
  if (parameterCount > LIMITS.parameters) {
    return `its recurrent module and head have ${parameterCount.toLocaleString('en-US')} weights, over Unroll's limit of ${LIMITS.parameters.toLocaleString('en-US')}: ${LIMIT_REASONS.parameters}.`;
  }
  return undefined;
}

interface ExampleSpec {
  name: string;
  description: string;
  model: ModelSpec;
  data: { generate: { inputs: string[]; target: string | string[]; length: number; count: number } };
}

/** Example data: a sine per input (shifted by the input's index and the sequence's), a later value as target. */
function exampleSpec(base: string, model: ModelSpec, module: RecurrentModule, head: Head | undefined): ExampleSpec {
  const { stepCost } = countParameters(model);
  const length = Math.max(1, Math.min(EXAMPLE.length, Math.floor(LIMITS.work / (stepCost * EXAMPLE.count))));
  const shifted = (formula: string, k: number) => (k === 0 ? `sin(${formula})` : `sin(${formula} + ${k})`);
  const inputs = Array.from({ length: model.inputSize }, (_, k) => shifted('t / 5 + s', k));
  const targets = Array.from({ length: model.outputSize }, (_, j) => shifted('T / 5 + s', j));
  const where = module.prefix === '' ? '(no prefix)' : `at ${JSON.stringify(module.prefix)}`;
  const from = `the ${module.cell} ${where} and ${head ? `the head ${JSON.stringify(head.prefix)}` : 'no head (fc from init)'}`;
  return {
    name: base.replace(/\.(pt|pth|bin|ckpt|safetensors)$/i, '') || 'imported',
    description: `Imported from ${base}: ${from}. The data and loss are examples: replace them with your own.`,
    model,
    data: { generate: { inputs, target: targets.length === 1 ? targets[0] : targets, length, count: EXAMPLE.count } },
  };
}

/** The spec as people read it: two-space JSON, one matrix row per line, every weight at full float64 precision. */
function specText(spec: ExampleSpec, weights: Record<string, WeightValue> | { file: string; prefix: string; head?: string }): string {
  const placeholder = '"__weights__"';
  const { init, ...sizes } = spec.model;
  const document = {
    version: 1,
    name: spec.name,
    description: spec.description,
    model: { ...sizes, weights: '__weights__', ...(init ? { init } : {}) },
    data: spec.data,
    loss: { type: 'mse', on: 'last' },
  };
  const text = JSON.stringify(document, null, 2).replace(/\[\n\s+("[^"\n]*"(?:,\n\s+"[^"\n]*")*)\n\s+\]/g, (_all, items: string) => `[${items.split(/,\n\s+/).join(', ')}]`);
  const body = 'file' in weights ? JSON.stringify(weights, null, 2).replace(/\n/g, '\n    ') : formatWeights(weights as Record<string, WeightValue>, '    ', '\n');
  return text.replace(placeholder, body) + '\n';
}

function summary(module: RecurrentModule, head: Head | undefined, model: ModelSpec): string {
  return `${describeModule(module)}, ${model.outputSize} output${model.outputSize === 1 ? '' : 's'} (prefix ${showPrefix(module.prefix)}, head ${head ? showPrefix(head.prefix) : 'none: fc from init'})`;
}
