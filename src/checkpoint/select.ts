// Choosing the recurrent module and the head: automatic when the checkpoint has one candidate, named by the
// caller (a quick pick, --prefix/--head, the spec's "prefix"/"head") when it has several. Then their numbers, in
// the spec's names and layouts (PyTorch's, with the head renamed fc).
import type { WeightValue } from '../engine/types';
import { readTensors } from './read';
import { describeHead, describeModule, findHeads, findRecurrent, showPrefix, type Head, type RecurrentModule } from './infer';
import type { Checkpoint } from './types';

/** One thing the caller may choose, e.g. {value: "encoder.rnn.", description: "lstm, input 8, hidden 32"}. */
export interface Candidate {
  value: string;
  description: string;
}

export type Selection =
  | { kind: 'selected'; module: RecurrentModule; head?: Head; warnings: string[] }
  /** several candidates and none named: ask, then call again with `prefix` or `head` set */
  | { kind: 'choose'; what: 'prefix' | 'head'; message: string; candidates: Candidate[] }
  /** `what` says which part is wrong, so the spec can point at it */
  | { kind: 'error'; what: 'prefix' | 'head'; message: string; candidates: Candidate[] };

export interface SelectOptions {
  prefix?: string;
  head?: string;
}

export function selectModel(checkpoint: Checkpoint, options: SelectOptions): Selection {
  const modules = findRecurrent(checkpoint.tensors);
  const moduleChoices = modules.map((m) => ({ value: m.prefix, description: describeModule(m) }));
  let module: RecurrentModule | undefined;
  if (options.prefix !== undefined) {
    module = modules.find((m) => m.prefix === options.prefix);
    if (!module) {
      const found = moduleChoices.length > 0 ? ` It has: ${listChoices(moduleChoices)}.` : ` ${noRecurrent(checkpoint)}`;
      return { kind: 'error', what: 'prefix', message: `This checkpoint has no recurrent module with the prefix ${showPrefix(options.prefix)} (no key ${options.prefix}weight_ih_l0).${found}`, candidates: moduleChoices };
    }
  } else if (modules.length === 1) {
    module = modules[0];
  } else if (modules.length === 0) {
    return { kind: 'error', what: 'prefix', message: noRecurrent(checkpoint), candidates: [] };
  } else {
    return { kind: 'choose', what: 'prefix', message: `This checkpoint has ${modules.length} recurrent modules: ${listChoices(moduleChoices)}. Choose one by its prefix.`, candidates: moduleChoices };
  }
  if (module.unsupported) {
    return { kind: 'error', what: 'prefix', message: `The recurrent module ${module.unsupported}, which Unroll cannot run yet.`, candidates: moduleChoices.filter((c) => !modules.find((m) => m.prefix === c.value)?.unsupported) };
  }

  const heads = findHeads(checkpoint.tensors, module);
  const headChoices = heads.map((h) => ({ value: h.prefix, description: describeHead(h) }));
  if (options.head !== undefined) {
    const head = heads.find((h) => h.prefix === options.head);
    if (head) return { kind: 'selected', module, head, warnings: [] };
    return { kind: 'error', what: 'head', message: `${whyNotHead(checkpoint, options.head, module)}${headChoices.length > 0 ? ` Heads that fit: ${listChoices(headChoices)}.` : ''}`, candidates: headChoices };
  }
  if (heads.length === 1) return { kind: 'selected', module, head: heads[0], warnings: [] };
  if (heads.length === 0) {
    const warning = `No nn.Linear head reading the hidden state was found (a "<head>weight" of ${module.hiddenSize} columns with its "<head>bias"), so fc.weight and fc.bias come from the spec's init.`;
    return { kind: 'selected', module, warnings: [warning] };
  }
  return { kind: 'choose', what: 'head', message: `This checkpoint has ${heads.length} nn.Linear layers that could be the head: ${listChoices(headChoices)}. Choose one by its prefix.`, candidates: headChoices };
}

/** The selected tensors as spec weights: matrices as rows, biases as lists, PyTorch's layouts. */
export function selectedWeights(checkpoint: Checkpoint, module: RecurrentModule, head: Head | undefined): { ok: true; weights: Record<string, WeightValue> } | { ok: false; message: string } {
  const keys: Record<string, string> = { ...module.keys, ...(head?.keys ?? {}) };
  const read = readTensors(checkpoint, Object.values(keys));
  if (!read.ok) return { ok: false, message: read.message };
  const weights: Record<string, WeightValue> = {};
  for (const [name, key] of Object.entries(keys)) {
    const values = read.value.get(key)!;
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) return { ok: false, message: `${key} holds ${values[bad]} at element ${bad}: a spec's weights must be finite numbers (was the model diverging when it was saved?).` };
    const shape = checkpoint.tensors.get(key)!.shape;
    weights[name] = shape.length === 1 ? Array.from(values) : rows(values, shape[0], shape[1]);
  }
  return { ok: true, weights };
}

function rows(values: Float64Array, count: number, width: number): number[][] {
  return Array.from({ length: count }, (_, r) => Array.from(values.subarray(r * width, (r + 1) * width)));
}

function whyNotHead(checkpoint: Checkpoint, prefix: string, module: RecurrentModule): string {
  const weight = checkpoint.tensors.get(`${prefix}weight`);
  const bias = checkpoint.tensors.get(`${prefix}bias`);
  const named = `The head ${showPrefix(prefix)}`;
  if (!weight) return `${named} is not in this checkpoint (no key ${prefix}weight).`;
  if (weight.shape.length !== 2) return `${named} has ${prefix}weight of shape ${weight.shape.join('×') || 'scalar'}, not a matrix: it is not an nn.Linear.`;
  if (weight.shape[1] !== module.hiddenSize) {
    return `${named} reads ${weight.shape[1]} numbers (${prefix}weight is ${weight.shape.join('×')}), but the recurrent module's hidden size is ${module.hiddenSize}: it does not read the hidden state.`;
  }
  if (!bias) return `${named} has no ${prefix}bias (nn.Linear with bias=False), and Unroll's output layer always has one.`;
  return `${named} has ${prefix}bias of shape ${bias.shape.join('×') || 'scalar'}, but ${prefix}weight has ${weight.shape[0]} rows.`;
}

function noRecurrent(checkpoint: Checkpoint): string {
  const names = [...checkpoint.tensors.keys()];
  const shown = names.length === 0 ? 'no tensors at all' : `${names.slice(0, 5).join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''}`;
  return `This checkpoint has no recurrent module: no key ends in weight_ih_l0 (nn.RNN, nn.LSTM, nn.GRU) or weight_ih (nn.RNNCell …). It has ${shown}.`;
}

function listChoices(choices: Candidate[]): string {
  return choices.map((c) => `${showPrefix(c.value)} (${c.description})`).join(', ');
}
