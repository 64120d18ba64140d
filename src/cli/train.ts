// `unroll train SPEC`: train with the spec's training section and show the loss curve (and the validation loss).
import { TRAINING_DEFAULTS } from '../engine/index';
import type { TrainHistory, TrainProgress } from '../engine/types';
import type { ParsedSpec } from '../spec/types';
import { summarize } from './check';
import { formatNumber, logBar, logRange, renderTable } from './format';
import { EXIT_OK, EXIT_USAGE, type Io } from './io';
import { toJson } from './json';
import { loadSpecReporting } from './load';
import { trainWithProgress } from './progress';

export interface TrainOptions {
  json: boolean;
  quiet: boolean;
  epochs?: number;
}

/** rows of the loss-curve table */
const CURVE_ROWS = 20;
const BAR_WIDTH = 30;

export function trainCommand(io: Io, file: string, options: TrainOptions): number {
  const spec = loadSpecReporting(io, file);
  if (!spec) return EXIT_USAGE;
  const epochs = options.epochs ?? spec.training?.epochs ?? TRAINING_DEFAULTS.epochs;
  const { trainer, last } = trainWithProgress(io, spec, epochs, options);

  const { loss, gradNorm, validationLoss } = trainer.history;
  if (options.json) {
    const diverged = last.status === 'diverged' ? { diverged: true, firstNonFinite: last.firstNonFinite } : {};
    const validation = validationLoss.length > 0 ? { validationLoss } : {};
    io.out(toJson({ epochs: loss.length, loss, gradNorm, ...validation, updates: last.updates, weights: trainer.weights(), ...diverged }) + '\n');
  } else {
    io.out(curveReport(file, spec, trainer.history, last));
  }
  return EXIT_OK;
}

function curveReport(file: string, spec: ParsedSpec, history: TrainHistory, progress: TrainProgress): string {
  const { loss, gradNorm, validationLoss } = history;
  const t = spec.training ?? {};
  const training = progress.batches > 1 ? `${progress.batches} minibatches of ≤ ${t.batchSize} sequences per epoch${t.shuffle === false ? '' : ', shuffled'}` : 'full batch';
  const setup = [
    `${t.optimizer ?? TRAINING_DEFAULTS.optimizer}`,
    `lr ${t.learningRate ?? TRAINING_DEFAULTS.learningRate}`,
    t.clipNorm !== undefined ? `clip norm ${t.clipNorm}` : undefined,
    t.clipValue !== undefined ? `clip value ${t.clipValue}` : undefined,
    t.truncation !== undefined ? `BPTT(${t.truncation})` : 'full BPTT',
  ].filter(Boolean);
  const lines = [`${file}: ${summarize(spec)}`, `training: ${setup.join(', ')}, ${training}, ${loss.length} epochs`, ''];
  if (loss.length === 0) return lines.join('\n') + 'no epochs run\n';

  const range = logRange(loss);
  const validation = validationLoss.length > 0;
  const rows = sampleEpochs(loss.length, CURVE_ROWS).map((e) => [
    `${e + 1}`,
    formatNumber(loss[e], 6),
    ...(validation ? [validationLoss[e] === undefined ? '' : formatNumber(validationLoss[e], 6)] : []),
    formatNumber(gradNorm[e]),
    logBar(loss[e], range, BAR_WIDTH),
  ]);
  const axis = range ? `loss, log scale 1e${range.low} … 1e${range.high}` : 'loss';
  lines.push(renderTable(['epoch', 'loss', ...(validation ? ['validation'] : []), '‖g‖', axis], rows).trimEnd(), '');
  const first = loss[0];
  const last = loss[loss.length - 1];
  lines.push(`loss: ${formatNumber(first, 6)} → ${formatNumber(last, 6)}` + (Number.isFinite(first / last) && last !== 0 ? ` (÷${formatNumber(first / last, 3)})` : ''));
  if (validation) {
    const best = validationLoss.reduce((b, v, e) => (v < validationLoss[b] ? e : b), 0);
    lines.push(`validation loss: ${formatNumber(validationLoss[0], 6)} → ${formatNumber(validationLoss.at(-1)!, 6)}, lowest ${formatNumber(validationLoss[best], 6)} after epoch ${best + 1}`);
  }
  if (progress.status === 'diverged') {
    const at = progress.firstNonFinite;
    const where = at ? ` — first at sequence ${at.sequence + 1}, step ${at.step + 1}, layer ${at.layer + 1}: ${at.quantity} (${at.phase} pass)` : '';
    lines.push(`diverged after ${progress.epoch} of ${progress.epochs} epochs: values stopped being finite${where}`);
    lines.push('(try a smaller learning rate, clipNorm or clipValue)');
  }
  return lines.join('\n') + '\n';
}

/** Up to `count` epoch indices, evenly spread, always including the first and the last. */
export function sampleEpochs(total: number, count: number): number[] {
  if (total <= count) return Array.from({ length: total }, (_, i) => i);
  const picked = new Set<number>();
  for (let k = 0; k < count; k++) picked.add(Math.round((k * (total - 1)) / (count - 1)));
  return [...picked].sort((a, b) => a - b);
}
