// Training with progress on stderr, shared by `unroll train` and `unroll sample --train`: a bar redrawn in place on a
// terminal, a plain line every 10% of the epochs otherwise (none with --json, whose reader wants only the result).
import { createTrainer, type Trainer } from '../engine/index';
import type { EngineSpec, TrainProgress } from '../engine/types';
import { formatNumber, fractionBar } from './format';
import type { Io } from './io';

/** How often the display is redrawn: the trainer is stepped one minibatch at a time until this much time passed. */
const REDRAW_MS = 100;

export interface TrainingRun {
  trainer: Trainer;
  last: TrainProgress;
}

export function trainWithProgress(io: Io, spec: EngineSpec, epochs: number, display: { quiet: boolean; json: boolean }): TrainingRun {
  const trainer = createTrainer(spec, { epochs });
  const progress = display.quiet ? undefined : progressReporter(io, epochs, display.json);
  let last = trainer.progress;
  while (last.status === 'running') {
    const started = Date.now();
    do last = trainer.stepBatches(1);
    while (last.status === 'running' && Date.now() - started < REDRAW_MS);
    progress?.update(last);
  }
  progress?.finish();
  return { trainer, last };
}

function describe(p: TrainProgress): string {
  const batch = p.batches > 1 && p.status === 'running' ? `  batch ${p.batch}/${p.batches}` : '';
  const validation = Number.isNaN(p.validationLoss) ? '' : `  validation ${formatNumber(p.validationLoss, 6)}`;
  // Before the first epoch ends there is no epoch loss yet: the last minibatch's says how it goes.
  const loss = p.epoch === 0 && p.status === 'running' ? `minibatch loss ${formatNumber(p.batchLoss, 6)}` : `loss ${formatNumber(p.loss, 6)}${validation}  ‖g‖ ${formatNumber(p.gradNorm)}`;
  return `epoch ${p.epoch}/${p.epochs}${batch}  ${loss}`;
}

function progressReporter(io: Io, total: number, json: boolean) {
  if (io.errIsTTY) {
    // cleared at the end, so only the result stays on screen
    return {
      update(p: TrainProgress) {
        io.err(`\r${fractionBar((p.epoch + p.batch / p.batches) / total, 30)} ${describe(p)}\x1b[K`);
      },
      finish() {
        io.err('\r\x1b[K');
      },
    };
  }
  const every = Math.max(1, Math.ceil(total / 10));
  let printed = 0;
  let latest: TrainProgress | undefined;
  const line = (p: TrainProgress) => {
    io.err(describe(p) + '\n');
    printed = p.epoch;
  };
  return {
    update(p: TrainProgress) {
      latest = p;
      if (!json && p.epoch >= printed + every) line(p);
    },
    finish() {
      if (!json && latest && latest.epoch !== printed) line(latest);
    },
  };
}
