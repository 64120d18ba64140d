// data.validation: how many sequences to hold out from the end of the data, given as a fraction or a count.
import { replaceFix } from '../fixes';
import type { JsonPath } from '../jsonDocument';
import type { Reporter } from '../report';
import { plural } from './targets';

const PATH: JsonPath = ['data', 'validation'];

/** The number of held-out sequences (0 when absent), or undefined after reporting why it cannot be used.
 *  A fraction f < 1 holds out round(f · total) sequences; a number ≥ 1 is a count. */
export function checkValidation(reporter: Reporter, raw: number | undefined, total: number): number | undefined {
  if (raw === undefined) return 0;
  const range = reporter.document.valueRange(PATH);
  const holdOutOne = total >= 2 ? replaceFix('Hold out 1 sequence', range, '1') : undefined;
  if (raw >= 1 && !Number.isInteger(raw)) {
    reporter.report(PATH, {
      message: `validation is ${raw}: give a fraction below 1 (0.1 holds out the last tenth of the sequences) or a whole number of sequences.`,
      code: 'validation',
      fixes: [Math.round(raw) < total ? replaceFix(`Hold out ${Math.round(raw)}`, range, String(Math.round(raw))) : undefined],
    });
    return undefined;
  }
  const count = raw < 1 ? Math.round(raw * total) : raw;
  if (count === 0) {
    reporter.report(PATH, {
      message: `validation ${raw} of ${plural(total, 'sequence')} rounds to none held out. Use a larger fraction, or a count.`,
      code: 'validation',
      fixes: [holdOutOne],
    });
    return undefined;
  }
  if (count >= total) {
    reporter.report(PATH, {
      message: `validation holds out ${count} of the ${plural(total, 'sequence')}, which leaves none to train on.`,
      code: 'validation',
      fixes: [holdOutOne],
    });
    return undefined;
  }
  return count;
}
