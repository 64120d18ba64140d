// Training, driven a few minibatches or epochs at a time by the caller (a worker, the CLI, a test) so it can report
// progress, pause and cancel between calls; the finest step is one minibatch. Deterministic: weights from the
// seeded initialiser, the order of the sequences from a seeded shuffle (or the data's own order).
// One epoch = one pass over the training sequences in consecutive minibatches, the last possibly smaller; each
// update follows its own minibatch's mean loss. With shuffle off this is a PyTorch loop over a
// DataLoader(shuffle=False): zero_grad, loss.backward(), clip, optimizer.step() per minibatch. The default
// minibatch is every training sequence: one update per epoch on the gradient of the whole training set.
import { backwardAll } from './backward';
import { clipGradNorm, clipGradValue } from './clip';
import { forwardAll } from './forward';
import { initialParameters } from './init';
import { norm2 } from './linalg';
import { createMinibatchLoader } from './minibatch';
import { createAdam, createSgd, type Optimizer } from './optimizers';
import { dimsOf, toWeightValues } from './params';
import { createNamedRandom, type Random } from './random';
import { firstNonFinite } from './result';
import { sequenceSource } from './sequenceSource';
import { createSnapshotKeeper, type WeightSnapshot } from './snapshots';
import type { EngineSpec, NonFiniteAt, TrainHistory, TrainOptions, TrainProgress, TrainResult, WeightValue } from './types';

/** The schema's defaults (schema/rnn.schema.json, "training"); batchSize's is "every training sequence". */
export const TRAINING_DEFAULTS: Required<Omit<TrainOptions, 'clipNorm' | 'clipValue' | 'seed' | 'truncation' | 'batchSize' | 'snapshots'>> = {
  precision: 'float64',
  optimizer: 'sgd',
  learningRate: 0.01,
  momentum: 0,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  epochs: 100,
  shuffle: true,
};

export interface Trainer {
  /** Run until `epochs` more epochs have ended (one under way counts as the first), never past the total; stops
   *  early, without updating, if a minibatch's loss or gradient is not finite. */
  step(epochs?: number): TrainProgress;
  /** Run up to `batches` more minibatch updates, across epoch ends: the finest step, so a caller can stop between any two. */
  stepBatches(batches?: number): TrainProgress;
  readonly epoch: number;
  readonly progress: TrainProgress;
  readonly history: TrainHistory;
  /** the current weights in the spec's layout */
  weights(): Record<string, WeightValue>;
  /** the mean loss over every training target at the current weights (forward only) */
  evaluate(): number;
  /** the same over the validation sequences; NaN without any */
  evaluateValidation(): number;
  /** the kept weight snapshots (options.snapshots), oldest first; empty unless asked for */
  snapshots(): WeightSnapshot[];
}

export function createTrainer(spec: EngineSpec, options: TrainOptions = {}): Trainer {
  const settings = { ...TRAINING_DEFAULTS, ...definedOnly(spec.training ?? {}), ...definedOnly(options) };
  const dims = dimsOf(spec.model);
  const source = sequenceSource(spec, dims);
  const validationCount = Math.min(source.count, Math.max(0, Math.floor(spec.data.validation ?? 0)));
  const trainCount = source.count - validationCount;
  const batchSize = Math.max(1, Math.min(Math.floor(settings.batchSize ?? trainCount), trainCount));
  const batches = Math.max(1, Math.ceil(trainCount / batchSize));
  const params = initialParameters(spec.model, dims);
  const { ws, load } = createMinibatchLoader(spec, source, batchSize, params, settings.precision);
  const optimizer = createOptimizer(params.length, settings);
  // The training sequences' order in the epoch under way; the validation ones stay last, in their order.
  const order = Int32Array.from({ length: source.count }, (_, k) => k);
  // With a single minibatch the order changes nothing but the rounding of the sums: none is drawn.
  const shuffle = settings.shuffle && batches > 1 ? createNamedRandom(settings.seed ?? 0, 'shuffle') : null;
  const keeper = options.snapshots ? createSnapshotKeeper(params.length, options.snapshots) : null;
  keeper?.offer(0, params);

  const history: TrainHistory = { loss: [], gradNorm: [], validationLoss: [] };
  const progress: TrainProgress = {
    epoch: 0, epochs: settings.epochs, batch: 0, batches, updates: 0,
    loss: NaN, gradNorm: NaN, batchLoss: NaN, validationLoss: NaN,
    status: settings.epochs > 0 ? 'running' : 'done', firstNonFinite: null,
  };
  // sums over the epoch's minibatches so far
  let epochLoss = 0;
  let epochGradNorm = 0;

  function update(): void {
    if (progress.batch === 0 && shuffle) shuffleInPlace(order, trainCount, shuffle);
    const from = progress.batch * batchSize;
    load(order, from, Math.min(batchSize, trainCount - from));
    const loss = forwardAll(ws);
    backwardAll(ws, settings.truncation);
    const gradNorm = norm2(ws.grads);
    epochLoss += loss;
    epochGradNorm += gradNorm;
    progress.batchLoss = loss;
    if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) {
      // A diverged run is a result to show, not an error: keep the last finite weights and say where it broke.
      progress.status = 'diverged';
      progress.firstNonFinite = inData(firstNonFinite(ws, loss), order, from);
      recordEpoch(progress.batch + 1);
      return;
    }
    // With both clips set, values are clamped first and the global norm is taken of what remains.
    if (settings.clipValue !== undefined) clipGradValue(ws.grads, settings.clipValue);
    if (settings.clipNorm !== undefined) clipGradNorm(ws.grads, settings.clipNorm);
    optimizer.step(params, ws.grads);
    progress.updates++;
    progress.batch++;
    if (progress.batch === batches) endEpoch();
  }

  function endEpoch(): void {
    recordEpoch(batches);
    progress.batch = 0;
    progress.epoch++;
    if (validationCount > 0) {
      progress.validationLoss = meanLoss(trainCount, source.count);
      history.validationLoss.push(progress.validationLoss);
    }
    keeper?.offer(progress.epoch, params);
    if (progress.epoch >= progress.epochs) progress.status = 'done';
  }

  function recordEpoch(minibatches: number): void {
    progress.loss = epochLoss / minibatches;
    progress.gradNorm = epochGradNorm / minibatches;
    history.loss.push(progress.loss);
    history.gradNorm.push(progress.gradNorm);
    epochLoss = 0;
    epochGradNorm = 0;
  }

  /** Mean loss over every target of the sequences [lo, hi), forward only, a minibatch's worth at a time. */
  function meanLoss(lo: number, hi: number): number {
    if (hi <= lo) return NaN;
    let total = 0;
    let terms = 0;
    for (let from = lo; from < hi; from += batchSize) {
      const n = load(null, from, Math.min(batchSize, hi - from));
      total += n === 0 ? 0 : forwardAll(ws) * n;
      terms += n;
    }
    return terms === 0 ? 0 : total / terms;
  }

  return {
    step(epochs = 1) {
      const until = progress.epoch + epochs;
      while (progress.status === 'running' && progress.epoch < until) update();
      return { ...progress };
    },
    stepBatches(count = 1) {
      for (let k = 0; k < count && progress.status === 'running'; k++) update();
      return { ...progress };
    },
    get epoch() {
      return progress.epoch;
    },
    get progress() {
      return { ...progress };
    },
    history,
    weights: () => toWeightValues(ws.layout, params),
    evaluate: () => meanLoss(0, trainCount),
    evaluateValidation: () => meanLoss(trainCount, source.count),
    snapshots: () => keeper?.list() ?? [],
  };
}

/** Train to the end in one call. */
export function train(spec: EngineSpec, options: TrainOptions = {}): TrainResult {
  const trainer = createTrainer(spec, options);
  const progress = trainer.step(Infinity);
  return { progress, history: trainer.history, weights: trainer.weights() };
}

// Fisher–Yates over the first n entries: every order equally likely, from the seeded stream.
function shuffleInPlace(order: Int32Array, n: number, random: Random): void {
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
}

/** A minibatch's sequence number → the data's. */
function inData(at: NonFiniteAt | null, order: Int32Array, from: number): NonFiniteAt | null {
  return at && at.sequence >= 0 ? { ...at, sequence: order[from + at.sequence] } : at;
}

function createOptimizer(size: number, settings: Required<Pick<TrainOptions, 'optimizer' | 'learningRate' | 'momentum' | 'beta1' | 'beta2' | 'epsilon'>>): Optimizer {
  return settings.optimizer === 'adam' ? createAdam(size, settings) : createSgd(size, settings);
}

/** `{lr: undefined}` must not override a default. */
function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
