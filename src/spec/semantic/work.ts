// The size limits that depend on data and model together: total steps and the work of one forward pass.
import type { JsonPath } from '../jsonDocument';
import { LIMITS, LIMIT_REASONS } from '../limits';
import type { Reporter } from '../report';

const format = (n: number) => n.toLocaleString('en-US');

/** Reports on `path` (the data source's key) when the data would make the live preview too slow; true if within limits. */
export function checkWork(reporter: Reporter, path: JsonPath, sequences: number, totalSteps: number, stepCost: number): boolean {
  if (sequences > LIMITS.sequences) {
    reporter.report(path, {
      message: `This data has ${format(sequences)} sequences, over the limit of ${format(LIMITS.sequences)}: ${LIMIT_REASONS.sequences}. Use fewer sequences.`,
      code: 'limit',
      at: 'key',
    });
    return false;
  }
  if (totalSteps > LIMITS.totalSteps) {
    reporter.report(path, {
      message: `This data has ${format(totalSteps)} time steps in all (sequences × steps), over the limit of ${format(LIMITS.totalSteps)}: ${LIMIT_REASONS.totalSteps}. Use fewer or shorter sequences.`,
      code: 'limit',
      at: 'key',
    });
    return false;
  }
  const work = totalSteps * stepCost;
  if (work > LIMITS.work) {
    reporter.report(path, {
      message: `One pass over this data takes about ${format(work)} multiply-adds (${format(totalSteps)} steps × ${format(stepCost)} per step), over the limit of ${format(LIMITS.work)}: ${LIMIT_REASONS.work}. Use fewer or shorter sequences, or a smaller hiddenSize.`,
      code: 'limit',
      at: 'key',
    });
    return false;
  }
  return true;
}
