// What the schema cannot say about `model`: weight names and shapes against the sizes (PyTorch's layouts),
// settings that do nothing for this cell, and the parameter-count limit.
import type { CellType, InitSpec, ModelSpec, WeightValue } from '../../engine/types';
import { closest, typoDistance } from '../closest';
import { removePropertyFix, replaceFix, replacePropertyFix, setPropertyFix } from '../fixes';
import type { JsonPath } from '../jsonDocument';
import { LIMITS, LIMIT_REASONS } from '../limits';
import type { Reporter } from '../report';
import type { ProblemFix } from '../types';
import { checkMissingWeights } from './missingWeights';

/** Rows per hidden unit in each matrix: one block per gate. */
export const GATES: Record<CellType, number> = { rnn: 1, lstm: 4, gru: 3 };
const GATE_NAMES: Record<CellType, string> = { rnn: '', lstm: 'i, f, g, o', gru: 'r, z, n' };

export const DEFAULT_INIT: Required<Omit<InitSpec, 'forgetBias'>> = { scheme: 'pytorch', seed: 0 };

/** Names people bring from textbooks and other libraries, mapped to PyTorch's. A Map: a weight named
 *  "constructor" must not find Object's constructor here. */
const ALIASES = new Map(Object.entries({
  w_ih: 'weight_ih_l0', w_xh: 'weight_ih_l0', u: 'weight_ih_l0', w1: 'weight_ih_l0',
  w_hh: 'weight_hh_l0', w: 'weight_hh_l0', w2: 'weight_hh_l0',
  b_ih: 'bias_ih_l0', b_xh: 'bias_ih_l0', b_hh: 'bias_hh_l0', b_h: 'bias_hh_l0', b1: 'bias_ih_l0',
  w_hy: 'fc.weight', w_ho: 'fc.weight', v: 'fc.weight', w3: 'fc.weight', b_y: 'fc.bias', b_hy: 'fc.bias', b2: 'fc.bias', b3: 'fc.bias',
}));

export interface ModelFacts {
  model: ModelSpec;
  parameterCount: number;
  /** multiply-adds of one time step's forward pass, all layers and the output layer */
  stepCost: number;
}

interface ExpectedShape {
  rows: number;
  /** absent for a bias vector */
  columns?: number;
  /** how the size follows from the model, e.g. "4·hiddenSize × inputSize" */
  formula: string;
}

const MODEL: JsonPath = ['model'];

export interface ModelCheckOptions {
  /** the weights were read from a checkpoint (a missing head is then drawn from init, as documented) */
  fromCheckpoint?: boolean;
  /** weights in the spec that the schema refused (already reported): not missing */
  refusedWeights?: ReadonlySet<string>;
}

export function checkModel(reporter: Reporter, raw: ModelSpec, options: ModelCheckOptions = {}): ModelFacts {
  const model: ModelSpec = {
    cell: raw.cell,
    inputSize: raw.inputSize,
    hiddenSize: raw.hiddenSize,
    numLayers: raw.numLayers ?? 1,
    outputSize: raw.outputSize,
    outputActivation: raw.outputActivation ?? 'identity',
    init: {
      scheme: raw.init?.scheme ?? DEFAULT_INIT.scheme,
      seed: raw.init?.seed ?? DEFAULT_INIT.seed,
      ...(raw.init?.forgetBias === undefined ? {} : { forgetBias: raw.init.forgetBias }),
    },
  };
  if (raw.cell === 'rnn') model.nonlinearity = raw.nonlinearity ?? 'tanh';
  else if (raw.nonlinearity !== undefined) {
    reporter.report([...MODEL, 'nonlinearity'], {
      message: `nonlinearity only applies to a plain rnn cell; ${withArticle(raw.cell)} always uses sigmoid gates and tanh, so this is ignored.`,
      code: 'unused',
      severity: 'warning',
      at: 'key',
      fixes: () => [removePropertyFix(reporter.document, 'Remove "nonlinearity"', [...MODEL, 'nonlinearity'])],
    });
  }
  if (raw.weights) {
    const { weights, suggested } = checkWeights(reporter, raw, model);
    model.weights = weights;
    checkMissingWeights(reporter, {
      known: weightNames(model),
      given: [...Object.keys(weights), ...(options.refusedWeights ?? [])],
      suggested,
      hasInit: raw.init !== undefined,
      fromCheckpoint: options.fromCheckpoint === true,
      init: model.init!,
      defaultInit: DEFAULT_INIT,
      shapeOf: (name) => {
        const { rows, columns } = expectedShape(name, model);
        return columns === undefined ? [rows] : [rows, columns];
      },
    });
  }

  const { parameterCount, stepCost } = countParameters(model);
  if (parameterCount > LIMITS.parameters) {
    reporter.report([...MODEL, 'hiddenSize'], {
      message: `This model has ${parameterCount.toLocaleString('en-US')} weights, over the limit of ${LIMITS.parameters.toLocaleString('en-US')}: ${LIMIT_REASONS.parameters}. Use a smaller hiddenSize or fewer layers.`,
      code: 'limit',
    });
  }
  return { model, parameterCount, stepCost };
}

export function countParameters(model: ModelSpec): { parameterCount: number; stepCost: number } {
  const gates = GATES[model.cell];
  const hidden = model.hiddenSize;
  let parameterCount = 0;
  let stepCost = 0;
  for (let layer = 0; layer < (model.numLayers ?? 1); layer++) {
    const inputWidth = layer === 0 ? model.inputSize : hidden;
    const matrices = gates * hidden * (inputWidth + hidden);
    parameterCount += matrices + 2 * gates * hidden;
    stepCost += matrices;
  }
  parameterCount += model.outputSize * hidden + model.outputSize;
  stepCost += model.outputSize * hidden;
  return { parameterCount, stepCost };
}

/** Every weight name this model has, in PyTorch's order. */
export function weightNames(model: Pick<ModelSpec, 'numLayers'>): string[] {
  const names: string[] = [];
  for (let layer = 0; layer < (model.numLayers ?? 1); layer++) {
    names.push(`weight_ih_l${layer}`, `weight_hh_l${layer}`, `bias_ih_l${layer}`, `bias_hh_l${layer}`);
  }
  names.push('fc.weight', 'fc.bias');
  return names;
}

/** The weights as given, and the names that a misspelt one is told to become (so they are not also "missing"). */
function checkWeights(reporter: Reporter, raw: ModelSpec, model: ModelSpec): { weights: Record<string, WeightValue>; suggested: Set<string> } {
  const weights = raw.weights ?? {};
  const suggested = new Set<string>();
  const document = reporter.document;
  const known = weightNames(model);
  const knownList = known.join(', ');
  // One fix for every problem of this object: made once, and only if a kept problem offers it.
  let initFix: ProblemFix | undefined | null = null;
  const seededInit = (): ProblemFix | undefined =>
    initFix !== null
      ? initFix
      : (initFix = raw.init
          ? removePropertyFix(document, 'Initialise these weights with the seeded default (remove "weights", keep "init")', [...MODEL, 'weights'])
          : replacePropertyFix(document, 'Initialise these weights with the seeded default (replace "weights" with "init")', [...MODEL, 'weights'], 'init', DEFAULT_INIT));

  for (const [name, value] of Object.entries(weights)) {
    const path: JsonPath = [...MODEL, 'weights', name];
    const layered = /^(weight_ih|weight_hh|bias_ih|bias_hh)_l(\d+)$/.exec(name);
    if (layered && Number(layered[2]) >= (model.numLayers ?? 1)) {
      const layers = model.numLayers ?? 1;
      reporter.report(path, {
        message: `${name} belongs to layer ${layered[2]}, but numLayers is ${layers}, so the layers are ${layerList(layers)} (counted from 0).`,
        code: 'weight-name',
        at: 'key',
        fixes: () => [removePropertyFix(document, `Remove "${name}"`, path), seededInit()],
      });
      continue;
    }
    if (!known.includes(name)) {
      const suggestion = ALIASES.get(name.toLowerCase()) ?? closest(name, known, typoDistance(name));
      const usable = suggestion && !Object.hasOwn(weights, suggestion) ? suggestion : undefined;
      if (usable) suggested.add(usable);
      reporter.report(path, {
        message: `"${name}" is not a weight of this model.${usable ? ` Did you mean "${usable}"?` : ''} Weights use PyTorch's names; this ${model.cell} has ${knownList}.`,
        code: 'weight-name',
        at: 'key',
        fixes: () => [
          usable ? replaceFix(`Rename to "${usable}"`, document.keyRange(path), JSON.stringify(usable)) : removePropertyFix(document, `Remove "${name}"`, path),
          seededInit(),
        ],
      });
      continue;
    }
    const expected = expectedShape(name, model);
    const mismatch = shapeMismatch(name, value, expected, model.cell);
    if (mismatch) {
      const fix = mismatch.fix;
      reporter.report(path, { message: mismatch.message, code: 'shape', fixes: () => [fix && replaceFix(fix.title, document.valueRange(path), fix.text), seededInit()] });
    }
  }
  return { weights, suggested };
}

function expectedShape(name: string, model: ModelSpec): ExpectedShape {
  const gates = GATES[model.cell];
  const hidden = model.hiddenSize;
  const gateRows = gates * hidden;
  const gateFormula = gates > 1 ? `${gates}·hiddenSize` : 'hiddenSize';
  if (name === 'fc.weight') return { rows: model.outputSize, columns: hidden, formula: 'outputSize × hiddenSize' };
  if (name === 'fc.bias') return { rows: model.outputSize, formula: 'outputSize' };
  const [, kind, layerText] = /^(\w+?)_l(\d+)$/.exec(name) ?? [];
  const layer = Number(layerText);
  if (kind === 'weight_ih') {
    return layer === 0
      ? { rows: gateRows, columns: model.inputSize, formula: `${gateFormula} × inputSize` }
      : { rows: gateRows, columns: hidden, formula: `${gateFormula} × hiddenSize, since layer ${layer} reads layer ${layer - 1}'s hidden state` };
  }
  if (kind === 'weight_hh') return { rows: gateRows, columns: hidden, formula: `${gateFormula} × hiddenSize` };
  return { rows: gateRows, formula: gateFormula };
}

function shapeMismatch(
  name: string,
  value: WeightValue,
  expected: ExpectedShape,
  cell: CellType,
): { message: string; fix?: { title: string; text: string } } | undefined {
  const gateNote = cell === 'rnn' ? '' : ` for ${withArticle(cell)}: one block of hiddenSize ${expected.columns === undefined ? 'numbers' : 'rows'} per gate ${GATE_NAMES[cell]}`;
  const numbers = (value as unknown[]).filter((item) => typeof item === 'number').length;
  const rows = (value as unknown[]).filter(Array.isArray) as number[][];
  const mixed = numbers > 0 && rows.length > 0;

  if (expected.columns === undefined) {
    const want = `${name} must be a list of ${expected.rows} number${expected.rows === 1 ? '' : 's'} (${expected.formula}${gateNote})`;
    if (mixed) return { message: `${want}, found a mix of numbers and rows.` };
    if (rows.length > 0) {
      const flat = rows.flat();
      const fix = flat.length === expected.rows ? { title: 'Flatten into one list', text: JSON.stringify(flat) } : undefined;
      return { message: `${want}, found a matrix (${describeRows(rows)}); a bias is a single list like [0, 0].`, fix };
    }
    if (numbers !== expected.rows) return { message: `${want}, found ${numbers}.` };
    return undefined;
  }

  const size = `${expected.rows}×${expected.columns}`;
  const want = `${name} must be ${size} (${expected.formula}${gateNote})`;
  if (mixed) return { message: `${want}, found a mix of numbers and rows; write a matrix as a list of rows, like [[0.5, 0.1]].` };
  if (numbers > 0) {
    const fix = expected.rows === 1 && numbers === expected.columns ? { title: 'Wrap in a row', text: JSON.stringify([value]) } : undefined;
    return { message: `${want}, found a list of ${numbers} number${numbers === 1 ? '' : 's'}; write a matrix as a list of rows, like [[0.5]].`, fix };
  }
  if (rows.length === 0) return { message: `${want}, found an empty list.` };
  const widths = new Set(rows.map((row) => row.length));
  if (widths.size > 1) return { message: `${want}, found ${describeRows(rows)}.` };
  const width = rows[0].length;
  if (rows.length === expected.rows && width === expected.columns) return undefined;
  const transposed = rows.length === expected.columns && width === expected.rows ? ' It looks transposed: PyTorch stores a weight as out × in (one row per output unit).' : '';
  return { message: `${want}, found ${rows.length}×${width}.${transposed}` };
}

function describeRows(rows: number[][]): string {
  const widths = rows.map((row) => row.length);
  const first = widths[0];
  const odd = widths.findIndex((w) => w !== first);
  if (odd < 0) return `${rows.length}×${first}`;
  return `rows of different lengths (row 0 has ${first} number${first === 1 ? '' : 's'}, row ${odd} has ${widths[odd]})`;
}

/** "an lstm", "a gru", "an rnn": as the names are read aloud. */
export function withArticle(cell: CellType): string {
  return cell === 'gru' ? 'a gru' : `an ${cell}`;
}

function layerList(layers: number): string {
  return Array.from({ length: layers }, (_, k) => `l${k}`).join(', ');
}

/** Used by the data checks: a fix that sets model.inputSize (or outputSize) to what the data has. */
export function modelSizeFix(reporter: Reporter, field: 'inputSize' | 'outputSize', value: number): ProblemFix | undefined {
  if (value < 1 || value > LIMITS[field]) return undefined;
  return setPropertyFix(reporter.document, `Set model.${field} to ${value}`, [...MODEL, field], value);
}
