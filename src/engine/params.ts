// Where every parameter lives: one flat Float64Array per model (so optimisers and clipping see a single vector),
// with PyTorch names and row-major layouts, and typed views per layer for the kernels.
import { toNumbers } from './linalg';
import type { Real } from './real';
import type { CellType, ModelSpec, Nonlinearity, OutputActivation, WeightValue } from './types';

/** Sizes and choices of a model, with defaults filled in. */
export interface Dims {
  cell: CellType;
  nonlinearity: Nonlinearity;
  outputActivation: OutputActivation;
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  outputSize: number;
  /** rows per unit in the stacked gate matrices: 1 (rnn), 4 (lstm: i f g o), 3 (gru: r z n) */
  gateCount: number;
}

export function dimsOf(model: ModelSpec): Dims {
  return {
    cell: model.cell,
    nonlinearity: model.nonlinearity ?? 'tanh',
    outputActivation: model.outputActivation ?? 'identity',
    inputSize: model.inputSize,
    hiddenSize: model.hiddenSize,
    numLayers: model.numLayers ?? 1,
    outputSize: model.outputSize,
    gateCount: gateCountOf(model.cell),
  };
}

export function gateCountOf(cell: CellType): number {
  return cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;
}

export interface ParamEntry {
  name: string;
  /** a bias has cols = 1 and isMatrix = false */
  rows: number;
  cols: number;
  isMatrix: boolean;
  /** where it starts in the flat vector, and how many numbers it has */
  offset: number;
  size: number;
  /** recurrent layer it belongs to; −1 for the linear head */
  layer: number;
}

export interface ParamLayout {
  entries: ParamEntry[];
  size: number;
}

/** PyTorch's order: per layer weight_ih, weight_hh, bias_ih, bias_hh; then fc.weight, fc.bias. */
export function paramLayout(dims: Dims): ParamLayout {
  const entries: ParamEntry[] = [];
  let offset = 0;
  const add = (name: string, rows: number, cols: number, isMatrix: boolean, layer: number) => {
    entries.push({ name, rows, cols, isMatrix, offset, size: rows * cols, layer });
    offset += rows * cols;
  };
  const H = dims.hiddenSize;
  const GH = dims.gateCount * H;
  for (let l = 0; l < dims.numLayers; l++) {
    add(`weight_ih_l${l}`, GH, l === 0 ? dims.inputSize : H, true, l);
    add(`weight_hh_l${l}`, GH, H, true, l);
    add(`bias_ih_l${l}`, GH, 1, false, l);
    add(`bias_hh_l${l}`, GH, 1, false, l);
  }
  add('fc.weight', dims.outputSize, H, true, -1);
  add('fc.bias', dims.outputSize, 1, false, -1);
  return { entries, size: offset };
}

/** One layer's parameters (or their gradients: T is then the workspace's precision). */
export interface LayerWeights<T extends Real = Float64Array> {
  wih: T; // GH × in
  whh: T; // GH × H
  bih: T; // GH
  bhh: T; // GH
}

export interface Weights<T extends Real = Float64Array> {
  layers: LayerWeights<T>[];
  fcW: T; // O × H
  fcB: T; // O
}

/** Views (no copies) into a flat parameter or gradient vector laid out by `layout`. */
export function weightViews<T extends Real>(layout: ParamLayout, flat: T): Weights<T> {
  const view = (entry: ParamEntry) => flat.subarray(entry.offset, entry.offset + entry.size) as T;
  const layers: LayerWeights<T>[] = [];
  const e = layout.entries;
  const layerCount = (e.length - 2) / 4;
  for (let l = 0; l < layerCount; l++) {
    layers.push({ wih: view(e[4 * l]), whh: view(e[4 * l + 1]), bih: view(e[4 * l + 2]), bhh: view(e[4 * l + 3]) });
  }
  return { layers, fcW: view(e[e.length - 2]), fcB: view(e[e.length - 1]) };
}

/** Flat vector → `{name: rows | vector}` in the spec's (PyTorch's) layout. */
export function toWeightValues(layout: ParamLayout, flat: Float64Array): Record<string, WeightValue> {
  const values: Record<string, WeightValue> = {};
  for (const entry of layout.entries) values[entry.name] = entryValue(entry, flat, entry.offset);
  return values;
}

/** One parameter's numbers, starting at `offset` of `flat`, as rows (matrix) or a vector (bias). */
export function entryValue(entry: ParamEntry, flat: Float64Array, offset: number): WeightValue {
  if (!entry.isMatrix) return toNumbers(flat, offset, entry.size);
  const rows: number[][] = [];
  for (let r = 0; r < entry.rows; r++) rows.push(toNumbers(flat, offset + r * entry.cols, entry.cols));
  return rows;
}

/** Copy a spec weight into the flat vector; a wrong shape is a bug upstream (the spec layer checks shapes). */
export function writeWeightValue(entry: ParamEntry, value: WeightValue, flat: Float64Array): void {
  const shape = entry.isMatrix ? `${entry.rows}×${entry.cols}` : `${entry.rows}`;
  const fail = () => {
    throw new Error(`engine: weight '${entry.name}' must be ${entry.isMatrix ? 'a matrix' : 'a vector'} of shape ${shape}`);
  };
  if (!Array.isArray(value) || value.length !== entry.rows) fail();
  for (let r = 0; r < entry.rows; r++) {
    const row = value[r];
    if (entry.isMatrix) {
      if (!Array.isArray(row) || row.length !== entry.cols) fail();
      for (let c = 0; c < entry.cols; c++) flat[entry.offset + r * entry.cols + c] = Number((row as number[])[c]);
    } else {
      if (typeof row !== 'number') fail();
      flat[entry.offset + r] = row as number;
    }
  }
}
