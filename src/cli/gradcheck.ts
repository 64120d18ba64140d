// `unroll gradcheck SPEC`: BPTT's gradients against central finite differences, per parameter.
import { coverageSentences, formatBudget } from '../analysis/gradientCheckReport';
import { gradientCheck } from '../engine/index';
import type { GradientCheckEntry, GradientCheckResult } from '../engine/types';
import { summarize } from './check';
import { formatNumber, renderTable } from './format';
import { EXIT_OK, EXIT_USAGE, type Io } from './io';
import { toJson } from './json';
import { loadSpecReporting } from './load';

export interface GradcheckOptions {
  json: boolean;
  all?: boolean;
  epsilon?: number;
  tolerance?: number;
  /** multiply-adds; Infinity for no limit */
  budget?: number;
}

export function gradcheckCommand(io: Io, file: string, options: GradcheckOptions): number {
  const spec = loadSpecReporting(io, file);
  if (!spec) return EXIT_USAGE;
  const result = gradientCheck(spec, {
    ...(options.epsilon !== undefined ? { epsilon: options.epsilon } : {}),
    ...(options.tolerance !== undefined ? { relativeTolerance: options.tolerance } : {}),
    ...(options.budget !== undefined ? { budget: options.budget } : {}),
  });
  if (options.json) {
    io.out(toJson(result) + '\n');
    return EXIT_OK;
  }
  const lines = [`${file}: ${summarize(spec)}`, `loss: ${formatNumber(result.loss, 6)}`, ''];
  lines.push((options.all ? entryTable(result.entries) : parameterTable(result.entries)).trimEnd(), '');
  lines.push(
    `${result.ok ? 'ok' : 'FAIL'}: largest relative error ${formatNumber(result.maxRelativeError, 3)} (${result.checked} of ${result.total} elements checked)`,
    coverageSentences(result, (budget) => `pass --budget ${formatBudget(budget)} (or --budget none)`),
    'relative error = |BPTT − finite difference| / max(|BPTT|, |finite difference|, absolute tolerance / relative tolerance)',
  );
  const model = spec.model;
  if (!result.ok && model.cell === 'rnn' && model.nonlinearity === 'relu') {
    lines.push('note: relu has a kink at 0; a pre-activation within ε of 0 makes the finite difference one-sided, not BPTT wrong');
  }
  io.out(lines.join('\n') + '\n');
  return EXIT_OK;
}

/** One row per parameter: its worst element. */
function parameterTable(entries: GradientCheckEntry[]): string {
  const byName = new Map<string, GradientCheckEntry[]>();
  for (const e of entries) byName.set(e.name, [...(byName.get(e.name) ?? []), e]);
  const rows = [...byName].map(([name, list]) => {
    const worst = list.reduce((a, b) => (worstOf(b, a) ? b : a));
    const ok = list.every((e) => e.ok);
    return [name, `${list.length}`, `[${worst.index.join(', ')}]`, formatNumber(worst.analytic, 6), formatNumber(worst.numeric, 6), formatNumber(worst.relativeError, 2), ok ? 'ok' : 'FAIL'];
  });
  return renderTable(['parameter', 'checked', 'worst at', 'BPTT', 'finite diff.', 'rel. error', ''], rows, ['left', 'right', 'left', 'right', 'right', 'right', 'left']);
}

/** `--all`: every checked element. */
function entryTable(entries: GradientCheckEntry[]): string {
  const rows = entries.map((e) => [e.name, `[${e.index.join(', ')}]`, formatNumber(e.analytic, 6), formatNumber(e.numeric, 6), formatNumber(e.relativeError, 2), e.ok ? 'ok' : 'FAIL']);
  return renderTable(['parameter', 'index', 'BPTT', 'finite diff.', 'rel. error', ''], rows, ['left', 'left', 'right', 'right', 'right', 'left']);
}

/** NaN counts as worse than any number. */
function worstOf(a: GradientCheckEntry, b: GradientCheckEntry): boolean {
  if (Number.isNaN(a.relativeError)) return !Number.isNaN(b.relativeError);
  return a.relativeError > b.relativeError;
}

export type { GradientCheckResult };
