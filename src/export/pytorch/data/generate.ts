// data.generate: math.js formulas have no Python translation here, so the script carries the numbers they gave
// when it was exported, and says which formulas made them.
import type { DataSourceInfo, ParsedSpec } from '../../../spec/types';
import type { DataCode } from '../data';
import { sequencesSection } from './literal';

export function generatedData(spec: ParsedSpec, source: Extract<DataSourceInfo, { kind: 'generate' }>): DataCode {
  const quote = (formulas: string[]) => formulas.map((f) => JSON.stringify(f)).join(', ');
  const targetKey = spec.loss.on === 'last' ? 'target (at the last step, t = T − 1)' : 'targets (at every step)';
  const comment = [
    `The spec's data.generate, evaluated by Unroll when this script was exported: ${source.count} sequence${source.count === 1 ? '' : 's'} (s = 0 … ${source.count - 1}) of T = ${source.length} steps (t = 0 … ${source.length - 1}) from the math.js formulas`,
    `inputs: ${quote(source.inputs)}`,
    `${targetKey}: ${quote(source.targets)}`,
    'They are not translated to Python: edit the spec and export again to change them.',
  ].join('\n');
  return {
    section: sequencesSection(spec, comment),
    load: 'SequenceData(SEQUENCES)',
    gradSequences: 'len(data)',
    imports: [],
    options: [],
    summary: `${source.count} sequence${source.count === 1 ? '' : 's'} generated from the spec's formulas, written out below`,
  };
}
