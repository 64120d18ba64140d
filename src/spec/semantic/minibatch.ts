// training.batchSize against the data and the training limits: one update must fit in memory and end within
// about a second (limits.ts, TRAINING_LIMITS), whatever the size of the data.
import type { TrainingSpec } from '../../engine/types';
import { setPropertyFix } from '../fixes';
import type { JsonPath } from '../jsonDocument';
import { TRAINING_LIMITS, TRAINING_LIMIT_REASONS } from '../limits';
import type { Reporter } from '../report';
import { plural } from './targets';

export interface MinibatchFacts {
  /** sequences trained on (the validation ones excluded) */
  training: number;
  /** steps of the longest sequence */
  longest: number;
  /** steps of the `size` longest sequences together: the rows the largest minibatch of that size can need */
  stepsOfLongest(size: number): number;
  /** multiply-adds of one step's forward pass */
  stepCost: number;
  /** where the data comes from (its key), for a problem when no batchSize is written */
  dataPath: JsonPath;
}

const format = (n: number) => n.toLocaleString('en-US');

export function checkMinibatch(reporter: Reporter, training: TrainingSpec, facts: MinibatchFacts): void {
  const given = training.batchSize;
  const path: JsonPath = ['training', 'batchSize'];
  if (given !== undefined && given > facts.training) {
    reporter.report(path, {
      message: `batchSize is ${given}, more than the ${plural(facts.training, 'training sequence')}: every update uses all of them (full batch).`,
      code: 'unused',
      severity: 'info',
    });
  }
  const size = Math.min(given ?? facts.training, facts.training);
  const steps = facts.stepsOfLongest(size);
  const work = steps * facts.stepCost;
  const overSteps = steps > TRAINING_LIMITS.batchSteps;
  if (!overSteps && work <= TRAINING_LIMITS.batchWork) return;
  const fits = Math.max(1, Math.min(Math.floor(TRAINING_LIMITS.batchSteps / facts.longest), Math.floor(TRAINING_LIMITS.batchWork / Math.max(1, facts.longest * facts.stepCost))));
  const suggestion = Math.min(32, 2 ** Math.floor(Math.log2(fits)));
  const what = given === undefined ? `Training on all ${plural(facts.training, 'sequence')} at once (there is no training.batchSize)` : `A minibatch of ${plural(size, 'sequence')}`;
  const over = overSteps
    ? `${format(steps)} steps per update, over the limit of ${format(TRAINING_LIMITS.batchSteps)}: ${TRAINING_LIMIT_REASONS.batchSteps}`
    : `about ${format(work)} multiply-adds per update, over the limit of ${format(TRAINING_LIMITS.batchWork)}: ${TRAINING_LIMIT_REASONS.batchWork}`;
  reporter.report(given === undefined ? facts.dataPath : path, {
    message: `${what} takes ${over}. Use a training.batchSize of at most ${fits}.`,
    code: 'limit',
    at: given === undefined ? 'key' : 'value',
    fixes: [setPropertyFix(reporter.document, `Set training.batchSize to ${suggestion}`, path, suggestion)],
  });
}
