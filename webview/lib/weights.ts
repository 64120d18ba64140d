// Names for the shared weights as a reader knows them: StatQuest's w1, w2, w3, b1, b2 for the scalar RNN,
// W_ih, W_hh, fc otherwise (PyTorch's names underneath, which is what the spec and the host use).
import type { PreviewModel } from '../../src/protocol';
import type { WeightValue } from '../../src/engine/types';

/** inputSize = hiddenSize = outputSize = 1, one layer, plain rnn: the video's picture. */
export function isScalarRnn(m: PreviewModel): boolean {
  return m.cell === 'rnn' && m.inputSize === 1 && m.hiddenSize === 1 && m.outputSize === 1 && m.numLayers === 1;
}

/** One number per node: values can be printed inside the nodes. */
export function isScalarValued(m: PreviewModel): boolean {
  return m.inputSize === 1 && m.hiddenSize === 1 && m.outputSize === 1;
}

const SCALAR_LABELS: Record<string, string> = {
  weight_ih_l0: 'w1',
  weight_hh_l0: 'w2',
  bias_ih_l0: 'b1',
  bias_hh_l0: 'b1',
  'fc.weight': 'w3',
  'fc.bias': 'b2',
};

export function weightLabel(m: PreviewModel, name: string): string {
  if (isScalarRnn(m) && SCALAR_LABELS[name]) return SCALAR_LABELS[name];
  const layer = /_l(\d+)$/.exec(name);
  const suffix = layer && m.numLayers > 1 ? `[${layer[1]}]` : '';
  if (name.startsWith('weight_ih')) return `W_ih${suffix}`;
  if (name.startsWith('weight_hh')) return `W_hh${suffix}`;
  if (name.startsWith('bias_ih')) return `b_ih${suffix}`;
  if (name.startsWith('bias_hh')) return `b_hh${suffix}`;
  if (name === 'fc.weight') return 'fc';
  if (name === 'fc.bias') return 'b_fc';
  return name;
}

/** Does `highlighted` (a PyTorch name from the editor) stand for the edge/label of `name`? b1 is both biases. */
export function sameWeight(m: PreviewModel, name: string, highlighted: string | undefined): boolean {
  if (!highlighted) return false;
  if (name === highlighted) return true;
  return isScalarRnn(m) && SCALAR_LABELS[name] === 'b1' && SCALAR_LABELS[highlighted] === 'b1';
}

export function firstNumber(w: WeightValue | undefined): number {
  if (!w || w.length === 0) return NaN;
  const first = w[0];
  return Array.isArray(first) ? first[0] : first;
}

/** PyTorch order: per layer ih, hh, biases; then fc. Unknown names last, alphabetically. */
export function orderedNames(names: readonly string[]): string[] {
  const rank = (n: string) => {
    const layer = /_l(\d+)$/.exec(n);
    const k = layer ? Number(layer[1]) : 1000;
    const kind = n.startsWith('weight_ih') ? 0 : n.startsWith('weight_hh') ? 1 : n.startsWith('bias_ih') ? 2 : n.startsWith('bias_hh') ? 3 : n === 'fc.weight' ? 4 : n === 'fc.bias' ? 5 : 6;
    return k * 10 + kind;
  };
  return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export interface SharedWeight {
  /** the PyTorch name to select in the editor */
  name: string;
  label: string;
  /** the scalar value (scalar RNN), else undefined */
  value?: number;
  detail: string;
}

/** The chips above the network: "shared by all T steps". b1 is one chip for the two PyTorch biases. */
export function sharedWeights(m: PreviewModel): SharedWeight[] {
  if (isScalarRnn(m)) {
    const w = m.weights;
    const b1 = firstNumber(w.bias_ih_l0) + firstNumber(w.bias_hh_l0);
    return [
      { name: 'weight_ih_l0', label: 'w1', value: firstNumber(w.weight_ih_l0), detail: 'input → hidden (weight_ih_l0)' },
      { name: 'weight_hh_l0', label: 'w2', value: firstNumber(w.weight_hh_l0), detail: 'hidden → next hidden (weight_hh_l0)' },
      { name: 'fc.weight', label: 'w3', value: firstNumber(w['fc.weight']), detail: 'hidden → output (fc.weight)' },
      { name: 'bias_ih_l0', label: 'b1', value: b1, detail: 'bias_ih_l0 + bias_hh_l0' },
      { name: 'fc.bias', label: 'b2', value: firstNumber(w['fc.bias']), detail: 'output bias (fc.bias)' },
    ];
  }
  return orderedNames(Object.keys(m.weightShapes))
    .filter((n) => n.startsWith('weight_') || n === 'fc.weight')
    .map((name) => ({ name, label: weightLabel(m, name), detail: `${name} (${m.weightShapes[name]})` }));
}

/** The PyTorch names a highlighted weight stands for in the picture: b1 is both biases of the scalar RNN. */
export function highlightSet(scalarRnn: boolean, name: string | undefined): ReadonlySet<string> {
  if (!name) return new Set();
  if (scalarRnn && SCALAR_LABELS[name] === 'b1') return new Set(['bias_ih_l0', 'bias_hh_l0']);
  return new Set([name]);
}
