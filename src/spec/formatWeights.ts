// Weights as spec text: how Write Trained Weights and an imported checkpoint put numbers into a .rnn.json file.
// Numbers are the shortest decimal that reads back as the same float64 (what JavaScript's number-to-string
// conversion writes, as Python's repr does), with -0 kept; layout follows what the document already does.
import type { WeightValue } from '../engine/types';

/** How one value is laid out: on one line, or one item (a number, or a matrix's row) per line. */
export interface ValueLayout {
  multiLine: boolean;
  /** the indentation of each item's line (multi-line only) */
  itemIndent: string;
  /** the indentation of the closing bracket's line (multi-line only) */
  closeIndent: string;
  eol: string;
  /** between items on one line: ", " or "," as the document writes them */
  separator: string;
}

/** The shortest decimal that round-trips to `value` (-0 stays -0; JSON.stringify would write 0). */
export function formatWeightNumber(value: number): string {
  return Object.is(value, -0) ? '-0' : JSON.stringify(value);
}

export function formatWeightValue(value: WeightValue, layout: ValueLayout): string {
  const { separator } = layout;
  const row = (values: readonly number[]) => `[${values.map(formatWeightNumber).join(separator)}]`;
  const items = Array.isArray(value[0]) ? (value as number[][]).map(row) : (value as number[]).map(formatWeightNumber);
  if (!layout.multiLine) return `[${items.join(separator)}]`;
  return `[${layout.eol}${items.map((item) => layout.itemIndent + item).join(`,${layout.eol}`)}${layout.eol}${layout.closeIndent}]`;
}

/** A new weights object, the way people read it: a matrix with several rows one row per line, the rest on one line. */
export function formatWeights(weights: Record<string, WeightValue>, indent: string, eol: string): string {
  const inner = indent + '  ';
  const entries = Object.entries(weights).map(([name, value]) => {
    const multiLine = Array.isArray(value[0]) && value.length > 1;
    const body = formatWeightValue(value, { multiLine, itemIndent: `${inner}  `, closeIndent: inner, eol, separator: ', ' });
    return `${inner}${JSON.stringify(name)}: ${body}`;
  });
  return `{${eol}${entries.join(`,${eol}`)}${eol}${indent}}`;
}
