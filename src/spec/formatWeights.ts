// Weights as spec text: how Write Trained Weights and an imported checkpoint put numbers into a .rnn.json file.
import type { WeightValue } from '../engine/types';

/** A weights object written the way people read it: one matrix row per line, full float64 precision. */
export function formatWeights(weights: Record<string, WeightValue>, indent: string, eol: string): string {
  const inner = indent + '  ';
  const row = (values: number[]) => `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
  const entries = Object.entries(weights).map(([name, value]) => {
    const body = Array.isArray(value[0])
      ? `[${eol}${(value as number[][]).map((r) => `${inner}  ${row(r)}`).join(`,${eol}`)}${eol}${inner}]`
      : row(value as number[]);
    return `${inner}${JSON.stringify(name)}: ${body}`;
  });
  return `{${eol}${entries.join(`,${eol}`)}${eol}${indent}}`;
}
