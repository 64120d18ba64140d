// A model from key names and shapes alone. The recurrent module is found by its prefix (the keys
// "<prefix>weight_ih_l0" … of nn.RNN/LSTM/GRU, or "<prefix>weight_ih" … of nn.RNNCell/LSTMCell/GRUCell), and the
// cell kind by its gate blocks: weight_hh is G·H × H with G = 1 (rnn), 3 (gru) or 4 (lstm). The head is an
// nn.Linear reading the hidden state: "<head>weight" O × H with "<head>bias" of O.
import type { CellType } from '../engine/types';
import type { Checkpoint, TensorMeta } from './types';

export interface RecurrentModule {
  prefix: string;
  /** nn.RNN/LSTM/GRU (keys end in _l0, _l1 …) or a single nn.RNNCell/LSTMCell/GRUCell (no layer suffix) */
  style: 'module' | 'cell';
  cell: CellType;
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  /** the spec's weight name (weight_ih_l0 …) → the checkpoint's key */
  keys: Record<string, string>;
  /** why Unroll cannot run it yet, naming the keys; absent when it can */
  unsupported?: string;
}

export interface Head {
  prefix: string;
  outputSize: number;
  /** fc.weight and fc.bias → the checkpoint's keys */
  keys: Record<string, string>;
}

const CELLS: Record<number, CellType> = { 1: 'rnn', 3: 'gru', 4: 'lstm' };

export function findRecurrent(tensors: Checkpoint['tensors']): RecurrentModule[] {
  const found: RecurrentModule[] = [];
  for (const name of tensors.keys()) {
    const layered = /^(.*)weight_ih_l0$/.exec(name);
    if (layered) found.push(recurrentModule(tensors, layered[1], 'module'));
    const single = /^(.*)weight_ih$/.exec(name);
    if (single && tensors.has(`${single[1]}weight_hh`)) found.push(recurrentModule(tensors, single[1], 'cell'));
  }
  return found;
}

function recurrentModule(tensors: Checkpoint['tensors'], prefix: string, style: RecurrentModule['style']): RecurrentModule {
  const key = (kind: string, layer: number) => (style === 'cell' ? `${prefix}${kind}` : `${prefix}${kind}_l${layer}`);
  const ih = tensors.get(key('weight_ih', 0));
  const hh = tensors.get(key('weight_hh', 0));
  const hiddenSize = hh?.shape.length === 2 ? hh.shape[1] : 0;
  const gates = hiddenSize > 0 && hh ? hh.shape[0] / hiddenSize : 0;
  const module: RecurrentModule = {
    prefix,
    style,
    cell: CELLS[gates] ?? 'rnn',
    inputSize: ih?.shape.length === 2 ? ih.shape[1] : 0,
    hiddenSize,
    numLayers: 0,
    keys: {},
  };
  const reverse = [...tensors.keys()].filter((name) => name.startsWith(prefix) && /^(weight|bias)_(ih|hh)_l\d+_reverse$/.test(name.slice(prefix.length)));
  const projection = [...tensors.keys()].filter((name) => name.startsWith(prefix) && /^weight_hr_l\d+(_reverse)?$/.test(name.slice(prefix.length)));
  if (projection.length > 0) return unsupported(module, `has LSTM projections (${list(projection)}: proj_size > 0)`);
  if (reverse.length > 0) return unsupported(module, `is bidirectional (${list(reverse)})`);
  if (!CELLS[gates] || !isMatrix(hh, gates * hiddenSize, hiddenSize) || !isMatrix(ih, gates * hiddenSize)) {
    return unsupported(module, `has ${key('weight_ih', 0)} ${shapeOf(ih)} and ${key('weight_hh', 0)} ${shapeOf(hh)}, which are not the shapes of an RNN, LSTM or GRU (G·H × input and G·H × H, G = 1, 3 or 4)`);
  }

  const rows = gates * hiddenSize;
  const noBias: string[] = [];
  for (let layer = 0; layer === 0 || (style === 'module' && tensors.has(key('weight_ih', layer))); layer++) {
    const names = { weight_ih: key('weight_ih', layer), weight_hh: key('weight_hh', layer), bias_ih: key('bias_ih', layer), bias_hh: key('bias_hh', layer) };
    if (layer > 0 && !(isMatrix(tensors.get(names.weight_ih), rows, hiddenSize) && isMatrix(tensors.get(names.weight_hh), rows, hiddenSize))) {
      return unsupported(module, `has ${names.weight_ih} ${shapeOf(tensors.get(names.weight_ih))} and ${names.weight_hh} ${shapeOf(tensors.get(names.weight_hh))}, but layer ${layer} of this ${module.cell} should have ${rows}×${hiddenSize} for both`);
    }
    for (const bias of [names.bias_ih, names.bias_hh]) {
      const meta = tensors.get(bias);
      if (!meta) noBias.push(bias);
      else if (!isVector(meta, rows)) return unsupported(module, `has ${bias} ${shapeOf(meta)}, but this ${module.cell} needs ${rows} numbers`);
    }
    for (const kind of ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'] as const) module.keys[`${kind}_l${layer}`] = names[kind];
    module.numLayers = layer + 1;
  }
  if (noBias.length > 0) return unsupported(module, `has no ${list(noBias)} (bias=False)`);
  return module;
}

/** nn.Linear heads that read this module's hidden state, in the file's order. */
export function findHeads(tensors: Checkpoint['tensors'], module: RecurrentModule): Head[] {
  const heads: Head[] = [];
  for (const [name, weight] of tensors) {
    const match = /^(.*)weight$/.exec(name);
    if (!match || !isMatrix(weight, undefined, module.hiddenSize)) continue;
    const bias = `${match[1]}bias`;
    if (isVector(tensors.get(bias), weight.shape[0])) {
      heads.push({ prefix: match[1], outputSize: weight.shape[0], keys: { 'fc.weight': name, 'fc.bias': bias } });
    }
  }
  return heads;
}

/** "encoder.rnn.: lstm, 2 layers, input 8, hidden 32", as a choice is listed. */
export function describeModule(module: RecurrentModule): string {
  const kind = module.style === 'cell' ? `${module.cell.toUpperCase()}Cell` : module.cell;
  const layers = module.numLayers > 1 ? `, ${module.numLayers} layers` : '';
  const sizes = module.hiddenSize > 0 ? `, input ${module.inputSize}, hidden ${module.hiddenSize}` : '';
  return `${kind}${layers}${sizes}${module.unsupported ? ` (cannot run: ${module.unsupported})` : ''}`;
}

export function describeHead(head: Head): string {
  return `nn.Linear, ${head.outputSize} output${head.outputSize === 1 ? '' : 's'}`;
}

/** How a prefix is shown: the empty prefix (a bare nn.LSTM's state dict) is not invisible. */
export function showPrefix(prefix: string): string {
  return prefix === '' ? '"" (no prefix)' : JSON.stringify(prefix);
}

function unsupported(module: RecurrentModule, why: string): RecurrentModule {
  return { ...module, unsupported: `${showPrefix(module.prefix)} ${why}` };
}

function isMatrix(meta: TensorMeta | undefined, rows?: number, columns?: number): meta is TensorMeta {
  return meta !== undefined && meta.shape.length === 2 && (rows === undefined || meta.shape[0] === rows) && (columns === undefined || meta.shape[1] === columns);
}

function isVector(meta: TensorMeta | undefined, length: number): boolean {
  return meta !== undefined && meta.shape.length === 1 && meta.shape[0] === length;
}

function shapeOf(meta: TensorMeta | undefined): string {
  return meta ? `(${meta.shape.join('×') || 'a scalar'})` : '(missing)';
}

function list(names: string[]): string {
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}
