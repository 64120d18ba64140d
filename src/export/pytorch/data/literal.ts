// The data as a Python literal, for the sources whose numbers the script carries (inline, generated).
import type { LossSpec, Sequence } from '../../../engine/types';
import type { ParsedSpec } from '../../../spec/types';
import { pyComment, pySection, pyValue, type PyValue } from '../python';
import { sequenceDataClass } from './sequenceData';

export function sequencesSection(spec: ParsedSpec, comment: string): string {
  const items = spec.data.sequences.map((sequence) => `    ${pyValue(sequenceValue(sequence, spec.loss), 4)},`);
  return `${pySection('Data')}
${pyComment(comment)}

SEQUENCES = [
${items.join('\n')}
]
${sequenceDataClass(spec.loss)}`;
}

/** One sequence as the script writes it: "inputs", and "target" (loss on the last step) or "targets" (one per
 *  step, None where the step has no loss term). An mse target is a list of OUTPUT_SIZE numbers, a class an int. */
export function sequenceValue(sequence: Sequence, loss: LossSpec): { [key: string]: PyValue } {
  const T = sequence.inputs.length;
  const target = (value: number[] | number | null | undefined): PyValue => {
    if (value === null || value === undefined) return null;
    if (loss.type === 'cross-entropy') return Array.isArray(value) ? value[0] : value;
    return Array.isArray(value) ? value : [value];
  };
  if (loss.on === 'last') return { inputs: sequence.inputs, target: target(sequence.target ?? sequence.targets?.[T - 1]) };
  return { inputs: sequence.inputs, targets: Array.from({ length: T }, (_, t) => target(sequence.targets?.[t])) };
}
