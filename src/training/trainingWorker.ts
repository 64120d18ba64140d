// A training run in its own worker thread. The host ends it by terminating the thread, so cancelling
// never waits for an epoch to finish; every progress event carries the weights so far, so nothing
// trained before the cancel is lost.
import { parentPort, workerData } from 'node:worker_threads';
import { createTrainer } from '../engine';
import { parseSpec } from '../spec';
import type { TrainingEvent, TrainingJob } from './trainingProtocol';

/** Report at most this often: enough for a smooth curve, few enough to keep the host idle. */
const REPORT_EVERY_MS = 50;

function post(event: TrainingEvent): void {
  parentPort?.postMessage(event);
}

async function main(job: TrainingJob): Promise<void> {
  const parsed = parseSpec(job.text, { baseDir: job.baseDir, fileName: job.fileName });
  const error = parsed.problems.find((p) => p.severity === 'error');
  if (!parsed.spec || error) {
    post({ type: 'invalid', message: error?.message ?? 'The spec could not be read.', line: error?.line ?? 1, column: error?.column ?? 1 });
    return;
  }
  const epochs = job.epochs ?? parsed.spec.training?.epochs;
  const trainer = createTrainer(parsed.spec, epochs === undefined ? {} : { epochs });
  let lastReport = 0;
  for (;;) {
    const progress = trainer.step(1);
    const finished = progress.status !== 'running' || progress.epoch >= progress.epochs;
    const now = performance.now();
    if (finished || now - lastReport >= REPORT_EVERY_MS) {
      lastReport = now;
      const snapshot = {
        epoch: progress.epoch,
        epochs: progress.epochs,
        loss: trainer.history.loss,
        gradNorm: trainer.history.gradNorm,
        weights: trainer.weights(),
      };
      if (finished) {
        post({ type: 'done', state: progress.status === 'diverged' ? 'diverged' : 'done', ...snapshot });
        return;
      }
      post({ type: 'progress', ...snapshot });
      // Let the thread breathe so a terminate() lands between epochs, not only at the end.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

void main(workerData as TrainingJob);
