// The one-sentence conclusion of the cell comparison, computed from the curves (never a canned claim).
import type { Comparison } from '../../src/protocol';
import { fmt } from './format';

const NAMES = { rnn: 'RNN', lstm: 'LSTM', gru: 'GRU' } as const;
const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** 10 to a whole power, as it is written: 10⁸, 10¹⁹. */
function tenTo(exponent: number): string {
  const digits = String(Math.abs(exponent)).replace(/\d/g, (d) => SUPERSCRIPT[Number(d)]);
  return `10${exponent < 0 ? '⁻' : ''}${digits}`;
}

export function conclusion(comparison: Comparison): string {
  const rnn = comparison.curves.find((c) => c.cell === 'rnn');
  const gated = comparison.curves.filter((c) => c.cell !== 'rnn');
  if (!rnn || gated.length === 0) return '';
  const length = Math.min(...comparison.curves.map((c) => c.gradNormByDistance.length));
  // The farthest distance at which every curve is still a finite number.
  let d = length - 1;
  while (d > 0 && comparison.curves.some((c) => !Number.isFinite(c.gradNormByDistance[d]))) d--;
  if (d <= 0) return 'The gradients are not finite, so the cells cannot be compared.';
  const r = rnn.gradNormByDistance[d];
  const best = gated.reduce((a, b) => (b.gradNormByDistance[d] > a.gradNormByDistance[d] ? b : a));
  const b = best.gradNormByDistance[d];
  const name = `the ${NAMES[best.cell]}'s`;
  if (r === 0 && b === 0) return `At distance ${d} every cell's gradient is exactly 0.`;
  if (r === 0) return `At distance ${d} the RNN's gradient is exactly 0, while ${name} is still ${fmt(b)}.`;
  const ratio = b / r;
  const exponent = Math.round(Math.log10(ratio));
  if (ratio >= 10) return `At distance ${d} ${name} gradient is ${tenTo(exponent)} times the RNN's.`;
  if (ratio >= 1) return `At distance ${d} ${name} gradient is ${fmt(ratio)} times the RNN's.`;
  if (ratio > 0.1) return `At distance ${d} the RNN's gradient is ${fmt(1 / ratio)} times ${name}.`;
  return `At distance ${d} the RNN's gradient is ${tenTo(-exponent)} times ${name}.`;
}
