// Training as a job: minibatches in time slices (a slice ends after the first minibatch past its budget), a report
// after each slice, and between slices a pause in which a cancel can arrive, so a Stop waits one minibatch at most.
// A cancelled run answers with the weights it reached, which the user may still save, and with the snapshots kept
// so far, which the preview can replay.
import { createTrainer, TRAINING_DEFAULTS, type Trainer } from '../engine/train';
import { modelSignature } from '../engine/modelSignature';
import { SNAPSHOT_DEFAULTS } from '../engine/snapshots';
import type { Divergence } from '../protocol';
import type { ParsedSpec } from '../spec/types';
import { JobCancelled, type JobContext } from '../worker/serve';
import { isInvalid, runnableSpec } from './specInput';
import type { TrainInput, TrainOutcome, TrainReport } from './types';

export async function trainJob(input: TrainInput, context: JobContext<TrainReport>): Promise<TrainOutcome> {
  const spec = runnableSpec(input.spec);
  if (isInvalid(spec)) return spec;
  // Asked for, else the spec's own, else the setting's default: the file is the source of truth.
  const epochs = input.epochs ?? spec.training?.epochs ?? input.defaultEpochs;
  const trainer = createTrainer(spec, { ...(epochs === undefined ? {} : { epochs }), ...(input.snapshots ? { snapshots: SNAPSHOT_DEFAULTS } : {}) });
  const sliceMs = input.progressEveryMs ?? 100;
  const signature = modelSignature(spec.model);
  const outcome = (): TrainOutcome => ({
    type: 'trained',
    progress: trainer.progress,
    history: trainer.history,
    weights: trainer.weights(),
    model: signature,
    snapshots: trainer.snapshots(),
    ...(trainer.progress.status === 'diverged' ? { divergence: divergenceOf(spec, trainer) } : {}),
  });
  let progress = trainer.progress;
  let reported = 0;
  while (progress.status === 'running') {
    const started = Date.now();
    do progress = trainer.stepBatches(1);
    while (progress.status === 'running' && Date.now() - started < sliceMs);
    const { loss, gradNorm, validationLoss } = trainer.history;
    context.progress({ progress, from: reported, loss: loss.slice(reported), gradNorm: gradNorm.slice(reported), validationLoss: validationLoss.slice(reported) });
    reported = loss.length;
    await context.pause();
    if (context.cancelled) throw new JobCancelled(outcome());
  }
  return outcome();
}

/** Where a diverged run broke (the epoch and minibatch whose loss or gradient was not finite), and its settings. */
function divergenceOf(spec: ParsedSpec, trainer: Trainer): Divergence {
  const { progress } = trainer;
  return {
    epoch: progress.epoch + 1,
    batch: progress.batch + 1,
    quantity: progress.firstNonFinite?.quantity ?? 'loss',
    learningRate: spec.training?.learningRate ?? TRAINING_DEFAULTS.learningRate,
    ...(spec.training?.clipNorm !== undefined ? { clipNorm: spec.training.clipNorm } : {}),
  };
}
