// Training, driven a few epochs at a time by the caller (a worker, the CLI, a test) so it can report progress,
// pause and cancel between calls. Deterministic: full batch, no shuffling, weights from the seeded initialiser.
// One epoch = one optimiser step on the gradient of the whole data set (the mean loss over every sequence).
import { backwardAll } from './backward';
import { clipGradNorm, clipGradValue } from './clip';
import { forwardAll } from './forward';
import { norm2 } from './linalg';
import { firstNonFinite } from './result';
import { createAdam, createSgd, type Optimizer } from './optimizers';
import { toWeightValues } from './params';
import type { EngineSpec, TrainHistory, TrainOptions, TrainProgress, TrainResult, WeightValue } from './types';
import { createWorkspace, type Workspace } from './workspace';

/** The schema's defaults (schema/rnn.schema.json, "training"). */
export const TRAINING_DEFAULTS: Required<Omit<TrainOptions, 'clipNorm' | 'clipValue' | 'seed' | 'truncation'>> = {
  precision: 'float64',
  optimizer: 'sgd',
  learningRate: 0.01,
  momentum: 0,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  epochs: 100,
};

export interface Trainer {
  /** Run up to `epochs` more epochs (never past the total); stops early, without updating, if the loss or gradient is not finite. */
  step(epochs?: number): TrainProgress;
  readonly epoch: number;
  readonly progress: TrainProgress;
  readonly history: TrainHistory;
  /** the current weights in the spec's layout */
  weights(): Record<string, WeightValue>;
  /** the loss at the current weights (forward only) */
  evaluate(): number;
}

export function createTrainer(spec: EngineSpec, options: TrainOptions = {}): Trainer {
  const settings = { ...TRAINING_DEFAULTS, ...definedOnly(spec.training ?? {}), ...definedOnly(options) };
  const ws = createWorkspace(spec, undefined, { precision: settings.precision });
  const optimizer = createOptimizer(ws, settings);
  const history: TrainHistory = { loss: [], gradNorm: [] };
  const progress: TrainProgress = { epoch: 0, epochs: settings.epochs, loss: NaN, gradNorm: NaN, status: settings.epochs > 0 ? 'running' : 'done', firstNonFinite: null };

  function epoch(): void {
    const loss = forwardAll(ws);
    backwardAll(ws, settings.truncation);
    const gradNorm = norm2(ws.grads);
    history.loss.push(loss);
    history.gradNorm.push(gradNorm);
    progress.loss = loss;
    progress.gradNorm = gradNorm;
    if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) {
      // A diverged run is a result to show, not an error: keep the last finite weights and say where it broke.
      progress.status = 'diverged';
      progress.firstNonFinite = firstNonFinite(ws, loss);
      return;
    }
    // With both clips set, values are clamped first and the global norm is taken of what remains.
    if (settings.clipValue !== undefined) clipGradValue(ws.grads, settings.clipValue);
    if (settings.clipNorm !== undefined) clipGradNorm(ws.grads, settings.clipNorm);
    optimizer.step(ws.params, ws.grads);
    progress.epoch++;
    if (progress.epoch >= progress.epochs) progress.status = 'done';
  }

  return {
    step(epochs = 1) {
      for (let k = 0; k < epochs && progress.status === 'running'; k++) epoch();
      return { ...progress };
    },
    get epoch() {
      return progress.epoch;
    },
    get progress() {
      return { ...progress };
    },
    history,
    weights: () => toWeightValues(ws.layout, ws.params),
    evaluate: () => forwardAll(ws),
  };
}

/** Train to the end in one call. */
export function train(spec: EngineSpec, options: TrainOptions = {}): TrainResult {
  const trainer = createTrainer(spec, options);
  const progress = trainer.step(Infinity);
  return { progress, history: trainer.history, weights: trainer.weights() };
}

function createOptimizer(ws: Workspace, settings: Required<Pick<TrainOptions, 'optimizer' | 'learningRate' | 'momentum' | 'beta1' | 'beta2' | 'epsilon'>>): Optimizer {
  return settings.optimizer === 'adam' ? createAdam(ws.params.length, settings) : createSgd(ws.params.length, settings);
}

/** `{lr: undefined}` must not override a default. */
function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
