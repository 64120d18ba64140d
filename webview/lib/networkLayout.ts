// Geometry of the unrolled network: one column per step, rows from the output (top) down to the input,
// as the data flows upward in StatQuest's drawings. Zoom changes the column width only; the rows stay put,
// so the picture never jumps vertically. Narrow columns drop detail (labels, then unit stripes) to stay readable.
import { DRAWN_UNITS, type PreviewModel } from '../../src/protocol';
import { isScalarRnn, isScalarValued } from './weights';

export type Lod = 'full' | 'compact' | 'tiny';

export interface Box {
  w: number;
  h: number;
}

export interface NetworkLayout {
  colW: number;
  lod: Lod;
  /** values printed inside the nodes (scalar models at full detail) */
  valueText: boolean;
  /** how many units each vector node shows as stripes */
  stripes: number;
  node: Box;
  gate: Box;
  /** space between two gate cells */
  gateGap: number;
  gateNames: string[];
  bracketY: number;
  yOut: number;
  /** centre y of h per layer (index = layer) */
  hRows: number[];
  /** the layer whose cell state (cRow) and gates (gatesRow) are drawn, under its h */
  gatesLayer: number;
  cRow?: number;
  gatesRow?: number;
  xRow: number;
  /** text data: the baseline of the character each step reads, under its x node */
  charY?: number;
  /** baseline of the input's word (view.inputLabels) under the x node, when the spec gives words and values are printed */
  inputLabelY?: number;
  stepLabelY: number;
  height: number;
  /** room before the first column for the initial state h₋₁ = 0 */
  lead: number;
}

export const GATE_NAMES: Record<PreviewModel['cell'], string[]> = { rnn: [], lstm: ['i', 'f', 'g', 'o'], gru: ['r', 'z', 'n'] };

export function baseColumnWidth(m: PreviewModel): number {
  if (isScalarRnn(m)) return 116;
  if (isScalarValued(m)) return 100;
  // Layer suffixes ("W_hh[1]") need a little more room between columns.
  return (m.cell === 'lstm' ? 104 : m.cell === 'gru' ? 96 : 84) + (m.numLayers > 1 ? 14 : 0);
}

const EDGE_GAP = 70;
const INNER_GAP = 54;

export function networkLayout(m: PreviewModel, zoom: number): NetworkLayout {
  const colW = baseColumnWidth(m) * zoom;
  const lod: Lod = colW >= 72 ? 'full' : colW >= 26 ? 'compact' : 'tiny';
  const scalar = isScalarValued(m);
  const valueText = scalar && lod === 'full';
  const fullNode = scalar ? { w: 58, h: 28 } : { w: 26, h: 32 };
  const node = { w: Math.max(3, Math.min(fullNode.w, colW * (scalar && !valueText ? 0.5 : 0.62))), h: fullNode.h };
  const gateNames = GATE_NAMES[m.cell];
  // The gates share about 72 % of the column; at small zoom the gaps shrink before the cells do.
  const G = Math.max(1, gateNames.length);
  const room = Math.min(G * 12 + (G - 1) * 3, colW * 0.72);
  const gateGap = Math.min(3, Math.max(0.5, room * 0.06));
  const gateW = gateNames.length ? Math.max(1, (room - gateGap * (G - 1)) / G) : 0;
  const gate = { w: gateW, h: scalar ? 20 : 26 };
  const stripes = scalar ? 1 : Math.min(m.hiddenSize, lod === 'tiny' ? 4 : DRAWN_UNITS);

  const bracketY = 18;
  const yOut = 46;
  let next = yOut;
  const hRows: number[] = new Array(Math.max(1, m.numLayers));
  const top = hRows.length - 1;
  // The picked layer's c and gates sit between its h and the layer below: the same rows whichever layer it is,
  // so picking another layer moves rows but never changes the picture's height.
  const gatesLayer = Math.min(Math.max(0, m.gatesLayer), top);
  let cRow: number | undefined;
  let gatesRow: number | undefined;
  for (let layer = top; layer >= 0; layer--) {
    hRows[layer] = next += EDGE_GAP;
    if (layer !== gatesLayer) continue;
    if (m.cell === 'lstm') {
      cRow = next += INNER_GAP;
      gatesRow = next += INNER_GAP;
    } else if (m.cell === 'gru') {
      gatesRow = next += INNER_GAP;
    }
  }
  const xRow = next + EDGE_GAP;
  // A text's characters get a row of their own between the inputs and the step numbers; words for the inputs
  // (view.inputLabels) another.
  const charY = m.characters ? xRow + node.h / 2 + 17 : undefined;
  const inputLabelY = valueText && m.inputLabels ? (charY ?? xRow + node.h / 2) + 14 : undefined;
  const stepLabelY = (inputLabelY ?? charY ?? xRow + node.h / 2) + 18;
  return { colW, lod, valueText, stripes, node, gate, gateGap, gateNames, bracketY, yOut, hRows, gatesLayer, cRow, gatesRow, xRow, charY, inputLabelY, stepLabelY, height: stepLabelY + 8, lead: 30 };
}
