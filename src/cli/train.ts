// `unroll train SPEC`: train with the spec's training section and show the loss curve.
import { createTrainer, TRAINING_DEFAULTS } from '../engine/index';
import type { TrainProgress } from '../engine/types';
import type { ParsedSpec } from '../spec/types';
import { summarize } from './check';
import { formatNumber, fractionBar, logBar, logRange, renderTable } from './format';
import { EXIT_OK, EXIT_USAGE, type Io } from './io';
import { toJson } from './json';
import { formatProblem, loadSpec } from './load';

export interface TrainOptions {
  json: boolean;
  quiet: boolean;
  epochs?: number;
}

/** rows of the loss-curve table */
const CURVE_ROWS = 20;
const BAR_WIDTH = 30;

export function trainCommand(io: Io, file: string, options: TrainOptions): number {
  const loaded = loadSpec(file);
  for (const problem of loaded.problems) if (problem.severity !== 'info') io.err(formatProblem(file, problem) + '\n');
  if (!loaded.ok) return EXIT_USAGE;
  const spec = loaded.spec;
  const epochs = options.epochs ?? spec.training?.epochs ?? TRAINING_DEFAULTS.epochs;
  const trainer = createTrainer(spec, { epochs });
  const progress = options.quiet ? undefined : progressReporter(io, epochs, options.json);

  // Steps in chunks so the progress display updates about a hundred times, whatever the epoch count.
  const chunk = Math.max(1, Math.floor(epochs / 100));
  let last: TrainProgress | undefined;
  while (!last || last.status === 'running') {
    const before = last?.epoch ?? 0;
    last = trainer.step(Math.min(chunk, epochs - before));
    progress?.update(last.epoch, last.loss, last.gradNorm);
    if (last.epoch <= before && last.status === 'running') break; // no progress: never spin
  }
  progress?.finish();

  const { loss, gradNorm } = trainer.history;
  if (options.json) {
    const diverged = last.status === 'diverged' ? { diverged: true, firstNonFinite: last.firstNonFinite } : {};
    io.out(toJson({ epochs: loss.length, loss, gradNorm, weights: trainer.weights(), ...diverged }) + '\n');
  } else {
    io.out(curveReport(file, spec, loss, gradNorm, last));
  }
  return EXIT_OK;
}

function progressReporter(io: Io, total: number, json: boolean) {
  if (io.errIsTTY) {
    // a bar redrawn in place on stderr; cleared at the end so only the result stays on screen
    return {
      update(epoch: number, loss: number, gradNorm: number) {
        const bar = fractionBar(epoch / total, 30);
        io.err(`\r${bar} ${epoch}/${total}  loss ${formatNumber(loss)}  ‖g‖ ${formatNumber(gradNorm)}\x1b[K`);
      },
      finish() {
        io.err('\r\x1b[K');
      },
    };
  }
  // Not a terminal (a log, CI): a plain line every 10% and at the end; none with --json, whose reader wants only the result.
  const every = Math.max(1, Math.ceil(total / 10));
  let printed = 0;
  let latest: [number, number, number] | undefined;
  const line = ([epoch, loss, gradNorm]: [number, number, number]) => {
    io.err(`epoch ${epoch}/${total}  loss ${formatNumber(loss, 6)}  ‖g‖ ${formatNumber(gradNorm)}\n`);
    printed = epoch;
  };
  return {
    update(epoch: number, loss: number, gradNorm: number) {
      latest = [epoch, loss, gradNorm];
      if (!json && epoch >= printed + every) line(latest);
    },
    finish() {
      if (!json && latest && latest[0] !== printed) line(latest);
    },
  };
}

function curveReport(file: string, spec: ParsedSpec, loss: number[], gradNorm: number[], progress: TrainProgress): string {
  const t = spec.training ?? {};
  const setup = [
    `${t.optimizer ?? TRAINING_DEFAULTS.optimizer}`,
    `lr ${t.learningRate ?? TRAINING_DEFAULTS.learningRate}`,
    t.clipNorm !== undefined ? `clip norm ${t.clipNorm}` : undefined,
    t.clipValue !== undefined ? `clip value ${t.clipValue}` : undefined,
    t.truncation !== undefined ? `BPTT(${t.truncation})` : 'full BPTT',
  ].filter(Boolean);
  const lines = [`${file}: ${summarize(spec)}`, `training: ${setup.join(', ')}, ${loss.length} epochs`, ''];
  if (loss.length === 0) return lines.join('\n') + 'no epochs run\n';

  const range = logRange(loss);
  const rows = sampleEpochs(loss.length, CURVE_ROWS).map((e) => [
    `${e + 1}`,
    formatNumber(loss[e], 6),
    formatNumber(gradNorm[e]),
    logBar(loss[e], range, BAR_WIDTH),
  ]);
  const axis = range ? `loss, log scale 1e${range.low} … 1e${range.high}` : 'loss';
  lines.push(renderTable(['epoch', 'loss', '‖g‖', axis], rows).trimEnd(), '');
  const first = loss[0];
  const last = loss[loss.length - 1];
  lines.push(`loss: ${formatNumber(first, 6)} → ${formatNumber(last, 6)}` + (Number.isFinite(first / last) && last !== 0 ? ` (÷${formatNumber(first / last, 3)})` : ''));
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
