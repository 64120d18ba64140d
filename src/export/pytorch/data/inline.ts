// data.sequences: the spec's own numbers, written out as a Python list.
import type { ParsedSpec } from '../../../spec/types';
import type { DataCode } from '../data';
import { sequencesSection } from './literal';

export function inlineData(spec: ParsedSpec): DataCode {
  const what = spec.loss.on === 'last' ? 'its target after the last step' : 'its target at every step (None: no loss term there)';
  return {
    section: sequencesSection(spec, `The spec's data.sequences: each sequence's inputs (one row of INPUT_SIZE numbers per step) and ${what}.`),
    load: 'SequenceData(SEQUENCES)',
    gradSequences: 'len(data)',
    imports: [],
    options: [],
    summary: `the spec's ${spec.data.sequences.length} sequence${spec.data.sequences.length === 1 ? '' : 's'}, written out below`,
  };
}
