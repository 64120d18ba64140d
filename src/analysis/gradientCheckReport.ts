// "Check Gradients": finite differences against BPTT, as a table a person can read, saying what was checked.
import { gradientCheck, type GradientCheckControl, type GradientCheckOptions } from '../engine';
import type { EngineSpec, GradientCheckCoverage, GradientCheckResult } from '../engine/types';

export function gradientCheckMarkdown(
  spec: EngineSpec & { name?: string },
  options: GradientCheckOptions = {},
  control: GradientCheckControl = {},
): { markdown: string; ok: boolean; result: GradientCheckResult } {
  const result = gradientCheck(spec, options, control);
  return { markdown: gradientCheckReport(spec.name, result), ok: result.ok, result };
}

/** The report of a finished (or stopped) check, as Markdown. */
export function gradientCheckReport(name: string | undefined, result: GradientCheckResult): string {
  const rows = result.entries.map(
    (e) =>
      `| ${e.name} | [${e.index.join(', ')}] | ${e.analytic.toExponential(6)} | ${e.numeric.toExponential(6)} | ${e.relativeError.toExponential(2)} | ${e.ok ? '✓' : '✗'}${e.refinedEpsilon ? ` (ε = ${e.refinedEpsilon})` : ''}${e.kink ? ` kink: slopes ${e.kink.left.toExponential(3)} / ${e.kink.right.toExponential(3)}` : ''} |`,
  );
  const kinks = result.entries.filter((e) => e.kink).length;
  const verdict = result.ok
    ? `**All ${result.checked} checked elements agree.**`
    : `**${result.entries.filter((e) => !e.ok).length} of ${result.checked} checked elements disagree.**`;
  const markdown = [
    `# Gradient check: ${(name ?? 'spec').replace(/[\r\n]+/g, ' ')}`,
    '',
    'Each parameter element is nudged by ±ε and the loss re-computed: the slope (numeric) must match the gradient that',
    'backpropagation through time computed (analytic). Central differences are accurate to about ε², so a relative error',
    'below 1e-5 means the two agree.',
    '',
    `${verdict} Largest relative error: ${result.maxRelativeError.toExponential(2)}. Loss: ${result.loss}.`,
    kinks > 0
      ? `${kinks} element(s) sit on a relu kink (a pre-activation of exactly 0), where the loss has no derivative: the slopes to the left and right differ, and BPTT's relu′(0) = 0 (as in PyTorch) counts as correct when it lies between them.`
      : '',
    coverageSentences(result, (budget) => `run \`unroll gradcheck\` on this spec with \`--budget ${formatBudget(budget)}\``),
    '',
    '| parameter | index | analytic (BPTT) | numeric (finite differences) | relative error | ok |',
    '| --- | --- | ---: | ---: | ---: | :---: |',
    ...rows,
    '',
  ].join('\n');
  return markdown;
}

/**
 * What the check looked at, in sentences: which elements (all, or a seeded sample; all checked or stopped by the
 * budget or a cancel), which sequences, and how to ask for more (`askForMore(budget)` phrases the way to pass a
 * budget, e.g. a CLI flag).
 */
export function coverageSentences(result: Pick<GradientCheckResult, 'checked' | 'total' | 'coverage'>, askForMore: (budget: number) => string): string {
  const c: GradientCheckCoverage = result.coverage;
  const elements = c.sampled ? `a seeded sample of ${c.planned} of the ${result.total} elements` : `all ${result.total} elements`;
  const checked =
    c.stopped === 'cancelled'
      ? `Cancelled after ${result.checked} of ${elements}.`
      : c.stopped === 'budget'
        ? `Checked ${result.checked} of ${elements}: the work budget ran out.`
        : `Checked ${elements}.`;
  const sequences =
    c.sequences.length === c.sequenceCount
      ? ` Every sequence (${c.sequenceCount}) was used.`
      : ` Only ${describeSequences(c.sequences)} of the ${c.sequenceCount} sequences ${c.sequences.length === 1 ? 'was' : 'were'} used, to stay within the budget (the loss above is theirs).`;
  const work = ` Work: ${formatBudget(c.work)} of a budget of ${formatBudget(c.budget)} multiply-adds.`;
  const complete = c.sequences.length === c.sequenceCount && !c.stopped;
  const more = complete ? '' : ` To check ${c.sampled ? 'the whole sample' : 'every element'} on every sequence, ${askForMore(c.budgetForAll)}.`;
  return checked + sequences + work + more;
}

/** "sequence 1", "sequences 1–3" (counted from 1, as the views and tables do). */
function describeSequences(indices: number[]): string {
  if (indices.length === 1) return `sequence ${indices[0] + 1}`;
  return `sequences ${indices[0] + 1}–${indices[indices.length - 1] + 1}`;
}

/** 2e9, 3.2e10: a budget as it can be typed back on a command line (rounded up, so it is enough). */
export function formatBudget(value: number): string {
  if (!Number.isFinite(value)) return 'none';
  if (value < 1e4) return String(Math.ceil(value));
  const exponent = Math.floor(Math.log10(value));
  const mantissa = Math.ceil((value / 10 ** exponent) * 10) / 10;
  return mantissa >= 10 ? `1e${exponent + 1}` : `${mantissa}e${exponent}`;
}
