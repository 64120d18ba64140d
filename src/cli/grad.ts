// `unroll grad SPEC`: one forward + BPTT pass; the gradient that reaches every step, as JSON or as a table.
import { run } from '../engine/index';
import type { NonFiniteAt, RunResult } from '../engine/types';
import type { ParsedSpec } from '../spec/types';
import { UsageError } from './args';
import { summarize } from './check';
import { formatNumber, logBar, logRange, renderTable } from './format';
import { EXIT_OK, EXIT_USAGE, type Io } from './io';
import { toJson } from './json';
import { loadSpecReporting } from './load';
import { classifySteps, describeSteps, stepsFlagged, type Thresholds, DEFAULT_THRESHOLDS } from './steps';

export interface GradOptions {
  json: boolean;
  vanishing?: number;
  exploding?: number;
  /** 1-based, tables only */
  sequence?: number;
  truncation?: number;
}

const BAR_WIDTH = 40;

export function gradCommand(io: Io, file: string, options: GradOptions): number {
  const spec = loadSpecReporting(io, file);
  if (!spec) return EXIT_USAGE;
  const sequences = spec.data.sequences.length;
  if (options.sequence !== undefined && options.sequence > sequences) {
    throw new UsageError(`--sequence ${options.sequence}: ${file} has ${sequences} sequence${sequences === 1 ? '' : 's'}`, 'grad');
  }
  const thresholds: Thresholds = {
    vanishing: options.vanishing ?? spec.view?.vanishingThreshold ?? DEFAULT_THRESHOLDS.vanishing,
    exploding: options.exploding ?? spec.view?.explodingThreshold ?? DEFAULT_THRESHOLDS.exploding,
  };
  const result = run(spec, options.truncation === undefined ? {} : { truncation: options.truncation });
  const flags = result.stepGradNorm.map((norms) => classifySteps(norms, thresholds));
  if (options.json) {
    io.out(toJson(gradJson(result, flags, thresholds)) + '\n');
  } else {
    io.out(gradReport(file, spec, result, flags, thresholds, options.sequence));
  }
  return EXIT_OK;
}

/** The fixtures' `expected` keys first, in their shapes, then everything else the run knows. */
function gradJson(result: RunResult, flags: ReturnType<typeof classifySteps>[], thresholds: Thresholds) {
  const top = result.layers[result.layers.length - 1];
  return {
    loss: result.loss,
    outputs: result.outputs,
    hidden: result.hidden,
    grads: result.grads,
    dLdh: result.dLdh,
    ...(result.dLdc ? { dLdc: result.dLdc } : {}),
    stepGradNorm: result.stepGradNorm,
    jacobianNorm: top?.jacobianNorm,
    firstNonFinite: result.firstNonFinite,
    thresholds,
    vanishing: flags.map((f) => stepsFlagged(f, 'vanishing')),
    exploding: flags.map((f) => stepsFlagged(f, 'exploding')),
    weights: result.weights,
    ...(result.contributionNorms ? { contributionNorms: result.contributionNorms } : {}),
  };
}

function gradReport(
  file: string,
  spec: ParsedSpec,
  result: RunResult,
  flags: ReturnType<typeof classifySteps>[],
  thresholds: Thresholds,
  only?: number,
): string {
  const out: string[] = [];
  out.push(`${file}: ${summarize(spec)}`);
  out.push(`loss: ${formatNumber(result.loss, 6)}`);
  out.push(
    `vanishing: ‖dL/dh_t‖ < ${formatNumber(thresholds.vanishing)} × the sequence's largest; ` +
      `exploding: > ${formatNumber(thresholds.exploding)} or not finite`,
  );
  out.push(`first non-finite: ${describeNonFinite(result.firstNonFinite)}`);
  const top = result.layers[result.layers.length - 1];
  const count = result.stepGradNorm.length;
  for (let s = 0; s < count; s++) {
    if (only !== undefined && s !== only - 1) continue;
    out.push('');
    out.push(sequenceTable(s, count, result.stepGradNorm[s], top?.jacobianNorm?.[s], flags[s]));
  }
  return out.join('\n') + '\n';
}

function sequenceTable(
  s: number,
  count: number,
  norms: number[],
  jacobian: number[] | undefined,
  flags: ReturnType<typeof classifySteps>,
): string {
  const range = logRange(norms);
  const axis = range ? `log scale, 1e${range.low} … 1e${range.high}` : 'log scale';
  const withJacobian = jacobian !== undefined && jacobian.length === norms.length;
  const header = ['step', '‖dL/dh_t‖', ...(withJacobian ? ['‖∂h_t/∂h_t−1‖'] : []), axis.padEnd(BAR_WIDTH), 'flag'];
  const rows = norms.map((n, t) => [
    `${t + 1}`,
    formatNumber(n),
    ...(withJacobian ? [formatNumber(jacobian[t])] : []),
    logBar(n, range, BAR_WIDTH),
    flags[t] === 'exploding' ? (Number.isFinite(n) ? 'EXPLODING' : 'EXPLODING (not finite)') : flags[t] === 'vanishing' ? 'vanishing' : '',
  ]);
  const align = header.map((_, i) => (i >= header.length - 2 ? 'left' : 'right') as 'left' | 'right');
  const vanishing = stepsFlagged(flags, 'vanishing');
  const exploding = stepsFlagged(flags, 'exploding');
  const lines = [
    `sequence ${s + 1} of ${count} (${norms.length} steps)`,
    renderTable(header, rows, align).trimEnd(),
    `  vanishing: ${vanishing.length ? `steps ${describeSteps(vanishing)} (${vanishing.length} of ${norms.length})` : 'none'}`,
    `  exploding: ${exploding.length ? `steps ${describeSteps(exploding)} (${exploding.length} of ${norms.length})` : 'none'}`,
  ];
  return lines.join('\n');
}

function describeNonFinite(at: NonFiniteAt | null): string {
  if (!at) return 'none (every value is finite)';
  return `sequence ${at.sequence + 1}, step ${at.step + 1}, layer ${at.layer + 1}: ${at.quantity} (${at.phase} pass)`;
}
