// What every step column draws, relative to its centre: the edges with their shared-weight labels and the
// node spots. Every column is the same cell (that is the point of an RNN), so this is computed once per layout
// and each column only fills in its own values.
import type { PreviewModel } from '../../src/protocol';
import { fmtShort } from './format';
import type { NetworkLayout } from './networkLayout';
import { firstNumber, isScalarRnn, weightLabel } from './weights';

export type NodeKind = 'y' | 'h' | 'c' | 'x' | 'gate';

export interface NodeSpot {
  key: string;
  kind: NodeKind;
  layer: number;
  gate?: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Edge {
  key: string;
  /** path from the previous column (or from below) to this column's node */
  d: string;
  /** for recurrent edges into the first column: a short stub from the initial state h₋₁ = 0 */
  dFirst?: string;
  recurrent: boolean;
  /** the same recurrence drawn as a feedback loop, for the rolled picture */
  dLoop?: string;
  loop?: { lx: number; ly: number; anchor: 'start' | 'end' };
  /** the c_t highway of an LSTM: drawn thicker, it is why the gradient survives */
  highway: boolean;
  /** the PyTorch weight this edge multiplies by, for highlighting */
  weight?: string;
  label?: string;
  lx: number;
  ly: number;
  anchor: 'start' | 'middle' | 'end';
}

export interface BiasLabel {
  key: string;
  text: string;
  weight: string;
  x: number;
  y: number;
}

export interface ColumnTemplate {
  nodes: NodeSpot[];
  edges: Edge[];
  biases: BiasLabel[];
  /** initial-state markers (x, y) for the first column */
  starts: { key: string; y: number }[];
  startX: number;
}

function weightText(m: PreviewModel, name: string): string {
  const label = weightLabel(m, name);
  return isScalarRnn(m) ? `${label} = ${fmtShort(firstNumber(m.weights[name]))}` : label;
}

export function columnTemplate(m: PreviewModel, L: NetworkLayout): ColumnTemplate {
  const nodes: NodeSpot[] = [];
  const edges: Edge[] = [];
  const biases: BiasLabel[] = [];
  const starts: { key: string; y: number }[] = [];
  const half = L.node.w / 2;
  const nh = L.node.h / 2;
  const top = L.hRows.length - 1;
  // The layer drawn with its cell state and gates; every other layer is a plain h row with its W_hh loop.
  const g = L.gatesLayer;
  const gated = L.gateNames.length > 0 && L.gatesRow !== undefined;
  const gap = L.gateGap;
  const gatesW = gated ? L.gateNames.length * (L.gate.w + gap) - gap : 0;
  const prev = -L.colW;
  const startX = -L.colW / 2 - 12;

  nodes.push({ key: 'y', kind: 'y', layer: top, x: 0, y: L.yOut, w: L.node.w, h: L.node.h });
  for (let layer = top; layer >= 0; layer--) nodes.push({ key: `h${layer}`, kind: 'h', layer, x: 0, y: L.hRows[layer], w: L.node.w, h: L.node.h });
  if (L.cRow !== undefined) nodes.push({ key: 'c', kind: 'c', layer: g, x: 0, y: L.cRow, w: L.node.w, h: L.node.h });
  if (gated) {
    L.gateNames.forEach((gate, k) => {
      const x = -gatesW / 2 + k * (L.gate.w + gap) + L.gate.w / 2;
      nodes.push({ key: `g${gate}`, kind: 'gate', layer: g, gate, x, y: L.gatesRow!, w: L.gate.w, h: L.gate.h });
    });
  }
  nodes.push({ key: 'x', kind: 'x', layer: 0, x: 0, y: L.xRow, w: L.node.w, h: L.node.h });

  const up = (key: string, from: number, to: number, weight?: string) =>
    edges.push({ key, d: `M0 ${from}V${to}`, recurrent: false, highway: false, weight, label: weight ? weightText(m, weight) : undefined, lx: 6, ly: (from + to) / 2 + 8, anchor: 'start' });
  /** A self-loop beside the node: right (s = 1) or left (s = −1). */
  const selfLoop = (y: number, s: 1 | -1) => {
    const x0 = s * half;
    return {
      dLoop: `M${x0} ${y - 7}C${x0 + s * 66} ${y - 40} ${x0 + s * 66} ${y + 40} ${x0 + s * 2} ${y + 7}`,
      loop: { lx: x0 + s * 54, ly: y + 4, anchor: s > 0 ? ('start' as const) : ('end' as const) },
    };
  };
  const across = (key: string, y: number, weight: string | undefined, label: string, highway = false, side: 1 | -1 = 1) => {
    const nearStart = highway && L.gateNames.length > 0;
    edges.push({
      key,
      d: `M${prev + half} ${y}H${-half - 1}`,
      dFirst: `M${startX} ${y}H${-half - 1}`,
      ...selfLoop(y, side),
      recurrent: true,
      highway,
      weight,
      label,
      lx: nearStart ? prev + half + 5 : -L.colW / 2,
      ly: y - 6,
      anchor: nearStart ? 'start' : 'middle',
    });
    starts.push({ key, y });
  };
  const bottomOf = (layer: number) => (layer === g && gated ? L.gatesRow! + L.gate.h / 2 : L.hRows[layer] + nh);

  // Upward flow: x → layer 0 → … → top layer → y.
  up('x-in', L.xRow - nh, bottomOf(0) + 1, 'weight_ih_l0');
  for (let layer = 1; layer <= top; layer++) up(`ih${layer}`, L.hRows[layer - 1] - nh, bottomOf(layer) + 1, `weight_ih_l${layer}`);
  if (m.cell === 'lstm' && gated) {
    up('gates-c', L.gatesRow! - L.gate.h / 2, L.cRow! + nh + 1);
    up('c-h', L.cRow! - nh, L.hRows[g] + nh + 1);
  } else if (m.cell === 'gru' && gated) {
    up('gates-h', L.gatesRow! - L.gate.h / 2, L.hRows[g] + nh + 1);
  }
  up('h-y', L.hRows[top] - nh, L.yOut + nh + 1, 'fc.weight');

  // Recurrence: the previous column's state comes in from the left.
  for (let layer = 0; layer <= top; layer++) {
    if (layer !== g || !gated) across(`hh${layer}`, L.hRows[layer], `weight_hh_l${layer}`, weightText(m, `weight_hh_l${layer}`));
  }
  const hPicked = L.hRows[g];
  if (gated) {
    if (m.cell === 'lstm') across('c-c', L.cRow!, undefined, '⊙f', true, -1);
    else across('h-h', hPicked, undefined, '⊙z', true, -1);
    // h_{t−1} feeds this step's gates through W_hh: along the h row, then down beside the cell, into the gates.
    const xv = -gatesW / 2 - 12;
    const y2 = L.gatesRow!;
    const r = 6;
    const down = `V${y2 - r}Q${xv} ${y2} ${xv + r} ${y2}H${-gatesW / 2 - 2}`;
    // The GRU's h row already carries h_{t−1} (the ⊙z highway): branch off it. The LSTM's h row is free.
    const along = (from: number) => (m.cell === 'gru' ? `M${xv} ${hPicked}` : `M${from} ${hPicked}H${xv - r}Q${xv} ${hPicked} ${xv} ${hPicked + r}`);
    edges.push({
      key: 'h-gates',
      d: along(prev + half) + down,
      dFirst: along(startX) + down,
      dLoop: `M${half} ${hPicked}C${half + 84} ${hPicked} ${gatesW / 2 + 84} ${y2} ${gatesW / 2 + 2} ${y2}`,
      loop: { lx: half + 72, ly: (hPicked + y2) / 2 + 4, anchor: 'start' },
      recurrent: true,
      highway: false,
      weight: `weight_hh_l${g}`,
      label: weightText(m, `weight_hh_l${g}`),
      // On the h row between the columns for the LSTM (as w2 on a plain RNN); beside the branch for the GRU.
      lx: m.cell === 'gru' ? xv - 4 : (prev + half + xv) / 2,
      ly: m.cell === 'gru' ? (hPicked + y2) / 2 + 4 : hPicked - 6,
      anchor: m.cell === 'gru' ? 'end' : 'middle',
    });
    if (m.cell === 'lstm') starts.push({ key: 'h-gates', y: hPicked });
  }

  if (isScalarRnn(m)) {
    const b1 = firstNumber(m.weights.bias_ih_l0) + firstNumber(m.weights.bias_hh_l0);
    biases.push({ key: 'b1', text: `+ b1 = ${fmtShort(b1)}`, weight: 'bias_ih_l0', x: 6, y: hPicked + nh + 12 });
    biases.push({ key: 'b2', text: `+ b2 = ${fmtShort(firstNumber(m.weights['fc.bias']))}`, weight: 'fc.bias', x: 6, y: L.yOut + nh + 12 });
  }
  return { nodes, edges, biases, starts: dedupe(starts), startX };
}

function dedupe(starts: { key: string; y: number }[]): { key: string; y: number }[] {
  const seen = new Set<number>();
  return starts.filter((s) => (seen.has(s.y) ? false : (seen.add(s.y), true)));
}

/** The values a node shows at step t. */
export function nodeValues(m: PreviewModel, spot: NodeSpot, t: number): readonly number[] {
  switch (spot.kind) {
    case 'x':
      return m.inputs[t] ?? [];
    case 'y':
      return m.outputs[t] ?? [];
    case 'h':
      return m.hidden[spot.layer]?.[t] ?? [];
    case 'c':
      return m.cellState?.[spot.layer]?.[t] ?? [];
    case 'gate':
      return m.gates?.[spot.gate!]?.[t] ?? [];
  }
}
