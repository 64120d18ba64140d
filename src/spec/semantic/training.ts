// training and view: defaults filled in, settings that the chosen optimiser ignores, and a view that points past the data.
import type { LossSpec, ModelSpec, TrainingSpec } from '../../engine/types';
import { removePropertyFix, replaceFix } from '../fixes';
import type { Reporter } from '../report';
import type { ViewSpec } from '../types';
import { plural } from './targets';

export const TRAINING_DEFAULTS = { optimizer: 'sgd', learningRate: 0.01, epochs: 100, seed: 0, momentum: 0, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

const SGD_ONLY = ['momentum'] as const;
const ADAM_ONLY = ['beta1', 'beta2', 'epsilon'] as const;

export function checkTraining(reporter: Reporter, raw: TrainingSpec | undefined, longestSequence: number): TrainingSpec {
  const given = raw ?? {};
  const optimizer = given.optimizer ?? TRAINING_DEFAULTS.optimizer;
  const unused = optimizer === 'sgd' ? ADAM_ONLY : SGD_ONLY;
  for (const key of unused) {
    if (given[key] === undefined) continue;
    reporter.report(['training', key], {
      message: `${key} is only used by ${optimizer === 'sgd' ? 'adam' : 'sgd'}; with optimizer "${optimizer}" it is ignored.`,
      code: 'unused',
      severity: 'warning',
      at: 'key',
      fixes: () => [removePropertyFix(reporter.document, `Remove "${key}"`, ['training', key])],
    });
  }
  if (given.truncation !== undefined && longestSequence > 0 && given.truncation >= longestSequence) {
    reporter.report(['training', 'truncation'], {
      message: `truncation is ${given.truncation}, but the longest sequence has ${plural(longestSequence, 'step')}, so nothing is truncated: this is full BPTT.`,
      code: 'unused',
      severity: 'info',
    });
  }
  const training: TrainingSpec = {
    optimizer,
    learningRate: given.learningRate ?? TRAINING_DEFAULTS.learningRate,
    epochs: given.epochs ?? TRAINING_DEFAULTS.epochs,
    seed: given.seed ?? TRAINING_DEFAULTS.seed,
  };
  if (optimizer === 'sgd') training.momentum = given.momentum ?? TRAINING_DEFAULTS.momentum;
  else {
    training.beta1 = given.beta1 ?? TRAINING_DEFAULTS.beta1;
    training.beta2 = given.beta2 ?? TRAINING_DEFAULTS.beta2;
    training.epsilon = given.epsilon ?? TRAINING_DEFAULTS.epsilon;
  }
  if (given.clipNorm !== undefined) training.clipNorm = given.clipNorm;
  if (given.clipValue !== undefined) training.clipValue = given.clipValue;
  if (given.truncation !== undefined) training.truncation = given.truncation;
  // absent: every training sequence per update, shuffled (the engine's defaults)
  if (given.batchSize !== undefined) training.batchSize = given.batchSize;
  if (given.shuffle !== undefined) training.shuffle = given.shuffle;
  if (given.precision !== undefined) training.precision = given.precision;
  return training;
}

export function checkView(reporter: Reporter, raw: ViewSpec | undefined, sequenceCount: number): ViewSpec | undefined {
  if (!raw) return undefined;
  if (raw.sequence !== undefined && sequenceCount > 0 && raw.sequence >= sequenceCount) {
    reporter.report(['view', 'sequence'], {
      // An index like data.sequences[i], so it counts from 0; the message says so (the preview counts from 1).
      message: `view.sequence is ${raw.sequence}, but there ${sequenceCount === 1 ? 'is only 1 sequence, at index 0' : `are ${sequenceCount} sequences, at indices 0 to ${sequenceCount - 1}`} (view.sequence counts from 0, like data.sequences[i]; the preview numbers them 1 to ${sequenceCount}).`,
      code: 'range',
      fixes: () => [replaceFix('Show sequence 0', reporter.document.valueRange(['view', 'sequence']), '0')],
    });
  }
  return { ...raw };
}

/** Settings that make sense separately but not together with this loss. */
export function checkLossAgainstModel(reporter: Reporter, loss: LossSpec, model: ModelSpec): void {
  if (loss.type !== 'cross-entropy') return;
  if (model.outputActivation === 'sigmoid') {
    reporter.report(['model', 'outputActivation'], {
      message: 'cross-entropy applies a softmax to the outputs itself; a sigmoid before it squashes every output into (0, 1) and slows learning. Use "identity".',
      code: 'loss',
      severity: 'warning',
      fixes: () => [replaceFix('Use "identity"', reporter.document.valueRange(['model', 'outputActivation']), '"identity"')],
    });
  }
  if (model.outputSize < 2) {
    reporter.report(['model', 'outputSize'], {
      message: 'cross-entropy needs one output per class, so at least 2; with outputSize 1 there is a single class and the loss is always 0.',
      code: 'loss',
      fixes: () => [replaceFix('Use 2 classes', reporter.document.valueRange(['model', 'outputSize']), '2')],
    });
  }
}
